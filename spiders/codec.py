"""JSON serializer for the Redis frontier (`SCHEDULER_SERIALIZER = "spiders.codec"`).

scrapy-redis pickles requests by default; then anyone able to write to the Redis could make
every worker run code. This codec only builds plain values, bytes and our `FeedTask`, and
fails loudly (TypeError) on anything else instead of guessing: a request meta value we do not
know how to carry must be noticed in tests, not lost on the way to another worker.

Scrapy's `Request.to_dict()` holds bytes (headers, body) and dicts keyed by bytes (headers),
which JSON cannot hold; they are tagged as {"$b": base64} and {"$d": [[key, value], ...]}.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from typing import Any

from spiders.items import FeedTask


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, FeedTask):
        return {"$task": asdict(value)}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and not ({"$b", "$d", "$task"} & set(value)):
            return {k: _encode(v) for k, v in value.items()}
        return {"$d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"the frontier codec cannot carry {type(value).__name__}: {value!r:.80}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$b" in value:
        return base64.b64decode(value["$b"])
    if "$task" in value:
        return FeedTask(**value["$task"])
    if "$d" in value:
        return {_decode(k): _decode(v) for k, v in value["$d"]}
    return {k: _decode(v) for k, v in value.items()}


def dumps(obj: Any) -> bytes:
    return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True).encode("utf-8")


def loads(data: bytes | str) -> Any:
    return _decode(json.loads(data))
