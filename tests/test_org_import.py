"""import-org: idempotent upserts, e-mail lookup, deactivation, and line-level errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Area, Goal, Indicator, Person, Unit, Workspace
from bot.services.org_import import OrgFileError, parse_org_file
from sandbox import FakeSlack
from tests.conftest import (
    BOT_TOKEN,
    EXAMPLE_ORG,
    ROOT,
    add_org_users,
    example_org_with_team,
    import_example_org,
)


def _snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    return {
        "workspaces": session.execute(
            select(
                Workspace.team_id,
                Workspace.name,
                Workspace.digest_channel,
                Workspace.prompt_weekday,
                Workspace.prompt_time,
            )
        ).all(),
        "areas": session.execute(select(Area.name, Area.active).order_by(Area.name)).all(),
        "units": session.execute(
            select(Unit.name, Unit.area_id, Unit.active).order_by(Unit.name)
        ).all(),
        "people": session.execute(
            select(
                Person.user_id, Person.unit_id, Person.role, Person.active, Person.name
            ).order_by(Person.user_id)
        ).all(),
        "goals": session.execute(select(Goal.title, Goal.active).order_by(Goal.title)).all(),
        "indicators": session.execute(
            select(Indicator.name, Indicator.target, Indicator.higher_is_better).order_by(
                Indicator.name
            )
        ).all(),
    }


def test_example_file_imports_the_whole_municipality(
    db: sessionmaker[Session], fake: FakeSlack
) -> None:
    add_org_users(fake)
    report = import_example_org(db, fake)
    assert report.not_found == []
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Area)) == 6
        assert session.scalar(select(func.count()).select_from(Unit)) == 16
        assert session.scalar(select(func.count()).select_from(Person)) == 25
        assert session.scalar(select(func.count()).select_from(Goal)) == 3
        olivia = session.scalar(select(Person).where(Person.name == "Olivia Berg"))
        assert olivia is not None and olivia.user_id.startswith("U0MAIL")
        assert olivia.unit is not None and olivia.unit.name == "Fritid og Foreninger"
        workspace = session.get(Workspace, "T0TVAERS")
        assert workspace is not None and workspace.digest_channel == "C0DIREKTION"


def test_importing_twice_gives_the_same_database(
    db: sessionmaker[Session], fake: FakeSlack
) -> None:
    add_org_users(fake)
    import_example_org(db, fake)
    with db() as session:
        first = _snapshot(session)
    report = import_example_org(db, fake)
    assert not report.changed
    with db() as session:
        assert _snapshot(session) == first


def test_people_missing_from_the_file_are_deactivated_not_deleted(
    db: sessionmaker[Session], fake: FakeSlack, tmp_path: Path
) -> None:
    add_org_users(fake)
    import_example_org(db, fake)
    from bot.db import session_scope
    from bot.services.org_import import apply_org

    text = EXAMPLE_ORG.read_text(encoding="utf-8").replace(
        "  - {user: U0ANNA, name: Anna Holm, unit: Jobcentret, role: manager}\n", ""
    )
    # No e-mail look-up this time: the two people given by e-mail are reported, not deactivated.
    with session_scope(db) as session:
        report = apply_org(session=session, spec=parse_org_file(text), team_id="T0TVAERS")
    assert report.deactivated == {"people": 1}
    assert len(report.not_found) == 2
    with db() as session:
        anna = session.scalar(select(Person).where(Person.user_id == "U0ANNA"))
        assert anna is not None and anna.active is False and anna.unit_id is not None


def test_unknown_emails_are_reported_and_the_rest_imported(
    db: sessionmaker[Session], fake: FakeSlack
) -> None:
    add_org_users(fake)
    text = EXAMPLE_ORG.read_text(encoding="utf-8").replace(
        "olivia.berg@tvaerby.dk", "olivia.berg@andenby.dk"
    )
    from slack_sdk import WebClient

    from bot.db import session_scope
    from bot.services.org_import import apply_org
    from bot.slack_client import email_lookup

    lookup = email_lookup(WebClient(token=BOT_TOKEN, base_url=fake.base_url))
    with session_scope(db) as session:
        report = apply_org(
            session=session, spec=parse_org_file(text), team_id="T0TVAERS", lookup_email=lookup
        )
    assert len(report.not_found) == 1 and "olivia.berg@andenby.dk" in report.not_found[0]
    assert report.created["people"] == 24


BROKEN = """\
workspace:
  name: Tværby Kommune
  digest_channel: direktionen
areas:
  - name: Social
    units: [Hjemmeplejen]
people:
  - {user: U0ANNA, unit: Jobcentret}
  - {user: U0ANNA, unit: Hjemmeplejen}
  - {user: anna, unit: Hjemmeplejen}
  - {email: not-an-email, unit: Hjemmeplejen}
  - {user: U0BO, unit: Hjemmeplejen, role: chef}
  - {user: U0CAMILLA, unti: Hjemmeplejen}
goals:
  - {title: A, indicators: [{name: a, unit: pct}]}
  - {title: B, indicators: [{name: b, unit: pct}]}
  - {title: C, indicators: [{name: c, unit: pct}]}
  - {title: D, indicators: [{name: d, unit: pct}]}
  - {title: E, indicators: [{name: e, unit: pct}]}
  - {title: F, indicators: [{name: f, unit: pct}]}
  - {title: G}
