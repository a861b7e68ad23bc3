"""`python -m jobs run NAME`: a failed job is one line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from bot.db import session_scope
from bot.services.org_import import apply_org, parse_org_file
from sandbox import FakeSlack
from tests.conftest import BOT_TOKEN, ROOT, example_org_with_team


def test_a_job_that_fails_says_so_in_one_line(
    db: sessionmaker[Session], database_url: str, tmp_path: Path, fake: FakeSlack
) -> None:
    # The newcomer's trap: the organisation sits in a workspace the token does not belong to.
    spec = parse_org_file(example_org_with_team("T0ANDEN"))
    with session_scope(db) as session:
        apply_org(session=session, spec=spec, team_id="T0ANDEN")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET="x" * 20,
        SLACK_API_URL=fake.base_url,
    )
    result = subprocess.run(
        [sys.executable, "-m", "jobs", "run", "weekly-prompts"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Tværs: job weekly-prompts failed in workspace(s) T0ANDEN"
    )


def test_the_admins_status_names_every_job_of_the_clock() -> None:
    from bot.services.admin import JOB_NAMES
    from jobs import JOBS

    assert sorted(JOB_NAMES) == sorted(JOBS)
