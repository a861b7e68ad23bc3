"""The monthly-digest job against the Slack sandbox: once per channel and month, caught up when
missed, safe to re-run, and honest about what it did."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db import session_scope
from bot.models import Delivery, Item, Workspace
from jobs import JOBS
from jobs.monthly_digest import post_monthly_digests
from sandbox import FakeSlack
from sandbox.server import message_errors
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, add_org_users, import_example_org
from tests.test_digest_world import (
    BO,
    BO_NAME,
    TEAM,
    WORK,
    World,
    build_world,
    has_threads,
    make_now,
    set_area_channel,
)

MONTH = "2026-11"
DIREKTION, BESK = "C0DIREKTION", "C0BESK"


@pytest.fixture
def world(db: sessionmaker[Session], fake: FakeSlack) -> World:
    """November 2026 in Tværby Kommune, a digest channel and an area channel in the sandbox."""
    add_org_users(fake)
    import_example_org(db, fake)
    fake.add_channel(DIREKTION, "direktionen", is_member=True)
    fake.add_channel(BESK, "beskaeftigelse", is_member=True)
    fake.add_channel("C0TVAERS", "tvaers", is_member=True)
    root = fake.add_message("C0TVAERS", user="U0BOT", text="Tråd på tværs")["ts"]
    return build_world(db, MONTH, root_ts=root)


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    """A Web API client aimed at the sandbox."""
    return WebClient(token=BOT_TOKEN, base_url=fake.base_url)


def _run(db: sessionmaker[Session], client: WebClient, now: Any) -> str:
    with session_scope(db) as session:
        return post_monthly_digests(session, client, now)


def _posted(channel: str, month: str) -> Delivery:
    """A digest posted earlier, as the delivery ledger keeps it."""
    key = f"digest:{channel}:{month}"
    return Delivery(team_id=TEAM, key=key, kind="digest", channel_id=channel, state="sent")


def _top_level(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return [
        m for m in fake.messages(channel) if not m.get("thread_ts") or m["thread_ts"] == m["ts"]
    ]


def _posts(fake: FakeSlack) -> list[Any]:
    return [c for c in fake.calls_to("chat.postMessage") if c.ok]


def test_the_digest_is_posted_on_the_first_with_its_chart_in_the_thread(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    set_area_channel(db, WORK, BESK)
    summary = _run(db, client, make_now(MONTH))
    assert summary == (
        "2026-11 posted to C0DIREKTION with its chart; "
        f"2026-11 posted to C0BESK ({WORK}) with its chart"
    )
    [digest] = _top_level(fake, DIREKTION)
    assert message_errors(digest) == []
    text = json.dumps(digest, ensure_ascii=False)
    assert digest["blocks"][0]["text"]["text"] == "Månedens overblik · november 2026"
    assert digest["text"] == (
        "Månedens overblik for november 2026: 5 nye, 3 løst, 3 kræver direktionen."
    )
    assert "*Nye*\\n5 (3 barrierer · 1 potentiale · 1 dilemma)" in text
    if has_threads():
        ts = (world.thread_ts or "").replace(".", "")
        assert f"/archives/C0TVAERS/p{ts}|Se tråden>" in text
    shown = json.dumps([digest["text"], digest["blocks"]], ensure_ascii=False)
    assert BO_NAME not in shown and f'"{BO}"' not in shown and f"<@{BO}>" not in shown
    [effect, chart] = [f for f in fake.files.values() if f["channel"] == DIREKTION]
    # The thread opens with effect; activity (output) comes after it.
    assert effect["name"] == "tvaers-effekt-2026-11.png" and effect["thread_ts"] == digest["ts"]
    assert effect["alt_txt"].startswith("Effekt for Tværby Kommune, ét panel pr. mål og måleenhed.")
    assert chart["thread_ts"] == digest["ts"]
    assert chart["name"] == "tvaers-2026-11.png"
    assert chart["content"].startswith(b"\x89PNG")
    assert chart["alt_txt"].startswith("Aktivitet (output) for Tværby Kommune.")
    assert BO_NAME not in chart["alt_txt"] and BO_NAME.encode() not in chart["content"]
    # The area's own channel gets only the area's items.
    [area] = _top_level(fake, BESK)
    area_text = json.dumps(area, ensure_ascii=False)
    assert f"Kun punkter i {WORK}" in area_text
    assert "*Nye*\\n3 (2 barrierer · 1 dilemma)" in area_text
    with db() as session:
        claims = session.scalars(
            select(Delivery).where(Delivery.kind == "digest").order_by(Delivery.channel_id)
        ).all()
        assert [(c.key, c.channel_id, c.state, c.ts) for c in claims] == [
            (f"digest:{BESK}:{MONTH}", BESK, "sent", area["ts"]),
            (f"digest:{DIREKTION}:{MONTH}", DIREKTION, "sent", digest["ts"]),
        ]


def test_a_rerun_posts_nothing_and_says_so(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    first = _run(db, client, make_now(MONTH))
    assert first.startswith("2026-11 posted to C0DIREKTION")
    posts, uploads = len(_posts(fake)), len(fake.files)
    again = _run(db, client, make_now(MONTH) + timedelta(minutes=20))
    assert again.startswith("2026-11 was already posted to C0DIREKTION at 2026-12-01 07:00 UTC")
    assert again.endswith("nothing posted")
    assert (len(_posts(fake)), len(fake.files)) == (posts, uploads)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The CLI sets up logging for the process; put the test run's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    names = ("slack_sdk", "slack_bolt", "urllib3", "sqlalchemy.engine")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def test_python_m_jobs_run_monthly_digest_is_safe_to_rerun(
    world: World,
    fake: FakeSlack,
    database_url: str,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    from jobs.__main__ import main

    for name, value in {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": database_url,
    }.items():
        monkeypatch.setenv(name, value)
    assert "monthly-digest" in JOBS
    at = ["run", "monthly-digest", "--at", "2026-12-01T08:00:00+01:00"]
    assert main(at) == 0
    assert capsys.readouterr().out.strip() == "2026-11 posted to C0DIREKTION with its chart"
    assert main(at) == 0
    said = capsys.readouterr().out.strip()
    assert said.startswith("2026-11 was already posted to C0DIREKTION") and "nothing posted" in said
    assert len(_top_level(fake, DIREKTION)) == 1


def test_before_eight_on_the_first_the_month_is_not_due(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    with session_scope(db) as session:
        session.add(_posted(DIREKTION, "2026-10"))
    summary = _run(db, client, make_now(MONTH) - timedelta(minutes=1))
    assert summary.startswith("2026-10 was already posted to C0DIREKTION")
    assert _posts(fake) == []


def test_a_missed_run_is_caught_up(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    # The clock was down on the 1st; it comes back on the 3rd. A new channel gets the latest
    # month only, not history.
    summary = _run(db, client, make_now(MONTH) + timedelta(days=2, hours=2))
    assert summary == "2026-11 posted to C0DIREKTION (caught up) with its chart"
    assert len(_top_level(fake, DIREKTION)) == 1


def test_months_missed_since_the_last_digest_are_all_caught_up_oldest_first(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    with session_scope(db) as session:
        session.add(_posted(DIREKTION, "2026-09"))
    summary = _run(db, client, make_now(MONTH) + timedelta(days=2))
    assert summary == (
        "2026-10 posted to C0DIREKTION (caught up) with its chart; "
        "2026-11 posted to C0DIREKTION (caught up) with its chart"
    )
    titles = [m["blocks"][0]["text"]["text"] for m in _top_level(fake, DIREKTION)]
    assert titles == ["Månedens overblik · oktober 2026", "Månedens overblik · november 2026"]


def test_a_refused_post_is_tried_again_by_the_next_run(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", error="not_in_channel")
    summary = _run(db, client, make_now(MONTH))
    assert summary == (
        "2026-11 to C0DIREKTION: Slack refused it (not_in_channel); the next run tries again"
    )
    with db() as session:
        claim = session.scalar(select(Delivery).where(Delivery.kind == "digest"))
        assert claim is not None and (claim.state, claim.error) == ("failed", "not_in_channel")
    summary = _run(db, client, make_now(MONTH) + timedelta(hours=1))
    assert summary == "2026-11 posted to C0DIREKTION (caught up) with its chart"
    assert len(_top_level(fake, DIREKTION)) == 1
    with db() as session:
        claim = session.scalar(select(Delivery).where(Delivery.kind == "digest"))
        assert claim is not None and (claim.state, claim.attempts) == ("sent", 2)


def test_a_digest_refused_a_day_of_hourly_runs_is_given_up_and_said_so(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    with session_scope(db) as session:
        refused = _posted(DIREKTION, MONTH)
        refused.state, refused.attempts, refused.error = "failed", 23, "not_in_channel"
        session.add(refused)
    # The 24th try still goes out; after 24 refusals no run tries again.
    fake.fail("chat.postMessage", error="not_in_channel")
    summary = _run(db, client, make_now(MONTH))
    assert summary.endswith("Slack refused it (not_in_channel); the next run tries again")
    summary = _run(db, client, make_now(MONTH) + timedelta(hours=1))
    assert summary == (
        "2026-11 to C0DIREKTION: Slack refused it 24 times (not_in_channel); given up"
    )
    assert _posts(fake) == []


def test_a_5xx_before_posting_is_posted_by_the_next_run_not_lost_for_the_month(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=500, processed=False)
    summary = _run(db, client, make_now(MONTH))
    assert (
        summary
        == "2026-11 to C0DIREKTION: Slack refused it (internal_error); the next run tries again"
    )
    assert _top_level(fake, DIREKTION) == []
    again = _run(db, client, make_now(MONTH) + timedelta(hours=1))
    assert again == "2026-11 posted to C0DIREKTION (caught up) with its chart"
    assert len(_top_level(fake, DIREKTION)) == 1


def test_a_5xx_after_posting_is_found_in_the_channel_and_never_posted_again(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=500, processed=True)
    summary = _run(db, client, make_now(MONTH))
    assert summary == "2026-11 posted to C0DIREKTION with its chart"
    again = _run(db, client, make_now(MONTH) + timedelta(hours=1))
    assert "2026-11" not in again or "posted" not in again.split("2026-11")[1][:12]
    assert len(_top_level(fake, DIREKTION)) == 1


def test_no_clear_answer_and_an_unreadable_channel_is_never_posted_again(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=500, times=5)
    fake.fail("conversations.history", status=500, times=5)
    summary = _run(db, client, make_now(MONTH))
    assert summary.startswith("2026-11 to C0DIREKTION: may have been posted")
    fake.clear_faults()
    again = _run(db, client, make_now(MONTH) + timedelta(hours=1))
    assert again.startswith("2026-11 to C0DIREKTION: a run at 2026-12-01 07:00 UTC may have")
    assert "nothing posted, to be safe" in again
    # One attempt only: a post that may have reached Slack is never repeated.
    assert len(fake.calls_to("chat.postMessage")) == 1


def test_a_chart_that_cannot_be_uploaded_leaves_the_digest_posted(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    fake.fail("files.getUploadURLExternal", error="not_allowed_token_type", times=2)
    summary = _run(db, client, make_now(MONTH))
    assert summary == (
        "2026-11 posted to C0DIREKTION (effect chart not uploaded: not_allowed_token_type) "
        "(chart not uploaded: not_allowed_token_type)"
    )
    assert len(_top_level(fake, DIREKTION)) == 1


def test_two_clocks_post_once(
    world: World, db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    summaries: list[str] = []
    start = threading.Barrier(2)

    def clock() -> None:
        start.wait()
        summaries.append(
            _run(db, WebClient(token=BOT_TOKEN, base_url=fake.base_url), make_now(MONTH))
        )

    threads = [threading.Thread(target=clock) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(summaries) == 2
    assert len(_top_level(fake, DIREKTION)) == 1
    assert sum("posted to C0DIREKTION" in s and "already" not in s for s in summaries) == 1


def test_no_digest_before_the_workspace_has_anything_then_an_empty_month_is_posted(
    db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    import_example_org(db)
    fake.add_channel(DIREKTION, "direktionen", is_member=True)
    # A new workspace: no "0 nye" for a month before Tværs had anything.
    summary = _run(db, client, make_now(MONTH))
    assert summary == "nothing to post to C0DIREKTION yet: no items and no prompts so far"
    assert _top_level(fake, DIREKTION) == []
    # An item logged in October (and closed then): November, empty, is a month with Tværs.
    with session_scope(db) as session:
        october = make_now("2026-09") + timedelta(days=10)
        session.add(
            Item(
                team_id=TEAM,
                author_id=BO,
                kind="barrier",
                text="Ventetid på tolk",
                status="resolved",
                created_at=october,
                updated_at=october,
                status_changed_at=october,
                closed_at=october,
            )
        )
    summary = _run(db, client, make_now(MONTH))
    # The chart shows October's item in its history.
    assert summary == "2026-11 posted to C0DIREKTION with its chart"
    [digest] = _top_level(fake, DIREKTION)
    assert "Der skete intet i november 2026" in json.dumps(digest, ensure_ascii=False)


def test_without_a_digest_channel_nothing_is_posted(
    db: sessionmaker[Session], client: WebClient, fake: FakeSlack
) -> None:
    import_example_org(db)
    with session_scope(db) as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        workspace.digest_channel = None
    assert _run(db, client, make_now(MONTH)) == (
        "no workspace has a digest channel set; nothing was posted"
    )
    assert fake.calls_to("chat.postMessage") == []
