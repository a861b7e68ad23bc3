"""The app over real HTTP: signatures, retries, health, limits and App Home."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from sqlalchemy import delete, func, select

from bot.models import Item, ProcessedEvent, Workspace
from tests.conftest import RunningApp, add_org_users, import_example_org


def _home_opened(user_id: str) -> dict[str, object]:
    return {"type": "app_home_opened", "user": user_id, "channel": "D0HOME", "tab": "home",
            "event_ts": f"{time.time():.6f}"}  # fmt: skip


def _home_text(app: RunningApp, user_id: str) -> str:
    call = app.fake.wait_for_call("views.publish", lambda c: c.args.get("user_id") == user_id)
    return json.dumps(call.args["view"], ensure_ascii=False)


def test_a_wrong_signature_gets_401_and_changes_nothing(app: RunningApp) -> None:
    body = json.dumps(app.sender.event_envelope(_home_opened("U0ANNA"))).encode()
    response = app.sender.post(body, "application/json", signature="v0=" + "0" * 64)
    assert response.status == 401
    with app.session() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 0
    assert app.fake.calls_to("views.publish") == []


def test_a_timestamp_older_than_five_minutes_gets_401(app: RunningApp) -> None:
    body = json.dumps(app.sender.event_envelope(_home_opened("U0ANNA"))).encode()
    response = app.sender.post(body, "application/json", timestamp=int(time.time()) - 6 * 60)
    assert response.status == 401
    assert app.fake.calls_to("views.publish") == []


def test_a_retried_event_has_one_effect(app: RunningApp) -> None:
    event = _home_opened("U0ANNA")
    first = app.sender.event(event, event_id="Ev0RETRY1")
    again = app.sender.event(event, event_id="Ev0RETRY1", retry_num=1, retry_reason="http_timeout")
    assert (first.status, again.status) == (200, 200)
    assert len(app.fake.calls_to("views.publish")) == 1
    with app.session() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1


def test_an_event_that_failed_is_handled_again_on_retry(app: RunningApp) -> None:
    # The first delivery fails at Slack's side (views.publish answers 500 three times), so its
    # event id must not be remembered: the retry gets a real second chance.
    app.fake.fail("views.publish", status=500, times=3)
    first = app.sender.event(_home_opened("U0ANNA"), event_id="Ev0FAILED")
    assert first.status >= 500
    retry = app.sender.event(_home_opened("U0ANNA"), event_id="Ev0FAILED", retry_num=1)
    assert retry.status == 200
    ok = [c for c in app.fake.calls_to("views.publish") if c.http_status == 200]
    assert len(ok) == 1


def test_healthz_says_200_when_the_database_answers(app: RunningApp) -> None:
    base = app.url.rsplit("/slack/", 1)[0]
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok"}


def test_healthz_says_503_when_the_database_does_not(fake) -> None:  # type: ignore[no-untyped-def]
    from bot.app import build_app
    from bot.db import make_engine
    from bot.wsgi import create_wsgi_app
    from sandbox.appserver import AppServer
    from tests.conftest import make_settings

    url = "postgresql+psycopg://nobody@127.0.0.1:1/nothing"  # nothing listens on port 1
    bolt_app = build_app(make_settings(fake, url), engine=make_engine(url))
    with AppServer(create_wsgi_app(bolt_app)) as server:
        try:
            urllib.request.urlopen(f"{server.base_url}/healthz", timeout=10)
            raise AssertionError("expected 503")
        except urllib.error.HTTPError as error:
            assert error.code == 503


def test_a_body_over_one_megabyte_is_refused(app: RunningApp) -> None:
    response = app.sender.post(b"x" * 1_100_000, "application/x-www-form-urlencoded")
    assert response.status == 413


def test_an_unknown_callback_id_gets_a_clean_4xx(app: RunningApp) -> None:
    response = app.sender.block_action(user_id="U0ANNA", action_id="no_such_action", value="1")
    assert 400 <= response.status < 500
    assert app.fake.calls_to("chat.postMessage") == []


def test_url_verification_answers_the_challenge(app: RunningApp) -> None:
    response = app.sender.url_verification("tvaers-challenge")
    assert response.status == 200 and "tvaers-challenge" in response.text


def test_app_home_tells_a_manager_who_they_are(app: RunningApp) -> None:
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.sender.event(_home_opened("U0ANNA"))
    home = _home_text(app, "U0ANNA")
    assert "leder" in home and "Jobcentret" in home and "Beskæftigelsesforvaltningen" in home
    assert "Flere borgere i job eller uddannelse" in home
    assert "Hvilke barrierer ser du?" in home


def test_app_home_for_a_director_mentions_the_digest(app: RunningApp) -> None:
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.sender.event(_home_opened("U0SOFIE"))
    home = _home_text(app, "U0SOFIE")
    assert "direktør/chef" in home and "overblik" in home


def test_app_home_for_someone_the_bot_has_never_seen(app: RunningApp) -> None:
    app.sender.event(_home_opened("U0STRANGER"))
    home = _home_text(app, "U0STRANGER")
    assert "Tværs kender dig ikke endnu" in home
    with app.session() as session:
        assert session.get(Workspace, app.fake.team_id) is not None


def test_the_messages_tab_publishes_nothing(app: RunningApp) -> None:
    event = {**_home_opened("U0ANNA"), "tab": "messages"}
    assert app.sender.event(event).status == 200
    assert app.fake.calls_to("views.publish") == []


def test_malformed_json_in_a_payload_gets_a_clean_4xx(app: RunningApp) -> None:
    response = app.sender.post(b"payload=%7Bnot+json", "application/x-www-form-urlencoded")
    assert 400 <= response.status < 500
    assert "Traceback" not in response.text
    assert app.fake.calls == [] or all(c.method == "auth.test" for c in app.fake.calls)


def test_a_refused_button_in_app_home_says_why_in_a_modal(app: RunningApp) -> None:
    # App Home buttons have no response_url: the refusal opens a small modal instead of nothing.
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    assert "gemt" in app.sender.command("Kalenderne kan ikke ses på tværs", user_id="U0ANNA").text
    app.sender.event(_home_opened("U0ANNA"))
    home = app.fake.wait_for_call("views.publish").args["view"]
    # Deleted from another device while App Home was open.
    with app.session() as session:
        session.execute(delete(Item))
        session.commit()
    trigger = app.fake.new_trigger_id(user_id="U0ANNA")
    answer = app.sender.block_action(
        user_id="U0ANNA",
        action_id="item_edit",
        view=home,
        trigger_id=trigger,
    )
    assert answer.status == 200
    opened = app.fake.wait_for_call("views.open")
    assert opened.ok and opened.args["trigger_id"] == trigger
    notice = json.dumps(opened.args["view"], ensure_ascii=False)
    assert "Punktet findes ikke længere" in notice, notice
