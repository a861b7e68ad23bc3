"""The delivery ledger under Slack's faults: every post on a schedule or a click lands once.

fake.fail(method, status=500, processed=True) means Slack posted and then answered 500;
processed=False means nothing was posted. The jobs run with the client the clock builds
(bot.slack_client.make_client, retries and all), as in production.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select, update

from bot import clock
from bot.app import Runtime
from bot.db import session_scope
from bot.models import CrossUnitThread, Delivery, JobRun
from bot.services.deliveries import TokenRefused
from bot.slack_client import make_client
from jobs import cross_unit_threads
from jobs.scheduler import JobFailed, run_job
from jobs.weekly_prompts import SEND_WORKERS
from tests.conftest import BOT_TOKEN, RunningApp
from tests.test_admin import ADMIN, home_text
from tests.test_admin import org_app as admin_app
from tests.test_threads import (
    ANNA,
    CHANNEL,
    GUSTAV,
    MONDAY,
    daily,
    log,
    org_app,
    replies,
    roots,
    two_areas,
)

__all__ = ["admin_app", "org_app"]

# Followed up fourteen days after MONDAY: a working day (never a closed one) in every run.
FOLLOW_UP_DAY = MONDAY + timedelta(days=14)
GROWN = {
    "barrier_text": "Unge med angst kommer ikke i gang med job, mens de venter",
    "barrier_situation": "En ung på 19 med angst uden job og uddannelse, bor alene",
}


def clock_client(app: RunningApp) -> WebClient:
    """The client the clock process uses (with its retry handlers)."""
    return make_client(app.settings, BOT_TOKEN)


def weekly(app: RunningApp, days: int = 0) -> str:
    with session_scope(app.sessions) as session:
        return cross_unit_threads.run(
            session, clock_client(app), MONDAY + timedelta(days=days), settings=app.settings
        )


def follow_up(app: RunningApp, days: int = 14) -> str:
    with session_scope(app.sessions) as session:
        return cross_unit_threads.follow_up(
            session, clock_client(app), MONDAY + timedelta(days=days), settings=app.settings
        )


def mentions(app: RunningApp, user: str) -> int:
    """How many bot messages in #tvaers mention `user`."""
    return sum(
        f"<@{user}>" in str(m.get("blocks") or m.get("text")) for m in app.fake.messages(CHANNEL)
    )


def ledger(app: RunningApp, kind: str) -> list[Delivery]:
    with app.session() as session:
        return list(session.scalars(select(Delivery).where(Delivery.kind == kind)))


# -- thread roots ----------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "times"), [(500, 1), (503, 2)])
def test_a_root_slack_posted_before_answering_5xx_is_posted_once(
    org_app: RunningApp, status: int, times: int
) -> None:
    two_areas(org_app)
    org_app.fake.fail("chat.postMessage", status=status, processed=True, times=times)
    summary = weekly(org_app)
    assert "opened 1 thread(s)" in summary
    for days in (7, 14):
        weekly(org_app, days)
    assert len(roots(org_app)) == 1
    assert [d.state for d in ledger(org_app, "thread-root")] == ["sent"]
    with org_app.session() as session:
        [thread] = session.scalars(select(CrossUnitThread))
        assert thread.root_ts == roots(org_app)[0]["ts"]


def test_a_root_refused_with_5xx_before_posting_is_posted_by_the_next_run(
    org_app: RunningApp,
) -> None:
    two_areas(org_app)
    org_app.fake.fail("chat.postMessage", status=500, processed=False)
    first = weekly(org_app)
    assert roots(org_app) == [] and "tried next run" in first
    weekly(org_app, 7)
    weekly(org_app, 8)
    assert len(roots(org_app)) == 1


def test_a_root_whose_channel_cannot_be_read_after_a_5xx_is_never_posted_again(
    org_app: RunningApp,
) -> None:
    two_areas(org_app)
    org_app.fake.fail("chat.postMessage", status=500, processed=True)
    org_app.fake.fail("conversations.history", status=500, times=3)
    summary = weekly(org_app)
    assert "may have been posted" in summary
    for days in (7, 14, 21):
        weekly(org_app, days)
    assert len(roots(org_app)) == 1
    assert [d.state for d in ledger(org_app, "thread-root")] == ["unknown"]


# -- growth notes and follow-ups -------------------------------------------------------------


def test_a_growth_note_slack_posted_before_a_500_is_posted_once(org_app: RunningApp) -> None:
    two_areas(org_app)
    weekly(org_app)
    [root] = roots(org_app)
    log(org_app, ANNA, GROWN)
    org_app.fake.fail("chat.postMessage", status=500, processed=True)
    weekly(org_app, 7)
    weekly(org_app, 9)
    [note] = replies(org_app, root)
    assert f"<@{ANNA}>" in str(note["blocks"])


