"""Only requests Slack signed reach the app; signed ones Slack would never send get a clean 400.

Every request is posted over real HTTP, in both modes (one token; OAuth), with a response_url
that points at a listener started here: a request that is not verified must not make the app
post anywhere, open a modal or call the Web API at all."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from sandbox.signer import FORM, JSON, Response, SlackSender
from tests.conftest import SIGNING_SECRET, OAuthApp, RunningApp

# Shapes a timestamp header may have that are not whole seconds; int() raises on each.
BAD_TIMESTAMPS = ["abc", "", "1e9", "12.5", " "]


class Listener:
    """An HTTP server on 127.0.0.1 that records every request it gets (a fake response_url)."""

    def __init__(self) -> None:
        received: list[tuple[str, bytes]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                received.append((self.path, self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self.received = received
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/hooks/attacker"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A local stand-in for a response_url an attacker chose."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture(params=["single", "oauth"])
def served(request: pytest.FixtureRequest) -> RunningApp:
    """The app in each of its HTTP modes (the OAuth one with the sandbox workspace installed)."""
    if request.param == "single":
        app: RunningApp = request.getfixturevalue("app")
        return app
    oauth: OAuthApp = request.getfixturevalue("oauth_app")
    oauth.install(oauth.fake.team_id, "Tværby Kommune")
    oauth.fake.clear_calls()
    return oauth


def _signed_as_slack_would(sender: SlackSender, body: bytes, ctype: str, ts: str) -> Response:
    """POST body with the signature Slack would compute for this exact timestamp string."""
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}
    return sender.post(body, ctype, headers=headers)


def _command_body(sender: SlackSender, listener: Listener) -> bytes:
    from urllib.parse import urlencode

    fields = sender.command_payload("Vi mangler en fælles plan", user_id="U0ANNA")
    fields["response_url"] = listener.url
    return urlencode(fields).encode()


def _event_body(sender: SlackSender) -> bytes:
    event = {"type": "app_home_opened", "user": "U0ANNA", "channel": "D0HOME", "tab": "home"}
    return json.dumps(sender.event_envelope(event)).encode()


def _action_body(sender: SlackSender, listener: Listener) -> bytes:
    from urllib.parse import urlencode

    payload = sender.block_action_payload(
        user_id="U0ANNA", action_id="no_such_action", response_url=listener.url
    )
    return urlencode({"payload": json.dumps(payload)}).encode()


def _nothing_happened(app: RunningApp, listener: Listener) -> None:
    time.sleep(0.2)  # a lazy listener or a respond() would have had time to arrive
    assert listener.received == []
    assert app.fake.calls == []


@pytest.mark.parametrize("ts", BAD_TIMESTAMPS)
def test_a_slash_command_with_a_timestamp_that_is_no_number_gets_401(
    served: RunningApp, listener: Listener, ts: str
) -> None:
    response = _signed_as_slack_would(
        served.sender, _command_body(served.sender, listener), FORM, ts
    )
    assert response.status == 401
    _nothing_happened(served, listener)


@pytest.mark.parametrize("ts", BAD_TIMESTAMPS)
def test_an_event_with_a_timestamp_that_is_no_number_gets_401(
    served: RunningApp, listener: Listener, ts: str
) -> None:
    response = _signed_as_slack_would(served.sender, _event_body(served.sender), JSON, ts)
    assert response.status == 401
    _nothing_happened(served, listener)


@pytest.mark.parametrize("ts", BAD_TIMESTAMPS)
def test_a_button_with_a_timestamp_that_is_no_number_posts_nowhere(
    served: RunningApp, listener: Listener, ts: str
) -> None:
    # Before: the error handler answered through the response_url the body named.
    response = _signed_as_slack_would(
        served.sender, _action_body(served.sender, listener), FORM, ts
    )
    assert response.status == 401
    _nothing_happened(served, listener)


@pytest.mark.parametrize("ts", BAD_TIMESTAMPS)
def test_an_app_home_button_with_a_bad_timestamp_opens_no_modal(
    served: RunningApp, listener: Listener, ts: str
) -> None:
    # Before: with no response_url, the error handler called views.open with the body's trigger_id.
    from urllib.parse import urlencode

    view = {"id": "V0HOME", "type": "home", "blocks": []}
    payload = served.sender.block_action_payload(
        user_id="U0ANNA", action_id="no_such_action", view=view, trigger_id="1.2.attacker"
    )
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert _signed_as_slack_would(served.sender, body, FORM, ts).status == 401
    _nothing_happened(served, listener)


def _forgeries(sender: SlackSender, body: bytes) -> dict[str, dict[str, str]]:
    good = sender.sign(body)
    return {
        "no headers": {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""},
        "no signature": {**good, "X-Slack-Signature": ""},
        "stale": sender.sign(body, int(time.time()) - 6 * 60),
        "from the future": sender.sign(body, int(time.time()) + 6 * 60),
        "wrong signature": {**good, "X-Slack-Signature": "v0=" + "0" * 64},
        "signature of another body": sender.sign(body + b"&x=1"),
        "signature not hex": {**good, "X-Slack-Signature": "v0=" + "z" * 64},
        "signed with a negative time": {**good, "X-Slack-Request-Timestamp": "-1"},
    }


@pytest.mark.parametrize(
    "case",
    [
        "no headers",
        "no signature",
        "stale",
        "from the future",
        "wrong signature",
        "signature of another body",
        "signature not hex",
        "signed with a negative time",
    ],
)
def test_every_other_failed_check_gets_401_and_does_nothing(
    served: RunningApp, listener: Listener, case: str
) -> None:
    for body, ctype in [
        (_command_body(served.sender, listener), FORM),
        (_action_body(served.sender, listener), FORM),
        (_event_body(served.sender), JSON),
    ]:
        headers = _forgeries(served.sender, body)[case]
        response = served.sender.post(body, ctype, headers=headers)
        assert response.status == 401, (case, response.status)
    _nothing_happened(served, listener)


def test_missing_signature_headers_get_401(served: RunningApp, listener: Listener) -> None:
    # No X-Slack-* header at all (not even empty ones), straight over http.client.
    import http.client
    from urllib.parse import urlsplit

    url = urlsplit(served.url)
    connection = http.client.HTTPConnection(url.netloc, timeout=10)
    try:
        body = _command_body(served.sender, listener)
        connection.request("POST", url.path, body=body, headers={"Content-Type": FORM})
        assert connection.getresponse().status == 401
    finally:
        connection.close()
    _nothing_happened(served, listener)


def test_a_request_signed_properly_still_works(served: RunningApp, listener: Listener) -> None:
    body = _event_body(served.sender)
    assert served.sender.post(body, JSON).status == 200
    assert served.fake.wait_for_call("views.publish")


# --- signed, but not what Slack sends: 400, never 500 -----------------------------------------


def _payload(document: Any) -> bytes:
    from urllib.parse import urlencode

    return urlencode(
        {"payload": document if isinstance(document, str) else json.dumps(document)}
    ).encode()


MALFORMED: dict[str, tuple[bytes, str]] = {
    "payload not JSON": (b"payload=%7Bnot+json", FORM),
    "payload a list": (_payload([1, 2]), FORM),
    "JSON not JSON": (b"{not json", JSON),
    "JSON a string": (b'"event_callback"', JSON),
    "not UTF-8": (b"command=%2Fbarriere&text=\xff\xfe", FORM),
    "not UTF-8 JSON": (b'{"type": "event_callback", "x": "\xff"}', JSON),
    "text/plain": (b'{"type": "url_verification", "challenge": "c"}', "text/plain"),
    "multipart": (b"--x\r\n\r\n--x--", "multipart/form-data; boundary=x"),
    "no content type": (b"command=%2Fbarriere", ""),
    "form without command": (b"text=hej&user_id=U0ANNA", FORM),
    "command without user": (b"command=%2Fbarriere&text=hej&team_id=T0TVAERS", FORM),
    "field twice": (b"payload=%7B%7D&payload=%7B%7D", FORM),
    "event without event": (
        json.dumps({"type": "event_callback", "team_id": "T0TVAERS"}).encode(),
        JSON,
    ),
    "app_home_opened without user": (
        json.dumps(
            {"type": "event_callback", "team_id": "T0TVAERS", "event": {"type": "app_home_opened"}}
        ).encode(),
        JSON,
    ),
    "no type": (b"{}", JSON),
    "block_actions without actions": (
        _payload({"type": "block_actions", "user": {"id": "U0ANNA"}, "team": {"id": "T0TVAERS"}}),
        FORM,
    ),
    "block_actions with an empty action": (
        _payload(
            {
                "type": "block_actions",
                "user": {"id": "U0ANNA"},
                "team": {"id": "T0TVAERS"},
                "actions": [{}],
            }
        ),
        FORM,
    ),
    "view_submission without view": (
        _payload({"type": "view_submission", "user": {"id": "U0ANNA"}, "team": {"id": "T0TVAERS"}}),
        FORM,
    ),
    "view_submission without state": (
        _payload(
            {
                "type": "view_submission",
                "user": {"id": "U0ANNA"},
                "team": {"id": "T0TVAERS"},
                "view": {"id": "V1", "callback_id": "barrier_modal"},
            }
        ),
        FORM,
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_signed_body_slack_would_never_send_gets_400(
    served: RunningApp, listener: Listener, case: str
) -> None:
    body, ctype = MALFORMED[case]
    response = served.sender.post(body, ctype)
    assert response.status == 400, (case, response.status, response.text)
    assert "Traceback" not in response.text
    _nothing_happened(served, listener)


def test_a_malformed_body_that_is_not_signed_gets_401_not_400(served: RunningApp) -> None:
    # Unsigned bytes are not even parsed: the answer cannot tell a forger what the parser thinks.
    body, ctype = MALFORMED["payload not JSON"]
    assert served.sender.post(body, ctype, signature="v0=" + "0" * 64).status == 401
