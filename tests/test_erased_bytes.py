"""Erased means gone from the bytes: after 'Slet mine data', retention and the uninstall purge,
the erased text is in neither the SQLite file nor its WAL, while the bot runs and after a job
process has stopped. (PostgreSQL runs VACUUM instead; docs/privacy.md says what remains.)"""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot import clock
from bot.db import make_engine
from bot.models import Workspace
from tests.conftest import ROOT, RunningApp
from tests.test_privacy import _erase
from tests.test_reflection_dm import org_app, prompted, replies, write  # noqa: F401

ANNA = "U0ANNA"


def marker() -> str:
    """A text no other test writes, so finding its bytes means finding this test's text."""
    return f"markoer{secrets.token_hex(8)}"


def files_holding(app: RunningApp, text: str) -> list[str]:
    """The SQLite files (main, WAL) whose bytes contain `text`.

    Read by a child process: closing any file descriptor on the database file releases this
    process's POSIX locks on it, and another process could then delete a WAL still in use."""
    database = make_url(app.settings.database_url).database or ""
    scan = (
        "import sys, pathlib\n"
        "for name in sys.argv[2:]:\n"
        "    p = pathlib.Path(name)\n"
        "    if p.exists() and sys.argv[1].encode() in p.read_bytes(): print(p.name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", scan, text, database, f"{database}-wal"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return result.stdout.split()


@pytest.fixture
def sqlite_app(prompted: RunningApp) -> RunningApp:  # noqa: F811
    """Only SQLite's files can be read here; PostgreSQL's are the server's."""
    if prompted.engine.dialect.name != "sqlite":
        pytest.skip("scans the SQLite file's bytes")
    return prompted


def run_retention(app: RunningApp, at: str, **env_extra: str) -> str:
    """`python -m jobs run retention --at AT`, as a separate process that then stops."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(
        DATABASE_URL=app.settings.database_url,
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN="xoxb-sandbox",
        SLACK_SIGNING_SECRET="x" * 20,
        SLACK_API_URL=app.fake.base_url,
        **env_extra,
    )
    result = subprocess.run(
        [sys.executable, "-m", "jobs", "run", "retention", "--at", at],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_erase_my_data_leaves_no_bytes_of_the_text(sqlite_app: RunningApp) -> None:
    item_text, reply_text = marker(), marker()
    sqlite_app.sender.command(f"Barriere om {item_text} i psykiatrien", user_id=ANNA)
    write(sqlite_app, f"Boligen spiller ind {reply_text}")
    assert len(replies(sqlite_app)) == 1
    # The scan can see them before (in the WAL or the main file).
    assert files_holding(sqlite_app, item_text) and files_holding(sqlite_app, reply_text)
    result = _erase(sqlite_app, ANNA)
    assert result["response_action"] == "update"
    assert files_holding(sqlite_app, item_text) == []
    assert files_holding(sqlite_app, reply_text) == []


def test_retention_leaves_no_bytes_of_the_text_after_the_job_stops(
    sqlite_app: RunningApp,
) -> None:
    item_text = marker()
    sqlite_app.sender.command(f"Barriere om {item_text} i psykiatrien", user_id=ANNA)
    assert files_holding(sqlite_app, item_text)
    two_months_on = (clock.now() + timedelta(days=62)).isoformat()
    out = run_retention(sqlite_app, two_months_on, RETENTION_MONTHS="1")
    assert "free text removed from 1 items" in out
    assert files_holding(sqlite_app, item_text) == []


def test_the_uninstall_purge_leaves_no_bytes_of_the_workspace(sqlite_app: RunningApp) -> None:
    item_text = marker()
    write(sqlite_app, f"Boligen spiller ind {item_text}")
    assert [r.text for r in replies(sqlite_app)] == [f"Boligen spiller ind {item_text}"]
    assert files_holding(sqlite_app, item_text)
    event = {"type": "app_uninstalled"}
    assert sqlite_app.sender.event(event).status == 200
    with sqlite_app.session() as session:
        assert session.scalar(select(Workspace.uninstalled_at)) is not None
    out = run_retention(sqlite_app, (clock.now() + timedelta(days=31)).isoformat())
    assert "deleted all data of 1 uninstalled workspace(s)" in out
    assert files_holding(sqlite_app, item_text) == []


def test_the_sqlite_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    old = os.umask(0o022)  # the usual umask, which would give 0644
    try:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
            connection.exec_driver_sql("INSERT INTO t VALUES ('a')")
        files = [tmp_path / "fresh.db", tmp_path / "fresh.db-wal", tmp_path / "fresh.db-shm"]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files if p.exists()}
        engine.dispose()
    finally:
        os.umask(old)
    assert "fresh.db-wal" in modes
    assert modes == dict.fromkeys(modes, 0o600)
