"""The weekly-prompts job with frozen time: due at 09:00 local in every zone and on both sides of
daylight saving, holidays moved, catch-up after a down clock, exactly once with two clocks, and
what happens when the sender dies between claim and send."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot import clock
from bot.db import make_engine, make_session_factory, session_scope
from bot.models import Person, PromptState, ReflectionPrefs, ReflectionPrompt, Workspace
from bot.services import schedule
from bot.services.calendar import DEFAULT
from bot.services.reflection import Policy
from jobs.weekly_prompts import send_weekly_prompts
from sandbox import FakeSlack
from tests.conftest import BOT_TOKEN, ROOT, add_org_users, import_example_org

CPH = ZoneInfo("Europe/Copenhagen")
ANNA, BO, CAMILLA, DAVID = "U0ANNA", "U0BO", "U0CAMILLA", "U0DAVID"
MANAGERS = 17  # in examples/org.yaml (two of them found by e-mail)


# -- helpers, shared with the other test_reflection_* files -----------------------------------


def local(text: str) -> datetime:
    """A Copenhagen wall-clock time ("2026-03-30 09:00") as an aware UTC moment."""
    return datetime.fromisoformat(text).replace(tzinfo=CPH).astimezone(UTC)


def tick(sessions: sessionmaker[Session], fake: FakeSlack, now: datetime, **kwargs: Any) -> str:
    """Run one weekly-prompts tick as the clock would, as if it were `now`."""
    client = WebClient(token=BOT_TOKEN, base_url=fake.base_url)
    kwargs.setdefault("policy", Policy())
    with session_scope(sessions) as session:
        return send_weekly_prompts(session, client, now, **kwargs)


def prompts_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    """The weekly prompts in a manager's DM, oldest first."""
    return [
        m
        for m in fake.messages(user)
        if m.get("bot_id") and m.get("text", "").startswith("Ugens refleksion")
    ]


def reminders_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    """The reminders in a manager's DM."""
    return [
        m
        for m in fake.messages(user)
        if m.get("bot_id") and m.get("text", "").startswith("Lille påmindelse")
    ]


def rows(sessions: sessionmaker[Session], user: str | None = None) -> list[ReflectionPrompt]:
    """The prompt rows, oldest first."""
    with sessions() as session:
        query = select(ReflectionPrompt).order_by(ReflectionPrompt.due_at, ReflectionPrompt.id)
        if user is not None:
            query = query.where(ReflectionPrompt.user_id == user)
        return list(session.scalars(query))


def upcoming_monday(weeks_ahead: int = 2, clear_weeks: int = 6) -> date:
    """A Monday some weeks after today, followed by `clear_weeks` Mondays that are working days.

    Tests that click buttons (handled at the real time) use it, so their frozen moments are
    always ahead of the real clock.
    """
    today = clock.now().astimezone(CPH).date()
    monday = schedule.monday_of(today) + timedelta(weeks=weeks_ahead)
    while not all(DEFAULT.is_working_day(monday + timedelta(weeks=k)) for k in range(clear_weeks)):
        monday += timedelta(weeks=1)
    return monday


def at_local(day: date, hhmm: str) -> datetime:
    """`day` at a Copenhagen wall-clock time, as UTC."""
    return schedule.local_moment(day, schedule.parse_hhmm(hhmm), CPH)


@pytest.fixture
def org(db: sessionmaker[Session], fake: FakeSlack) -> sessionmaker[Session]:
    """Tværby Kommune imported (everyone in Copenhagen unless a test moves them)."""
    add_org_users(fake)
    import_example_org(db, fake)
    return db


def _sent_between(
    sessions: sessionmaker[Session], fake: FakeSlack, user: str, start: datetime, end: datetime
) -> datetime | None:
    """Tick every five minutes from start to end; the first tick after which `user` had a prompt."""
    before = len(prompts_to(fake, user))
    moment = start
    while moment <= end:
        tick(sessions, fake, moment)
        if len(prompts_to(fake, user)) > before:
            return moment
        moment += timedelta(minutes=5)
    return None


# -- the pure schedule -----------------------------------------------------------------------


