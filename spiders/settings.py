"""Scrapy settings built from the monitor's Settings: every politeness choice in one place."""

from __future__ import annotations

from scrapy.settings import Settings as ScrapySettings

from monitor.settings import Settings

# Status codes that reach the spiders instead of being dropped by HttpErrorMiddleware, so
# that a 304 is handled and every error is recorded on its feed (feed requests also set
# `handle_httpstatus_all`; this list covers article pages and sitemaps).
ALLOWED_CODES = [304, 400, 401, 403, 404, 410, 429, 451, 500, 502, 503, 504]


def user_agent(settings: Settings) -> str:
    """The project's User-Agent, always naming a contact URL so site owners can reach us."""
    agent = settings.user_agent.strip()
    if settings.contact_url not in agent:
        agent = f"{agent} (+{settings.contact_url})"
    return agent


def scrapy_settings(settings: Settings, *, quiet: bool = False) -> ScrapySettings:
    delay = settings.crawl_delay
    values: dict[str, object] = {
        "BOT_NAME": "kzru-monitor",
        "USER_AGENT": user_agent(settings),
        # News sites publish robots.txt rules for feeds and sitemaps (tass.ru, gazeta.ru): obey.
        "ROBOTSTXT_OBEY": True,
        # One request at a time per host, `crawl_delay` seconds apart (MONITOR_CRAWL_DELAY).
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "CONCURRENT_REQUESTS": 16,
        # Never exactly 0: with DOWNLOAD_DELAY = 0 Scrapy 2.19 hands a slot's whole queue to the
        # downloader at once (measured: 6 requests in flight to one host), ignoring the
        # per-domain concurrency; any positive delay restores one request at a time.
        "DOWNLOAD_DELAY": max(delay, 0.001),
        # ±50 % jitter so that our requests do not arrive on a fixed beat.
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0.0,
        # AutoThrottle slows down further on slow hosts; pointless (and slowing tests) at delay 0.
        "AUTOTHROTTLE_ENABLED": delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": settings.download_timeout,
        # Real news feeds are far below this; anything bigger is an error page or an attack.
        "DOWNLOAD_MAXSIZE": settings.max_response_bytes,
        "DOWNLOAD_WARNSIZE": max(1, settings.max_response_bytes // 2),
        # Transient server trouble and rate limits get one more try; the next poll does the rest.
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 1,
        "RETRY_HTTP_CODES": [429, 500, 502, 503, 504],
        # Giving up is an ordinary outcome, recorded on the feed: not an ERROR log line.
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",
        "HTTPERROR_ALLOWED_CODES": ALLOWED_CODES,
        # Feeds need no cookies, and sending none keeps us from being tracked across sites.
        "COOKIES_ENABLED": False,
        # No listening sockets from a crawler process: no telnet console, no remote control.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        # Private networks (SSRF): the resolver refuses non-public answers, so that the address
        # checked is the address connected to (spiders.resolver); process-wide, every crawl path.
        "TWISTED_DNS_RESOLVER": "spiders.resolver.PublicAddressResolver",
        # That resolver is Twisted's: keep Twisted's HTTP handler (the default, pinned here) ...
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
            "https": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
        },
        # ... and no proxy from http_proxy/https_proxy: a proxy resolves the names itself.
        "HTTPPROXY_ENABLED": False,
        "DOWNLOADER_MIDDLEWARES": {
            # Before the robots.txt middleware (100): refuse literal private IPs before any request.
            "spiders.middlewares.PrivateNetworkMiddleware": 50,
            # Above RetryMiddleware (550), which exceptions reach later: a refused address is
            # recorded with its reason, not retried as a DNS failure.
            "spiders.middlewares.RefusedAddressMiddleware": 560,
        },
        "ITEM_PIPELINES": {"spiders.pipelines.StorePipeline": 300},
        "LOG_LEVEL": "ERROR" if quiet else "WARNING",
        # Our own logging (monitor.logs) stays in charge of the root handler and format.
        "LOG_INSTALL_ROOT_HANDLER": False,
        # The monitor's own Settings, for the pipeline and the middleware.
        "MONITOR_SETTINGS": settings,
    }
    return ScrapySettings(values)
