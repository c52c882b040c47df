"""The Scrapy project: feed, article and news-sitemap spiders, their middleware and the
store pipeline. Settings are built in code from `monitor.settings.Settings` (no scrapy.cfg):
`spiders.settings.scrapy_settings(settings)`. Spiders only parse; the pipeline stores.
"""
