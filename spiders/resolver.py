"""The crawler's DNS resolver: the address that is checked is the address that is connected to.

Scrapy's default resolver (CachingThreadedResolver: IPv4, DNS_TIMEOUT, a name cache) plus one
rule: unless MONITOR_ALLOW_PRIVATE_NETWORKS, an answer that is not a public address fails the
lookup, so Twisted has no address to connect to. Checking the host in a middleware and letting
Scrapy resolve it again to connect is not enough: a DNS answer that changes in between
(rebinding: public first, 127.0.0.1 next) would pass. Literal IP hosts come through here too:
Twisted "resolves" them with gethostbyname, which also turns 2130706433, 127.1 or
::ffff:127.0.0.1 into the 127.0.0.1 that is checked.

To Twisted a refusal is a failed lookup, which would be recorded as "DNS lookup failed"; the
reason is kept per host so that spiders.middlewares.RefusedAddressMiddleware can record it.

CrawlerProcess installs it for the whole process from TWISTED_DNS_RESOLVER (spiders.settings),
so every spider and `monitor worker` get it. Only Twisted's HTTP handler resolves through it:
the settings keep that handler and turn proxies off (a proxy would resolve names itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.datatypes import LocalCache
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from spiders.addresses import non_public_kind, refusal

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred


class AddressRefused(DNSLookupError):
    """A lookup whose answer is not a public address. A DNSLookupError so that Twisted's
    resolver adapter treats it as a failed lookup (no address, no connection, no traceback)."""


# Host -> why its latest answer was refused. Cleared when the host resolves again to a public
# address or fails to resolve, so that a later, genuine DNS failure is not mislabelled.
_refused: LocalCache[str, str] = LocalCache(10_000)


def refusal_of(host: str) -> str | None:
    """Why the resolver refused `host`'s latest answer, None if it did not."""
    return _refused.get(host.lower())


class PublicAddressResolver(CachingThreadedResolver):
    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        timeout: float,
        *,
        allow_private: bool = False,
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        # `crawler` is the CrawlerProcess here (Scrapy passes it): its settings are the crawl's.
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(
            reactor,
            cache_size,
            settings.getfloat("DNS_TIMEOUT"),
            allow_private=bool(settings["MONITOR_SETTINGS"].allow_private_networks),
        )

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802 - Twisted API
        answer = super().getHostByName(name, timeout)
        if self.allow_private:
            return answer
        # Every answer is checked, cached ones too: the cache holds what DNS said, unchecked.
        answer.addErrback(self._failed, name)
        return answer.addCallback(self._checked, name)

    @staticmethod
    def _checked(address: str, name: str) -> str:
        kind = non_public_kind(address)
        if kind is None:
            _refused.pop(name.lower(), None)
            return address
        reason = refusal(name, address, kind)
        _refused[name.lower()] = reason
        raise AddressRefused(reason)

    @staticmethod
    def _failed(failure: Failure, name: str) -> Failure:
        _refused.pop(name.lower(), None)
        return failure