def test_a_follow_up_slack_posted_before_503s_is_posted_once(org_app: RunningApp) -> None:
    two_areas(org_app)
    weekly(org_app)
    [root] = roots(org_app)
    org_app.fake.fail("chat.postMessage", status=503, processed=True, times=2)
    follow_up(org_app, 14)
    follow_up(org_app, 15)
    daily(org_app, FOLLOW_UP_DAY + timedelta(days=2))
    assert len(replies(org_app, root)) == 1


def test_a_follow_up_refused_before_posting_comes_the_next_day(org_app: RunningApp) -> None:
    two_areas(org_app)
    weekly(org_app)
    [root] = roots(org_app)
    org_app.fake.fail("chat.postMessage", status=500, processed=False)
    follow_up(org_app, 14)
    assert replies(org_app, root) == []
    follow_up(org_app, 15)
    follow_up(org_app, 16)
    assert len(replies(org_app, root)) == 1


# -- a refused token -------------------------------------------------------------------------


def test_a_revoked_token_stops_the_cross_unit_run_at_the_first_post(org_app: RunningApp) -> None:
    two_areas(org_app)
    org_app.fake.fail("chat.postMessage", error="token_revoked")
    with pytest.raises(TokenRefused):
        weekly(org_app)
    assert len(org_app.fake.calls_to("chat.postMessage")) == 1
    # Reinstalled: the thread is posted, once.
    weekly(org_app, 7)
    assert len(roots(org_app)) == 1


def test_invalid_auth_stops_the_weekly_prompts_at_once_and_app_home_says_so(
    admin_app: RunningApp,
) -> None:
    from tests.test_reflection import MANAGERS, local

    runtime = Runtime(admin_app.settings, admin_app.engine, admin_app.sessions)
    admin_app.fake.fail("chat.postMessage", error="invalid_auth")
    with pytest.raises(JobFailed):
        run_job("weekly-prompts", runtime, clock_client(admin_app), local("2026-12-07 09:00"))
    # At most the sends already under way when Slack said no; never one call per manager.
    assert len(admin_app.fake.calls_to("chat.postMessage")) <= SEND_WORKERS < MANAGERS
    with admin_app.session() as session:
        [run] = session.scalars(select(JobRun).where(JobRun.name == "weekly-prompts"))
        assert run.ok is False and "invalid_auth" in (run.summary or "")
    text = home_text(admin_app, ADMIN)
    assert ":x: `weekly-prompts` fejlede" in text and "invalid_auth" in text


def test_the_clock_client_retries_a_read_after_a_5xx_but_never_a_post(
    org_app: RunningApp,
) -> None:
    slack = clock_client(org_app)
    org_app.fake.fail("conversations.info", status=503)
    assert slack.conversations_info(channel=CHANNEL)["ok"]
    org_app.fake.fail("chat.postMessage", status=500, processed=True)
    with pytest.raises(SlackApiError):
        slack.chat_postMessage(channel=ANNA, text="Hej")
    assert len(org_app.fake.messages(ANNA)) == 1


def test_escalation_dms_after_5xx_reach_each_director_once(org_app: RunningApp) -> None:
    from tests.test_threads import SOFIE, TOBIAS, click, working
    from tests.test_threads_follow_up import followed_up

    _root, question = followed_up(org_app)
    # The first DM is posted before Slack answers 500; the second is not posted at all.
    org_app.fake.fail("chat.postMessage", status=500, processed=True)
    org_app.fake.fail("chat.postMessage", status=500, processed=False)
    click(org_app, GUSTAV, question, "Kræver direktionen")
    org_app.fake.clear_faults()
    next_pass = working(clock.now() + timedelta(hours=1))
    assert "told directors about 1 escalated thread(s)" in daily(org_app, next_pass)
    for director in (SOFIE, TOBIAS):
        dms = [
            m
            for m in org_app.fake.messages(director)
            if "En tråd på tværs kræver direktionen" in str(m.get("text"))
        ]
        assert len(dms) == 1, director
    assert "told directors" not in daily(org_app, next_pass + timedelta(hours=1))


def test_a_root_whose_sender_died_after_slack_posted_it_is_recorded_not_posted_again(
    org_app: RunningApp,
) -> None:
    two_areas(org_app)
    weekly(org_app)
    [root] = roots(org_app)
    # What a clock killed right after chat.postMessage leaves: a claim, no outcome, no ts.
    with session_scope(org_app.sessions) as session:
        session.execute(
            update(CrossUnitThread).values(root_ts=None, posted_at=None, claimed_at=MONDAY)
        )
        session.execute(update(Delivery).values(state="claimed", ts=None, sent_at=None))
    weekly(org_app, 1)
    weekly(org_app, 7)
    assert roots(org_app) == [root]
    with org_app.session() as session:
        [thread] = session.scalars(select(CrossUnitThread))
        assert thread.root_ts == root["ts"]
    assert [d.state for d in ledger(org_app, "thread-root")] == ["sent"]
