"""Replies written in the DM, through the app over real HTTP: stored once, confirmed with a
reaction, edits and deletes followed, other subtypes ignored, CPR numbers never stored."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import ReflectionPrompt, ReflectionReply
from tests.conftest import RunningApp, add_org_users, import_example_org
from tests.test_reflection import ANNA, BO, local, prompts_to, tick

MONDAY = local("2026-12-07 09:00")


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """The app with Tværby Kommune imported."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    return app


@pytest.fixture
def prompted(org_app: RunningApp) -> RunningApp:
    """Every manager got the prompt of week 50."""
    tick(org_app.sessions, org_app.fake, MONDAY)
    return org_app


def prompt_row(app: RunningApp, user: str = ANNA, period: str | None = None) -> ReflectionPrompt:
    """A manager's prompt row (the latest, or the one of `period`), with its replies."""
    with app.session() as session:
        query = select(ReflectionPrompt).where(ReflectionPrompt.user_id == user)
        if period is not None:
            query = query.where(ReflectionPrompt.period == period)
        prompt = session.scalars(query.order_by(ReflectionPrompt.due_at.desc())).first()
        assert prompt is not None
        _ = list(prompt.replies)
        return prompt


def replies(app: RunningApp) -> list[ReflectionReply]:
    """Every stored reply."""
    with app.session() as session:
        return list(session.scalars(select(ReflectionReply).order_by(ReflectionReply.id)))


def dm_channel(app: RunningApp, user: str = ANNA) -> str:
    """The bot's DM with the manager, as recorded when the prompt went out."""
    channel = prompt_row(app, user).channel_id
    assert channel is not None
    return channel


