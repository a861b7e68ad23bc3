"""Socket Mode: the bot opens a WebSocket to Slack, so no public URL is needed.

slack_sdk's built-in client closes the old connection before it switches to the new one at a
reconnect, and that close waits for the old reader's 3-second blocking receive while every
acknowledgement waits on the old connection's send lock: around each `refresh_requested`
Slack would see acks arrive after 3 s. `TakeOverClient` lets the new connection take over
first (acks go out on it at once), keeps reading the old one until it is retired, and reads
with a short receive timeout. `SocketModeRunner` adds what a container platform needs:
`/healthz` on $PORT (database and socket state) and a clean stop on SIGTERM / Ctrl+C, with the
envelopes in hand finished and acknowledged and the scheduler shut down.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.builtin.connection import Connection, ConnectionState
from slack_sdk.socket_mode.request import SocketModeRequest

from bot import clock
from bot.config import ConfigError
from bot.db import ping
from bot.inbound import ENVELOPE_HEADER

log = logging.getLogger(__name__)

# How long the reader blocks on the socket: the most a retired connection's close can wait.
RECEIVE_TIMEOUT = 0.2
CONNECT_TIMEOUT = 10.0
# How long a replaced connection is still read (Slack may have sent on it just before).
RETIRE_AFTER = 2.0
# How long a stop waits for envelopes in hand to finish.
STOP_GRACE = 25.0


@dataclass
class SocketStatus:
    """What /healthz and the admins' status say about the socket."""

    connected: bool = False
    connected_at: datetime | None = None
    reconnects: int = 0


# The running process's socket, for the admins' status (None: not in Socket Mode).
current: SocketStatus | None = None


class TakeOverClient(SocketModeClient):
    """slack_sdk's built-in client, but a new connection takes over before the old one closes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status = SocketStatus()
        self._readers: list[threading.Thread] = []
        self._retiring: list[tuple[Connection, ConnectionState]] = []

    def connect(self) -> None:
        """Open a new connection, switch to it, then retire the old one in the background."""
        old, old_state = self.current_session, self.current_session_state
        if self.wss_uri is None:
            self.wss_uri = self.issue_new_wss_url()
        session = Connection(
            url=self.wss_uri,
            logger=self.logger,
            ping_interval=self.ping_interval,
            # The connect and TLS handshake get time enough for a slow proxy; reads get less.
            receive_timeout=CONNECT_TIMEOUT,
            trace_enabled=self.trace_enabled,
            all_message_trace_enabled=self.all_message_trace_enabled,
            ping_pong_trace_enabled=self.ping_pong_trace_enabled,
            receive_buffer_size=self.receive_buffer_size,
            proxy=self.proxy,
            proxy_headers=self.proxy_headers,
            on_message_listener=self._on_message,
            on_error_listener=self._on_error,
            on_close_listener=self._on_close,
            ssl_context=self.web_client.ssl,
        )
        session.connect()
        if session.sock is not None:
            session.sock.settimeout(RECEIVE_TIMEOUT)
        state = ConnectionState()  # type: ignore[no-untyped-call]
        # Acks go out on the new connection from here on: nothing waits for the old one.
        self.current_session, self.current_session_state = session, state
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        reader = threading.Thread(
            target=self._read, args=(session, state), name="socket-reader", daemon=True
        )
        reader.start()
        self._readers = [r for r in self._readers if r.is_alive()] + [reader]
        if old is not None:
            self._retiring.append((old, old_state))
            timer = threading.Timer(RETIRE_AFTER, self._retire, args=(old, old_state))
            timer.daemon = True
            timer.start()
        if not self.current_app_monitor_started:
            self.current_app_monitor_started = True
            self.current_app_monitor.start()
        self.status.reconnects += 0 if self.status.connected_at is None else 1
        self.status.connected, self.status.connected_at = True, clock.now()
        log.info("Socket Mode connection open")

    def _read(self, session: Connection, state: ConnectionState) -> None:
        try:
            session.run_until_completion(state)
        except Exception:
            log.exception("the Socket Mode reader stopped")

    def _retire(self, session: Connection, state: ConnectionState) -> None:
        state.terminated = True
        session.close()
        with contextlib.suppress(ValueError):
            self._retiring.remove((session, state))

    def _run_current_session(self) -> None:
        # Every connection has its own reader thread (see connect()); the base class's single
        # runner, which would read only the newest one, has nothing to do.
        return None

    def stop_reading(self) -> None:
        """Take no new envelopes; connections stay open for the acks still to come."""
        self.auto_reconnect_enabled = False
        self.current_session_state.terminated = True
        for _session, state in list(self._retiring):
            state.terminated = True
        for reader in self._readers:
            reader.join(timeout=RECEIVE_TIMEOUT * 5)

    def drain(self, timeout: float) -> bool:
        """Wait until every envelope received has been handled and acknowledged."""
        deadline = time.monotonic() + timeout
        while not self.message_queue.empty() and time.monotonic() < deadline:
            time.sleep(0.02)
        self._stop_processor()
        # The workers finish what they hold (and send its acks) before shutdown returns.
        self.message_workers.shutdown(wait=True)
        return self.message_queue.empty()

    def close(self) -> None:
        """Close every connection and stop the client's threads."""
        self.closed = True
        self.auto_reconnect_enabled = False
        self.current_session_state.terminated = True
        for session, state in list(self._retiring):
            state.terminated = True
            session.close()
        self.disconnect()
        if self.current_app_monitor.is_alive():
            self.current_app_monitor.shutdown()  # type: ignore[no-untyped-call]
        if self.current_session_runner.is_alive():
            self.current_session_runner.shutdown()  # type: ignore[no-untyped-call]
        self._stop_processor()
        self.message_workers.shutdown(wait=True)
        self.status.connected = False

    def _stop_processor(self) -> None:
        # The processor blocks for up to 1 s on the queue; a None wakes it to see `closed`.
        self.closed = True
        self.message_queue.put(None)
        if self.message_processor.is_alive():
            self.message_processor.shutdown()  # type: ignore[no-untyped-call]

    def _on_close(self, code: int, reason: str | None = None) -> None:
        if not self.is_connected() and not self.closed:
            self.status.connected = False
        super()._on_close(code, reason)


