"""Requests to private, loopback, link-local or reserved addresses are refused (SSRF)."""

from __future__ import annotations

import pytest
from scrapy import Request

from spiders.middlewares import PrivateAddressError, PrivateNetworkMiddleware, forbidden_reason


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/feed",
        "http://localhost/x",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata endpoint
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://240.0.0.1/",
        "http://100.100.100.200/latest/meta-data/",  # carrier-grade NAT: a cloud's metadata
        "http://[64:ff9b:1::a00:1]/",  # local-use NAT64 prefix in front of 10.0.0.1
    ],
)
def test_non_public_addresses_are_refused(url: str) -> None:
    reason = forbidden_reason(url)
    assert reason is not None and "non-public address" in reason
    with pytest.raises(PrivateAddressError, match="MONITOR_ALLOW_PRIVATE_NETWORKS"):
        PrivateNetworkMiddleware(allow_private=False).process_request(Request(url))


def test_public_addresses_pass_and_the_flag_allows_private_ones() -> None:
    assert forbidden_reason("http://8.8.8.8/feed") is None
    assert forbidden_reason("https://[2a00:1450:4001:80b::200e]/") is None
    request = Request("http://127.0.0.1/feed")
    assert PrivateNetworkMiddleware(allow_private=True).process_request(request) is None
    assert "download_started" in request.meta
