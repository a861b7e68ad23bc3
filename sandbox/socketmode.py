"""A local stand-in for Slack's Socket Mode: a real WebSocket server the bot connects to.

It follows Slack's documentation (api.slack.com/apis/socket-mode) and what slack_sdk's own
clients expect: `apps.connections.open` on the FakeSlack Web API, called with the app-level
token, returns a single-use `ws://127.0.0.1:…` URL; a new connection is greeted with `hello`;
envelopes of type `slash_commands`, `interactive` and `events_api` carry `envelope_id`,
`accepts_response_payload` and, on a redelivery, `retry_attempt` / `retry_reason`; the app
answers `{"envelope_id": …, "payload": …}` on any of its connections; an envelope not
acknowledged within 3 s is delivered again; `disconnect` (`warning`, `refresh_requested`,
`link_disabled`) tells the app to open a new connection before this one is closed.

`latency` adds network delay both ways (envelopes leave late, acknowledgements are counted as
arriving late), so a test sees what Slack's 3-second clock would see. Envelopes go to the
newest connection that has not been told to disconnect, as Slack spreads them over live ones.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from sandbox.signer import FORM, Response, SlackSender

if TYPE_CHECKING:
    from sandbox.server import FakeSlack

_log = logging.getLogger(__name__)

# Slack waits this long for an acknowledgement before it delivers the envelope again.
ACK_DEADLINE = 3.0
DISCONNECT_REASONS = frozenset({"warning", "refresh_requested", "link_disabled"})


@dataclass
class Delivery:
    """One envelope and what became of it."""

    envelope_id: str
    type: str
    payload: dict[str, Any]
    accepts_response_payload: bool
    first_sent_at: float | None = None
    attempts: int = 0
    ack: dict[str, Any] | None = None
    acked_at: float | None = None
    acked: threading.Event = field(default_factory=threading.Event)

    @property
    def ack_seconds(self) -> float | None:
        """Seconds from the first send until the acknowledgement arrived (Slack's clock)."""
        if self.acked_at is None or self.first_sent_at is None:
            return None
        return self.acked_at - self.first_sent_at


@dataclass
class _Link:
    number: int
    connection: ServerConnection
    opened_at: float
    told_to_disconnect: bool = False
    closed: bool = False


class FakeSocketMode:
    """Slack's Socket Mode side, served on 127.0.0.1 beside a started FakeSlack."""

    def __init__(
        self,
        fake: FakeSlack,
        *,
        app_token: str = "xapp-1-A0TVAERS-1-sandbox",
        latency: float = 0.0,
        redeliver_after: float = ACK_DEADLINE,
        max_retries: int = 3,
        close_after_disconnect: float = 5.0,
    ) -> None:
        self.fake = fake
        self.app_token = app_token
        self.latency = latency
        self.redeliver_after = redeliver_after
        self.max_retries = max_retries
        # How long a connection told `refresh_requested` stays open for the app to move over
        # (Slack warns 10 s ahead; it then closes the old connection itself a few seconds on).
        self.close_after_disconnect = close_after_disconnect
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._tickets: set[str] = set()
        self._links: list[_Link] = []
        self._numbers = itertools.count(1)
        self._deliveries: dict[str, Delivery] = {}
        self.stray_acks: list[dict[str, Any]] = []
        self.opened = 0
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> FakeSocketMode:
        """Serve on a background thread and accept the app token on the FakeSlack."""
        # websockets logs every frame at DEBUG, i.e. what users typed: never below INFO here.
        frames = logging.getLogger("sandbox.socketmode.frames")
        frames.setLevel(max(logging.INFO, logging.getLogger().getEffectiveLevel()))
        server = serve(self._serve, "127.0.0.1", 0, compression=None, logger=frames)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        self.fake.add_app_token(self.app_token, self._issue_url)
        return self

    def stop(self) -> None:
        """Close every connection and stop serving."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the WebSocket server listens on."""
        if self._server is None:
            raise RuntimeError("FakeSocketMode is not started")
        return int(self._server.socket.getsockname()[1])

    # -- what the test sees ----------------------------------------------------------------

    @property
    def connected(self) -> int:
        """Open connections that have not been told to disconnect."""
        with self._lock:
            return sum(1 for link in self._links if not link.closed and not link.told_to_disconnect)

    def wait_connected(self, *, opened: int = 1, timeout: float = 10.0) -> None:
        """Wait until at least `opened` connections were made and one is live."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.opened < opened or not self._live():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"the app opened {self.opened} connection(s), not {opened}")
                self._changed.wait(left)

    def wait_disconnected(self, *, timeout: float = 10.0) -> None:
        """Wait until the app has closed every connection."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while any(not link.closed for link in self._links):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the app kept its Socket Mode connection open")
                self._changed.wait(left)

    @property
    def deliveries(self) -> list[Delivery]:
        """Every envelope sent, oldest first."""
        with self._lock:
            return list(self._deliveries.values())

    # -- Slack's side ------------------------------------------------------------------------

    def deliver(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool | None = None,
        envelope_id: str | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> Delivery:
        """Send one envelope now (from a background thread) and redeliver it if not acked."""
        if type not in ("slash_commands", "interactive", "events_api"):
            raise ValueError(f"unknown envelope type {type!r}")
        if accepts_response_payload is None:
            # Slack lets the app answer with a payload for commands and for modal submissions.
            accepts_response_payload = type == "slash_commands" or (
                type == "interactive"
                and payload.get("type") in ("view_submission", "block_suggestion")
            )
        delivery = Delivery(
            envelope_id=envelope_id or str(uuid.uuid4()),
            type=type,
            payload=payload,
            accepts_response_payload=accepts_response_payload,
        )
        with self._lock:
            self._deliveries[delivery.envelope_id] = delivery
        threading.Thread(
            target=self._send_until_acked,
            args=(delivery, retry_attempt, retry_reason),
            name=f"envelope-{delivery.envelope_id[:8]}",
            daemon=True,
        ).start()
        return delivery

    def send(
        self, type: str, payload: dict[str, Any], *, timeout: float = 10.0, **kwargs: Any
    ) -> Delivery:
        """deliver() and wait for the acknowledgement (or the timeout)."""
        delivery = self.deliver(type, payload, **kwargs)
        delivery.acked.wait(timeout)
        return delivery

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Tell every live connection to go away, as Slack does before it closes one."""
        if reason not in DISCONNECT_REASONS:
            raise ValueError(f"unknown disconnect reason {reason!r}")
        with self._lock:
            links = [
                link for link in self._links if not link.closed and not link.told_to_disconnect
            ]
            for link in links:
                link.told_to_disconnect = reason != "warning"
        message = json.dumps(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-sandbox"}}
        )
        for link in links:
            with contextlib.suppress(ConnectionClosed):
                link.connection.send(message)
            if reason == "link_disabled":
                link.connection.close()
            elif reason == "refresh_requested":
                timer = threading.Timer(self.close_after_disconnect, link.connection.close)
                timer.daemon = True
                timer.start()

    # -- internals ---------------------------------------------------------------------------

    def _issue_url(self) -> str:
        ticket = str(uuid.uuid4())
        with self._lock:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.fake.app_id}"

    def _live(self) -> _Link | None:
        for link in reversed(self._links):
            if not link.closed and not link.told_to_disconnect:
                return link
        return None

    def _serve(self, connection: ServerConnection) -> None:
        request = connection.request
        query = parse_qs(urlsplit(request.path).query) if request is not None else {}
        ticket = (query.get("ticket") or [""])[0]
        with self._lock:
            valid = ticket in self._tickets
            self._tickets.discard(ticket)
        if not valid:
            # Slack's URLs are single-use tickets from apps.connections.open.
            connection.close(code=1008, reason="invalid ticket")
            return
        with self._changed:
            link = _Link(next(self._numbers), connection, time.monotonic())
            self._links.append(link)
            self.opened += 1
            count = sum(1 for other in self._links if not other.closed)
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": count,
                    "debug_info": {
                        "host": f"applink-sandbox-{link.number}",
                        "build_number": 1,
                        "approximate_connection_time": 18060,
                    },
                    "connection_info": {"app_id": self.fake.app_id},
                }
            )
        )
        with self._changed:
            self._changed.notify_all()
        try:
            for message in connection:
                self._receive(message)
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                link.closed = True
                self._changed.notify_all()

    def _receive(self, message: str | bytes) -> None:
        arrived = time.monotonic() + self.latency
        try:
            answer = json.loads(message)
        except ValueError:
            _log.warning("the app sent something that is not JSON over Socket Mode")
            return
        envelope_id = answer.get("envelope_id") if isinstance(answer, dict) else None
        with self._lock:
            delivery = self._deliveries.get(envelope_id) if isinstance(envelope_id, str) else None
            if delivery is None or delivery.acked.is_set():
                self.stray_acks.append(answer)
                return
            delivery.ack = answer
            delivery.acked_at = arrived
        if self.latency:
            # The acknowledgement is only "there" once it crossed the network.
            timer = threading.Timer(max(0.0, arrived - time.monotonic()), delivery.acked.set)
            timer.daemon = True
            timer.start()
        else:
            delivery.acked.set()

    def _send_until_acked(self, delivery: Delivery, retry_attempt: int, retry_reason: str) -> None:
        attempt = retry_attempt
        reason = retry_reason
        while True:
            envelope = {
                "envelope_id": delivery.envelope_id,
                "payload": delivery.payload,
                "type": delivery.type,
                "accepts_response_payload": delivery.accepts_response_payload,
                "retry_attempt": attempt,
                "retry_reason": reason,
            }
            try:
                sent_at = self._send_envelope(json.dumps(envelope))
            except TimeoutError:
                _log.info("no connection to deliver envelope %s on", delivery.envelope_id)
                return
            with self._lock:
                delivery.attempts += 1
                if delivery.first_sent_at is None:
                    delivery.first_sent_at = sent_at
            if delivery.acked.wait(self.redeliver_after + self.latency):
                return
            if attempt - retry_attempt >= self.max_retries:
                return
            attempt += 1
            reason = "timeout"

    def _send_envelope(self, text: str) -> float:
        """Send on the newest live connection (waiting for one); returns when it left."""
        deadline = time.monotonic() + 10.0
        while True:
            with self._changed:
                link = self._live()
                while link is None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError("no Socket Mode connection to deliver an envelope on")
                    self._changed.wait(left)
                    link = self._live()
            sent_at = time.monotonic()
            if self.latency:
                time.sleep(self.latency)
            try:
                link.connection.send(text)
                return sent_at
            except ConnectionClosed:
                with self._changed:
                    link.closed = True


def new_app_token() -> str:
    """An app-level token in Slack's shape (xapp-1-A…-…-…)."""
    return f"xapp-1-A0TVAERS-{secrets.randbelow(10**12)}-{secrets.token_hex(32)}"


class SocketSender(SlackSender):
    """SlackSender over Socket Mode: the same payloads, sent as envelopes on the app's socket.

    Every helper (command(), block_action(), view_submission(), event(), ...) works unchanged;
    the Response is what the acknowledgement said: 200 with the ack's payload as the body, or
    504 when no ack came in time. `last` is the Delivery of the latest send.
    """

    def __init__(self, socket: FakeSocketMode, **kwargs: Any) -> None:
        super().__init__("socket-mode://", "unused-in-socket-mode", fake=socket.fake, **kwargs)
        self.socket = socket
        self.last: Delivery | None = None

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Wrap what Slack would POST in a Socket Mode envelope and wait for the ack."""
        if content_type == FORM:
            fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            if "payload" in fields:
                kind, payload = "interactive", json.loads(fields["payload"])
            else:
                kind, payload = "slash_commands", dict(fields)
        else:
            payload = json.loads(body)
            if payload.get("type") == "url_verification":
                # Slack never checks a Request URL for a Socket Mode app.
                return Response(404, {}, b"")
            kind = "events_api"
        delivery = self.socket.send(
            kind,
            payload,
            timeout=self.timeout,
            retry_attempt=retry_num or 0,
            retry_reason=retry_reason or "",
        )
        answer = self._answer(delivery)
        if self.settle is not None:
            self.settle()  # what the app does after its acknowledgement (SlackSender.settle)
        return answer

    def redeliver(self, delivery: Delivery | None = None) -> Response:
        """Deliver an envelope again with the same id, as Slack does after a late ack."""
        first = delivery or self.last
        if first is None:
            raise RuntimeError("nothing was sent yet")
        again = self.socket.send(
            first.type,
            first.payload,
            timeout=self.timeout,
            envelope_id=first.envelope_id,
            accepts_response_payload=first.accepts_response_payload,
            retry_attempt=first.attempts,
            retry_reason="timeout",
        )
        return self._answer(again)

    def _answer(self, delivery: Delivery) -> Response:
        self.last = delivery
        if not delivery.acked.is_set() or delivery.ack is None:
            return Response(504, {}, b"no acknowledgement")
        payload = delivery.ack.get("payload")
        if not payload:
            return Response(200, {}, b"")
        return Response(200, {"Content-Type": "application/json"}, json.dumps(payload).encode())
