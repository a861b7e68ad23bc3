"""Faults: the database going away under the app, and coming back."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.app import build_app, runtime_of
from bot.db import make_engine
from bot.models import Item
from bot.wsgi import create_wsgi_app
from sandbox import FakeSlack, SlackSender
from sandbox.appserver import AppServer
from tests.conftest import SIGNING_SECRET, add_org_users, import_example_org, make_settings
from tests.tcpproxy import TcpProxy

pytestmark = pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql"),
    reason="needs a database server to cut off (TEST_DATABASE_URL=postgresql+psycopg://...)",
)


@pytest.fixture
def proxied(fake: FakeSlack, db, database_url: str) -> Iterator[tuple[SlackSender, TcpProxy]]:  # type: ignore[no-untyped-def]
    """The app talking to PostgreSQL through a proxy the test can cut."""
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxied_url = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    add_org_users(fake)
    import_example_org(db, fake)
    engine = make_engine(proxied_url)
    app = build_app(make_settings(fake, proxied_url), engine=engine)
    with AppServer(create_wsgi_app(app)) as server:
        sender = SlackSender(
            server.events_url, SIGNING_SECRET, fake=fake, settle=runtime_of(app).later.wait
        )
        yield sender, proxy
    engine.dispose()
    proxy.close()


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db() as session:
        return int(session.scalar(select(func.count()).select_from(Item)) or 0)


def test_barriere_while_the_database_is_down_gives_the_text_back_and_recovers(
    proxied: tuple[SlackSender, TcpProxy],
    db,  # type: ignore[no-untyped-def]
) -> None:
    sender, proxy = proxied
    assert "gemt" in sender.command("Før udfaldet", user_id="U0ANNA").text
    proxy.cut()
    typed = "Ventetid på bolig æøå – skriv det ned, før det glemmes"
    for _ in range(3):  # a user trying again a few times while it is still down
        answer = sender.command(typed, user_id="U0ANNA")
        assert answer.status == 200
        body = answer.json()
        assert body["response_type"] == "ephemeral"
        assert "Prøv igen om et øjeblik" in body["text"]
        assert typed in body["text"]
        assert "Traceback" not in body["text"]
    proxy.restore()
    # No restart: the pool notices dead connections and reconnects by itself.
    assert "gemt" in sender.command(typed, user_id="U0ANNA").text
    assert _count(db) == 2


def test_app_home_while_the_database_is_down_is_retried_by_slack(
    proxied: tuple[SlackSender, TcpProxy], fake: FakeSlack
) -> None:
    sender, proxy = proxied
    event = {"type": "app_home_opened", "user": "U0ANNA", "tab": "home"}
    proxy.cut()
    first = sender.event(event, event_id="Ev0DOWN")
    assert first.status >= 500  # Slack retries a 5xx
    proxy.restore()
    retry = sender.event(event, event_id="Ev0DOWN", retry_num=1)
    assert retry.status == 200
    assert len([c for c in fake.calls_to("views.publish") if c.ok]) == 1


def test_a_tick_while_the_database_is_down_is_completed_by_the_next_one(
    fake: FakeSlack,
    db,
    database_url: str,  # type: ignore[no-untyped-def]
) -> None:
    from datetime import UTC, datetime

    from slack_sdk import WebClient

    from bot.db import make_session_factory, session_scope
    from jobs.weekly_prompts import send_weekly_prompts
    from tests.conftest import BOT_TOKEN

    add_org_users(fake)
    import_example_org(db, fake)
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    engine = make_engine(url.set(port=proxy.port, host="127.0.0.1"))
    sessions = make_session_factory(engine)
    client = WebClient(token=BOT_TOKEN, base_url=fake.base_url)
    monday_nine = datetime(2026, 12, 7, 8, 5, tzinfo=UTC)  # 09:05 in Copenhagen
    try:
        proxy.cut()
        with (
            pytest.raises(OperationalError),
            session_scope(sessions) as session,
        ):
            send_weekly_prompts(session, client, monday_nine)
        assert fake.calls_to("chat.postMessage") == []
        proxy.restore()
        for minutes in (5, 10):  # the next ticks
            with session_scope(sessions) as session:
                send_weekly_prompts(session, client, monday_nine.replace(minute=5 + minutes))
    finally:
        engine.dispose()
        proxy.close()
    sent = [c.args["channel"] for c in fake.calls_to("chat.postMessage") if c.ok]
    assert sent and len(sent) == len(set(sent)), "somebody got two prompts, or nobody got one"
    assert "U0ANNA" in sent


def test_oauth_mode_while_the_database_is_down_answers_and_recovers(
    fake: FakeSlack,
    db,  # type: ignore[no-untyped-def]
    database_url: str,
) -> None:
    # In OAuth mode the workspace's token itself comes from the database, before any listener.
    from tests.conftest import CLIENT_ID, CLIENT_SECRET, OAuthApp, http_get, make_oauth_settings

    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxied_url = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    fake.set_oauth_client(CLIENT_ID, CLIENT_SECRET)
    engine = make_engine(proxied_url)
    settings = make_oauth_settings(fake, proxied_url)
    try:
        bolt_app = build_app(settings, engine=engine)
        with AppServer(create_wsgi_app(bolt_app)) as server:
            app = OAuthApp(
                server.events_url,
                fake,
                SlackSender(
                    server.events_url,
                    SIGNING_SECRET,
                    fake=fake,
                    settle=runtime_of(bolt_app).later.wait,
                ),
                settings,
                db,
                engine,
                base_url=server.base_url,
            )
            app.install("T0AARHUS", "Aarhus Kommune")
            fake.add_user("U0LEDER", name="Lene Leder", team_id="T0AARHUS")
            sender = app.sender_for("T0AARHUS")
            proxy.cut()
            typed = "Ingen fælles kalender – æøå"
            answer = sender.command(typed, user_id="U0LEDER")
            assert answer.status == 200 and "Traceback" not in answer.text
            body = answer.json()
            assert body["response_type"] == "ephemeral"
            assert "Prøv igen om et øjeblik" in body["text"] and typed in body["text"]
            down = sender.event({"type": "app_home_opened", "user": "U0LEDER", "tab": "home"})
            assert down.status >= 500  # Slack retries
            # Someone installing right now gets a page saying so, not a server error.
            status, page = http_get(f"{server.base_url}/slack/install")
            assert status == 503 and "Prøv igen om et øjeblik" in page
            proxy.restore()
            assert "gemt" in sender.command(typed, user_id="U0LEDER").text
            assert _count(db) == 1
    finally:
        engine.dispose()
        proxy.close()
