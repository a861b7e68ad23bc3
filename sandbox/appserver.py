"""Serve a WSGI app on 127.0.0.1 in a background thread (tests and the demo)."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # The default backlog of 5 stalls bursts of concurrent requests for a second each.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the demo and the tests print what matters themselves."""


class AppServer:
    """A WSGI app served over real HTTP on 127.0.0.1 (port 0), one thread per request."""

    def __init__(self, application: Any) -> None:
        self._server = make_server(
            "127.0.0.1",
            0,
            application,
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        self.events_url = f"{self.base_url}/slack/events"
        # A short poll so shutdown() returns at once: tests start and stop hundreds of these.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> AppServer:
        """Start serving in the background."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
