"""Readable messages for download failures (the fetch log and `monitor status` show them)."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet import error as tx_error
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure


def describe_failure(failure: Failure, *, timeout: float, max_bytes: int) -> str:
    exc = failure.value
    host = ""
    request = getattr(failure, "request", None)
    if request is not None:
        host = urlsplit(request.url).hostname or ""
    if isinstance(exc, CannotResolveHostError | tx_error.DNSLookupError):
        return f"DNS lookup failed for {host or 'the host'}"
    if isinstance(exc, DownloadTimeoutError | tx_error.TimeoutError | tx_error.TCPTimedOutError):
        return f"timed out after {timeout:g} s (MONITOR_DOWNLOAD_TIMEOUT)"
    if isinstance(exc, DownloadConnectionRefusedError | tx_error.ConnectionRefusedError):
        return f"connection refused by {host or 'the host'}"
    if isinstance(exc, DownloadCancelledError | CancelledError) or "maxsize" in str(exc).lower():
        return f"response larger than the {max_bytes}-byte limit (MONITOR_MAX_RESPONSE_BYTES)"
    if isinstance(exc, IgnoreRequest):
        text = str(exc) or "request ignored"
        if "DOWNLOAD_MAXSIZE" in text:
            return f"response larger than the {max_bytes}-byte limit (MONITOR_MAX_RESPONSE_BYTES)"
        return text
    if isinstance(exc, ResponseDataLossError | tx_error.ConnectionLost | tx_error.ConnectionDone):
        return f"connection lost before the response was complete ({host})"
    return f"{exc.__class__.__name__}: {exc}"[:300]
