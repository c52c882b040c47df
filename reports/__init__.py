"""Weekly imbalance reports: metrics (SQL), uncertainty, rendering and the archive.

The public surface is `run_report`; the modules behind it are small and private-ish:
weeks (ISO weeks in the report zone), queries (SQL), metrics (sums and shares),
uncertainty (bootstrap, corrected shares), build (the report dict), charts (SVG),
render (HTML/Markdown/JSON/CSV) and archive (files and the `reports` table).
"""

from __future__ import annotations

from reports.archive import run_report

__all__ = ["run_report"]
