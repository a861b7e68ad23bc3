"""Effect indicator values: the App Home form for directors and admins, and the CSV import."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db import session_scope
from bot.errors import InputError
from bot.models import Goal, Indicator, IndicatorValue, utcnow
from bot.services import effect
from bot.services.digest import local_month
from bot.services.effect import EffectFileError, import_effect, parse_value, shift_month
from sandbox import fill
from tests.conftest import RunningApp, add_org_users, import_example_org
from tests.test_digest_job import restore_logging  # noqa: F401 - a fixture used below

TEAM, TZ = "T0TVAERS", "Europe/Copenhagen"
SOFIE, ADMIN, ANNA = "U0SOFIE", "U0ADMIN", "U0ANNA"
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
WELFARE = "Andel 16-64-årige på offentlig forsørgelse"
YOUNG = "Unge 18-24 år i job eller uddannelse"
JOBS = "Flere borgere i job eller uddannelse"

GOOD = f"""mål;indikator;måned;værdi
{JOBS};{WELFARE};2026-10;15,5
{JOBS};{WELFARE};2026-11;15,2
{JOBS};{YOUNG};2026-11;86
Ældre klarer sig selv længere;Forebyggelige genindlæggelser;2026-11;1.234,5
"""


def _values(db: sessionmaker[Session]) -> dict[tuple[str, str], float]:
    with db() as session:
        rows = session.execute(
            select(Indicator.name, IndicatorValue.month, IndicatorValue.value).join(
                Indicator, Indicator.id == IndicatorValue.indicator_id
            )
        ).all()
        return {(name, month): value for name, month, value in rows}


def _indicator(db: sessionmaker[Session], name: str) -> int:
    with db() as session:
        found = session.scalar(select(Indicator.id).where(Indicator.name == name))
        assert found is not None
        return found


def _import(db: sessionmaker[Session], text: str) -> effect.EffectReport:
    with session_scope(db) as session:
        return import_effect(session=session, team_id=TEAM, text=text, now=NOW, tz=TZ)


# -- numbers and months --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("62,5", 62.5),
        ("62.5", 62.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        (" 15 % ", 15.0),
        ("-0,3", -0.3),
        ("1 200", 1200.0),
    ],
)
def test_numbers_as_people_type_them(typed: str, value: float) -> None:
    assert parse_value(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3x", "1e9999", "nan", "--1"])
def test_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_value(typed)


def test_months() -> None:
    assert effect.parse_month("2026-1") == "2026-01"
    assert shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2026-11", 14) == "2028-01"
    for bad in ("2026-13", "26-11", "2026/11", "november"):
        with pytest.raises(ValueError):
            effect.parse_month(bad)


# -- recording one value -------------------------------------------------------------------------


def test_recording_a_value_replaces_the_months_earlier_one(db: sessionmaker[Session]) -> None:
    import_example_org(db)
    welfare = _indicator(db, WELFARE)

    def record(month: str, value: float) -> str:
        with session_scope(db) as session:
            return effect.record_value(
                session=session,
                team_id=TEAM,
                indicator_id=welfare,
                month=month,
                value=value,
                recorded_by=SOFIE,
                source="home",
                now=NOW,
                tz=TZ,
            )

    assert record("2026-11", 15.3) == "new"
    assert record("2026-11", 15.2) == "changed"
    assert record("2026-11", 15.2) == "unchanged"
    assert _values(db) == {(WELFARE, "2026-11"): 15.2}
    with pytest.raises(InputError) as refused:
        record("2027-01", 1.0)
    assert refused.value.key == "effect.err_future"


def test_a_retired_or_foreign_indicator_takes_no_values(db: sessionmaker[Session]) -> None:
    import_example_org(db)
    welfare = _indicator(db, WELFARE)
    with session_scope(db) as session, pytest.raises(InputError) as foreign:
        effect.record_value(
            session=session,
            team_id="T0OTHER",
            indicator_id=welfare,
            month="2026-11",
            value=1.0,
            recorded_by=SOFIE,
            source="home",
            now=NOW,
        )
    assert foreign.value.key == "effect.err_indicator_gone"
    with session_scope(db) as session:
        indicator = session.get(Indicator, welfare)
        assert indicator is not None
        indicator.active = False
    with session_scope(db) as session, pytest.raises(InputError):
        effect.record_value(
            session=session,
            team_id=TEAM,
            indicator_id=welfare,
            month="2026-11",
            value=1.0,
            recorded_by=SOFIE,
            source="home",
            now=NOW,
        )
    assert _values(db) == {}


# -- the CSV import ------------------------------------------------------------------------------


def test_import_stores_every_line_and_is_idempotent(db: sessionmaker[Session]) -> None:
    import_example_org(db)
    report = _import(db, GOOD)
    assert (report.new, report.changed, report.unchanged) == (4, 0, 0)
    assert report.months == ["2026-10", "2026-11"]
    assert _values(db) == {
        (WELFARE, "2026-10"): 15.5,
        (WELFARE, "2026-11"): 15.2,
        (YOUNG, "2026-11"): 86.0,
        ("Forebyggelige genindlæggelser", "2026-11"): 1234.5,
    }
    again = _import(db, GOOD)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 4)
    corrected = _import(db, GOOD.replace("15,2", "15,1"))
    assert (corrected.new, corrected.changed, corrected.unchanged) == (0, 1, 3)
    assert effect.format_effect_report(corrected) == (
        "Imported 4 indicator values (2026-10 to 2026-11) into workspace T0TVAERS: "
        "0 new, 1 changed, 3 unchanged."
    )


def test_import_reads_english_headers_commas_and_names_in_any_case(
    db: sessionmaker[Session],
) -> None:
    import_example_org(db)
    text = f'Goal,Indicator,Month,Value\n"{JOBS.upper()}","{WELFARE.lower()}",2026-11,15.2\n'
    report = _import(db, "\ufeff" + text)
    assert report.new == 1
    assert _values(db) == {(WELFARE, "2026-11"): 15.2}


def test_a_file_with_problems_changes_nothing_and_names_each_line(
    db: sessionmaker[Session],
) -> None:
    import_example_org(db)
    text = (
        "mål;indikator;måned;værdi\n"
        f"{JOBS};{WELFARE};2026-11;15,2\n"
        f"{JOBS};{WELFARE};2026-13;15,2\n"
        f"{JOBS};{YOUNG};2026-11;mange\n"
        f"{JOBS};{YOUNG};2027-02;80\n"
        f"{JOBS};kun to\n"
        "\n"
        f"{JOBS};{WELFARE};2026-11;15,9\n"
    )
    with pytest.raises(EffectFileError) as failed:
        _import(db, text)
    assert failed.value.errors == [
        "line 3: the month '2026-13' is not YYYY-MM (e.g. 2026-11)",
        "line 4: the value 'mange' is not a number (e.g. 62,5 or 62.5)",
        "line 5: the month 2027-02 has not begun yet",
        "line 6: expected 4 columns separated by semicolons, found 2",
        f"line 8: {WELFARE} for 2026-11 is also on line 2 with another value; keep one",
    ]
    assert _values(db) == {}


def test_unknown_names_are_reported_with_what_exists(db: sessionmaker[Session]) -> None:
    import_example_org(db)
    text = (
        f"goal;indicator;month;value\nFlere i job;{WELFARE};2026-11;1\n{JOBS};Ledighed;2026-11;1\n"
    )
    with pytest.raises(EffectFileError) as failed:
        _import(db, text)
    first, second = failed.value.errors
    assert first.startswith("line 2: no goal is called 'Flere i job' (goals: Børn og unge")
    assert second == (
        f"line 3: the goal '{JOBS}' has no indicator called 'Ledighed' "
        f"(its indicators: {WELFARE}; {YOUNG})"
    )
    assert _values(db) == {}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "the file is empty"),
        ("mål;indikator;måned;værdi\n", "the file has a header but no values"),
        (
            "goal;indicator;when;value\nx;y;2026-11;1\n",
            "line 1: the header must name the columns goal, indicator, month, value "
            "(or mål, indikator, måned, værdi); missing: month",
        ),
    ],
)
def test_files_without_values(db: sessionmaker[Session], text: str, error: str) -> None:
    import_example_org(db)
    with pytest.raises(EffectFileError) as failed:
        _import(db, text)
    assert failed.value.errors == [error]


def test_python_m_bot_import_effect(
    db: sessionmaker[Session],
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,  # noqa: F811 - the fixture imported above
) -> None:
    from bot.__main__ import main

    import_example_org(db)
    monkeypatch.setenv("DATABASE_URL", database_url)
    good = tmp_path / "effekt.csv"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["import-effect", str(good)]) == 0
    assert capsys.readouterr().out == (
        "Imported 4 indicator values (2026-10 to 2026-11) into workspace T0TVAERS: "
        "4 new, 0 changed, 0 unchanged.\n"
    )
    bad = tmp_path / "forkert.csv"
    bad.write_text(f"mål;indikator;måned;værdi\n{JOBS};{WELFARE};oktober;15\n", encoding="utf-8")
    assert main(["import-effect", str(bad)]) == 1
    # Log lines (timestamped) may share stderr; the report is the rest.
    err = [line for line in capsys.readouterr().err.splitlines() if not line[:4].isdigit()]
    assert err[-2:] == [
        f"{bad} was not imported; nothing was changed:",
        "  forkert.csv: line 2: the month 'oktober' is not YYYY-MM (e.g. 2026-11)",
    ]
    assert main(["import-effect", str(tmp_path / "missing.csv")]) == 2
    with db() as session:
        assert session.scalar(select(func.count()).select_from(IndicatorValue)) == 4


# -- App Home ------------------------------------------------------------------------------------


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """The app with Tværby Kommune imported."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    return app


