"""The resolver refuses non-public answers, so Twisted never connects to them (DNS rebinding)."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError
from twisted.internet import defer
from twisted.internet.base import ThreadedResolver
from twisted.internet.endpoints import HostnameEndpoint
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import MemoryReactorClock
from twisted.python.failure import Failure

from monitor.settings import Settings
from spiders.addresses import ALLOW_HINT
from spiders.middlewares import PrivateAddressError, RefusedAddressMiddleware
from spiders.resolver import AddressRefused, PublicAddressResolver, refusal_of
from spiders.settings import scrapy_settings

PUBLIC = "93.184.216.34"
_names = itertools.count()


def fresh(name: str) -> str:
    """A host name no earlier test has put in Scrapy's process-wide DNS cache."""
    return f"{name}-{next(_names)}.test"


class Reactor(MemoryReactorClock):
    """Records connections instead of making them; installs a simple resolver as the real
    reactors do (IResolverSimple behind Twisted's adapter to IHostnameResolver)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def installResolver(self, resolver: IResolverSimple) -> IResolverSimple:  # noqa: N802
        from twisted.internet._resolver import SimpleResolverComplexifier

        self.installNameResolver(SimpleResolverComplexifier(resolver))  # type: ignore[arg-type]
        return resolver


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[str]]], list[str]]:
    """Fake DNS below Scrapy's cache: each name answers its list in turn (the last repeats).
    Returns the names asked, in order."""
    asked: list[str] = []

    def install(answers: dict[str, list[str]]) -> list[str]:
        def lookup(self: ThreadedResolver, name: str, timeout: object = ()) -> defer.Deferred[str]:
            asked.append(name)
            queue = answers[name]
            return defer.succeed(queue.pop(0) if len(queue) > 1 else queue[0])

        monkeypatch.setattr(ThreadedResolver, "getHostByName", lookup)
        return asked

    return install


def real_literal_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """gethostbyname itself, inline instead of in a thread: literal hosts need no DNS."""

    def lookup(self: ThreadedResolver, name: str, timeout: object = ()) -> defer.Deferred[str]:
        try:
            return defer.succeed(socket.gethostbyname(name))
        except OSError as exc:  # as ThreadedResolver reports it
            return defer.fail(DNSLookupError(f"address {name!r} not found: {exc}"))

    monkeypatch.setattr(ThreadedResolver, "getHostByName", lookup)


def connect(reactor: Reactor, host: str) -> list[Failure]:
    failures: list[Failure] = []
    endpoint = HostnameEndpoint(reactor, host, 80)
    factory = Factory.forProtocol(Protocol)
    endpoint.connect(factory).addErrback(failures.append)  # type: ignore[arg-type]
    return failures


def installed(cache_size: int = 0, *, allow_private: bool = False) -> Reactor:
    reactor = Reactor()
    resolver = PublicAddressResolver(
        reactor,  # type: ignore[arg-type]
        cache_size,
        5.0,
        allow_private=allow_private,
    )
    resolver.install_on_reactor()
    return reactor


def test_rebinding_public_then_loopback_connects_only_to_the_public_answer(
    dns: Callable[[dict[str, list[str]]], list[str]],
) -> None:
    host = fresh("rebind")
    asked = dns({host: [PUBLIC, "127.0.0.1"]})
    reactor = installed()  # no cache: every connection asks DNS again, as a rebinder wants

    assert connect(reactor, host) == []
    assert [(c[0], c[1]) for c in reactor.tcpClients] == [(PUBLIC, 80)]
    assert refusal_of(host) is None

    failures = connect(reactor, host)
    assert asked == [host, host]
    assert len(reactor.tcpClients) == 1  # no connection to 127.0.0.1
    (failure,) = failures
    assert isinstance(failure.value, DNSLookupError)
    assert refusal_of(host) == (
        f"refused: {host} resolves to 127.0.0.1, a loopback address; {ALLOW_HINT}"
    )


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("10.0.0.5", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("100.100.100.200", "a carrier-grade NAT address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("224.0.0.1", "a multicast address"),
    ],
)
def test_every_kind_of_non_public_answer_is_refused(
    dns: Callable[[dict[str, list[str]]], list[str]], answer: str, kind: str
) -> None:
    host = fresh("intranet")
    dns({host: [answer]})
    reactor = installed()
    assert len(connect(reactor, host)) == 1
    assert reactor.tcpClients == []
    assert refusal_of(host) == f"refused: {host} resolves to {answer}, {kind}; {ALLOW_HINT}"


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.1", "2130706433", "0x7f.1", "::ffff:127.0.0.1", "0", "localhost"]
)
def test_literal_and_odd_spellings_of_this_machine_are_refused(
    monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    real_literal_lookup(monkeypatch)
    reactor = installed()
    failures = connect(reactor, host)
    assert reactor.tcpClients == []
    assert len(failures) == 1
    reason = refusal_of(host)
    assert reason is not None and reason.startswith(f"refused: {host} ")
    assert ("an unspecified address" if host == "0" else "a loopback address") in reason


def test_ipv6_literals_get_no_connection_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    # Scrapy's resolver is IPv4-only (gethostbyname): [::1] fails to resolve, so nothing to refuse.
    real_literal_lookup(monkeypatch)
    reactor = installed()
    assert len(connect(reactor, "::1")) == 1
    assert reactor.tcpClients == []


def test_a_cached_answer_is_checked_too(dns: Callable[[dict[str, list[str]]], list[str]]) -> None:
    host = fresh("cached")
    asked = dns({host: ["127.0.0.1"]})
    reactor = installed(cache_size=100)
    connect(reactor, host)
    connect(reactor, host)
    assert asked == [host]  # the second answer came from Scrapy's cache
    assert reactor.tcpClients == []


def test_the_flag_allows_private_answers(dns: Callable[[dict[str, list[str]]], list[str]]) -> None:
    host = fresh("allowed")
    dns({host: ["127.0.0.1"]})
    reactor = installed(allow_private=True)
    assert connect(reactor, host) == []
    assert [(c[0], c[1]) for c in reactor.tcpClients] == [("127.0.0.1", 80)]
    assert refusal_of(host) is None


def test_a_later_genuine_dns_failure_is_not_called_a_refusal(
    dns: Callable[[dict[str, list[str]]], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    host = fresh("flaky")
    dns({host: ["127.0.0.1"]})
    reactor = installed()
    connect(reactor, host)
    assert refusal_of(host) is not None

    def no_answer(self: ThreadedResolver, name: str, timeout: object = ()) -> defer.Deferred[str]:
        return defer.fail(DNSLookupError(name))

    monkeypatch.setattr(ThreadedResolver, "getHostByName", no_answer)
    assert len(connect(reactor, host)) == 1
    assert refusal_of(host) is None


def test_the_middleware_records_the_refusal_instead_of_a_dns_failure(
    dns: Callable[[dict[str, list[str]]], list[str]],
) -> None:
    host = fresh("recorded")
    dns({host: ["10.1.2.3"]})
    connect(installed(), host)
    middleware = RefusedAddressMiddleware()
    request = Request(f"http://{host}:8080/news/1")
    with pytest.raises(PrivateAddressError, match=f"{host} resolves to 10.1.2.3, a private"):
        middleware.process_exception(request, CannotResolveHostError("no results"))
    with pytest.raises(PrivateAddressError):
        middleware.process_exception(request, DNSLookupError("no results"))
    # Anything else goes on as before: other errors, other hosts' DNS failures.
    middleware.process_exception(request, TimeoutError())  # no raise: recorded as before
    middleware.process_exception(Request("http://unknown.test/"), CannotResolveHostError("x"))


def test_the_refusal_is_not_retried() -> None:
    # Scrapy calls process_exception from the highest order down: the refusal must be turned
    # into an IgnoreRequest before RetryMiddleware (550) sees a DNS failure and retries it.
    order = scrapy_settings(Settings())["DOWNLOADER_MIDDLEWARES"]
    assert order["spiders.middlewares.RefusedAddressMiddleware"] > 550
    # And Twisted's resolver adapter swallows a DNSLookupError quietly (no traceback logged).
    assert issubclass(AddressRefused, DNSLookupError)


def test_every_crawl_path_installs_the_resolver_with_the_flag() -> None:
    # run_crawl (feeds, sitemaps, articles) and run_worker build on scrapy_settings; Scrapy's
    # CrawlerProcess builds the resolver with itself (its settings) as the crawler.
    for allow in (False, True):
        settings = scrapy_settings(Settings(allow_private_networks=allow))
        assert settings["TWISTED_DNS_RESOLVER"] == "spiders.resolver.PublicAddressResolver"
        assert settings.getbool("HTTPPROXY_ENABLED") is False
        process = SimpleNamespace(settings=settings)
        resolver = PublicAddressResolver.from_crawler(process, Reactor())  # type: ignore[arg-type]
        assert resolver.allow_private is allow
