"""Downloader middleware that refuses requests to private, loopback, link-local or reserved
addresses (SSRF): a feed must not be able to point the crawler at an intranet or at a cloud
metadata endpoint. MONITOR_ALLOW_PRIVATE_NETWORKS=true turns it off (tests, the demo).

The host is resolved here with the system resolver and every address is checked; Scrapy
resolves again when connecting, so a DNS answer that changes in between (rebinding) is not
covered. That residual risk is accepted for a crawler of public news sites.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from functools import lru_cache
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest


class PrivateAddressError(IgnoreRequest):
    """The request's host resolves to an address the crawler must not reach."""


def _is_forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        # Not private, yet not public either: carrier-grade NAT 100.64.0.0/10 (one cloud
        # serves its instance metadata at 100.100.100.200).
        or not ip.is_global
    )


@lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return ()  # unresolvable: Scrapy's own lookup fails next and records the DNS error
    return tuple(sorted({str(info[4][0]) for info in infos}))


def forbidden_reason(url: str) -> str | None:
    """Why `url` must not be fetched, or None when its host is public."""
    host = urlsplit(url).hostname
    if not host:
        return f"refused {url}: no host"
    try:
        addresses: tuple[str, ...] = (str(ipaddress.ip_address(host)),)
    except ValueError:
        addresses = _resolve(host)
    for address in addresses:
        if _is_forbidden(address):
            return (
                f"refused {url}: {host} resolves to the non-public address {address} "
                "(set MONITOR_ALLOW_PRIVATE_NETWORKS=true to allow)"
            )
    return None


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
        reason = forbidden_reason(request.url)
        if reason:
            raise PrivateAddressError(reason)
