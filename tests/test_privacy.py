"""A person's own data (export, erasure), retention, and uninstalling: for a Danish DPO."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import clock
from bot.db import session_scope
from bot.models import (
    Base,
    Item,
    ItemEvent,
    Person,
    ReflectionPrompt,
    ReflectionReply,
    Workspace,
)
from bot.services.privacy import expire_free_text, purge_uninstalled
from tests.conftest import ROOT, RunningApp, add_org_users, import_example_org

ANNA, BO = "U0ANNA", "U0BO"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """The app with Tværby Kommune imported and a little history for Anna and Bo."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.sender.command("Annas barriere om ventetid i psykiatrien", user_id=ANNA)
    app.sender.command("potentiale Bos fælles træningstilbud", user_id=BO)
    with session_scope(app.sessions) as session:
        prompt = ReflectionPrompt(
            team_id=app.fake.team_id,
            user_id=ANNA,
            period="2026-W48",
            state="sent",
            due_at=NOW - timedelta(days=7),
            channel_id="D0ANNA",
            message_ts="1.000100",
            answer_need="Unge mellem skole og job",
            answer_barriers="Hver sin plan",
            answer_action="Ringe til PPR",
            answered_at=NOW - timedelta(days=6),
        )
        session.add(prompt)
        session.flush()
        session.add(
            ReflectionReply(
                team_id=app.fake.team_id,
                prompt_id=prompt.id,
                user_id=ANNA,
                channel_id="D0ANNA",
                message_ts="2.000100",
                text="Også boligen spiller ind",
            )
        )
    return app


def _files_for(app: RunningApp, user: str) -> dict[str, bytes]:
    dm = app.fake.last("conversations.open")
    assert dm is not None and dm.args["users"] == user
    channel = dm.response["channel"]["id"]
    return {f["name"]: f["content"] for f in app.fake.files.values() if f["channel"] == channel}


def test_mine_data_sends_everything_as_json_and_csv(org_app: RunningApp) -> None:
    answer = org_app.sender.command("mine data", user_id=ANNA).json()
    assert answer["response_type"] == "ephemeral"
    assert "Slet mine data" in json.dumps(answer, ensure_ascii=False)
    files = _files_for(org_app, ANNA)
    assert set(files) == {"tvaers-mine-data.json", "tvaers-mine-data.csv"}
    data = json.loads(files["tvaers-mine-data.json"])
    assert data["person"]["unit"] == "Jobcentret" and data["person"]["role"] == "manager"
    assert [i["text"] for i in data["items"]] == ["Annas barriere om ventetid i psykiatrien"]
    [reflection] = data["reflections"]
    assert reflection["barriers"] == "Hver sin plan"
    assert reflection["replies_in_dm"][0]["text"] == "Også boligen spiller ind"
    rows = list(csv.reader(io.StringIO(files["tvaers-mine-data.csv"].decode())))
    assert rows[0] == ["what", "id_or_week", "date", "field", "text"]
    assert rows[-1][:2] == ["reflection", "2026-W48"] and rows[-1][-1] == "Også boligen spiller ind"
    assert "Bos fælles" not in files["tvaers-mine-data.json"].decode()
    assert data["admin_changes"] == [] and data["cross_unit_thread_answers"] == []


def _erase(app: RunningApp, user: str) -> dict[str, Any]:
    answer = app.sender.command("mine data", user_id=user).json()
    app.sender.block_action(
        user_id=user,
        action_id="privacy_erase",
        value="erase",
        message=answer,
        channel_id="C0GENERAL",
    )
    view = app.fake.calls_to("views.open")[-1].response["view"]
    assert "for altid" in json.dumps(view, ensure_ascii=False)
    result: dict[str, Any] = app.sender.view_submission(view, user_id=user, answers={}).json()
    return result


def test_erasing_deletes_reflections_and_item_text_for_real(org_app: RunningApp) -> None:
    result = _erase(org_app, ANNA)
    assert result["response_action"] == "update"
    shown = json.dumps(result["view"], ensure_ascii=False)
    assert "teksten i 1 punkt, 1 refleksion og 1 besked" in shown
    assert "forbliver som de er" in shown
    with org_app.session() as session:
        annas = session.scalars(select(Item).where(Item.kind == "barrier")).one()
        assert (annas.text, annas.author_id, annas.anonymous) == (None, "erased", True)
        assert annas.status == "open"  # the count survives: one barrier, open
        assert session.scalar(select(func.count()).select_from(ReflectionPrompt)) == 0
        assert session.scalar(select(func.count()).select_from(ReflectionReply)) == 0
        assert (
            session.scalar(
                select(func.count()).select_from(ItemEvent).where(ItemEvent.actor_id == ANNA)
            )
            == 0
        )
        bos = session.scalars(select(Item).where(Item.kind == "potential")).one()
        assert bos.text == "Bos fælles træningstilbud" and bos.author_id == BO
        # Nothing anywhere still holds Anna's words.
        for table in Base.metadata.sorted_tables:
            for row in session.execute(table.select()).all():
                assert "Annas barriere" not in repr(row), table.name
                assert "Hver sin plan" not in repr(row), table.name


