"""Downloader middlewares of the private-network rule (SSRF): a feed must not be able to point
the crawler at an intranet, at this machine or at a cloud metadata endpoint.
MONITOR_ALLOW_PRIVATE_NETWORKS=true turns the rule off (tests, the demo).

The guarantee is the resolver (spiders.resolver): it checks the address Twisted connects to,
hostnames and literal IPs alike. These middlewares only make the refusal read well:
PrivateNetworkMiddleware refuses literal non-public IPs and hostless URLs before any request
(robots.txt included), without a lookup; RefusedAddressMiddleware turns the resolver's refusal,
which Scrapy sees as a DNS failure, back into its reason.
"""

from __future__ import annotations

import time
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from twisted.internet.error import DNSLookupError

from spiders.addresses import non_public_kind, refusal
from spiders.resolver import refusal_of


class PrivateAddressError(IgnoreRequest):
    """The request's host is, or resolves to, an address the crawler must not reach.

    An IgnoreRequest: RetryMiddleware leaves it alone and robots.txt does not log it."""


def forbidden_reason(url: str) -> str | None:
    """Why `url` must not be fetched, as far as the URL alone tells: no host, or a literal
    non-public IP. Hostnames are left to the resolver (None here), which checks the address
    it connects to; resolving here too would block the reactor and prove nothing."""
    host = urlsplit(url).hostname
    if not host:
        return f"refused {url}: no host"
    try:
        kind = non_public_kind(host)
    except ValueError:
        return None  # a hostname
    return None if kind is None else refusal(host, host, kind)


class PrivateNetworkMiddleware:
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(bool(crawler.settings["MONITOR_SETTINGS"].allow_private_networks))

    def process_request(self, request: Request) -> None:
        # Also the start of the download, for the fetch log's duration (errors included).
        request.meta.setdefault("download_started", time.monotonic())
        if self.allow_private:
            return
        if request.meta.get("proxy"):
            # The crawler sets no proxy (HTTPPROXY_ENABLED is off); a request carrying one, say
            # from a tampered frontier, would have the proxy resolve the host, unchecked.
            raise PrivateAddressError(f"refused {request.url}: requests through a proxy")
        reason = forbidden_reason(request.url)
        if reason:
            raise PrivateAddressError(reason)


class RefusedAddressMiddleware:
    """Records the resolver's refusal as such, not as "DNS lookup failed". Ordered above
    RetryMiddleware (550): exceptions go up the chain from the highest order, so the refusal
    becomes an IgnoreRequest before a retry is scheduled (a refusal is not worth one)."""

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, CannotResolveHostError | DNSLookupError):
            return
        host = urlsplit(request.url).hostname
        reason = refusal_of(host) if host else None
        if reason:
            raise PrivateAddressError(reason) from exception