class SocketModeRunner:
    """Bolt over Socket Mode, with /healthz on a port and a clean stop on SIGTERM / SIGINT."""

    def __init__(
        self,
        app: App,
        app_token: str,
        *,
        scheduler: Any = None,
        health_port: int | None = None,
        concurrency: int = 10,
    ) -> None:
        self.app = app
        self.scheduler = scheduler
        self.health_port = health_port
        self.client = TakeOverClient(
            app_token=app_token,
            logger=app.logger,
            web_client=app.client,
            concurrency=concurrency,
        )
        self.client.socket_mode_request_listeners.append(self._handle)  # type: ignore[arg-type]
        self._stop = threading.Event()
        self._health: ThreadingHTTPServer | None = None

    def _handle(self, client: TakeOverClient, req: SocketModeRequest) -> None:
        started = time.time()
        headers: dict[str, Any] = dict(build_headers(req) or {})
        headers[ENVELOPE_HEADER] = req.envelope_id
        response = self.app.dispatch(
            BoltRequest(mode="socket_mode", body=req.payload, headers=headers)
        )
        send_response(client, req, response, started)

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Connect, then serve /healthz and start the scheduler."""
        if self.health_port is not None:
            self._health = _health_server(self.health_port, self.app, self.client.status)
        global current
        current = self.client.status
        try:
            self.client.connect()
        except SlackApiError as exc:
            if self._health is not None:
                self._health.server_close()
            raise ConfigError(
                f"Slack refused SLACK_APP_TOKEN ({exc.response.get('error')}); create an "
                "app-level token with the scope connections:write under api.slack.com/apps → "
                "Basic Information → App-Level Tokens."
            ) from None
        if self.scheduler is not None:
            self.scheduler.start()
        log.info("serving over Socket Mode")

    def request_stop(self, *_args: Any) -> None:
        """Ask the runner to stop (safe from a signal handler)."""
        self._stop.set()

    def run(self) -> int:
        """start(), wait for SIGTERM or SIGINT, then stop(); the process's exit code."""
        previous = {
            sig: signal.signal(sig, self.request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            self.start()
            self._stop.wait()
            log.info("stopping: finishing the envelopes in hand")
            self.stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0

    def stop(self) -> None:
        """Stop taking envelopes, finish and ack those in hand, stop the scheduler, close."""
        self.client.stop_reading()
        if not self.client.drain(STOP_GRACE):
            log.warning("stopped with envelopes still queued; Slack delivers them again")
        if self.scheduler is not None and getattr(self.scheduler, "running", False):
            # wait=True: a job in progress finishes its claimed sends before the process ends.
            self.scheduler.shutdown(wait=True)
        self.client.close()
        global current
        if current is self.client.status:
            current = None
        if self._health is not None:
            self._health.shutdown()
            self._health.server_close()
        log.info("stopped")


def health(app: App, status: SocketStatus) -> tuple[int, dict[str, Any]]:
    """The /healthz answer in Socket Mode: the database and the socket."""
    from bot.runtime import runtime_of

    database = ping(runtime_of(app).engine)
    connected = status.connected
    body: dict[str, Any] = {
        "status": "ok" if database and connected else "unavailable",
        "database": "ok" if database else "unavailable",
        "socket": "connected" if connected else "disconnected",
        "connected_at": status.connected_at.isoformat() if status.connected_at else None,
        "reconnects": status.reconnects,
    }
    return (200 if database and connected else 503), body


def _health_server(port: int, app: App, status: SocketStatus) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] != "/healthz":
                self._answer(404, {"error": "not found"})
                return
            self._answer(*health(app, status))

        def do_HEAD(self) -> None:
            self.do_GET()

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    log.info("answering GET /healthz on port %s", port)
    return server
