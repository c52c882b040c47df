"""The method note printed with every report: what the figures mean and how they were made."""

from __future__ import annotations

from reports.uncertainty import LEVEL, REPLICATES


def method_note(timezone: str) -> list[dict[str, str]]:
    """Short titled paragraphs, identical in every format."""
    pct = f"{LEVEL:.0%}"
    return [
        {
            "title": "Shares",
            "text": (
                "Each side is divided by its own output: the KZ→RU share is the number of "
                "articles by Kazakh outlets classified as about Russia over all their classified "
                "articles; RU→KZ likewise for Russian outlets and Kazakhstan. A weekly share is "
                "summed matches over summed totals, never an average of daily or per-outlet "
                "ratios. The imbalance ratio is share KZ→RU / share RU→KZ. Reposts (an "
                "article marked as a duplicate of an earlier one) are left out of the main "
                "figures. The median of outlet shares is shown beside the pooled share so that "
                "one large outlet cannot hide the others."
            ),
        },
        {
            "title": "Weeks and days",
            "text": (
                f"ISO weeks, Monday 00:00 to Monday 00:00 in {timezone}. An article belongs to "
                f"the day it was published (or first seen, when the feed gave no date) in "
                f"{timezone}, as recorded when it was stored; fetches are bucketed into the same "
                f"local days."
            ),
        },
        {
            "title": "Missing data",
            "text": (
                "An outlet-day is observed when a successful fetch of one of the outlet's feeds "
                "happened that day, or when a later successful fetch still listed items from "
                "before that day (a feed shows the outlet's output from its oldest item to the "
                "fetch; the oldest item's own day counts only if fetched that day, since its "
                "earlier items may already have left the feed). Any other outlet-day is "
                "missing. A missing day is not a zero: the outlet's articles of that day are "
                "removed from both numerator and denominator (a partial catch-up would bias the "
                "share), and the missing outlet-days are listed."
            ),
        },
        {
            "title": f"{pct} intervals",
            "text": (
                f"Cluster bootstrap over outlet-days ({REPLICATES} replicates, fixed seed, "
                "percentile intervals): articles of one outlet on one day share a newsroom and a "
                "news agenda and are not independent, so an interval over single articles "
                "would be too narrow; the outlet-day is also the unit in which data go missing. "
                "Each side is resampled separately and the ratio is recomputed on every "
                "replicate. With very few 'about' articles the bootstrap collapses (no hit is "
                "ever resampled), so a share's interval is never narrower than the Wilson score "
                "interval of its pooled counts, and the ratio's is widened to the ratio of those "
                "bounds when a side has hits on fewer than 3 outlet-days (the report says so). "
                "The intervals cover sampling variation only, not classifier error."
            ),
        },
        {
            "title": "Corrected share",
            "text": (
                "Beside the raw share, a corrected share = raw x precision / recall, clipped to "
                "[0, 1], using the precision and recall of the classifier version measured on "
                "labelled articles (table classifier_quality). It is not shown when no "
                "measurement exists for the version or the week mixes classifier versions."
            ),
        },
        {
            "title": "Sensitivity",
            "text": (
                "Alternative definitions: articles whose only cue is a multilateral bloc "
                "(EAEU, CIS, CSTO, SCO) or Baikonur counted as about; and reposts included."
            ),
        },
    ]
