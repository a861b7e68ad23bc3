"""Socket Mode against the WebSocket stand-in: reconnects under a burst, redeliveries, health."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Item
from sandbox import FakeSlack
from tests.conftest import SocketApp, add_org_users, import_example_org, socket_mode_app

ANNA = "U0ANNA"
# Network delay each way between the stand-in and the app, as between Slack and a municipality.
LATENCY = 0.05


@pytest.fixture
def sock(
    fake: FakeSlack, db: sessionmaker[Session], engine: Engine, database_url: str
) -> Iterator[SocketApp]:
    """The app over Socket Mode, with latency switched on and Tværby Kommune imported."""
    add_org_users(fake)
    import_example_org(db, fake)
    with socket_mode_app(fake, engine, database_url, db, latency=LATENCY) as app:
        yield app


def _texts(app: SocketApp) -> list[str]:
    with app.session() as session:
        return list(session.scalars(select(Item.text).order_by(Item.id)))


def _burst(app: SocketApp, count: int, *, disconnect_at: int, reason: str) -> list[float]:
    """`count` commands 20 ms apart, the stand-in disconnecting after `disconnect_at` of them."""
    sent = []
    for number in range(count):
        if number == disconnect_at:
            app.socket.disconnect(reason)
        payload = app.sender.command_payload(f"Punkt nummer {number}", user_id=ANNA)
        sent.append(app.socket.deliver("slash_commands", payload))
        time.sleep(0.02)
    for delivery in sent:
        assert delivery.acked.wait(10), "an envelope was never acknowledged"
    assert all(d.attempts == 1 for d in sent), "Slack had to deliver an envelope again"
    return sorted(d.ack_seconds or 0.0 for d in sent)


@pytest.mark.alone
def test_a_refresh_in_the_middle_of_a_burst_loses_none_doubles_none_and_stalls_none(
    sock: SocketApp,
) -> None:
    seconds = _burst(sock, 50, disconnect_at=25, reason="refresh_requested")
    assert sock.socket.opened == 2  # the app reconnected through a new apps.connections.open
    assert len(sock.fake.calls_to("apps.connections.open")) == 2
    assert sorted(_texts(sock)) == sorted(f"Punkt nummer {n}" for n in range(50))
    # Slack redelivers an envelope not acknowledged within 3 s (none was, above); the envelopes
    # that waited for the new connection took 0.4-1.3 s, by the machine's load.
    assert seconds[-1] < 3.0, f"acks at the reconnect took up to {seconds[-1]:.2f} s"


@pytest.mark.parametrize("reason", ["warning", "link_disabled"])
def test_other_disconnects_reconnect_without_losing_a_command(sock: SocketApp, reason: str) -> None:
    seconds = _burst(sock, 10, disconnect_at=5, reason=reason)
    assert seconds[-1] < 3.0
    assert len(_texts(sock)) == 10
    assert sock.socket.opened == 2


def test_a_slow_ack_is_redelivered_and_the_redelivery_has_no_second_effect(
    fake: FakeSlack, db: sessionmaker[Session], engine: Engine, database_url: str
) -> None:
    add_org_users(fake)
    import_example_org(db, fake)
    # Slack redelivers after 3 s; the stand-in after 0.3 s here, and the first handling is made
    # slower than that (the bot's first Slack call waits 0.6 s), so the two overlap.
    with socket_mode_app(fake, engine, database_url, db, redeliver_after=0.3) as app:
        fake.fail("*", delay=0.6, times=1)
        payload = app.sender.command_payload("Gemt én gang", user_id=ANNA)
        delivery = app.socket.deliver("slash_commands", payload)
        assert delivery.acked.wait(10)
        time.sleep(0.8)  # let the redelivery be handled too
        assert delivery.attempts >= 2
        assert _texts(app) == ["Gemt én gang"]


def test_an_app_token_is_needed_to_connect(fake: FakeSlack) -> None:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(base_url=fake.base_url)
    for token, error in (
        ("xapp-1-unknown", "invalid_auth"),
        (fake.bot_token, "not_allowed_token_type"),
    ):
        with pytest.raises(SlackApiError) as refused:
            client.apps_connections_open(app_token=token)
        assert refused.value.response["error"] == error


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _healthy(url: str, timeout: float = 10.0) -> tuple[int, dict[str, object]]:
    """/healthz once it says 200 (the app counts itself connected after the handshake)."""
    deadline = time.monotonic() + timeout
    while True:
        status, body = _get(url)
        if status == 200 or time.monotonic() > deadline:
            return status, body
        time.sleep(0.05)


def test_healthz_in_socket_mode_says_database_and_socket(
    fake: FakeSlack, db: sessionmaker[Session], engine: Engine, database_url: str
) -> None:
    from bot.socket_mode import SocketModeRunner
    from sandbox.socketmode import FakeSocketMode
    from tests.conftest import APP_TOKEN, build_app, make_settings

    port = _free_port()
    bolt_app = build_app(
        make_settings(fake, database_url, slack_app_token=APP_TOKEN), engine=engine
    )
    with FakeSocketMode(fake, app_token=APP_TOKEN) as stand_in:
        runner = SocketModeRunner(bolt_app, APP_TOKEN, health_port=port)
        runner.start()
        try:
            stand_in.wait_connected()
            status, body = _healthy(f"http://127.0.0.1:{port}/healthz")
            assert status == 200
            assert (body["database"], body["socket"]) == ("ok", "connected")
            stand_in.disconnect("refresh_requested")
            stand_in.wait_connected(opened=2)
            deadline = time.monotonic() + 5
            while True:  # the app counts the reconnect once its side of the handshake is done
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                if body["reconnects"] == 1 or time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            assert (status, body["reconnects"], body["socket"]) == (200, 1, "connected")
        finally:
            runner.stop()


# -- the embedded default as one real process -------------------------------------------------


@pytest.fixture
def process_env(fake: FakeSlack, db: sessionmaker[Session], database_url: str) -> dict[str, str]:
    """The environment of `python -m bot` in Socket Mode against the stand-ins."""
    return _process_env(fake, db, database_url)


def _process_env(fake: FakeSlack, db: sessionmaker[Session], database_url: str) -> dict[str, str]:
    import os
    from pathlib import Path

    from bot import clock
    from tests.conftest import APP_TOKEN, BOT_TOKEN

    add_org_users(fake)
    import_example_org(db, fake)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TOKEN_"))}
    env.update(
        clock.environment(),
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=fake.base_url,
        DATABASE_URL=database_url,
        PORT=str(_free_port()),
        PYTHONPATH=str(Path(__file__).resolve().parents[1]),
        LOG_LEVEL="INFO",
    )
    return env


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_stop_signal_finishes_the_envelope_in_hand_and_exits_cleanly(
    fake: FakeSlack, process_env: dict[str, str], db: sessionmaker[Session], signal_name: str
) -> None:
    import signal
    import subprocess
    import sys

    from sandbox.signer import SlackSender
    from sandbox.socketmode import FakeSocketMode
    from tests.conftest import APP_TOKEN

    with FakeSocketMode(fake, app_token=APP_TOKEN) as stand_in:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            env=process_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            stand_in.wait_connected(timeout=60)
            status, body = _healthy(f"http://127.0.0.1:{process_env['PORT']}/healthz")
            assert (status, body["socket"]) == (200, "connected")
            # The bot's next Slack call takes 1 s: the envelope is still in hand at the signal.
            fake.fail("*", delay=1.0, times=1)
            payload = SlackSender("unused", "unused", fake=fake).command_payload(
                "Gemt før stop", user_id=ANNA
            )
            delivery = stand_in.deliver("slash_commands", payload)
            time.sleep(0.4)
            process.send_signal(getattr(signal, signal_name))
            _out, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert process.returncode == 0, err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err
        assert delivery.acked.is_set() and delivery.attempts == 1
        stand_in.wait_disconnected()
    with db() as session:
        assert list(session.scalars(select(Item.text))) == ["Gemt før stop"]


def test_the_admins_status_shows_the_socket_and_its_reconnects(sock: SocketApp) -> None:
    sock.socket.disconnect("refresh_requested")
    sock.socket.wait_connected(opened=2)
    event = {"type": "app_home_opened", "user": "U0ADMIN", "channel": "D0HOME", "tab": "home"}
    assert sock.sender.event(event).status == 200
    call = sock.fake.wait_for_call("views.publish", lambda c: c.args.get("user_id") == "U0ADMIN")
    shown = json.dumps(call.args["view"], ensure_ascii=False)
    # The connection shown is the one made at the refresh, not the first.
    assert "Forbundet til Slack (Socket Mode); forbindelsen er fra" in shown


def test_one_process_ticks_the_weekly_prompts_and_a_sigterm_leaves_none_half_sent(
    fake: FakeSlack,
    db: sessionmaker[Session],
    database_url: str,
    travel: Callable[[datetime], None],
) -> None:
    import signal
    import subprocess
    import sys

    from bot.models import ReflectionPrompt
    from sandbox.socketmode import FakeSocketMode
    from tests.conftest import APP_TOKEN
    from tests.test_reflection import prompts_to
    from tests.test_reflection_dm import MONDAY

    travel(MONDAY)  # Monday 09:00 in Copenhagen: every manager's prompt is due
    env = _process_env(fake, db, database_url)
    # Each post takes 0.1 s, so the stop comes while the fan-out is under way.
    fake.fail("chat.postMessage", delay=0.1, times=200)
    with FakeSocketMode(fake, app_token=APP_TOKEN) as stand_in:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"], env=env, stderr=subprocess.PIPE, text=True
        )
        try:
            stand_in.wait_connected(timeout=60)
            fake.wait_for_call(
                "chat.postMessage",
                lambda c: str(c.args.get("text", "")).startswith("Ugens refleksion"),
                timeout=30,
            )
            process.send_signal(signal.SIGTERM)
            _out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    with db() as session:
        prompts = list(session.scalars(select(ReflectionPrompt)))
    assert len(prompts) >= 2
    # The job in hand ran to its end: every claimed prompt was sent, and sent once.
    assert {p.state for p in prompts} == {"sent"}
    for prompt in prompts:
        assert len(prompts_to(fake, prompt.user_id)) == 1


def test_a_wrong_app_token_is_one_clear_line(
    fake: FakeSlack, engine: Engine, database_url: str
) -> None:
    from bot.config import ConfigError
    from bot.socket_mode import SocketModeRunner
    from sandbox.socketmode import FakeSocketMode
    from tests.conftest import APP_TOKEN, build_app, make_settings

    bolt_app = build_app(
        make_settings(fake, database_url, slack_app_token=APP_TOKEN), engine=engine
    )
    with FakeSocketMode(fake, app_token=APP_TOKEN):
        runner = SocketModeRunner(bolt_app, "xapp-1-not-this-one")
        with pytest.raises(ConfigError, match=r"refused SLACK_APP_TOKEN \(invalid_auth\)"):
            runner.start()
        runner.client.close()