def _home(app: RunningApp, user: str) -> dict[str, Any]:
    app.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"})
    view = app.fake.home_view(user)
    assert view is not None
    return view


def _open_form(app: RunningApp, user: str, home: dict[str, Any], indicator: int) -> Any:
    return app.sender.block_action(
        user_id=user,
        action_id="effect_value_open",
        view=home,
        block_id=f"effect_value_open_{indicator}",
    )


def test_a_director_records_a_value_in_app_home(org_app: RunningApp) -> None:
    home = _home(org_app, SOFIE)
    buttons = [
        b["block_id"]
        for b in home["blocks"]
        if b.get("block_id", "").startswith("effect_value_open_")
    ]
    assert len(buttons) == 6  # one per indicator of the three goals
    welfare = _indicator(org_app.sessions, WELFARE)
    assert _open_form(org_app, SOFIE, home, welfare).status == 200
    opened = org_app.fake.last("views.open")
    assert opened is not None and opened.ok
    form = opened.response["view"]
    last_month = shift_month(local_month(utcnow(), TZ), -1)
    month_select = next(b for b in form["blocks"] if b.get("block_id") == "effect_value_month")
    assert month_select["element"]["initial_option"]["value"] == last_month
    answer = org_app.sender.view_submission(
        form, user_id=SOFIE, values=fill(form, {"effect_value": "15,2"})
    )
    assert answer.status == 200 and not answer.body
    assert _values(org_app.sessions) == {(WELFARE, last_month): 15.2}
    refreshed = org_app.fake.home_view(SOFIE)
    assert refreshed is not None
    assert "Seneste: 15,2 procent" in str(refreshed)
    # The same month again replaces the value.
    form = org_app.fake.last("views.open").response["view"]  # type: ignore[union-attr]
    org_app.sender.view_submission(form, user_id=SOFIE, values=fill(form, {"effect_value": "15"}))
    assert _values(org_app.sessions) == {(WELFARE, last_month): 15.0}


