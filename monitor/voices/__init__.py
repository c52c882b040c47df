"""Voices: people quoted or cited in an article, with their role and, when the text says, country.

Public surface: ``Voice``, ``extract_voices`` (pure, no database), ``VOICES_VERSION`` and
``store_voices`` (replace an article's rows in ``article_voices``), ``refresh_voices``
(re-extract every stored article: ``python -m monitor.voices``).
"""

from __future__ import annotations

from monitor.voices.extract import Voice, extract_voices
from monitor.voices.store import (
    VOICES_VERSION,
    article_voice_rows,
    refresh_voices,
    store_voices,
    voice_rows,
)

__all__ = [
    "VOICES_VERSION",
    "Voice",
    "article_voice_rows",
    "extract_voices",
    "refresh_voices",
    "store_voices",
    "voice_rows",
]
