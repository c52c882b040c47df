"""Fixture feeds written for the tests (no outlet's text): every shape the crawler must handle."""

from __future__ import annotations

RSS_ITEMS = [
    ("Токаев провёл переговоры в Москве", "/news/1", "Sat, 21 Nov 2026 09:00:00 +0500"),
    ("Курс тенге укрепился", "/news/2", "Sat, 21 Nov 2026 10:00:00 +0500"),
    ("Погода в Астане", "/news/3", "Sat, 21 Nov 2026 11:00:00 +0500"),
]


def rss(items: list[tuple[str, str, str]], base: str = "", encoding: str | None = "UTF-8") -> str:
    decl = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else '<?xml version="1.0"?>'
    body = "".join(
        f"<item><title>{t}</title><link>{base}{link}</link><pubDate>{d}</pubDate>"
        f"<description><![CDATA[<p>Лид: {t}</p>]]></description></item>"
        for t, link, d in items
    )
    return f'{decl}<rss version="2.0"><channel><title>Fixture</title><link>{base}/</link>{body}</channel></rss>'


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom fixture</title><id>{base}/</id>
<updated>2026-11-21T12:00:00Z</updated>
<entry><title>Astana hosts a summit</title><link rel="alternate" href="{base}/en/1"/>
<id>{base}/en/1</id><updated>2026-11-21T12:00:00Z</updated><summary>Lead</summary></entry>
<entry><title>Second entry</title><link href="{base}/en/2"/><id>urn:x:2</id>
<published>2026-11-21T13:00:00+03:00</published></entry>
</feed>"""


BROKEN = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti<item><title>'
EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>'
HTML = "<!DOCTYPE html><html><head><title>Not found</title></head><body>Sorry</body></html>"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title>
<link>http://example.org/x</link></item></channel></rss>"""


def article_page(title: str) -> str:
    para = f"<p>{title}. Это подробный текст статьи о событиях недели, достаточно длинный. </p>"
    return (
        f"<html><head><title>{title}</title></head><body><nav>Главная | Новости</nav>"
        f"<article><h1>{title}</h1>{para * 6}</article>"
        "<div class='comments'><p>Комментарий читателя: не согласен!</p></div></body></html>"
    )