def test_the_due_moment_is_nine_local_on_both_sides_of_both_dst_changes() -> None:
    slot = schedule.Slot(weekday=0, at=schedule.parse_hhmm("09:00"), zone=CPH)
    due = {
        monday: slot.due_in_week(monday)
        for monday in (date(2026, 3, 23), date(2026, 3, 30), date(2026, 10, 19), date(2026, 10, 26))
    }
    assert [d.astimezone(CPH).strftime("%H:%M") for d in due.values() if d] == ["09:00"] * 4
    assert [d.strftime("%H:%M") for d in due.values() if d] == ["08:00", "07:00", "07:00", "08:00"]


def test_a_closed_day_moves_the_prompt_to_the_next_working_day() -> None:
    assert schedule.prompt_day(date(2026, 4, 6), 0) == date(2026, 4, 7)  # Easter Monday
    # Ascension Day, then the Friday after it (a usual closing day): the next Monday.
    assert schedule.prompt_day(date(2026, 5, 11), 3) == date(2026, 5, 18)
    # Maundy Thursday, Good Friday, Easter Monday: Thursday's and Friday's prompts come on the
    # Tuesday after, before that week's own.
    assert schedule.prompt_day(date(2026, 3, 30), 3) == date(2026, 4, 7)
    assert schedule.prompt_day(date(2026, 3, 30), 4) == date(2026, 4, 7)
    # Christmas Day on a Friday: the following Monday (28 December is a working day).
    assert schedule.prompt_day(date(2026, 12, 21), 4) == date(2026, 12, 28)
    assert schedule.prompt_day(date(2026, 12, 7), 0) == date(2026, 12, 7)


def test_late_sends_wait_for_working_hours_and_stop_at_the_cut_off() -> None:
    due = local("2026-03-30 09:00")
    cutoff = timedelta(hours=48)
    assert schedule.decide(due, due, CPH, cutoff=cutoff) is schedule.Decision.SEND
    assert schedule.decide(local("2026-03-31 02:00"), due, CPH, cutoff=cutoff) is (
        schedule.Decision.WAIT
    )
    assert schedule.decide(local("2026-03-31 08:00"), due, CPH, cutoff=cutoff) is (
        schedule.Decision.SEND
    )
    assert schedule.decide(local("2026-04-01 09:00"), due, CPH, cutoff=cutoff) is (
        schedule.Decision.TOO_LATE
    )


def test_a_reminder_skips_closed_days_and_never_meets_the_next_prompt() -> None:
    assert schedule.reminder_due(local("2026-12-07 09:00"), CPH, 3) == (
        local("2026-12-10 09:00"),
        local("2026-12-14 09:00"),
    )
    # Monday 30 March + 3 days is Maundy Thursday; the next working day is Tuesday 7 April,
    # when the next prompt comes (Easter Monday moved it): that prompt is the reminder.
    closes = local("2026-04-07 09:00")
    assert schedule.reminder_due(local("2026-03-30 09:00"), CPH, 3, closes=closes) is None
    # A Friday prompt's reminder comes on Monday, before the next Friday's prompt.
    assert schedule.reminder_due(
        local("2026-12-11 09:00"), CPH, 3, closes=local("2026-12-18 09:00")
    ) == (local("2026-12-14 09:00"), local("2026-12-18 09:00"))


# -- the job ---------------------------------------------------------------------------------


def test_a_normal_week_one_prompt_each_at_nine(org: sessionmaker[Session], fake: FakeSlack) -> None:
    tick(org, fake, local("2026-12-07 08:55"))
    assert prompts_to(fake, ANNA) == []
    summary = tick(org, fake, local("2026-12-07 09:00"))
    assert f"prompts: {MANAGERS} sent" in summary
    for later in ("2026-12-07 09:05", "2026-12-07 14:00", "2026-12-09 09:00"):
        tick(org, fake, local(later))
    [prompt] = prompts_to(fake, ANNA)
    assert "Hej Anna" in prompt["blocks"][0]["text"]["text"] and "uge 50" in prompt["text"]
    shown = str(prompt["blocks"])
    for question in ("særligt behov", "Hvilke barrierer ser du?", "hjælpe løsningen på vej"):
        assert question in shown
    buttons = [e.get("action_id") for e in prompt["blocks"][-1]["elements"]]
    assert buttons == [
        "reflection_answer",
        "reflection_skip",
        "reflection_pause",
        "reflection_pause_date",
    ]
    # Directors and the admin get none; every manager exactly one, recorded with channel and ts.
    assert prompts_to(fake, "U0SOFIE") == [] and prompts_to(fake, "U0ADMIN") == []
    stored = rows(org)
    assert len(stored) == MANAGERS and {r.state for r in stored} == {"sent"}
    anna = next(r for r in stored if r.user_id == ANNA)
    [post] = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == ANNA]
    assert (anna.period, anna.channel_id, anna.message_ts) == (
        "2026-W50",
        post.response["channel"],
        prompt["ts"],
    )
    assert len(fake.calls_to("chat.postMessage")) == MANAGERS
    assert len(fake.calls_to("users.info")) == MANAGERS  # time zones asked once, then kept


