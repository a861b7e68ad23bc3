"""`python -m bot export-org` writes the organisation in the format import-org reads: an
export→import round trip reproduces it, and re-importing the export changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.__main__ import main
from bot.db import session_scope
from bot.models import Area, Goal, Person, Unit, Workspace
from bot.services import admin as admin_service
from bot.services import goals as goals_service
from bot.services.org_export import ExportError, export_org
from bot.services.org_import import apply_org, parse_org_file
from tests.conftest import EXAMPLE_ORG, example_org_with_team, import_example_org

TEAM, COPY = "T0TVAERS", "T0KOPI"
ADMIN = "U0ADMIN"


def organisation(sessions: sessionmaker[Session], team_id: str) -> dict[str, Any]:
    """The active organisation of a workspace, by name (ids differ between databases)."""
    with sessions() as session:
        workspace = session.get(Workspace, team_id)
        assert workspace is not None
        areas = session.scalars(select(Area).where(Area.team_id == team_id, Area.active)).all()
        units = session.scalars(select(Unit).where(Unit.team_id == team_id, Unit.active)).all()
        people = session.scalars(
            select(Person).where(Person.team_id == team_id, Person.active)
        ).all()
        goals = session.scalars(
            select(Goal).where(Goal.team_id == team_id, Goal.active).order_by(Goal.position)
        ).all()
        return {
            "workspace": (
                workspace.name,
                workspace.language,
                workspace.timezone,
                workspace.digest_channel,
                workspace.cross_unit_channel,
                workspace.prompt_weekday,
                workspace.prompt_time,
            ),
            "areas": sorted((a.name, a.digest_channel) for a in areas),
            "units": sorted((u.name, u.area.name if u.area else None) for u in units),
            "people": sorted(
                (p.user_id, p.name, p.email, p.unit.name if p.unit else None, p.role)
                for p in people
            ),
            "goals": [
                (
                    g.title,
                    g.description,
                    sorted(
                        (i.name, i.measure_unit, i.higher_is_better, i.target)
                        for i in g.indicators
                        if i.active
                    ),
                )
                for g in goals
            ],
        }


def _export(sessions: sessionmaker[Session], team_id: str = TEAM) -> str:
    with session_scope(sessions) as session:
        return export_org(session=session, team_id=team_id)


def _import(sessions: sessionmaker[Session], text: str, team_id: str) -> Any:
    with session_scope(sessions) as session:
        return apply_org(session=session, spec=parse_org_file(text), team_id=team_id)


def _admin_changes(sessions: sessionmaker[Session]) -> None:
    """What an admin does in Slack over a few months, awkward names included."""
    with session_scope(sessions) as session:

        def call(function: Any, **kwargs: Any) -> Any:
            return function(session=session, team_id=TEAM, actor_id=ADMIN, **kwargs)

        areas = {a.name: a for a in session.scalars(select(Area))}
        units = {u.name: u for u in session.scalars(select(Unit))}
        tricky = call(admin_service.add_area, name="Område: Nord # 1", digest_channel="C0NORD")
        call(admin_service.add_unit, name="yes", area_id=tricky.id)
        call(admin_service.add_unit, name="'09:00' [vagt], {akut}", area_id=None)
        call(admin_service.add_unit, name="null", area_id=None)
        call(
            admin_service.update_unit,
            unit_id=units["PPR"].id,
            name="PPR – Pædagogisk Psykologisk Rådgivning",
            area_id=areas["Børne- og Familieforvaltningen"].id,
        )
        call(
            admin_service.retire_unit,
            unit_id=units["Ungeindsatsen"].id,
            merge_into_id=units["Jobcentret"].id,
        )
        call(
            admin_service.retire_area,
            area_id=areas["Kultur- og Fritidsforvaltningen"].id,
            merge_into_id=areas["Børne- og Familieforvaltningen"].id,
        )
        goal = session.scalars(select(Goal).where(Goal.title.like("Ældre%"))).one()
        call(
            goals_service.update_goal,
            goal_id=goal.id,
            title=goal.title,
            description=None,
            retire=True,
        )
        call(
            goals_service.add_goal,
            title='Borgere oplever "én indgang": true',
            description="Linje 1\nLinje 2 – med æøå",
            indicator=goals_service.IndicatorDraft("Tilfredshed", "point (1-5)", True, "4,25"),
        )
        call(
            admin_service.set_person,
            change=admin_service.PersonChange(
                user_id="U0NONAME", unit_id=None, role="manager", active=True
            ),
        )
        call(
            admin_service.set_person,
            change=admin_service.PersonChange(
                user_id="U0BO", unit_id=units["PPR"].id, role="director", active=True
            ),
        )
        call(
            admin_service.set_person,
            change=admin_service.PersonChange(
                user_id="U0DAVID", unit_id=units["PPR"].id, role="manager", active=False
            ),
        )


def test_the_example_organisation_survives_an_export_import_round_trip(
    db: sessionmaker[Session],
) -> None:
    import_example_org(db)
    text = _export(db)
    report = _import(db, text, COPY)
    assert report.not_found == []
    original, copy = organisation(db, TEAM), organisation(db, COPY)
    assert copy == original
    assert len(original["people"]) == 23 and len(original["goals"]) == 3


def test_an_organisation_edited_in_slack_survives_the_round_trip(
    db: sessionmaker[Session],
) -> None:
    import_example_org(db)
    _admin_changes(db)
    text = _export(db)
    assert _import(db, text, COPY).not_found == []
    assert organisation(db, COPY) == organisation(db, TEAM)
    # Importing the export over the organisation it came from changes nothing at all.
    report = _import(db, text, TEAM)
    assert not report.changed, report
    assert _export(db).split("\n", 1)[1] == text.split("\n", 1)[1]


def test_awkward_names_come_back_exactly(db: sessionmaker[Session]) -> None:
    import_example_org(db)
    _admin_changes(db)
    spec = parse_org_file(_export(db))
    assert {"yes", "null", "'09:00' [vagt], {akut}"} <= set(spec.units)
    assert spec.areas["Område: Nord # 1"] == "C0NORD"
    assert spec.units["yes"] == "Område: Nord # 1"
    goal = next(g for g in spec.goals if g.title.startswith("Borgere oplever"))
    assert goal.title == 'Borgere oplever "én indgang": true'
    assert goal.description == "Linje 1\nLinje 2 – med æøå"
    assert [(i.name, i.measure_unit, i.target) for i in goal.indicators] == [
        ("Tilfredshed", "point (1-5)", 4.25)
    ]


def test_the_export_reads_like_the_example_file(db: sessionmaker[Session]) -> None:
    import_example_org(db)
    with session_scope(db) as session:
        unit = session.scalars(select(Unit).where(Unit.name == "Jobcentret")).one()
        unit.usergroup_id = "S0JOB"
    text = _export(db)
    assert "  - {user: U0ANNA, name: Anna Holm, unit: Jobcentret, role: manager}" in text
    assert "    time: '09:00'" in text and "    day: monday" in text
    assert "# Set in App Home, not read by import-org: reminder after 3 days" in text
    assert "# Units synced from Slack user groups: Jobcentret <- user group S0JOB." in text
    # The example file and the export describe the same organisation.
    example = yaml.safe_load(EXAMPLE_ORG.read_text(encoding="utf-8"))
    exported = yaml.safe_load(text)
    assert exported["workspace"]["name"] == example["workspace"]["name"]
    assert len(exported["goals"]) == len(example["goals"])


def test_an_empty_workspace_exports_a_file_that_imports(db: sessionmaker[Session]) -> None:
    with session_scope(db) as session:
        session.add(Workspace(team_id=TEAM, name="Nyby Kommune"))
    text = _export(db)
    assert "areas: []" in text and "people: []" in text and "goals: []" in text
    report = _import(db, text, COPY)
    assert report.created == {"workspace": 1}


def test_an_unknown_workspace_is_an_error(db: sessionmaker[Session]) -> None:
    with pytest.raises(ExportError), session_scope(db) as session:
        export_org(session=session, team_id="T0INGEN")


def test_the_command_line_writes_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    example = tmp_path / "example.yaml"
    example.write_text(example_org_with_team("T0TVAERS"), encoding="utf-8")
    assert main(["import-org", str(example)]) == 0
    out = tmp_path / "org.yaml"
    assert main(["export-org", "--out", str(out)]) == 0
    assert "Wrote the organisation of T0TVAERS" in capsys.readouterr().err
    assert main(["import-org", str(out)]) == 0
    assert "created: nothing\n  updated: nothing\n  deactivated: nothing" in capsys.readouterr().out
    # To standard output when no file is named.
    assert main(["export-org"]) == 0
    assert "team_id: T0TVAERS" in capsys.readouterr().out


def test_the_command_line_asks_which_workspace_when_there_are_several(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert main(["export-org"]) == 2
    assert "workspaces in the database: none" in capsys.readouterr().err
    (tmp_path / "nyby.yaml").write_text(example_org_with_team("T0NYBY"), encoding="utf-8")
    (tmp_path / "tvaers.yaml").write_text(example_org_with_team("T0TVAERS"), encoding="utf-8")
    main(["import-org", str(tmp_path / "tvaers.yaml")])
    main(["import-org", str(tmp_path / "nyby.yaml")])
    assert main(["export-org"]) == 2
    assert "T0NYBY, T0TVAERS" in capsys.readouterr().err
    assert main(["export-org", "--team-id", "T0NYBY"]) == 0
    assert "team_id: T0NYBY" in capsys.readouterr().out
    assert main(["export-org", "--team-id", "T0INGEN"]) == 2