def test_retention_removes_old_free_text_and_keeps_the_counts(org_app: RunningApp) -> None:
    with session_scope(org_app.sessions) as session:
        old = session.scalars(select(Item).where(Item.kind == "barrier")).one()
        old.created_at = NOW - timedelta(days=25 * 31)
        old.resolution_note = "gammel note"
        erased = expire_free_text(session=session, now=NOW, months=24)
    assert erased.items == 1
    with org_app.session() as session:
        texts = {i.kind: i.text for i in session.scalars(select(Item))}
        assert texts == {"barrier": None, "potential": "Bos fælles træningstilbud"}
        assert session.scalar(select(func.count()).select_from(Item)) == 2
        # The reflection is a week old: kept.
        assert session.scalar(select(ReflectionPrompt.answer_barriers)) == "Hver sin plan"


def test_the_retention_job_runs_from_the_command_line(org_app: RunningApp) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(
        DATABASE_URL=org_app.settings.database_url,
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN="xoxb-sandbox",
        SLACK_SIGNING_SECRET="x" * 20,
        SLACK_API_URL=org_app.fake.base_url,
        RETENTION_MONTHS="1",
    )
    two_months_on = (clock.now() + timedelta(days=62)).isoformat()
    result = subprocess.run(
        # Two months on: the items and the reflection the test made are then older than a month.
        [sys.executable, "-m", "jobs", "run", "retention", "--at", two_months_on],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "older than 1 months: free text removed from 2 items and 1 reflections" in result.stdout
    with org_app.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(Item).where(Item.text.is_not(None)))
            == 0
        )


def _event(app: RunningApp, event: dict[str, Any]) -> None:
    assert app.sender.event(event).status == 200


def test_uninstall_in_either_order_stops_work_and_purges_after_the_grace_period(
    org_app: RunningApp,
) -> None:
    team = org_app.fake.team_id
    _event(org_app, {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}})
    _event(org_app, {"type": "app_uninstalled"})
    with org_app.session() as session:
        workspace = session.get(Workspace, team)
        assert workspace is not None and workspace.uninstalled_at is not None
        when = workspace.uninstalled_at
    from bot.services.org import installed_workspaces

    with org_app.session() as session:
        assert team not in {w.team_id for w in installed_workspaces(session=session)}
    with session_scope(org_app.sessions) as session:
        assert (
            purge_uninstalled(session=session, now=when + timedelta(days=29), grace_days=30) == []
        )
    with session_scope(org_app.sessions) as session:
        purged = purge_uninstalled(session=session, now=when + timedelta(days=31), grace_days=30)
    assert purged == [team]
    with org_app.session() as session:
        for table in Base.metadata.sorted_tables:
            if "team_id" in table.c:
                left = session.execute(
                    select(func.count()).select_from(table).where(table.c.team_id == team)
                ).scalar()
                assert left == 0, table.name


def test_using_the_app_again_cancels_the_deletion(org_app: RunningApp) -> None:
    _event(org_app, {"type": "app_uninstalled"})
    org_app.sender.command("Vi er tilbage", user_id=ANNA)
    with session_scope(org_app.sessions) as session:
        assert (
            purge_uninstalled(session=session, now=NOW + timedelta(days=400), grace_days=30) == []
        )
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) > 0


def test_an_admins_own_data_includes_the_changes_they_made(org_app: RunningApp) -> None:
    from bot.models import AuditLog

    with session_scope(org_app.sessions) as session:
        session.add(
            AuditLog(
                team_id=org_app.fake.team_id,
                actor_id="U0ADMIN",
                action="unit.rename",
                subject="PPR",
                field="name",
                before="PPR",
                after="Pædagogisk Psykologisk Rådgivning",
            )
        )
    org_app.sender.command("mine data", user_id="U0ADMIN")
    data = json.loads(_files_for(org_app, "U0ADMIN")["tvaers-mine-data.json"])
    [change] = data["admin_changes"]
    assert (change["action"], change["after"]) == (
        "unit.rename",
        "Pædagogisk Psykologisk Rådgivning",
    )
