"""The early check: literal non-public IPs are refused before any request (SSRF); hostnames are
the resolver's (tests/spiders/test_resolver.py), which checks the address it connects to."""

from __future__ import annotations

import pytest
from scrapy import Request

from spiders.addresses import ALLOW_HINT, non_public_kind
from spiders.middlewares import PrivateAddressError, PrivateNetworkMiddleware, forbidden_reason


@pytest.mark.parametrize(
    ("url", "host", "kind"),
    [
        ("http://127.0.0.1:8000/feed", "127.0.0.1", "a loopback address"),
        ("http://10.1.2.3/", "10.1.2.3", "a private address"),
        ("http://192.168.0.10/", "192.168.0.10", "a private address"),
        # cloud metadata endpoint
        ("http://169.254.169.254/latest/", "169.254.169.254", "a link-local address"),
        ("http://[::1]/", "::1", "a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", "a loopback address"),
        ("http://[fe80::1%25eth0]/", "fe80::1%25eth0", "a link-local address"),
        ("http://[fd00::1]/", "fd00::1", "a private address"),
        ("http://0.0.0.0/", "0.0.0.0", "an unspecified address"),
        ("http://240.0.0.1/", "240.0.0.1", "a reserved address"),
        # carrier-grade NAT: a cloud's metadata
        ("http://100.100.100.200/latest/", "100.100.100.200", "a carrier-grade NAT address"),
        # local-use NAT64 prefix in front of 10.0.0.1
        ("http://[64:ff9b:1::a00:1]/", "64:ff9b:1::a00:1", "a reserved address"),
    ],
)
def test_literal_non_public_addresses_are_refused(url: str, host: str, kind: str) -> None:
    expected = f"refused: {host} is {kind}; {ALLOW_HINT}"
    assert forbidden_reason(url) == expected
    with pytest.raises(PrivateAddressError) as refused:
        PrivateNetworkMiddleware(allow_private=False).process_request(Request(url))
    assert str(refused.value) == expected


def test_public_addresses_and_hostnames_pass_the_early_check() -> None:
    assert forbidden_reason("http://8.8.8.8/feed") is None
    assert forbidden_reason("https://[2a00:1450:4001:80b::200e]/") is None
    # No lookup here: the resolver refuses localhost's 127.0.0.1 when connecting.
    assert forbidden_reason("http://localhost/x") is None
    assert forbidden_reason("http://news.example.org/x") is None


def test_the_flag_allows_private_addresses() -> None:
    request = Request("http://127.0.0.1/feed")
    PrivateNetworkMiddleware(allow_private=True).process_request(request)  # no raise
    assert "download_started" in request.meta


def test_a_request_through_a_proxy_is_refused() -> None:
    # A proxy resolves the host itself, out of the resolver's sight.
    request = Request("http://news.example.org/", meta={"proxy": "http://8.8.8.8:3128"})
    with pytest.raises(PrivateAddressError, match="through a proxy"):
        PrivateNetworkMiddleware(allow_private=False).process_request(request)


def test_kinds_of_addresses() -> None:
    assert non_public_kind("93.184.216.34") is None
    assert non_public_kind("2a00:1450:4001:80b::200e") is None
    assert non_public_kind("::ffff:10.0.0.1") == "a private address"
    assert non_public_kind("198.18.0.1") == "a private address"  # benchmarking range
    with pytest.raises(ValueError):
        non_public_kind("example.org")
