"""URL normalisation: the key that makes every stage idempotent (`articles.url_key`).

Two links that reach the same article must give the same key: scheme and host are
case-insensitive, default ports and fragments mean nothing to the server, tracking
parameters (utm_*, fbclid, ...) differ per share, and outlets link with and without a
trailing slash. Path case and the remaining query are kept: servers may treat them as distinct.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Exact parameter names added by ad platforms, mailers and social networks.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "yclid",
        "ysclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_openstat",
        "from",
        "ref",
    }
)
# Parameter prefixes that are tracking by convention.
TRACKING_PREFIXES = ("utm_", "_ga", "_hs", "hsa_", "ga_", "at_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_url(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base` when relative).

    >>> normalize_url("HTTPS://Lenta.RU:443/news/a/?utm_source=rss&b=2&a=1#top")
    'https://lenta.ru/news/a?a=1&b=2'
    """
    raw = url.strip()
    if base:
        raw = urljoin(base, raw)
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    # Credentials in a news link are never part of its identity, so they are dropped.
    netloc = host
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]"
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    if path == "/":
        path = ""
    query_pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query = urlencode(sorted(query_pairs), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))
