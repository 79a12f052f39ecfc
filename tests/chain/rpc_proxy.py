"""A JSON-RPC proxy in front of the test node that can lose the answer to one method.

It stands for a flaky network or a proxy between the wallet and the node: for the method it is
told to spoil (``eth_sendRawTransaction``) it either reads the request and closes the connection
without forwarding it (the node never saw it), or forwards it and then closes without passing the
answer back (the node accepted it; the wallet never hears so). Everything else passes through.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests


class Spoil(Enum):
    PASS = "pass"
    READ_AND_CLOSE = "read_and_close"
    FORWARD_THEN_CLOSE = "forward_then_close"


class RpcProxy:
    def __init__(self, upstream: str, method: str = "eth_sendRawTransaction") -> None:
        self.upstream = upstream
        self.method = method
        self.mode = Spoil.PASS
        #: how many more requests of ``method`` to spoil (then it passes through again)
        self.remaining = 0
        self.spoiled: list[Spoil] = []
        self.forwarded: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                return

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                method = json.loads(body).get("method")
                spoil = proxy._take(method)
                if spoil is Spoil.READ_AND_CLOSE:
                    self.close_connection = True
                    return
                answer = requests.post(
                    proxy.upstream, data=body, headers={"Content-Type": "application/json"}, timeout=30
                )
                proxy.forwarded.append(str(method))
                if spoil is Spoil.FORWARD_THEN_CLOSE:
                    self.close_connection = True
                    return
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def spoil(self, mode: Spoil, times: int = 1) -> None:
        self.mode, self.remaining = mode, times

    def _take(self, method: str | None) -> Spoil:
        if method != self.method or self.remaining <= 0:
            return Spoil.PASS
        self.remaining -= 1
        self.spoiled.append(self.mode)
        return self.mode


@contextmanager
def rpc_proxy(upstream: str) -> Iterator[RpcProxy]:
    proxy = RpcProxy(upstream)
    proxy._thread.start()
    try:
        yield proxy
    finally:
        proxy.server.shutdown()
        proxy.server.server_close()
