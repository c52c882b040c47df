"""Which IP addresses the crawler must not connect to (SSRF), and the message that says why.

A feed must not be able to point the crawler at an intranet, at this machine or at a cloud
metadata endpoint. Used by the resolver (spiders.resolver, the guarantee: it checks the very
address Twisted then connects to) and by the early check of literal IP hosts
(spiders.middlewares).
"""

from __future__ import annotations

import ipaddress

ALLOW_HINT = "set MONITOR_ALLOW_PRIVATE_NETWORKS=true to allow"

# Not private, yet not public either: one cloud serves its instance metadata at 100.100.100.200.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def non_public_kind(address: str) -> str | None:
    """What kind of non-public address `address` is ("a loopback address"), None if public.

    Raises ValueError when `address` is not an IP address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 scope (fe80::1%eth0)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
    # The most telling name first: 127.0.0.1 is also "private", 0.0.0.0 too.
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"  # 0.0.0.0 connects to this machine on Linux
    if ip.is_link_local:
        return "a link-local address"  # 169.254.169.254: cloud metadata
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "a carrier-grade NAT address"
    if ip.is_reserved:
        return "a reserved address"  # also NAT64 64:ff9b:1::/48 in front of private IPv4
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a non-public address"
    return None


def refusal(host: str, address: str, kind: str) -> str:
    """The recorded error of a refused request: the host, the address and why."""
    if host.strip("[]").lower() == address.lower():
        return f"refused: {host} is {kind}; {ALLOW_HINT}"
    return f"refused: {host} resolves to {address}, {kind}; {ALLOW_HINT}"