def write(
    app: RunningApp,
    text: str,
    *,
    user: str = ANNA,
    thread_ts: str | None = None,
    event_id: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The manager writes in the DM: the message lands in Slack, then its event reaches the app."""
    channel = dm_channel(app, user)
    message = app.fake.add_message(channel, user=user, text=text, thread_ts=thread_ts)
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": message["ts"],
        "client_msg_id": message["client_msg_id"],
        "team": app.fake.team_id,
        "channel_type": "im",
        "event_ts": message["ts"],
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = "U0BOT"
    assert app.sender.event(event, event_id=event_id).status == 200
    return message, event


def edit(app: RunningApp, event: dict[str, Any], new_text: str) -> None:
    """The manager edits a message they wrote (Slack sends message_changed)."""
    ts = f"{clock.timestamp():.6f}"
    changed = {k: v for k, v in event.items() if k not in ("channel", "channel_type", "event_ts")}
    app.sender.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": event["channel"],
            "hidden": True,
            "message": {**changed, "text": new_text, "edited": {"user": event["user"], "ts": ts}},
            "previous_message": changed,
            "channel_type": "im",
            "ts": ts,
            "event_ts": ts,
        }
    )


def delete(app: RunningApp, event: dict[str, Any]) -> None:
    """The manager deletes a message they wrote (Slack sends message_deleted)."""
    ts = f"{clock.timestamp():.6f}"
    previous = {k: v for k, v in event.items() if k not in ("channel", "channel_type", "event_ts")}
    app.sender.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": event["channel"],
            "hidden": True,
            "deleted_ts": event["ts"],
            "previous_message": previous,
            "channel_type": "im",
            "ts": ts,
            "event_ts": ts,
        }
    )


def reactions_on(app: RunningApp, message: dict[str, Any], user: str = ANNA) -> list[str]:
    """The reactions the bot left on a message in the DM."""
    for stored in app.fake.messages(user):
        if stored["ts"] == message["ts"]:
            return [r["name"] for r in stored.get("reactions", []) if "U0BOT" in r["users"]]
    raise LookupError(message["ts"])


def bot_posts_after_prompts(app: RunningApp, user: str = ANNA) -> list[dict[str, Any]]:
    """Messages the bot posted in the DM other than the prompts themselves."""
    prompts = {m["ts"] for m in prompts_to(app.fake, user)}
    return [m for m in app.fake.messages(user) if m.get("bot_id") and m["ts"] not in prompts]


def shown_prompt(app: RunningApp, user: str = ANNA) -> str:
    """The prompt message as the manager sees it now (after any chat.update)."""
    return json.dumps(prompts_to(app.fake, user)[-1]["blocks"], ensure_ascii=False)


# -- replies ----------------------------------------------------------------------------------


def test_a_reply_in_the_dm_is_saved_and_confirmed_with_a_reaction(prompted: RunningApp) -> None:
    message, _ = write(prompted, "Unge i ressourceforløb mangler én indgang til kommunen")
    [reply] = replies(prompted)
    assert reply.text == "Unge i ressourceforløb mangler én indgang til kommunen"
    assert reply.prompt_id == prompt_row(prompted).id
    assert reactions_on(prompted, message) == ["white_check_mark"]
    assert bot_posts_after_prompts(prompted) == []  # a reaction, not a new message
    assert prompt_row(prompted).answered_at is not None
    assert "Tak – dit svar for uge 50 er gemt" in shown_prompt(prompted)
    assert "reflection_to_barrier" in shown_prompt(prompted)


def test_slack_encoded_text_is_stored_as_typed(prompted: RunningApp) -> None:
    write(prompted, "Jobcentret &amp; PPR &lt;3 <@U0BO|bo> <!channel>")
    assert replies(prompted)[0].text == "Jobcentret & PPR <3 @bo @channel"


def test_a_reply_in_a_prompts_thread_belongs_to_that_week(prompted: RunningApp) -> None:
    first_ts = prompt_row(prompted).message_ts
    tick(prompted.sessions, prompted.fake, local("2026-12-14 09:00"))
    # Anna answers last week's prompt in its thread, and this week's at the top level.
    write(prompted, "Svar på uge 50", thread_ts=first_ts)
    write(prompted, "Svar på uge 51")
    by_text = {r.text: r.prompt_id for r in replies(prompted)}
    assert by_text["Svar på uge 50"] == prompt_row(prompted, period="2026-W50").id
    assert by_text["Svar på uge 51"] == prompt_row(prompted, period="2026-W51").id


def test_a_retried_event_is_recorded_once(prompted: RunningApp) -> None:
    channel = dm_channel(prompted)
    message = prompted.fake.add_message(channel, user=ANNA, text="Én gang")
    event = {
        "type": "message",
        "channel": channel,
        "user": ANNA,
        "text": "Én gang",
        "ts": message["ts"],
        "client_msg_id": message["client_msg_id"],
        "channel_type": "im",
    }
    prompted.sender.event(event, event_id="Ev0DM1")
    again = prompted.sender.event(event, event_id="Ev0DM1", retry_num=1, retry_reason="timeout")
    assert again.status == 200
    assert len(replies(prompted)) == 1
    assert len(prompted.fake.calls_to("reactions.add")) == 1


def test_a_doubled_event_is_recorded_once(prompted: RunningApp) -> None:
    _, event = write(prompted, "Dobbelt leveret", event_id="Ev0FIRST")
    # Slack delivers the same message again under another event id.
    prompted.sender.event(event, event_id="Ev0SECOND")
    # ... and once more with the same client_msg_id but a new ts (a client resend).
    resent = {**event, "ts": f"{float(event['ts']) + 1:.6f}"}
    prompted.sender.event(resent, event_id="Ev0THIRD")
    assert [r.text for r in replies(prompted)] == ["Dobbelt leveret"]
    assert len(prompted.fake.calls_to("reactions.add")) == 1


def test_an_edit_updates_the_answer_and_a_delete_removes_it(prompted: RunningApp) -> None:
    _, first = write(prompted, "Første udkast")
    _, second = write(prompted, "Andet punkt")
    edit(prompted, first, "Første udkast, rettet")
    assert sorted(r.text for r in replies(prompted)) == ["Andet punkt", "Første udkast, rettet"]
    assert next(r for r in replies(prompted) if r.message_ts == first["ts"]).edited_at is not None
    delete(prompted, second)
    assert [r.text for r in replies(prompted)] == ["Første udkast, rettet"]
    assert prompt_row(prompted).answered_at is not None
    delete(prompted, first)
    assert replies(prompted) == []
    assert prompt_row(prompted).answered_at is None
    assert "Tak – dit svar" not in shown_prompt(prompted)
    assert "reflection_answer" in shown_prompt(prompted)


def test_an_edit_that_changes_nothing_is_not_an_answer(prompted: RunningApp) -> None:
    # A link unfurl or a thread reply also sends message_changed for the user's message.
    _, event = write(prompted, "Uændret")
    edit(prompted, event, "Uændret")
    assert [r.edited_at for r in replies(prompted)] == [None]


@pytest.mark.parametrize(
    "extra",
    [
        {"bot_id": "B0OTHER", "subtype": "bot_message"},
        {"bot_id": "B0OTHER"},
        {"subtype": "file_share"},
        {"subtype": "thread_broadcast"},
        {"subtype": "channel_join"},
        {"subtype": "message_replied"},
        {"subtype": "me_message"},
    ],
)
def test_bot_messages_and_other_subtypes_are_ignored(
    prompted: RunningApp, extra: dict[str, str]
) -> None:
    channel = dm_channel(prompted)
    message = prompted.fake.add_message(channel, user=ANNA, text="Ikke et svar")
    event = {
        "type": "message",
        "channel": channel,
        "user": ANNA,
        "text": "Ikke et svar",
        "ts": message["ts"],
        "channel_type": "im",
        **extra,
    }
    assert prompted.sender.event(event).status == 200
    assert replies(prompted) == []
    assert prompted.fake.calls_to("reactions.add") == []
    assert bot_posts_after_prompts(prompted) == []


def test_a_message_in_a_channel_is_not_a_reflection(prompted: RunningApp) -> None:
    message = prompted.fake.add_message("C0GENERAL", user=ANNA, text="Hej alle")
    event = {
        "type": "message",
        "channel": "C0GENERAL",
        "user": ANNA,
        "text": "Hej alle",
        "ts": message["ts"],
        "channel_type": "channel",
    }
    assert prompted.sender.event(event).status == 200
    assert replies(prompted) == []


def test_a_cpr_number_in_the_dm_is_never_stored_or_echoed(
    prompted: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    message, event = write(prompted, "Borgeren 010190-1234 venter på bolig")
    assert replies(prompted) == []
    assert reactions_on(prompted, message) == []
    [notice] = bot_posts_after_prompts(prompted)
    assert "ikke* gemt" in notice["text"] and "CPR" in notice["text"]
    everything = json.dumps(prompted.fake.calls_to("chat.postMessage")[-1].args, ensure_ascii=False)
    assert "010190" not in everything
    assert all("010190" not in record.getMessage() for record in caplog.records)
    with prompted.session() as session:
        for table in ("reflection_replies", "reflection_prompts", "processed_events"):
            dump = json.dumps([list(r) for r in session.execute(select_all(table))], default=str)
            assert "010190" not in dump
    # Editing the number away stores it after all.
    edit(prompted, event, "Borgeren venter på bolig")
    assert [r.text for r in replies(prompted)] == ["Borgeren venter på bolig"]
    assert reactions_on(prompted, message) == ["white_check_mark"]


def select_all(table: str) -> Any:
    """SELECT * FROM table."""
    from sqlalchemy import table as sql_table
    from sqlalchemy import text

    return select(text("*")).select_from(sql_table(table))


def test_an_edit_adding_a_cpr_number_removes_the_stored_reply(prompted: RunningApp) -> None:
    _, event = write(prompted, "Borgeren venter på bolig")
    edit(prompted, event, "Borgeren 0101901234 venter på bolig")
    assert replies(prompted) == []
    assert "ikke* gemt" in bot_posts_after_prompts(prompted)[-1]["text"]
    assert prompt_row(prompted).answered_at is None


def test_someone_with_no_prompt_gets_a_hint_and_nothing_is_stored(org_app: RunningApp) -> None:
    channel = "D0SOFIE" + secrets.token_hex(2).upper()
    message = org_app.fake.add_message(channel, user="U0SOFIE", text="Hej Tværs")
    event = {
        "type": "message",
        "channel": channel,
        "user": "U0SOFIE",
        "text": "Hej Tværs",
        "ts": message["ts"],
        "channel_type": "im",
    }
    org_app.sender.event(event)
    [hint] = org_app.fake.calls_to("chat.postMessage")
    assert hint.args["channel"] == channel and "/barriere" in hint.args["text"]
    assert replies(org_app) == []
    # A second message the same day gets no second hint.
    again = org_app.fake.add_message(channel, user="U0SOFIE", text="Hallo?")
    org_app.sender.event({**event, "text": "Hallo?", "ts": again["ts"]})
    assert len(org_app.fake.calls_to("chat.postMessage")) == 1


def test_replies_of_two_managers_stay_apart(prompted: RunningApp) -> None:
    write(prompted, "Annas svar")
    write(prompted, "Bos svar", user=BO)
    by_user = {r.user_id: r.text for r in replies(prompted)}
    assert by_user == {ANNA: "Annas svar", BO: "Bos svar"}
    assert prompt_row(prompted, BO).answered_at is not None