def test_a_value_that_is_not_a_number_keeps_the_form_open(org_app: RunningApp) -> None:
    home = _home(org_app, ADMIN)
    welfare = _indicator(org_app.sessions, WELFARE)
    _open_form(org_app, ADMIN, home, welfare)
    form = org_app.fake.last("views.open").response["view"]  # type: ignore[union-attr]
    answer = org_app.sender.view_submission(
        form, user_id=ADMIN, values=fill(form, {"effect_value": "cirka 15"})
    )
    assert answer.json() == {
        "response_action": "errors",
        "errors": {"effect_value": "Skriv et tal, fx 62,5 eller 1.200."},
    }
    assert _values(org_app.sessions) == {}


def test_managers_see_no_form_and_cannot_record(org_app: RunningApp) -> None:
    home = _home(org_app, ANNA)
    assert "Effekt: registrér" not in str(home)
    director_home = _home(org_app, SOFIE)
    welfare = _indicator(org_app.sessions, WELFARE)
    opened = len(org_app.fake.calls_to("views.open"))
    _open_form(org_app, ANNA, director_home, welfare)  # a crafted click
    # No form: a small modal says why.
    [notice] = org_app.fake.calls_to("views.open")[opened:]
    assert notice.args["view"]["callback_id"] == "admin_notice_modal"
    assert "Kun direktører og administratorer" in json.dumps(
        notice.args["view"], ensure_ascii=False
    )
    _open_form(org_app, SOFIE, director_home, welfare)
    form = org_app.fake.last("views.open").response["view"]  # type: ignore[union-attr]
    # Someone else submitting a director's form is refused too.
    answer = org_app.sender.view_submission(
        form, user_id=ANNA, values=fill(form, {"effect_value": "15"})
    )
    assert answer.json()["errors"] == {
        "effect_value": "Kun direktører og administratorer kan registrere effektværdier."
    }
    assert _values(org_app.sessions) == {}


def test_the_form_lists_only_active_goals_indicators(org_app: RunningApp) -> None:
    with session_scope(org_app.sessions) as session:
        goal = session.scalar(select(Goal).where(Goal.title == JOBS))
        assert goal is not None
        goal.active = False
    home = _home(org_app, SOFIE)
    text = str(home)
    assert WELFARE not in text and "Ældre klarer sig selv længere" in text


def test_a_csv_with_a_cpr_number_in_a_cell_is_refused_without_echoing_it() -> None:
    from bot.services.effect import parse_effect_csv

    text = "mål;indikator;måned;værdi\nFlere i job;Andel 010190-1234;2026-10;62,5\n"
    with pytest.raises(EffectFileError) as failed:
        parse_effect_csv(text, this_month="2026-11")
    assert failed.value.errors == ["line 2: holds a CPR number; take it out"]
