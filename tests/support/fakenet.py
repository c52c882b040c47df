"""`python -m tests.support.fakenet <monitor args>`: the monitor CLI on a made-up network.

FAKENET (JSON) gives DNS answers per host name, in turn (the last one repeats), and where
connections to made-up addresses really go:

    {"dns": {"news.test": ["93.184.216.34"], "intranet.test": ["127.0.0.1"]},
     "nat": {"93.184.216.34": "127.0.0.1"}}

so that the fixture server on 127.0.0.1 can stand for a public site while another name answers
with a private address, without the real DNS. The crawler's own check sees the answers as
given (the resolver asks socket.gethostbyname, patched here); only the TCP connection to a
made-up public address is redirected, below everything the crawler decides.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from typing import Any

from twisted.internet.posixbase import PosixReactorBase


def install(config: dict[str, Any]) -> None:
    answers: dict[str, list[str]] = {k: list(v) for k, v in config.get("dns", {}).items()}
    nat: dict[str, str] = config.get("nat", {})
    lock = threading.Lock()  # Twisted resolves in a thread pool
    real_lookup = socket.gethostbyname
    real_connect = PosixReactorBase.connectTCP

    def gethostbyname(name: str) -> str:
        with lock:
            queue = answers.get(name)
            if queue is None:
                return real_lookup(name)
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def connect_tcp(self: PosixReactorBase, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        return real_connect(self, nat.get(host, host), port, *args, **kwargs)

    socket.gethostbyname = gethostbyname
    PosixReactorBase.connectTCP = connect_tcp  # type: ignore[method-assign]


if __name__ == "__main__":
    install(json.loads(os.environ["FAKENET"]))
    from monitor.cli import main

    main()
