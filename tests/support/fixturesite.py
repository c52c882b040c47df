"""A generated news site for the scale-out tests and benchmark: many feeds, thousands of pages.

It listens on several loopback addresses (127.0.0.1, 127.0.0.2, ...: Linux routes all of
127/8 to `lo`), one port, so that Scrapy sees several hosts: the crawler's politeness is per
host (one request at a time), and real outlets are many hosts too. Every request is counted
per URL, so tests can assert that each page was fetched exactly once. `delay` makes every
response slow, like a remote server, so that a benchmark measures parallel fetching.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

BASE_TIME = 1_790_000_000  # a fixed moment (Sep 2026) so that runs are reproducible


def _article_html(feed: int, item: int) -> bytes:
    body = "".join(
        f"<p>Paragraph {n} of report {feed}-{item}: the ministry of feed {feed} announced "
        f"measure number {item * 7 + n} on regional trade, transport and energy prices.</p>"
        for n in range(4)
    )
    return (
        f"<!doctype html><html><head><title>Report {feed}-{item}</title></head><body>"
        f"<nav>Home | World | Economy</nav><article><h1>Report {feed}-{item}</h1>{body}"
        f"</article><footer>Copyright fixture site</footer></body></html>"
    ).encode()


class FixtureSite:
    def __init__(self, feeds: int = 50, items: int = 40, hosts: int = 8, delay: float = 0.0):
        self.n_feeds, self.n_items, self.n_hosts, self.delay = feeds, items, hosts, delay
        self.hits: Counter[str] = Counter()
        # Requests being served per host right now, and the most ever at once (politeness).
        self.active: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        self.port = 0

    # -- addresses ----------------------------------------------------------------------------
    def host(self, feed: int) -> str:
        return f"127.0.0.{feed % self.n_hosts + 1}"

    def feed_url(self, feed: int) -> str:
        return f"http://{self.host(feed)}:{self.port}/feed/{feed}.xml"

    def article_url(self, feed: int, item: int) -> str:
        return f"http://{self.host(feed)}:{self.port}/a/{feed}/{item}.html"

    def feed_urls(self) -> list[str]:
        return [self.feed_url(f) for f in range(self.n_feeds)]

    def article_urls(self) -> list[str]:
        return [self.article_url(f, i) for f in range(self.n_feeds) for i in range(self.n_items)]

    # -- content ------------------------------------------------------------------------------
    def _feed_xml(self, feed: int) -> bytes:
        items = "".join(
            f"<item><title>Report {feed}-{i}</title><link>{escape(self.article_url(feed, i))}</link>"
            f"<description>Summary of report {feed}-{i}</description><pubDate>"
            f"{format_datetime(datetime.fromtimestamp(BASE_TIME - 600 * i - feed, UTC), usegmt=True)}</pubDate></item>"
            for i in range(self.n_items)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Feed {feed}</title><link>http://{self.host(feed)}/</link>"
            f"<description>fixture</description>{items}</channel></rss>"
        ).encode()

    def _route(self, path: str) -> tuple[int, str, bytes]:
        parts = path.strip("/").split("/")
        try:
            if parts[0] == "feed" and len(parts) == 2:
                feed = int(parts[1].removesuffix(".xml"))
                if feed < self.n_feeds:
                    return 200, "application/rss+xml; charset=utf-8", self._feed_xml(feed)
            if parts[0] == "a" and len(parts) == 3:
                feed, item = int(parts[1]), int(parts[2].removesuffix(".html"))
                if feed < self.n_feeds and item < self.n_items:
                    return 200, "text/html; charset=utf-8", _article_html(feed, item)
        except ValueError:
            pass
        return 404, "text/plain", b"not found"

    # -- server -------------------------------------------------------------------------------
    def start(self) -> FixtureSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                host = str(self.server.server_address[0])
                url = f"http://{host}:{site.port}{self.path}"
                with site._lock:
                    site.hits[url] += 1
                    site.active[host] += 1
                    site.peak[host] = max(site.peak[host], site.active[host])
                try:
                    self._respond()
                finally:
                    with site._lock:
                        site.active[host] -= 1

            def _respond(self) -> None:
                if site.delay:
                    time.sleep(site.delay)
                status, ctype, body = site._route(self.path)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        for attempt in range(20):
            try:
                self._bind(Handler)
                break
            except OSError:
                self._close()
                if attempt == 19:
                    raise
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def _bind(self, handler: type[BaseHTTPRequestHandler]) -> None:
        first = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._servers = [first]
        self.port = first.server_address[1]
        for n in range(2, self.n_hosts + 1):
            # Same port on each address, so that URLs differ only by host.
            self._servers.append(ThreadingHTTPServer((f"127.0.0.{n}", self.port), handler))
        for server in self._servers:
            server.daemon_threads = True
            server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)

    def _close(self) -> None:
        for server in self._servers:
            server.server_close()
        self._servers = []

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
        self._close()

    def page_hits(self) -> Counter[str]:
        """Hits per URL, without robots.txt (each worker process asks each host once)."""
        with self._lock:
            return Counter({u: n for u, n in self.hits.items() if not u.endswith("/robots.txt")})
