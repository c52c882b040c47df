"""``python -m monitor.voices``: re-extract the voices of every stored article.

The classify stage writes voices for the articles it decides; this fills them for articles
classified before migration 0004, or refreshes all after a change of the voice lexicons,
without reclassifying. Uses MONITOR_DATABASE_URL like every command.
"""

from __future__ import annotations

import sys

from monitor.cli.common import engine_from, load_settings
from monitor.voices.store import VOICES_VERSION, refresh_voices


def main() -> None:
    engine = engine_from(load_settings())
    n = refresh_voices(engine)
    print(f"voices of {n} articles extracted with {VOICES_VERSION}", file=sys.stderr)


if __name__ == "__main__":
    main()
