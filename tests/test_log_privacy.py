"""No log line, at any level, holds a request body or what a user typed: refused requests too.

The app runs at LOG_LEVEL=DEBUG with the logging bot.logs sets up; everything logged is caught
twice: by caplog on the root logger at DEBUG, and from the handler bot.logs installs."""

from __future__ import annotations

import io
import json
import logging
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.app import build_app, runtime_of
from bot.logs import setup_logging
from bot.wsgi import create_wsgi_app
from sandbox import FakeSlack, SlackSender
from sandbox.appserver import AppServer
from sandbox.signer import FORM, JSON
from tests.conftest import SIGNING_SECRET, make_settings

CPR = "010190-1234"


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """Everything the handler from bot.logs writes at DEBUG; logging is put back afterwards."""
    root = logging.getLogger()
    saved_level = root.level
    saved_levels = {n: logging.getLogger(n).level for n in ("slack_bolt", "slack_sdk", "urllib3")}
    before = list(root.handlers)
    setup_logging("DEBUG", [SIGNING_SECRET])
    ours = next(h for h in root.handlers if getattr(h, "_tvaers", False))
    assert isinstance(ours, logging.StreamHandler)
    out = io.StringIO()
    previous = ours.setStream(out)
    caplog.set_level(logging.DEBUG)
    try:
        yield out
    finally:
        ours.setStream(previous)
        if ours not in before:
            root.removeHandler(ours)
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def sender(
    logged: io.StringIO,
    fake: FakeSlack,
    db: sessionmaker[Session],
    engine: Engine,
    database_url: str,
) -> Iterator[SlackSender]:
    """A signed sender aimed at an app built after logging was set up at DEBUG."""
    settings = make_settings(fake, database_url, log_level="DEBUG")
    bolt_app = build_app(settings, engine=engine)
    with AppServer(create_wsgi_app(bolt_app)) as server:
        yield SlackSender(
            server.events_url,
            SIGNING_SECRET,
            team_id=fake.team_id,
            fake=fake,
            settle=runtime_of(bolt_app).later.wait,
        )


def _assert_absent(marker: str, logged: io.StringIO, caplog: pytest.LogCaptureFixture) -> None:
    everything = logged.getvalue() + "\n" + caplog.text
    assert caplog.records, "nothing was logged at all: the capture is not working"
    for secret in (marker, CPR, CPR.replace("-", ""), "fælles plan"):
        assert secret not in everything, f"{secret!r} reached the logs"


def _command(sender: SlackSender, marker: str) -> bytes:
    text = f"Borgeren {CPR} mangler en fælles plan {marker}"
    return urlencode(sender.command_payload(text, user_id="U0ANNA")).encode()


@pytest.mark.parametrize("how", ["wrong signature", "stale", "timestamp abc", "no signature"])
def test_a_refused_request_leaves_no_user_text_in_the_logs(
    sender: SlackSender, logged: io.StringIO, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    marker = f"MARK-{uuid.uuid4().hex}"
    body = _command(sender, marker)
    headers = {
        "wrong signature": {"X-Slack-Signature": "v0=" + "0" * 64},
        "stale": sender.sign(body, int(time.time()) - 3600),
        "timestamp abc": {"X-Slack-Request-Timestamp": "abc"},
        "no signature": {"X-Slack-Signature": ""},
    }[how]
    assert sender.post(body, FORM, headers=headers).status == 401
    _assert_absent(marker, logged, caplog)
    assert "refused a request without a valid Slack signature" in caplog.text


def test_a_signed_request_nobody_handles_leaves_no_user_text(
    sender: SlackSender, logged: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    # Bolt warns about an unhandled request and quotes part of it: for a block_suggestion, the
    # value the user is typing.
    marker = f"MARK-{uuid.uuid4().hex}"
    payload = {
        "type": "block_suggestion",
        "user": {"id": "U0ANNA"},
        "team": {"id": sender.team_id},
        "action_id": "no_such_select",
        "block_id": "b",
        "value": f"Borgeren {CPR} mangler en fælles plan {marker}",
        "api_app_id": sender.api_app_id,
    }
    response = sender.post_form({"payload": json.dumps(payload)})
    assert response.status == 404
    _assert_absent(marker, logged, caplog)


def test_a_signed_body_that_cannot_be_parsed_leaves_no_user_text(
    sender: SlackSender, logged: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    marker = f"MARK-{uuid.uuid4().hex}"
    body = f'{{"type": "event_callback", "text": "{CPR} fælles plan {marker}"'.encode()
    assert sender.post(body, JSON).status == 400
    _assert_absent(marker, logged, caplog)


def test_a_cpr_number_anyone_logs_is_masked_by_our_handler(logged: io.StringIO) -> None:
    logging.getLogger("some.library").warning("failed for %s", f"cpr {CPR}")
    assert CPR not in logged.getvalue() and "[CPR]" in logged.getvalue()
