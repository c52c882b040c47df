"""The demo's sample site: feeds, pages and robots.txt rendered in memory and served on
127.0.0.1 from a thread, plus a source registry (TOML) that points the crawler at it.

Two feed dialects on purpose (RSS 2.0 and Atom), as real outlets use both. Pages carry
navigation, a "read also" block and a footer around the article, as real pages do, so the
text extractor has boilerplate to remove.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree as ET

from jinja2 import Environment

from monitor.demo.content import OUTLETS, DemoArticle, Outlet, build_articles

ROBOTS = "User-agent: *\nDisallow: /admin/\nAllow: /\n"
_ENV = Environment(autoescape=True)
PAGE = _ENV.from_string(
    """<!doctype html>
<html lang="{{ a.outlet.lang }}"><head><meta charset="utf-8">
<title>{{ a.title }} — {{ a.outlet.name }}</title>
<meta property="og:title" content="{{ a.title }}">
<meta property="article:published_time" content="{{ a.published.isoformat() }}">
</head><body>
<header><a href="/{{ a.outlet.id }}/">{{ a.outlet.name }}</a>
<nav><a href="/{{ a.outlet.id }}/">{{ a.outlet.tagline }}</a> · <a href="/admin/">admin</a></nav></header>
<main><article>
<h1>{{ a.title }}</h1>
<time datetime="{{ a.published.isoformat() }}">{{ a.published.strftime('%Y-%m-%d %H:%M') }} UTC</time>
{% for p in a.paragraphs %}<p>{{ p }}</p>
{% endfor %}</article>
<aside><h2>Read also</h2><ul>{% for r in related %}<li><a href="{{ r.path }}">{{ r.title }}</a></li>{% endfor %}</ul></aside>
</main>
<footer>© {{ a.outlet.name }}. All rights reserved. Demo content written for kzru-monitor.</footer>
</body></html>
"""
)
HOME = _ENV.from_string(
    """<!doctype html>
<html lang="{{ o.lang }}"><head><meta charset="utf-8"><title>{{ o.name }}</title></head><body>
<h1>{{ o.name }}</h1><p>{{ o.tagline }}</p>
<ul>{% for a in articles %}<li><a href="{{ a.path }}">{{ a.title }}</a></li>{% endfor %}</ul>
</body></html>
"""
)


def _rss(outlet: Outlet, articles: list[DemoArticle], base: str) -> bytes:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    for tag, text in (
        ("title", outlet.name),
        ("link", f"{base}/{outlet.id}/"),
        ("description", outlet.tagline),
        ("language", outlet.lang),
    ):
        ET.SubElement(channel, tag).text = text
    for a in reversed(articles):  # newest first, as feeds are
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = a.title
        ET.SubElement(item, "link").text = base + a.path
        ET.SubElement(item, "guid", isPermaLink="true").text = base + a.path
        ET.SubElement(item, "pubDate").text = format_datetime(a.published)
        ET.SubElement(item, "description").text = a.paragraphs[0]
    return bytes(ET.tostring(rss, encoding="utf-8", xml_declaration=True))


def _atom(outlet: Outlet, articles: list[DemoArticle], base: str) -> bytes:
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed", {"xml:lang": outlet.lang})
    ET.SubElement(feed, f"{{{ns}}}title").text = outlet.name
    ET.SubElement(feed, f"{{{ns}}}id").text = f"{base}/{outlet.id}/"
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=f"{base}/{outlet.id}/atom.xml")
    ET.SubElement(feed, f"{{{ns}}}link", rel="alternate", href=f"{base}/{outlet.id}/")
    updated = articles[-1].published if articles else datetime.now(UTC)
    ET.SubElement(feed, f"{{{ns}}}updated").text = updated.isoformat()
    for a in reversed(articles):
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = a.title
        ET.SubElement(entry, f"{{{ns}}}link", rel="alternate", href=base + a.path)
        ET.SubElement(entry, f"{{{ns}}}id").text = base + a.path
        ET.SubElement(entry, f"{{{ns}}}published").text = a.published.isoformat()
        ET.SubElement(entry, f"{{{ns}}}updated").text = a.published.isoformat()
        ET.SubElement(entry, f"{{{ns}}}summary").text = a.paragraphs[0]
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


def feed_path(outlet: Outlet) -> str:
    return f"/{outlet.id}/{'rss.xml' if outlet.feed_format == 'rss' else 'atom.xml'}"


def render_site(articles: list[DemoArticle], base: str) -> dict[str, tuple[str, bytes]]:
    """Every URL path of the site → (content type, body)."""
    files: dict[str, tuple[str, bytes]] = {"/robots.txt": ("text/plain", ROBOTS.encode())}
    for outlet in OUTLETS:
        own = [a for a in articles if a.outlet.id == outlet.id]
        if outlet.feed_format == "rss":
            files[feed_path(outlet)] = ("application/rss+xml", _rss(outlet, own, base))
        else:
            files[feed_path(outlet)] = ("application/atom+xml", _atom(outlet, own, base))
        home = HOME.render(o=outlet, articles=list(reversed(own))[:30])
        files[f"/{outlet.id}/"] = ("text/html; charset=utf-8", home.encode())
        for i, a in enumerate(own):
            related = own[max(0, i - 3) : i]
            page = PAGE.render(a=a, related=related)
            files[a.path] = ("text/html; charset=utf-8", page.encode())
    return files


@dataclass
class DemoSite:
    """The sample site on 127.0.0.1 (an ephemeral port), served from a daemon thread."""

    articles: list[DemoArticle] = field(default_factory=build_articles)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    hits: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the site first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> DemoSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self._answer(body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(body=False)

            def _answer(self, body: bool) -> None:
                site.hits += 1
                found = site.files.get(self.path.split("?")[0])
                status, (ctype, data) = (
                    (200, found) if found else (404, ("text/plain", b"not found"))
                )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def log_message(self, *args: object) -> None:  # quiet: progress is shown elsewhere
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.files = render_site(self.articles, self.base_url)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def registry_toml(self) -> str:
        """A source registry (the contract of DESIGN.md) for the outlets on this server."""
        q = json.dumps  # a JSON string is a valid TOML basic string
        lines = ["# Generated by `monitor demo`: fictional outlets on a local server.", ""]
        for o in OUTLETS:
            lines += [
                "[[sources]]",
                f"id = {q(o.id)}",
                f"name = {q(o.name, ensure_ascii=False)}",
                f"country = {q(o.country)}",
                f"languages = [{q(o.lang)}]",
                f"homepage = {q(f'{self.base_url}/{o.id}/')}",
                f"kind = {q(o.kind)}",
                f"feeds = [{{ url = {q(self.base_url + feed_path(o))}, lang = {q(o.lang)} }}]",
                "",
            ]
        return "\n".join(lines)

    def write_registry(self, path: Path) -> Path:
        path.write_text(self.registry_toml(), encoding="utf-8")
        return path
