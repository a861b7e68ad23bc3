"""Indicators fed from Statistikbanken: validated against tableinfo, synced, and its faults."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import Runtime
from bot.db import session_scope
from bot.errors import InputError
from bot.models import ComparisonValue, Indicator, IndicatorValue, JobRun, StatbankSource
from bot.services import effect_sources, statbank_sync
from bot.services.effect import record_value
from bot.services.effect_sources import SourceSpec
from bot.statbank import StatbankClient, period_month
from bot.texts import t
from jobs import JOBS
from jobs.scheduler import run_job
from sandbox.statbank import FakeStatbank, quarters
from tests.conftest import BOT_TOKEN, RunningApp, import_example_org
from tests.statbank_tables import AGES, LAST, add_tables
from tests.test_admin import ADMIN, home_text, org_app

__all__ = ["org_app"]  # the fixture, shared with tests/test_admin.py

NOW = datetime(2026, 12, 3, 8, 10, tzinfo=UTC)
SHARE = SourceSpec(
    table="AUK01",
    selection={"OMRÅDE": ["461"], "YDELSESTYPE": ["TOT"], "KØN": ["TOT"], "ALDER": ["TOT"]},
    denominator_table="FOLK1A",
    denominator_selection={
        "OMRÅDE": ["461"], "KØN": ["TOT"], "ALDER": AGES, "CIVILSTAND": ["TOT"]
    },
    comparison=("000", "751", "851"),
)  # fmt: skip


@pytest.fixture
def statbank() -> Iterator[FakeStatbank]:
    """The Statistikbank stand-in with AUK01 and FOLK1A."""
    with FakeStatbank() as stand_in:
        add_tables(stand_in)
        yield stand_in


def _indicator(sessions: sessionmaker[Session]) -> int:
    import_example_org(sessions)
    with session_scope(sessions) as session:
        return int(
            session.scalar(select(Indicator.id).where(Indicator.name.startswith("Andel 16-64")))  # type: ignore[arg-type]
        )


def _connect(sessions: sessionmaker[Session], client: StatbankClient) -> int:
    indicator_id = _indicator(sessions)
    with session_scope(sessions) as session:
        effect_sources.connect(
            session=session, team_id="T0TVAERS", indicator_id=indicator_id, spec=SHARE,
            client=client,
        )  # fmt: skip
    return indicator_id


def _sync(sessions: sessionmaker[Session], client: StatbankClient, now: datetime = NOW) -> list:
    with session_scope(sessions) as session:
        return [
            statbank_sync.sync_source(session=session, source=source, client=client, now=now)
            for source in effect_sources.sources(session=session, team_id="T0TVAERS")
        ]


def _values(sessions: sessionmaker[Session], indicator_id: int) -> dict[str, IndicatorValue]:
    with session_scope(sessions) as session:
        rows = session.scalars(
            select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)
        )
        return {row.month: row for row in rows}


def _source(sessions: sessionmaker[Session]) -> StatbankSource:
    with session_scope(sessions) as session:
        source = session.scalar(select(StatbankSource))
        assert source is not None
        session.expunge(source)
        return source


def test_a_wrong_code_is_refused_in_plain_danish(db, statbank) -> None:
    indicator_id = _indicator(db)
    client = StatbankClient(statbank.base_url)
    wrong = SourceSpec(table="AUK01", selection={**SHARE.selection, "OMRÅDE": ["999"]})
    with session_scope(db) as session, pytest.raises(InputError) as caught:
        effect_sources.connect(
            session=session, team_id="T0TVAERS", indicator_id=indicator_id, spec=wrong,
            client=client,
        )  # fmt: skip
    text = t(caught.value.key, "da", **caught.value.values)
    assert text.startswith("»999« er ikke en værdi for OMRÅDE i AUK01, fx 000 (Hele landet)")
    for spec, start in [
        (SourceSpec(table="AUK99", selection={}), "Tabellen »AUK99« findes ikke"),
        (
            SourceSpec(table="AUK01", selection={**SHARE.selection, "BOPÆL": ["1"]}),
            "Tabellen AUK01 har ingen variabel »BOPÆL«. Dens variable er: OMRÅDE, YDELSESTYPE",
        ),
        (
            SourceSpec(table="AUK01", selection={"OMRÅDE": ["461"]}),
            "Vælg en værdi for YDELSESTYPE i AUK01",
        ),
    ]:
        with session_scope(db) as session, pytest.raises(InputError) as caught:
            effect_sources.connect(
                session=session, team_id="T0TVAERS", indicator_id=indicator_id, spec=spec,
                client=client,
            )  # fmt: skip
        assert t(caught.value.key, "da", **caught.value.values).startswith(start)
    # Nothing wrong was saved: the source is still the organisation file's.
    assert _source(db).selection["OMRÅDE"] == ["461"]


def test_the_example_organisation_is_wired_to_auk01_per_folk1a(db, statbank) -> None:
    indicator_id = _indicator(db)
    source = _source(db)
    assert source.indicator_id == indicator_id
    assert effect_sources.spec_of(source) == SHARE  # "16..64" is every age from 16 to 64
    # Valid against the tables' tableinfo as the stand-in serves them.
    effect_sources.validate(SHARE, client=StatbankClient(statbank.base_url))
    [result] = _sync(db, StatbankClient(statbank.base_url))
    assert len(result.new) == 24
    # Importing the file again changes nothing and keeps the fetched values.
    import_example_org(db)
    assert len(_values(db, indicator_id)) == 24
    assert _source(db).last_success_at == NOW


def test_first_sync_backfills_24_and_the_next_adds_only_the_new_one(db, statbank) -> None:
    client = StatbankClient(statbank.base_url)
    indicator_id = _connect(db, client)
    [result] = _sync(db, client)
    assert result.error is None and len(result.new) == 24
    values = _values(db, indicator_id)
    assert sorted(v.period for v in values.values()) == sorted(quarters(LAST, 24))
    assert {v.source for v in values.values()} == {"statbank"}
    assert values["2026-09"].period == "2026K3"
    # Nothing new: only the latest four are asked again (they may be revised), none changed.
    calls = len(statbank.data_calls())
    [again] = _sync(db, client)
    assert again.new == [] and again.revised == []
    asked = [next(v for v in c["variables"] if v["code"] == "Tid") for c in statbank.data_calls()]
    assert [a["values"] for a in asked[calls:]] == [quarters(LAST, 4)] * 2  # AUK01 and FOLK1A
    statbank.add_period("AUK01", "2026K4")
    statbank.add_period("FOLK1A", "2026K4")
    later = datetime(2027, 2, 15, 8, 10, tzinfo=UTC)
    [third] = _sync(db, client, later)
    assert third.new == ["2026K4"]
    periods = [next(v for v in c["variables"] if v["code"] == "Tid") for c in statbank.data_calls()]
    assert periods[-1]["values"] == [*quarters(LAST, 4), "2026K4"]
    assert len(_values(db, indicator_id)) == 25
    source = _source(db)
    assert source.latest_period == "2026K4" and source.last_success_at == later


def test_a_figure_revised_by_danmarks_statistik_replaces_the_one_fetched_before(
    db, statbank
) -> None:
    client = StatbankClient(statbank.base_url)
    indicator_id = _connect(db, client)
    _sync(db, client)
    before = _values(db, indicator_id)
    table = statbank.tables["AUK01"]
    first = table.cell

    def revised(combo: dict[str, str], period: str) -> float | None:
        value = first(combo, period)
        return None if value is None else value + (49.0 if period == "2026K2" else 0.0)

    table.cell = revised
    later = datetime(2026, 12, 4, 8, 10, tzinfo=UTC)
    [result] = _sync(db, client, later)
    assert result.new == [] and result.revised == ["2026K2"]
    after = _values(db, indicator_id)
    # 49 more of 49,000 is 0.1 percentage point more; nothing else moved.
    assert after["2026-06"].value == pytest.approx(before["2026-06"].value + 0.1)
    assert after["2026-06"].recorded_at != before["2026-06"].recorded_at
    assert {m: v.value for m, v in after.items() if m != "2026-06"} == {
        m: v.value for m, v in before.items() if m != "2026-06"
    }
    assert "1 revised" in result.line()


def test_the_share_matches_a_hand_computation(db, statbank) -> None:
    client = StatbankClient(statbank.base_url)
    indicator_id = _connect(db, client)
    _sync(db, client)
    values = _values(db, indicator_id)
    # 2026K3 is the 30th quarter (index 29): 8,000 - 20 x 29 = 7,420 on benefits;
    # 49 ages x 1,000 = 49,000 aged 16-64; 7,420 / 49,000 x 100 = 15.1428...
    assert values["2026-09"].value == pytest.approx(15.142857, abs=1e-6)
    # 2024K4 (index 22): 7,560 / 49,000 x 100 = 15.428571...
    assert values["2024-12"].value == pytest.approx(15.428571, abs=1e-6)


def test_two_clocks_at_once_store_each_value_once(db, statbank) -> None:
    client = StatbankClient(statbank.base_url)
    indicator_id = _connect(db, client)
    statbank.delay = 0.05  # both are in flight together
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            _sync(db, client)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    values = _values(db, indicator_id)
    assert len(values) == 24
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(IndicatorValue)) == 24
        # The country and two comparable municipalities, each once per quarter.
        assert session.scalar(select(func.count()).select_from(ComparisonValue)) == 3 * 24


def test_a_value_typed_in_by_hand_is_kept_and_the_conflict_said(db, statbank) -> None:
    client = StatbankClient(statbank.base_url)
    indicator_id = _connect(db, client)
    with session_scope(db) as session:
        record_value(
            session=session, team_id="T0TVAERS", indicator_id=indicator_id, month="2026-09",
            value=14.0, recorded_by="U0ADMIN", source="home", now=NOW,
        )  # fmt: skip
    [result] = _sync(db, client)
    assert result.conflicts == ["2026K3"]
    values = _values(db, indicator_id)
    assert values["2026-09"].value == 14.0 and values["2026-09"].source == "home"
    source = _source(db)
    assert source.conflicts == [["2026K3", 14.0, pytest.approx(15.142857, abs=1e-6)]]
    # A later run does not fetch it again, and never overwrites it.
    [again] = _sync(db, client)
    assert again.new == [] and again.conflicts == []
    assert _values(db, indicator_id)["2026-09"].value == 14.0


@pytest.mark.parametrize(
    ("fault", "kind"),
    [("variable", "changed"), ("500", "server"), ("slow", "timeout"), ("gone", "period_gone")],
)
def test_each_fault_is_recorded_with_when_it_last_worked(db, statbank, fault, kind) -> None:
    client = StatbankClient(statbank.base_url, timeout=0.3)
    _connect(db, client)
    _sync(db, client)
    later = datetime(2026, 12, 4, 8, 10, tzinfo=UTC)
    if fault == "variable":
        statbank.drop_variable("AUK01", "KØN")
    elif fault == "500":
        statbank.fail(500)
    elif fault == "slow":
        statbank.delay = 0.6
    else:
        statbank.remove_period("AUK01", "2025K1")
    [result] = _sync(db, client, later)
    source = _source(db)
    assert source.error_kind == kind
    assert source.last_attempt_at == later
    assert source.last_success_at == (later if fault == "gone" else NOW)
    if fault == "variable":
        assert result.error == "changed" and "KØN" in (source.error_detail or "")
    if fault == "gone":
        assert source.error_detail == "2025K1"
    # The fault goes away: the next run works and clears it.
    statbank.delay = 0.0
    if fault == "variable":
        statbank.tables["AUK01"].variables["KØN"] = [("TOT", "I alt")]
    if fault == "gone":
        statbank.add_period("AUK01", "2025K1")
    _sync(db, client, later)
    assert _source(db).error_kind is None


def test_periods_map_to_the_month_they_end_in() -> None:
    assert period_month("2026M09") == "2026-09"
    assert period_month("2026K3") == "2026-09"
    assert period_month("2026") == "2026-12"
    with pytest.raises(ValueError):
        period_month("2026K5")


def test_the_job_runs_daily_and_admins_see_what_to_fix_and_when_it_last_worked(
    org_app: RunningApp, statbank: FakeStatbank, monkeypatch: pytest.MonkeyPatch, travel
) -> None:
    monkeypatch.setenv("STATBANK_API_URL", statbank.base_url)
    assert JOBS["effect-sync"][1] == {"trigger": "cron", "hour": 9, "minute": 10}
    client = StatbankClient(statbank.base_url)
    with session_scope(org_app.sessions) as session:
        indicator_id = session.scalar(
            select(Indicator.id).where(Indicator.name.startswith("Andel 16-64"))
        )
        assert indicator_id is not None
        effect_sources.connect(
            session=session, team_id="T0TVAERS", indicator_id=indicator_id, spec=SHARE,
            client=client,
        )  # fmt: skip
    runtime = Runtime(org_app.settings, org_app.engine, org_app.sessions)
    slack = WebClient(token=BOT_TOKEN, base_url=org_app.fake.base_url)
    travel(NOW)
    summary = run_job("effect-sync", runtime, slack, NOW)
    assert "24 new, up to 2026K3" in summary
    text = home_text(org_app, ADMIN)
    assert "Kilde: Danmarks Statistik, AUK01 og FOLK1A, 3. kvt. 2026" in text
    assert "Sidst hentet 03.12.2026 09:10" in text
    statbank.fail(500)
    later = datetime(2026, 12, 4, 8, 10, tzinfo=UTC)
    travel(later)
    assert "failed (server)" in run_job("effect-sync", runtime, slack, later)
    text = home_text(org_app, ADMIN)
    assert ":warning: Andel 16-64-årige på offentlig forsørgelse: Statistikbanken havde en " in text
    assert "fejl for AUK01. Der prøves igen i morgen; du skal ikke gøre noget." in text
    assert "Sidst hentet 03.12.2026 09:10" in text
    with org_app.session() as session:
        run = session.scalar(
            select(JobRun).where(JobRun.name == "effect-sync").order_by(JobRun.id.desc())
        )
        assert run is not None and run.ok is False


def _digest_text(sessions: sessionmaker[Session], month: str = "2026-11") -> tuple[str, object]:
    from bot.services import digest as service
    from bot.views.digest import digest_message

    with session_scope(sessions) as session:
        period = service.period_for(month, tz="Europe/Copenhagen", now=NOW)
        digest = service.build_digest(session=session, team_id="T0TVAERS", period=period)
    message = digest_message(digest, lang="da")
    return json.dumps(message, ensure_ascii=False), digest


def test_the_digest_names_the_source_and_the_real_period_and_marks_stale_values(
    db, statbank
) -> None:
    client = StatbankClient(statbank.base_url)
    _connect(db, client)
    _sync(db, client)
    text, _digest = _digest_text(db)
    line = next(
        part for part in text.split("• ") if part.startswith("Andel 16-64-årige på offentlig")
    )
    # Quarterly: labelled with its quarter, never as "this month"; compared with the quarter
    # before; the source named as CC BY 4.0 asks.
    assert "*15,14 procent* (seneste: 3. kvt. 2026)" in line
    assert "↓ 0,04 procentpoint siden 2. kvt. 2026 :large_green_circle: bedre" in line
    assert "↓ 0,16 procentpoint siden 3. kvt. 2025 :large_green_circle: bedre" in line
    assert "1,14 procentpoint fra målet på 14 procent" in line
    # Compared with the whole country and the comparable municipalities, by hand:
    # country 599,420 / (49 x 75,000) = 16.31 % (we do better: lower is better here);
    # Aarhus 11,420 / 73,500 = 15.537 %, Aalborg 6,420 / 49,000 = 13.102 %: mean 14.32 %.
    assert "hele landet 16,31 (vi ligger bedre)" in line
    assert "sammenligningskommuner 14,32 (vi ligger dårligere)" in line
    assert "_Kilde: Danmarks Statistik, AUK01 og FOLK1A, 3. kvt. 2026_" in line
    assert "forældet" not in text
    # Another indicator has no source and no value: said so, no source line.
    assert "Unge 18-24 år i job eller uddannelse: _ingen værdi registreret_" in text
    # The latest fetch fails: the value is marked stale, not shown as current.
    statbank.fail(500)
    _sync(db, client, datetime(2026, 12, 4, 8, 10, tzinfo=UTC))
    text, _digest = _digest_text(db)
    assert (
        "*15,14 procent* (seneste: 3. kvt. 2026 – forældet: seneste hentning mislykkedes)" in text
    )


def test_the_effect_chart_has_a_panel_per_goal_and_says_the_trend_in_words(db, statbank) -> None:
    from bot.effect_chart import render_effect_chart

    client = StatbankClient(statbank.base_url)
    _connect(db, client)
    _sync(db, client)
    _text, digest = _digest_text(db)
    effect = digest.effect  # type: ignore[attr-defined]
    [indicator] = [i for i in effect[0].indicators if i.history]
    assert len(indicator.history) == 24 and indicator.history[-1][1] == "2026K3"
    chart = render_effect_chart(
        effect, lang="da", title="Effekt – november 2026", scope="Tværby Kommune",
        filename="tvaers-effekt-2026-11.png",
    )  # fmt: skip
    assert chart.png.startswith(b"\x89PNG")
    assert chart.alt_text.startswith(
        "Effekt for Tværby Kommune, ét panel pr. mål og måleenhed. "
        "Flere borgere i job eller uddannelse: "
        "Andel 16-64-årige på offentlig forsørgelse faldt 0,94 procentpoint fra 16,08 til "
        "15,14 procent "
        "(4. kvt. 2020 til 3. kvt. 2026); målet er 14; hele landet 16,31; "
        "sammenligningskommuner 14,32."
    )
    assert "Ingen værdier for: Unge 18-24 år i job eller uddannelse." in chart.alt_text
    assert len(chart.alt_text) <= 1000


def test_the_chart_modules_do_not_import_matplotlib_until_they_draw() -> None:
    import subprocess
    import sys

    code = "import sys, bot.effect_chart, bot.charts, jobs; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_a_wrong_code_in_the_organisation_file_is_said_in_danish_by_the_sync(db, statbank) -> None:
    _indicator(db)
    with session_scope(db) as session:
        source = session.scalar(select(StatbankSource))
        assert source is not None
        source.selection = {**source.selection, "OMRÅDE": ["999"]}
    [result] = _sync(db, StatbankClient(statbank.base_url))
    assert result.error == "config"
    source = _source(db)
    assert (source.error_detail or "").startswith("»999« er ikke en værdi for OMRÅDE i AUK01, fx")
    assert statbank.data_calls() == []  # nothing fetched with a wrong code


def test_an_export_keeps_the_source_so_a_round_trip_does_too(db) -> None:
    from bot.services.org_export import export_org
    from bot.services.org_import import parse_org_file

    _indicator(db)
    with session_scope(db) as session:
        text = export_org(session=session, team_id="T0TVAERS", now=NOW)
    spec = parse_org_file(text)
    [indicator] = [i for g in spec.goals for i in g.indicators if i.source is not None]
    assert indicator.source == SHARE


@pytest.fixture
def statbank_app(fake, db, engine, database_url, statbank) -> Iterator[RunningApp]:
    """The app (Tværby imported) with STATBANK_API_URL at the stand-in."""
    from bot.app import build_app, runtime_of
    from bot.wsgi import create_wsgi_app
    from sandbox import SlackSender
    from sandbox.appserver import AppServer
    from tests.conftest import SIGNING_SECRET, add_org_users, make_settings

    settings = make_settings(fake, database_url, statbank_api_url=statbank.base_url)
    bolt_app = build_app(settings, engine=engine)
    with AppServer(create_wsgi_app(bolt_app)) as server:
        sender = SlackSender(
            server.events_url,
            SIGNING_SECRET,
            team_id=fake.team_id,
            fake=fake,
            settle=runtime_of(bolt_app).later.wait,
        )
        app = RunningApp(server.events_url, fake, sender, settings, db, engine)
        add_org_users(fake)
        for channel_id, name in (("C0DIREKTION", "direktionen"), ("C0TVAERS", "tvaers")):
            fake.add_channel(channel_id, name, is_member=True)
        import_example_org(db, fake)
        yield app


def test_indicators_of_one_goal_in_different_units_get_their_own_axis() -> None:
    from bot.effect_chart import panels, render_effect_chart
    from bot.services.digest import GoalEffect, IndicatorEffect

    def indicator(name: str, unit: str, values: list[float]) -> IndicatorEffect:
        history = tuple((f"2026-{m:02d}", None, v) for m, v in enumerate(values, start=1))
        return IndicatorEffect(
            name=name, measure_unit=unit, higher_is_better=False, target=None,
            month=history[-1][0] if history else None, value=values[-1] if values else None,
            previous=None, last_year=None,
            history=history,
        )  # fmt: skip

    elderly = GoalEffect(
        "Ældre klarer sig selv længere",
        (
            indicator("Uden hjemmehjælp", "procent", [80.0, 81.0]),
            indicator("Genindlæggelser", "pr. 1.000 borgere over 65", [45.0, 43.0]),
            indicator("Tilfredse", "Procent", [70.0, 72.0]),
            indicator("Ventetid", "dage", []),
        ),
    )
    empty = GoalEffect("Børn og unge trives og lærer", (indicator("Fravær", "procent", []),))
    found = panels([elderly, empty])
    assert [(p.title, p.unit, [i.name for i in p.indicators]) for p in found] == [
        ("Ældre klarer sig selv længere", "procent", ["Uden hjemmehjælp", "Tilfredse"]),
        (None, "pr. 1.000 borgere over 65", ["Genindlæggelser"]),
        ("Børn og unge trives og lærer", None, []),
    ]
    chart = render_effect_chart(
        [elderly, empty], lang="da", title="Effekt", scope="Tværby", filename="x.png"
    )
    assert chart.png.startswith(b"\x89PNG")