"""


def test_a_broken_file_lists_every_problem_with_its_line() -> None:
    with pytest.raises(OrgFileError) as caught:
        parse_org_file(BROKEN)
    errors = "\n".join(caught.value.errors)
    expected = [
        "line 2: 'digest_channel' in workspace must be a channel id",
        "line 8: unknown unit 'Jobcentret'",
        "line 9: duplicate person 'U0ANNA' (also on line 8)",
        "line 10: bad Slack user id 'anna'",
        "line 11: bad e-mail address 'not-an-email'",
        "line 12: role must be manager, director or admin, got 'chef'",
        "line 13: unknown key 'unti' in a person",
        "line 21: goal 'G' needs at least one effect indicator",
        "7 goals given; at most 5",
    ]
    for fragment in expected:
        assert fragment in errors, f"missing {fragment!r} in:\n{errors}"


def test_invalid_yaml_says_where() -> None:
    with pytest.raises(OrgFileError) as caught:
        parse_org_file("areas:\n  - name: [unclosed\n")
    assert caught.value.errors[0].startswith("line ")


def _run_cli(
    *args: str, database_url: str, tmp_path: Path, **slack: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(DATABASE_URL=database_url, PYTHONPATH=str(ROOT), **slack)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_refuses_a_broken_file_and_changes_nothing(
    db: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    broken = tmp_path / "org.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = _run_cli("import-org", str(broken), database_url=database_url, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "nothing was changed" in result.stderr
    assert "org.yaml: line 9: duplicate person 'U0ANNA'" in result.stderr
    assert "Traceback" not in result.stderr
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_cli_imports_a_file_naming_its_workspace_without_slack(
    db: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(example_org_with_team("T0TVAERS"), encoding="utf-8")
    result = _run_cli("import-org", str(path), database_url=database_url, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    # Without a token, people given only by e-mail cannot be looked up: said, and skipped.
    assert "not found in Slack (2)" in result.stdout
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 23


WITH_CPR = """\
workspace:
  name: Tværby Kommune
areas:
  - name: Område 010190-1234
  - name: Beskæftigelse
    units: [Jobcentret, "Team 020285 4321"]
people:
  - {user: U0ANNA, name: "Anna 0303831234", unit: Jobcentret, role: manager}
  - {user: U0BO, name: Bo, unit: Jobcentret, role: manager}
goals:
  - title: "Flere i job 040404\u00ad-4123"
    indicators:
      - {name: Beskæftigede, unit: "%"}
  - title: Færre på ydelse
    indicators:
      - {name: "Ydelse ０５０５７５-１２３４", unit: "%"}
"""


def test_a_file_with_a_cpr_number_in_a_name_is_refused_line_by_line() -> None:
    with pytest.raises(OrgFileError) as caught:
        parse_org_file(WITH_CPR)
    errors = "\n".join(caught.value.errors)
    for fragment in [
        "line 4: 'name' in an area holds a CPR number",
        "line 5: 'name' in a unit holds a CPR number",
        "line 8: 'name' in a person holds a CPR number",
        "line 11: 'title' in a goal holds a CPR number",
        "line 16: 'name' in an indicator holds a CPR number",
    ]:
        assert fragment in errors, f"missing {fragment!r} in:\n{errors}"
    for digits in ["1234", "4321", "4123", "１２３４"]:
        assert digits not in errors


def test_cli_refuses_a_file_with_a_cpr_number_and_changes_nothing(
    db: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(WITH_CPR, encoding="utf-8")
    result = _run_cli("import-org", str(path), database_url=database_url, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "nothing was changed" in result.stderr
    assert "org.yaml: line 8: 'name' in a person holds a CPR number" in result.stderr
    assert "0303831234" not in result.stderr + result.stdout
    with db() as session:
        for model in (Workspace, Area, Unit, Person, Goal, Indicator):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def _with_token(fake: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "x" * 20,
        "SLACK_API_URL": fake.base_url,
    }


def test_the_example_names_no_workspace_and_imports_into_the_tokens(
    db: sessionmaker[Session], database_url: str, tmp_path: Path, fake: FakeSlack
) -> None:
    assert parse_org_file(EXAMPLE_ORG.read_text(encoding="utf-8")).team_id is None
    add_org_users(fake)
    result = _run_cli(
        "import-org",
        str(EXAMPLE_ORG),
        database_url=database_url,
        tmp_path=tmp_path,
        **_with_token(fake),
    )
    assert result.returncode == 0, result.stderr
    with db() as session:
        assert session.scalars(select(Workspace.team_id)).all() == [fake.team_id]
        assert session.scalar(select(func.count()).select_from(Person)) == 25


def test_cli_refuses_a_file_for_another_workspace_in_one_line(
    db: sessionmaker[Session], database_url: str, tmp_path: Path, fake: FakeSlack
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(example_org_with_team("T0ANDEN"), encoding="utf-8")
    result = _run_cli(
        "import-org", str(path), database_url=database_url, tmp_path=tmp_path, **_with_token(fake)
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = [x for x in result.stderr.splitlines() if "not imported" in x]
    assert "T0ANDEN" in line and fake.team_id in line and "nothing was changed" in line
    with db() as session:
        for model in (Workspace, Area, Unit, Person, Goal, Indicator):
            assert session.scalar(select(func.count()).select_from(model)) == 0
