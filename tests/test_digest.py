"""The monthly digest's numbers, blocks and chart, computed from a month with known data.

The month is built in tests/test_digest_world.py; each expected figure is worked out there.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.charts import render_chart
from bot.db import session_scope
from bot.models import Unit, Workspace
from bot.services import digest as service
from bot.services.digest import ParticipationGroup, merge_small_groups
from bot.services.effect import shift_month
from bot.views.digest import digest_message, export_csv, fmt_number, thread_links
from sandbox.server import block_errors, message_errors
from tests.conftest import import_example_org
from tests.test_digest_world import (
    BO,
    BO_NAME,
    CAMILLA,
    FAMILY,
    SOCIAL,
    TEAM,
    TZ,
    WORK,
    World,
    _item,
    area_id,
    build_world,
    has_reflection,
    has_threads,
    make_now,
)

MONTH = "2026-11"


@pytest.fixture
def world(db: sessionmaker[Session]) -> World:
    """Tværby Kommune with November 2026 in it."""
    import_example_org(db)
    return build_world(db, MONTH)


def _digest(db: sessionmaker[Session], *, area: str | None = None) -> service.Digest:
    with db() as session:
        period = service.period_for(MONTH, tz=TZ, now=make_now(MONTH))
        area_key = area_id(db, area) if area else None
        return service.build_digest(session=session, team_id=TEAM, period=period, area_id=area_key)


def _text(message: dict[str, object]) -> str:
    return json.dumps(message, ensure_ascii=False)


# -- the period ----------------------------------------------------------------------------------


def test_a_month_runs_from_local_midnight_to_local_midnight() -> None:
    period = service.period_for("2026-11", tz=TZ, now=make_now("2026-11"))
    assert (period.start.isoformat(), period.end.isoformat()) == (
        "2026-10-31T23:00:00+00:00",
        "2026-11-30T23:00:00+00:00",
    )
    assert not period.so_far
    # Summer time: October starts at 22:00 UTC.
    assert service.month_start("2026-10", TZ).isoformat() == "2026-09-30T22:00:00+00:00"


def test_the_current_month_is_the_month_so_far_and_a_future_month_is_refused() -> None:
    now = make_now("2026-11") + timedelta(days=16)
    period = service.period_for("2026-12", tz=TZ, now=now)
    assert period.so_far and period.end == now
    with pytest.raises(service.FutureMonth):
        service.period_for("2027-01", tz=TZ, now=now)


def test_the_digest_is_due_from_eight_on_the_first() -> None:
    eight = make_now("2026-11")
    assert service.latest_due_month(eight, TZ) == "2026-11"
    assert service.latest_due_month(eight - timedelta(minutes=1), TZ) == "2026-10"
    assert service.post_time("2026-11", TZ) == eight


@pytest.mark.parametrize(
    ("typed", "month"),
    [("", "2026-12"), ("2026-11", "2026-11"), ("11-2026", "2026-11"), ("2026/3", "2026-03")],
)
def test_months_as_directors_type_them(typed: str, month: str) -> None:
    now = make_now("2026-11") + timedelta(days=3)
    assert service.resolve_month(typed, now=now, tz=TZ) == month


def test_a_month_name_is_the_latest_such_month() -> None:
    now = make_now("2026-11") + timedelta(days=3)  # 4 December 2026
    assert service.resolve_month("november", now=now, tz=TZ) == "2026-11"
    assert service.resolve_month("Januar", now=now, tz=TZ) == "2026-01"
    assert service.resolve_month("dec", now=now, tz=TZ) == "2026-12"
    for bad in ("13-2026", "2026-13", "nu", "26-11"):
        with pytest.raises(ValueError):
            service.resolve_month(bad, now=now, tz=TZ)


# -- 1. effect -----------------------------------------------------------------------------------


def test_effect_shows_each_goal_with_value_changes_and_target(
    world: World, db: sessionmaker[Session]
) -> None:
    digest = _digest(db)
    titles = [goal.title for goal in digest.effect]
    assert titles == [
        "Flere borgere i job eller uddannelse",
        "Ældre klarer sig selv længere",
        "Børn og unge trives og lærer",
    ]
    welfare, young = digest.effect[0].indicators
    assert (welfare.value, welfare.previous, welfare.last_year) == (15.2, 15.5, 16.3)
    assert (welfare.change_month, welfare.change_year, welfare.to_target) == (-0.3, -1.1, 1.2)
    assert welfare.verdict(welfare.change_month) == "better"  # lower is better here
    # Only a value from two months ago: shown as the latest, with no changes.
    assert (young.month, young.value, young.previous, young.last_year) == (
        "2026-09",
        84.0,
        None,
        None,
    )
    assert young.to_target == 6.0
    home_help = digest.effect[1].indicators[0]
    assert (home_help.change_month, home_help.verdict(home_help.change_month)) == (-0.5, "worse")
    assert home_help.to_target == -1.5  # the target of 85 is met
    assert digest.effect[2].indicators[0].value is None

    text = _text(digest_message(digest, lang="da"))
    assert "*15,2 procent*" in text
    # A change of a percentage is in points; its level stays "procent".
    assert "↓ 0,3 procentpoint siden oktober :large_green_circle: bedre" in text
    assert "↓ 1,1 procentpoint siden november 2025 :large_green_circle: bedre" in text
    assert "1,2 procentpoint fra målet på 14 procent" in text
    assert "0,3 procent " not in text and "1,1 procent " not in text
    assert "*84 procent* (seneste: september 2026)" in text
    assert "↓ 0,5 procentpoint siden oktober :red_circle: dårligere" in text
    assert "målet på 85 procent er nået" in text
    assert "Elever med højt skolefravær: _ingen værdi registreret_" in text


def test_effect_comes_first(world: World, db: sessionmaker[Session]) -> None:
    blocks = digest_message(_digest(db), lang="da")["blocks"]
    headings = [
        b["text"]["text"]
        for b in blocks
        if b["type"] == "section"
        and "text" in b
        and b["text"]["text"][:3] in ("*1.", "*2.", "*3.", "*4.", "*5.")
    ]
    assert [h.split("*")[1] for h in headings] == [
        "1. Effekt for borgerne",
        "2. Kræver direktionen",
        "3. Barrierer, potentialer og dilemmaer",
        *(["4. Refleksion", "5. Aktivitet"] if has_reflection() else ["4. Aktivitet"]),
    ]


# -- 2. what needs the directors -----------------------------------------------------------------


def test_needs_escalated_and_old_top_level_items_oldest_first(
    world: World, db: sessionmaker[Session]
) -> None:
    digest = _digest(db)
    assert digest.needs_total == 3
    assert [item.item_id for item in digest.needs] == [
        world.items["escalated_old"],
        world.items["top_level"],
        world.items["escalated_now"],
    ]
    old, top, now = digest.needs
    assert (old.anonymous, old.author_name, old.units) == (True, None, ("Hjemmeplejen",))
    assert top.author_name == "David Øster" and top.escalated_at is None
    assert top.units == ("Jobcentret", "Socialpsykiatrien")
    assert top.days_open == 91  # created 61 days before the month, which has 30
    assert now.escalated_at == world.start + timedelta(days=19)

    text = _text(digest_message(digest, lang="da"))
    assert "*2. Kræver direktionen*  ·  3 punkter" in text
    assert ":hourglass: *Direktionsniveau, åben i 91 dage*" in text
    assert "fra David Øster" in text
    assert "_anonym_" in text


@pytest.mark.skipif(not has_threads(), reason="cross-unit threads are not in this build")
def test_needs_link_to_the_items_thread(world: World, db: sessionmaker[Session]) -> None:
    digest = _digest(db)
    top = digest.needs[1]
    assert (top.thread_channel, top.thread_ts) == ("C0TVAERS", "1764000003.000100")
    links = thread_links(digest, "https://tvaerby.slack.com")
    assert links == {top.item_id: "https://tvaerby.slack.com/archives/C0TVAERS/p1764000003000100"}
    text = _text(digest_message(digest, lang="da", links=links))
    assert "<https://tvaerby.slack.com/archives/C0TVAERS/p1764000003000100|Se tråden>" in text


def test_a_long_list_ends_with_how_many_more(world: World, db: sessionmaker[Session]) -> None:
    with db() as session:
        period = service.period_for(MONTH, tz=TZ, now=make_now(MONTH))
        digest = service.build_digest(session=session, team_id=TEAM, period=period, list_limit=1)
    assert (len(digest.needs), digest.needs_total) == (1, 3)
    text = _text(digest_message(digest, lang="da"))
    assert "… og 2 mere – hele listen er i eksporten" in text


# -- 3. items ------------------------------------------------------------------------------------


def test_items_new_resolved_median_themes_and_pairs(
    world: World, db: sessionmaker[Session]
) -> None:
    items = _digest(db).items
    assert items.new_by_kind == {"barrier": 3, "potential": 1, "dilemma": 1}
    assert items.new_total == 5
    assert items.resolved == 3  # two of this month's, and one from the last evening before it
    assert items.median_days == 18.0  # of 5, 18 and 20.5 days
    assert items.themes == (
        ("waiting", 3),
        ("housing", 1),
        ("mental_health", 1),
        ("families", 1),
        ("elderly_health", 1),
    )
    assert items.unit_pairs == (
        ("Jobcentret", "Socialpsykiatrien", 2),
        ("Familieafdelingen", "Jobcentret", 1),
        ("Familieafdelingen", "PPR", 1),
    )
    notes = [(r.item_id, r.note, r.days_to_resolve) for r in items.resolved_items]
    assert notes == [
        (world.items["twice"], "Fælles handleplan", 20),
        (world.items["waiting"], "Fast tid hver uge hos Socialpsykiatrien", 18),
        (world.items["october"], "Ny aftale", 5),
    ]


def test_items_section_as_the_director_reads_it(world: World, db: sessionmaker[Session]) -> None:
    text = _text(digest_message(_digest(db), lang="da"))
    assert "*Nye*\\n5 (3 barrierer · 1 potentiale · 1 dilemma)" in text
    assert "*Løst*\\n3" in text
    assert "*Median til løsning*\\n18 dage" in text
    assert (
        "*Hyppigste temaer:* ventetid (3) · bolig (1) · psykiatri og misbrug (1) · "
        "børn og familier (1) · ældre og sundhed (1)"
    ) in text
    assert "*Enheder, der deler flest punkter:* Jobcentret + Socialpsykiatrien (2)" in text
    assert "→ _Fælles handleplan_ (Familieafdelingen, Jobcentret · 20 dage)" in text


def test_a_pair_from_an_earlier_month_does_not_count_in_this_months_pairs(
    world: World, db: sessionmaker[Session]
) -> None:
    # Three items the evening before the month, shared by Familieafdelingen and Hjemmeplejen
    # (no item of this month is): counted, they would lead this month's pairs.
    with session_scope(db) as session:
        units = {u.name: u.id for u in session.scalars(select(Unit).where(Unit.team_id == TEAM))}
        for hours in (1, 2, 3):
            _item(
                session,
                units,
                {},
                author=CAMILLA,
                author_unit="Familieafdelingen",
                text="Faldt derhjemme",
                unit_names=["Familieafdelingen", "Hjemmeplejen"],
                created=world.start - timedelta(hours=hours),
            )
    assert _digest(db).items.unit_pairs == (
        ("Jobcentret", "Socialpsykiatrien", 2),
        ("Familieafdelingen", "Jobcentret", 1),
        ("Familieafdelingen", "PPR", 1),
    )
    with db() as session:
        before = service.period_for(shift_month(MONTH, -1), tz=TZ, now=make_now(MONTH))
        earlier = service.build_digest(session=session, team_id=TEAM, period=before)
    assert earlier.items.unit_pairs[0] == ("Familieafdelingen", "Hjemmeplejen", 3)


# -- 4. reflection -------------------------------------------------------------------------------


@pytest.mark.skipif(not has_reflection(), reason="the weekly reflection is not in this build")
def test_reflection_participation_by_area_with_small_areas_merged(
    world: World, db: sessionmaker[Session]
) -> None:
    reflection = _digest(db).reflection
    assert reflection is not None
    assert (reflection.asked, reflection.answered, reflection.threshold) == (12, 8, 5)
    assert reflection.groups == (
        ParticipationGroup(WORK, (WORK,), 7, 5),
        ParticipationGroup(None, (FAMILY, SOCIAL), 5, 3),
    )
    # Managers, not answers: Anna's "udredning" and David's "misbrug" are mental health.
    assert reflection.themes == (
        ("waiting", 3),
        ("mental_health", 3),
        ("housing", 2),
        ("families", 2),
        ("elderly_health", 1),
    )
    assert reflection.quotes == ()  # nobody marked an answer as shareable
    text = _text(digest_message(_digest(db), lang="da"))
    assert "*67 % af lederne svarede* (8 af 12)" in text
    assert f"• {WORK}: 71 % (5 af 7)" in text
    assert f"• Øvrige ({FAMILY}, {SOCIAL}): 60 % (3 af 5)" in text
    assert "*Svarene handlede om:* ventetid (3) · psykiatri og misbrug (3) · bolig (2)" in text
    assert "8 ledere besvarede refleksionen" in text


@pytest.mark.skipif(not has_reflection(), reason="the weekly reflection is not in this build")
def test_only_answers_marked_shareable_are_quoted_and_never_with_a_name(
    world: World, db: sessionmaker[Session]
) -> None:
    from sqlalchemy import select

    from bot.models import ReflectionPrompt

    with session_scope(db) as session:
        answered = session.scalars(
            select(ReflectionPrompt)
            .where(ReflectionPrompt.answer_barriers.is_not(None))
            .order_by(ReflectionPrompt.id)
        ).all()
        chosen = answered[0]
        chosen.shareable = True
        quote = next(
            a for a in (chosen.answer_need, chosen.answer_barriers, chosen.answer_action) if a
        )
        others = [a.answer_barriers for a in answered[1:] if a.answer_barriers]
        author = chosen.user_id
    reflection = _digest(db).reflection
    assert reflection is not None and reflection.quotes == (quote,)
    text = _text(digest_message(_digest(db), lang="da"))
    assert quote[:40] in text
    assert author not in text
    assert all(other[:40] not in text for other in others if other[:40] not in quote)


@pytest.mark.skipif(not has_reflection(), reason="the weekly reflection is not in this build")
def test_the_threshold_is_the_workspaces_setting(world: World, db: sessionmaker[Session]) -> None:
    with session_scope(db) as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        if not hasattr(workspace, "anonymity_threshold"):
            pytest.skip("the admin setting is not in this build")
        workspace.anonymity_threshold = 8  # type: ignore[attr-defined]
    reflection = _digest(db).reflection
    assert reflection is not None
    # Beskæftigelse (7) is now too small as well: everyone in one group, and no area named.
    assert reflection.groups == (ParticipationGroup(None, (WORK, FAMILY, SOCIAL), 12, 8),)
    assert reflection.themes  # 8 answered: still enough for themes
    with session_scope(db) as session:
        session.get(Workspace, TEAM).anonymity_threshold = 13  # type: ignore[union-attr]
    reflection = _digest(db).reflection
    assert reflection is not None and not reflection.shown
    assert (reflection.groups, reflection.themes) == ((), ())
    text = _text(digest_message(_digest(db), lang="da"))
    assert "Færre end 13 ledere fik ugens spørgsmål i november 2026" in text
    assert "af lederne svarede" not in text
    assert "besvarede refleksionen" not in text


@pytest.mark.skipif(not has_reflection(), reason="the weekly reflection is not in this build")
def test_an_area_digest_hides_a_small_areas_reflection(
    world: World, db: sessionmaker[Session]
) -> None:
    reflection = _digest(db, area=SOCIAL).reflection
    assert reflection is not None
    assert (reflection.asked, reflection.shown, reflection.groups) == (3, False, ())
    work = _digest(db, area=WORK).reflection
    assert work is not None
    assert (work.asked, work.answered, work.groups) == (
        7,
        5,
        (ParticipationGroup(WORK, (WORK,), 7, 5),),
    )


def test_merging_small_groups() -> None:
    # Big enough alone, or pooled; a pool still too small takes the smallest group in.
    assert merge_small_groups(
        [("A", 6, 3), ("B", 5, 5), ("C", 2, 1), ("D", 2, 0)], threshold=5
    ) == (
        ParticipationGroup("A", ("A",), 6, 3),
        ParticipationGroup(None, ("B", "C", "D"), 9, 6),
    )
    assert merge_small_groups([("A", 6, 3), ("C", 3, 1), ("D", 2, 2)], threshold=5) == (
        ParticipationGroup("A", ("A",), 6, 3),
        ParticipationGroup(None, ("C", "D"), 5, 3),
    )
    # People with no area are always pooled, never shown as a group of their own.
    assert merge_small_groups([("A", 5, 1), (None, 9, 4)], threshold=5) == (
        ParticipationGroup("A", ("A",), 5, 1),
        ParticipationGroup(None, (), 9, 4),
    )
    assert merge_small_groups([("A", 2, 1), ("B", 2, 2)], threshold=5) == ()
    assert merge_small_groups([("A", 5, 5)], threshold=5) == (
        ParticipationGroup("A", ("A",), 5, 5),
    )


# -- 5. activity ---------------------------------------------------------------------------------


def test_activity_is_labelled_output(world: World, db: sessionmaker[Session]) -> None:
    digest = _digest(db)
    assert digest.activity.items_logged == 5
    if has_threads():
        assert (digest.activity.threads_opened, digest.activity.replies) == (2, 7)
    text = _text(digest_message(digest, lang="da"))
    assert "_output – ikke effekt_" in text
    assert "5 punkter noteret" in text
    if has_threads():
        assert "2 tråde på tværs åbnet  ·  7 svar i trådene" in text


# -- one area ------------------------------------------------------------------------------------


def test_an_area_digest_has_only_that_areas_items(world: World, db: sessionmaker[Session]) -> None:
    digest = _digest(db, area=WORK)
    assert digest.area_name == WORK
    assert digest.items.new_by_kind == {"barrier": 2, "potential": 0, "dilemma": 1}
    assert digest.items.resolved == 3
    assert [n.item_id for n in digest.needs] == [
        world.items["top_level"],
        world.items["escalated_now"],
    ]
    if has_threads():
        assert (digest.activity.threads_opened, digest.activity.replies) == (1, 4)
    assert digest.effect  # the goals are the whole organisation's
    text = _text(digest_message(digest, lang="da"))
    assert f"Kun punkter i {WORK}" in text
    assert '"value": "2026-11:' in text  # the export button exports this area only


# -- anonymity, limits, the empty month ------------------------------------------------------------


def test_no_anonymous_author_in_the_digest_chart_or_export(
    world: World, db: sessionmaker[Session]
) -> None:
    digest = _digest(db)
    with db() as session:
        chart = service.chart_data(session=session, team_id=TEAM, period=digest.period)
        rows = service.export_rows(session=session, team_id=TEAM, period=digest.period)
    image = render_chart(chart, lang="da", title="Tværs", scope="Tværby Kommune", filename="x.png")
    exported = export_csv(rows, lang="da", tz=TZ).decode("utf-8")
    for output in (
        _text(digest_message(digest, lang="da")),
        image.alt_text,
        exported,
        repr(digest),
    ):
        assert BO_NAME not in output and BO not in output
    assert BO_NAME.encode() not in image.png and BO.encode() not in image.png
    anonymous = [row for row in rows if row.anonymous]
    assert {row.item_id for row in anonymous} == {
        world.items["falls"],
        world.items["escalated_old"],
    }
    assert all(row.author_name is None for row in anonymous)


def test_the_digest_is_valid_block_kit_within_limits(
    world: World, db: sessionmaker[Session]
) -> None:
    with db() as session:
        period = service.period_for(MONTH, tz=TZ, now=make_now(MONTH))
        digest = service.build_digest(session=session, team_id=TEAM, period=period, list_limit=200)
    # Even asked to list 200 items, the message keeps to Slack's 50 blocks.
    for lang in ("da", "en"):
        message = digest_message(digest, lang=lang)
        assert message_errors(message) == []
        assert len(message["blocks"]) <= 50
    huge = service.Digest(
        **{
            **digest.__dict__,
            "needs": digest.needs * 30,
            "needs_total": 90,
        }
    )
    message = digest_message(huge, lang="da")
    assert len(message["blocks"]) == 50 and block_errors(message["blocks"]) == []
    shown = sum(
        1 for b in message["blocks"] if ":rotating_light:" in _text(b) or ":hourglass:" in _text(b)
    )
    assert f"… og {90 - shown} mere – hele listen er i eksporten" in _text(message)


def test_an_empty_month(db: sessionmaker[Session]) -> None:
    import_example_org(db)
    digest = _digest(db)
    assert digest.empty
    assert (digest.items.new_total, digest.items.resolved, digest.needs_total) == (0, 0, 0)
    assert digest.items.median_days is None and digest.items.themes == ()
    assert digest.reflection is None  # nobody was asked: the section is left out
    message = digest_message(digest, lang="da")
    assert message_errors(message) == []
    text = _text(message)
    assert "Der skete intet i november 2026" in text
    assert "Intet venter på direktionen" in text
    assert "Refleksion" not in text
    with db() as session:
        assert not service.chart_data(session=session, team_id=TEAM, period=digest.period).drawable


def test_english(world: World, db: sessionmaker[Session]) -> None:
    text = _text(digest_message(_digest(db), lang="en"))
    assert "Monthly overview · November 2026" in text
    assert "↓ 0.3 percentage points since October :large_green_circle: better" in text
    assert "1.2 percentage points from the target of 14 procent" in text
    assert "*New*\\n5 (3 barriers · 1 potential · 1 dilemma)" in text


def test_numbers_read_as_danes_write_them() -> None:
    assert [fmt_number(v, "da") for v in (15.2, 1234.5, 14.0, -0.3, 0.004)] == [
        "15,2",
        "1.234,5",
        "14",
        "−0,3",
        "0",
    ]
    assert fmt_number(1234.5, "en") == "1,234.5"


# -- the chart -----------------------------------------------------------------------------------


def test_chart_new_vs_resolved_per_goal_and_shared_units(
    world: World, db: sessionmaker[Session]
) -> None:
    with db() as session:
        period = service.period_for(MONTH, tz=TZ, now=make_now(MONTH))
        data = service.chart_data(session=session, team_id=TEAM, period=period)
    # Items go back to four months before November: at least six months are drawn.
    assert data.months == ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
    by_goal = {s.title: (s.new, s.resolved) for s in data.series}
    assert by_goal["Flere borgere i job eller uddannelse"] == ((0,) * 5 + (2,), (0,) * 5 + (1,))
    assert by_goal["Ældre klarer sig selv længere"] == ((0,) * 5 + (1,), (0,) * 6)
    assert by_goal["Børn og unge trives og lærer"] == ((0,) * 5 + (1,), (0,) * 5 + (1,))
    # Items without a goal: August 1 (escalated_old), September 2, October 4 (incl. the one
    # created at 23:30 on 31 October), November 1; resolved: October 1, November 1.
    assert by_goal[None] == ((0, 0, 1, 2, 4, 1), (0, 0, 0, 0, 1, 1))
    assert data.units[:2] == ("Jobcentret", "Socialpsykiatrien")
    index = {unit: i for i, unit in enumerate(data.units)}
    assert data.matrix[index["Jobcentret"]][index["Socialpsykiatrien"]] == 3
    assert data.matrix[index["Socialpsykiatrien"]][index["Jobcentret"]] == 3
    chart = render_chart(
        data, lang="da", title="Tværs – november 2026", scope="Tværby Kommune", filename="c.png"
    )
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n") and len(chart.png) > 10_000
    assert chart.alt_text.startswith("Aktivitet (output) for Tværby Kommune.")
    assert "fra juni 2026 til november 2026" in chart.alt_text
    assert "Flere borgere i job eller uddannelse: nye 2, løste 1." in chart.alt_text
    assert "flest deler Jobcentret og Socialpsykiatrien (3)" in chart.alt_text
    assert len(chart.alt_text) <= 1000


def test_chart_shows_twelve_months_when_there_is_history(
    world: World, db: sessionmaker[Session]
) -> None:
    with db() as session:
        period = service.period_for("2027-09", tz=TZ, now=make_now("2027-09"))
        data = service.chart_data(session=session, team_id=TEAM, period=period)
    assert data.months[0] == "2026-10" and data.months[-1] == "2027-09" and len(data.months) == 12


def test_the_export_keeps_a_formula_as_text() -> None:
    from datetime import UTC, datetime

    from bot.services.digest import ExportRow

    row = ExportRow(
        item_id=1,
        created_at=datetime(2026, 11, 3, 10, tzinfo=UTC),
        kind="barrier",
        status="open",
        level=None,
        goal=None,
        units=("Jobcentret",),
        author_name="Anna Holm",
        anonymous=False,
        text='=HYPERLINK("https://example.com";"klik")',
        citizen_situation="+45 12345678",
        resolution_note=None,
        escalated_at=None,
        closed_at=None,
        sections=("new",),
    )
    content = export_csv([row], lang="da", tz=TZ).decode("utf-8")
    line = content.splitlines()[1]
    assert line.startswith("1;2026-11-03;Barriere;Åben;;;Jobcentret;Anna Holm;")
    assert "'=HYPERLINK" in line and ";'+45 12345678;" in line


def _indicator(unit: str, value: float, previous: float, target: float) -> service.IndicatorEffect:
    return service.IndicatorEffect(
        name="Andel i job",
        measure_unit=unit,
        higher_is_better=True,
        target=target,
        month="2026-11",
        value=value,
        previous=previous,
        last_year=None,
        history=(("2025-11", None, previous), ("2026-11", None, value)),
    )


@pytest.mark.parametrize("unit", ["%", "procent", " Pct. ", "percent"])
def test_a_change_of_a_percentage_is_in_points_and_its_level_in_percent(unit: str) -> None:
    from bot.effect_chart import effect_alt_text
    from bot.views.digest.indicators import _indicator_line

    indicator = _indicator(unit, 51.4, 52.3, 53.4)
    da = _indicator_line(indicator, "2026-11", "da")
    assert "↓ 0,9 procentpoint siden oktober" in da
    assert "2 procentpoint fra målet på 53,4" in da
    en = _indicator_line(_indicator(unit, 53.3, 52.3, 54.3), "2026-11", "en")
    # One point is singular in English; Danish "procentpoint" is the same in both.
    assert "↑ 1 percentage point since October" in en
    assert "1 percentage point from the target of 54.3" in en
    goal = service.GoalEffect(title="Job", indicators=(indicator,))
    assert "Andel i job faldt 0,9 procentpoint fra 52,3 til 51,4" in effect_alt_text(
        [goal], lang="da", scope="Tværby"
    )
    assert "Andel i job fell by 0.9 percentage points from 52.3 to 51.4" in effect_alt_text(
        [goal], lang="en", scope="Tværby"
    )


def test_a_change_of_another_unit_has_no_points() -> None:
    from bot.effect_chart import effect_alt_text
    from bot.views.digest.indicators import _indicator_line

    indicator = _indicator("pr. 1.000 borgere", 12.0, 14.5, 10.0)
    line = _indicator_line(indicator, "2026-11", "da")
    assert "↓ 2,5 siden oktober" in line and "procentpoint" not in line
    goal = service.GoalEffect(title="Job", indicators=(indicator,))
    alt = effect_alt_text([goal], lang="da", scope="Tværby")
    assert "Andel i job faldt fra 14,5 til 12 pr. 1.000 borgere" in alt