def test_a_manager_in_another_time_zone_gets_it_at_nine_their_time(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    fake.add_user(ANNA, name="Anna Holm", tz="America/New_York")
    fake.add_user(BO, name="Bo Jensen", tz="Asia/Tokyo")
    # Tokyo's Monday 09:00 is Monday 01:00 in Copenhagen; New York's is 15:00.
    assert _sent_between(org, fake, BO, local("2026-12-06 23:00"), local("2026-12-07 02:00")) == (
        local("2026-12-07 01:00")
    )
    assert prompts_to(fake, ANNA) == []
    assert _sent_between(org, fake, ANNA, local("2026-12-07 14:00"), local("2026-12-07 16:00")) == (
        local("2026-12-07 15:00")
    )
    with org() as session:
        tz = dict(session.execute(select(Person.user_id, Person.tz)).all())
    assert (tz[ANNA], tz[BO], tz[CAMILLA]) == (
        "America/New_York",
        "Asia/Tokyo",
        "Europe/Copenhagen",
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [("2026-03-23", "2026-03-30"), ("2026-10-19", "2026-10-26")],
    ids=["spring-forward-2026-03-29", "fall-back-2026-10-25"],
)
def test_nine_local_on_both_sides_of_a_dst_weekend(
    org: sessionmaker[Session], fake: FakeSlack, before: str, after: str
) -> None:
    for monday in (before, after):
        sent = _sent_between(org, fake, ANNA, local(f"{monday} 08:30"), local(f"{monday} 09:30"))
        assert sent == local(f"{monday} 09:00")
        assert sent is not None and sent.astimezone(CPH).strftime("%H:%M") == "09:00"
    # The UTC moments differ by an hour; the wall clock does not.
    first, second = (r.due_at for r in rows(org, ANNA))
    assert {first.hour, second.hour} == {7, 8}
    assert len(prompts_to(fake, ANNA)) == 2


def test_a_sunday_slot_on_the_dst_sunday_comes_on_monday_at_its_time(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    with session_scope(org) as session:
        session.get(Workspace, "T0TVAERS").prompt_weekday = 6  # type: ignore[union-attr]
    for sunday, monday in (("2026-03-29", "2026-03-30"), ("2026-10-25", "2026-10-26")):
        on_sunday = local(f"{sunday} 08:30"), local(f"{sunday} 09:30")
        assert _sent_between(org, fake, ANNA, *on_sunday) is None
        sent = _sent_between(org, fake, ANNA, local(f"{monday} 08:30"), local(f"{monday} 09:30"))
        assert sent == local(f"{monday} 09:00")


def test_easter_monday_moves_the_prompt_to_tuesday(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    for moment in ("2026-04-06 09:00", "2026-04-06 15:00", "2026-04-07 08:55"):
        tick(org, fake, local(moment))
    assert prompts_to(fake, ANNA) == []
    tick(org, fake, local("2026-04-07 09:00"))
    assert len(prompts_to(fake, ANNA)) == 1
    assert {r.period for r in rows(org)} == {"2026-W15"}
    assert rows(org, ANNA)[0].due_at == local("2026-04-07 09:00")


def test_a_clock_down_on_monday_catches_up_on_tuesday_in_working_hours(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    # The clock died Sunday night and comes back at 02:00 on Tuesday: not at 2 a.m.
    summary = tick(org, fake, local("2026-12-08 02:00"))
    assert prompts_to(fake, ANNA) == []
    assert f"{MANAGERS} waiting for working hours" in summary
    tick(org, fake, local("2026-12-08 07:55"))
    assert prompts_to(fake, ANNA) == []
    summary = tick(org, fake, local("2026-12-08 08:00"))
    assert f"prompts: {MANAGERS} sent" in summary
    tick(org, fake, local("2026-12-08 08:05"))
    assert len(prompts_to(fake, ANNA)) == 1


def test_after_the_cut_off_the_week_is_skipped_and_logged_once(
    org: sessionmaker[Session], fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    tick(org, fake, local("2026-11-30 09:00"))  # a normal week
    caplog.set_level(logging.WARNING, logger="bot")
    # The clock is down from Sunday until Wednesday 10:00: 49 hours late, past the cut-off.
    summary = tick(org, fake, local("2026-12-09 10:00"), policy=Policy(catchup=timedelta(hours=48)))
    assert f"{MANAGERS} missed" in summary
    tick(org, fake, local("2026-12-09 10:05"))
    assert len(prompts_to(fake, ANNA)) == 1
    assert {r.state for r in rows(org) if r.period == "2026-W50"} == {PromptState.MISSED.value}
    skipped = [
        r for r in caplog.records if "U0ANNA" in r.getMessage() and "skipped" in r.getMessage()
    ]
    assert len(skipped) == 1 and "2026-W50" in skipped[0].getMessage()
    # The next week goes out as usual.
    tick(org, fake, local("2026-12-14 09:00"))
    assert len(prompts_to(fake, ANNA)) == 2


def test_a_new_install_reports_no_missed_weeks(
    org: sessionmaker[Session], fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    # The first tick ever runs late on a Wednesday: last week's prompt was never anyone's.
    caplog.set_level(logging.WARNING, logger="bot")
    summary = tick(org, fake, local("2026-03-25 10:00"))
    assert "0 missed" in summary and rows(org) == []
    assert not caplog.records


def _two_clocks(database_url: str, fake: FakeSlack, now: datetime) -> list[str]:
    """Two clocks, each with its own engine (as two processes would have), ticking at once."""
    start = threading.Barrier(2)
    summaries: list[str] = []
    errors: list[BaseException] = []

    def clock() -> None:
        engine = make_engine(database_url)
        try:
            start.wait()
            summaries.append(tick(make_session_factory(engine), fake, now, workers=4))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=clock) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return summaries


def test_two_clocks_at_once_send_each_manager_one_prompt(
    org: sessionmaker[Session], fake: FakeSlack, engine: Engine, database_url: str
) -> None:
    # On PostgreSQL (TEST_DATABASE_URL) the losing insert waits for the winner's commit and
    # fails on the unique key; on SQLite the writers queue. Either way: one prompt each.
    for week in range(3):
        now = local("2026-12-07 09:05") + timedelta(weeks=week)
        summaries = _two_clocks(database_url, fake, now)
        sent = sum(int(s.split("prompts: ")[1].split(" sent")[0]) for s in summaries)
        assert sent == MANAGERS, (engine.dialect.name, summaries)
    with org() as session:
        users = session.scalars(select(Person.user_id).where(Person.role == "manager")).all()
    for user in users:
        assert len(prompts_to(fake, user)) == 3, user
    assert len(fake.calls_to("chat.postMessage")) == 3 * MANAGERS


def test_a_refused_send_is_retried_by_the_next_tick_once(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", error="internal_error")  # HTTP 200, ok: false: not posted
    summary = tick(org, fake, local("2026-12-07 09:00"), workers=1)
    assert "1 refused" in summary
    refused = [r for r in rows(org) if r.state == PromptState.RETRY.value]
    assert len(refused) == 1 and refused[0].error == "internal_error"
    tick(org, fake, local("2026-12-07 09:05"))
    tick(org, fake, local("2026-12-07 09:10"))
    assert {r.state for r in rows(org)} == {"sent"}
    for user in {r.user_id for r in rows(org)}:
        assert len(prompts_to(fake, user)) == 1


def test_rate_limits_are_waited_out_and_nothing_doubles(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=1, times=2)
    summary = tick(org, fake, local("2026-12-07 09:00"))
    assert f"prompts: {MANAGERS} sent" in summary and "429s: 2" in summary
    assert all(len(prompts_to(fake, r.user_id)) == 1 for r in rows(org))


def test_a_5xx_after_slack_posted_is_found_in_the_dm_and_never_resent(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=500, processed=True)
    summary = tick(org, fake, local("2026-12-07 09:00"), workers=1)
    assert f"prompts: {MANAGERS} sent" in summary and "0 without answer" in summary
    for minutes in (5, 30, 120):
        tick(org, fake, local("2026-12-07 09:00") + timedelta(minutes=minutes))
    assert all(len(prompts_to(fake, r.user_id)) == 1 for r in rows(org))
    assert {r.state for r in rows(org)} == {PromptState.SENT.value}
    assert all(r.message_ts for r in rows(org))


def test_a_5xx_with_nothing_posted_is_sent_by_a_later_tick_once(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=503, times=3)
    summary = tick(org, fake, local("2026-12-07 09:00"), workers=1)
    assert "3 refused (retried later)" in summary
    for minutes in (5, 30, 120):
        tick(org, fake, local("2026-12-07 09:00") + timedelta(minutes=minutes))
    assert all(len(prompts_to(fake, r.user_id)) == 1 for r in rows(org))
    assert {r.state for r in rows(org)} == {PromptState.SENT.value}


def test_bursts_of_429_and_5xx_during_a_fan_out_deliver_everything_once(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=1, times=2)
    fake.fail("chat.postMessage", status=500, processed=True, times=2)  # posted, then 500
    fake.fail("chat.postMessage", status=502, times=2)  # nothing posted
    fake.fail("chat.postMessage", status=429, retry_after=1)
    for minutes in (0, 5, 30):
        tick(org, fake, local("2026-12-07 09:00") + timedelta(minutes=minutes), workers=2)
    assert all(len(prompts_to(fake, r.user_id)) == 1 for r in rows(org))
    assert len(rows(org)) == MANAGERS
    assert {r.state for r in rows(org)} == {PromptState.SENT.value}


def test_no_answer_that_cannot_be_checked_is_never_resent(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    # The DM cannot be read either: it may have been posted, so at most once wins.
    fake.fail("chat.postMessage", status=500)
    fake.fail("conversations.history", status=500)
    summary = tick(org, fake, local("2026-12-07 09:00"), workers=1)
    assert "1 without answer" in summary
    [unknown] = [r for r in rows(org) if r.state == PromptState.UNKNOWN.value]
    for minutes in (5, 30, 120):
        tick(org, fake, local("2026-12-07 09:00") + timedelta(minutes=minutes))
    assert prompts_to(fake, unknown.user_id) == []
    assert len(fake.calls_to("chat.postMessage")) == MANAGERS


_DYING_CLOCK = """
import sys
from datetime import datetime
from slack_sdk import WebClient
from bot.db import make_engine, make_session_factory, session_scope
from bot.services.reflection import Policy
from jobs.weekly_prompts import send_weekly_prompts
url, api, at = sys.argv[1:4]
sessions = make_session_factory(make_engine(url))
with session_scope(sessions) as session:
    send_weekly_prompts(session, WebClient(token="xoxb-sandbox", base_url=api),
                        datetime.fromisoformat(at), policy=Policy(), workers=1)
"""


def _only_anna(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        session.execute(update(Person).where(Person.user_id != ANNA).values(active=False))


def test_a_clock_killed_between_claim_and_record_never_sends_twice(
    org: sessionmaker[Session],
    fake: FakeSlack,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _only_anna(org)
    now = local("2026-12-07 09:00")
    # Slack takes three seconds to answer; the clock process is killed while it waits, after
    # Slack has the request: the message lands in the DM, the ts is never recorded.
    fake.fail("chat.postMessage", delay=3.0)
    clock = subprocess.Popen(
        [sys.executable, "-c", _DYING_CLOCK, database_url, fake.base_url, now.isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 20
        while not rows(org, ANNA) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rows(org, ANNA), "the clock never claimed"
        time.sleep(0.7)  # the request is out and Slack is "thinking"
    finally:
        clock.kill()
        clock.wait(timeout=10)
    fake.wait_for_call("chat.postMessage", timeout=10)
    assert len(prompts_to(fake, ANNA)) == 1
    [claim] = rows(org, ANNA)
    assert (claim.state, claim.message_ts) == (PromptState.CLAIMED.value, None)
    # Five minutes on, another sender may still be at work: left alone.
    tick(org, fake, now + timedelta(minutes=5))
    assert rows(org, ANNA)[0].state == PromptState.CLAIMED.value
    # Later it is judged a death; the DM shows the message landed: recorded as sent, not resent.
    tick(org, fake, now + timedelta(minutes=20))
    tick(org, fake, now + timedelta(hours=3))
    [claim] = rows(org, ANNA)
    assert claim.state == PromptState.SENT.value
    assert claim.message_ts == prompts_to(fake, ANNA)[0]["ts"]
    assert len(prompts_to(fake, ANNA)) == 1
    # The next week is a fresh claim and goes out as usual.
    tick(org, fake, now + timedelta(weeks=1))
    assert len(prompts_to(fake, ANNA)) == 2


def test_a_sender_that_died_before_posting_is_finished_by_a_later_tick_once(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    _only_anna(org)
    now = local("2026-12-07 09:00")
    # What a process killed right after its claim leaves behind: a claim, and nothing in the DM.
    with session_scope(org) as session:
        session.add(
            ReflectionPrompt(
                team_id="T0TVAERS",
                user_id=ANNA,
                period="2026-W50",
                state=PromptState.CLAIMED.value,
                due_at=now,
                claimed_at=now,
            )
        )
    tick(org, fake, now + timedelta(minutes=5))
    assert prompts_to(fake, ANNA) == []  # another sender may still be at work
    for minutes in (20, 25, 60):
        tick(org, fake, now + timedelta(minutes=minutes))
    assert len(prompts_to(fake, ANNA)) == 1
    assert rows(org, ANNA)[0].state == PromptState.SENT.value


def test_a_dead_sender_whose_dm_cannot_be_read_is_never_resent(
    org: sessionmaker[Session], fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    _only_anna(org)
    now = local("2026-12-07 09:00")
    with session_scope(org) as session:
        session.add(
            ReflectionPrompt(
                team_id="T0TVAERS",
                user_id=ANNA,
                period="2026-W50",
                state=PromptState.CLAIMED.value,
                due_at=now,
                claimed_at=now,
            )
        )
    fake.fail("conversations.history", status=500, times=5)
    caplog.set_level(logging.WARNING, logger="bot")
    tick(org, fake, now + timedelta(minutes=20))
    tick(org, fake, now + timedelta(hours=3))
    assert rows(org, ANNA)[0].state == PromptState.UNKNOWN.value
    assert any("U0ANNA" in r.getMessage() and "died" in r.getMessage() for r in caplog.records)
    assert prompts_to(fake, ANNA) == []


def test_paused_and_inactive_managers_get_nothing(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    with session_scope(org) as session:
        session.execute(update(Person).where(Person.user_id == BO).values(active=False))
        session.add(ReflectionPrefs(team_id="T0TVAERS", user_id=ANNA, paused_indefinitely=True))
    summary = tick(org, fake, local("2026-12-07 09:00"))
    assert f"prompts: {MANAGERS - 2} sent" in summary and "1 paused" in summary
    assert prompts_to(fake, ANNA) == [] and prompts_to(fake, BO) == []


def test_the_jobs_cli_runs_one_tick_as_if_at_a_moment(
    org: sessionmaker[Session], fake: FakeSlack, database_url: str
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "cli-secret",
        "SLACK_API_URL": fake.base_url,
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobs",
            "run",
            "weekly-prompts",
            "--at",
            "2026-12-07T09:05:00+01:00",
        ],
        cwd="/tmp",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"prompts: {MANAGERS} sent" in done.stdout
    assert len(prompts_to(fake, ANNA)) == 1


@pytest.mark.parametrize("value", ["0", "145", "two", "-3"])
def test_a_bad_catch_up_setting_names_the_variable(value: str) -> None:
    from bot.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match="REFLECTION_CATCHUP_HOURS"):
        load_settings({"REFLECTION_CATCHUP_HOURS": value}, require_slack=False)
    settings = load_settings({"REFLECTION_CATCHUP_HOURS": "24"}, require_slack=False)
    assert Policy.from_settings(settings).catchup == timedelta(hours=24)
