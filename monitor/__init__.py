"""Kazakhstan–Russia media-attention monitor: crawl, classify, aggregate, report."""

__version__ = "0.1.0"
