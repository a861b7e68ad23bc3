"""History that does not move: every change is an append-only event, and a past month's digest
is read as the items stood at the month's end, so it gives the same figures whenever it is built.

Everything happens at chosen moments around October 2026 (`travel`), never at the suite's own.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db import downgrade, migrate, session_scope
from bot.models import (
    CrossUnitThread,
    CrossUnitThreadItem,
    Item,
    ItemEvent,
    Unit,
    Workspace,
)
from bot.services import decisions, threads
from bot.services import digest as service
from bot.services.items import Draft, change_status, edit_item, log_item
from bot.services.privacy import erase_person, expire_free_text
from bot.views.digest import digest_message, export_csv
from tests.conftest import import_example_org

TEAM, TZ, MONTH = "T0TVAERS", "Europe/Copenhagen", "2026-10"
ANNA, RIKKE, CAMILLA, DAVID, HANNE, SOFIE = (
    "U0ANNA",
    "U0RIKKE",
    "U0CAMILLA",
    "U0DAVID",
    "U0HANNE",
    "U0SOFIE",
)
Travel = Callable[[datetime], None]


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> datetime:
    """A local moment in Tværby's time zone."""
    return datetime(year, month, day, hour, tzinfo=ZoneInfo(TZ))


@pytest.fixture
def org(db: sessionmaker[Session]) -> sessionmaker[Session]:
    import_example_org(db)
    return db


def _units(session: Session, *names: str) -> list[int]:
    return [session.scalars(select(Unit.id).where(Unit.name == name)).one() for name in names]


def _log(
    sessions: sessionmaker[Session],
    travel: Travel,
    moment: datetime,
    author: str,
    text: str,
    *units: str,
    level: str | None = None,
) -> int:
    travel(moment)
    with session_scope(sessions) as session:
        draft = Draft(text=text, unit_ids=_units(session, *units), level=level)
        item, _ = log_item(session=session, team_id=TEAM, author_id=author, draft=draft)
        return item.id


def _status(
    sessions: sessionmaker[Session],
    travel: Travel,
    moment: datetime,
    item_id: int,
    user: str,
    status: str,
    **extra: Any,
) -> None:
    travel(moment)
    with session_scope(sessions) as session:
        change_status(
            session=session, team_id=TEAM, item_id=item_id, user_id=user, status=status, **extra
        )


def _thread(sessions: sessionmaker[Session], posted: datetime, *item_ids: int) -> int:
    with session_scope(sessions) as session:
        thread = CrossUnitThread(
            team_id=TEAM,
            group_key=f"g{item_ids}",
            channel_id="C0TVAERS",
            reasons="units",
            claimed_at=posted,
            root_ts=f"{posted.timestamp():.6f}",
            posted_at=posted,
            reply_count=2,
        )
        session.add(thread)
        session.flush()
        for item_id in item_ids:
            session.add(CrossUnitThreadItem(team_id=TEAM, item_id=item_id, thread_id=thread.id))
        return thread.id


def _answer(
    sessions: sessionmaker[Session], travel: Travel, moment: datetime, thread_id: int, **kw: Any
) -> threads.Answer:
    travel(moment)
    with session_scope(sessions) as session:
        return threads.answer(session=session, team_id=TEAM, thread_id=thread_id, now=moment, **kw)


def _events(sessions: sessionmaker[Session], item_id: int) -> list[ItemEvent]:
    with sessions() as session:
        rows = session.scalars(
            select(ItemEvent).where(ItemEvent.item_id == item_id).order_by(ItemEvent.id)
        )
        return list(rows)


def _row(event: ItemEvent) -> tuple[Any, ...]:
    return (event.action, event.from_status, event.to_status, event.level, event.note)


# -- the test ----------------------------------------------------------------------------


@dataclasses.dataclass
class Built:
    digest: service.Digest
    area: service.Digest
    message: dict[str, Any]
    chart: service.ChartData
    rows: list[service.ExportRow]
    csv: bytes


def _october(sessions: sessionmaker[Session], now: datetime, area: int) -> Built:
    """October's digest, chart and export as the job and a director's click build them."""
    fixed = at(11, 2, 8)  # the footer says when it was made: the same moment both times
    with sessions() as session:
        period = service.period_for(MONTH, tz=TZ, now=now)
        digest = dataclasses.replace(
            service.build_digest(session=session, team_id=TEAM, period=period), generated_at=fixed
        )
        area_digest = dataclasses.replace(
            service.build_digest(session=session, team_id=TEAM, period=period, area_id=area),
            generated_at=fixed,
        )
        rows = service.export_rows(session=session, team_id=TEAM, period=period)
        return Built(
            digest=digest,
            area=area_digest,
            message=digest_message(digest, lang="da"),
            chart=service.chart_data(session=session, team_id=TEAM, period=period),
            rows=rows,
            csv=export_csv(rows, lang="da", tz=TZ),
        )


def test_octobers_digest_is_the_same_in_november_and_after_decembers_changes(
    org: sessionmaker[Session], travel: Travel
) -> None:
    log = _log
    top = "top_management"
    old_top = log(org, travel, at(8, 20), DAVID, "Regler", "Socialpsykiatrien", level=top)
    quiet = log(org, travel, at(8, 21), HANNE, "Ventetid hos PPR", "PPR")
    resolved = log(org, travel, at(10, 2), ANNA, "Ventetid på udredning", "Jobcentret")
    still_open = log(org, travel, at(10, 3), RIKKE, "Borgere venter på bolig", "Jobcentret")
    working = log(org, travel, at(10, 5), CAMILLA, "To gange samme historie", "Familieafdelingen")
    shared_a = log(org, travel, at(10, 6), ANNA, "Fælles plan", "Jobcentret", "Socialpsykiatrien")
    shared_b = log(org, travel, at(10, 6, 11), DAVID, "Fælles plan", "Socialpsykiatrien")
    later = log(org, travel, at(10, 7), RIKKE, "Eskaleres i december", "Jobcentret")
    _status(org, travel, at(10, 10), resolved, ANNA, "resolved", note="Fast tid hver uge")
    _status(org, travel, at(10, 12), working, CAMILLA, "in_progress")
    thread = _thread(org, at(10, 6, 12), shared_a, shared_b)
    _answer(org, travel, at(10, 20), thread, user_id=ANNA, outcome="top_management")
    with session_scope(org) as session:
        escalation = decisions.open_escalation(
            session=session, team_id=TEAM, thread_id=thread, raised_by=ANNA, now=at(10, 20)
        )
        escalation_id = escalation.id
        area = session.scalars(select(Unit.area_id).where(Unit.name == "Jobcentret")).one()
    assert area is not None

    first = _october(org, at(11, 2, 9), area)
    # What October looked like, so that the comparison below compares something.
    assert (first.digest.items.new_total, first.digest.items.resolved) == (6, 1)
    assert [r.note for r in first.digest.items.resolved_items] == ["Fast tid hver uge"]
    assert {n.item_id for n in first.digest.needs} == {old_top, shared_a, shared_b}
    assert {r.item_id: r.status for r in first.rows}[working] == "in_progress"

    # December: everything moves.
    _status(org, travel, at(12, 1), resolved, ANNA, "open")  # reopened
    _status(org, travel, at(12, 2), resolved, ANNA, "resolved", note="Noget helt andet")
    _status(org, travel, at(12, 3), still_open, RIKKE, "resolved", note="Bolig fundet")
    _status(org, travel, at(12, 4), working, CAMILLA, "dropped")
    _status(org, travel, at(12, 5), old_top, DAVID, "resolved", note="Ny praksis")
    _status(org, travel, at(12, 6), later, RIKKE, "open", escalate=True)
    _status(org, travel, at(12, 7), shared_b, DAVID, "resolved", note="Løst af direktionen")
    travel(at(12, 8))
    with session_scope(org) as session:
        edit_item(  # now at top level, and open since August: October must not list it
            session=session,
            team_id=TEAM,
            item_id=quiet,
            user_id=HANNE,
            draft=Draft(
                text="Ventetid hos PPR",
                unit_ids=_units(session, "PPR"),
                level="top_management",
            ),
        )
        decisions.decide(
            session=session,
            team_id=TEAM,
            escalation_id=escalation_id,
            user_id=SOFIE,
            kind="answered",
            note="Vi har talt med forvaltningerne",
            now=at(12, 8),
        )
    _log(org, travel, at(12, 9), ANNA, "Ny i december", "Jobcentret")

    again = _october(org, at(12, 15), area)
    assert again.digest == first.digest
    assert again.area == first.area
    assert json.dumps(again.message, ensure_ascii=False) == json.dumps(
        first.message, ensure_ascii=False
    )
    assert again.chart == first.chart
    assert again.rows == first.rows
    assert again.csv == first.csv

    # December itself sees the changes (the month so far reads the items as they are).
    with org() as session:
        december = service.build_digest(
            session=session,
            team_id=TEAM,
            period=service.period_for("2026-12", tz=TZ, now=at(12, 15)),
        )
    assert december.items.resolved == 4
    assert {n.item_id for n in december.needs} == {quiet, shared_a, later}
    assert len(december.decided) == 1


def test_an_item_resolved_after_the_month_was_open_at_its_end_and_the_old_note_stays(
    org: sessionmaker[Session], travel: Travel
) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    _status(org, travel, at(10, 9), item, ANNA, "resolved", note="Første note")
    _status(org, travel, at(10, 20), item, ANNA, "open")
    _status(org, travel, at(11, 3), item, ANNA, "resolved", note="Anden note")
    with org() as session:
        october = service.period_for(MONTH, tz=TZ, now=at(11, 10))
        rows = service.export_rows(session=session, team_id=TEAM, period=october)
        summary = service.items_summary(session=session, team_id=TEAM, period=october)
    [row] = rows
    # Reopened in October: open at the month's end, with the note it had then.
    assert (row.status, row.closed_at, row.resolution_note) == ("open", None, "Første note")
    assert summary.resolved == 0


# -- every path that changes an item writes an event ---------------------------------------------


def test_logging_an_item_writes_its_first_event(org: sessionmaker[Session], travel: Travel) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret", level="across_units")
    [event] = _events(org, item)
    assert _row(event) == ("created", None, "open", "across_units", None)
    with org() as session:
        assert event.at == session.get(Item, item).created_at  # type: ignore[union-attr]


def test_resolving_and_reopening_write_events_with_the_moment_and_the_note(
    org: sessionmaker[Session], travel: Travel
) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    _status(org, travel, at(10, 9), item, ANNA, "resolved", note="Fast tid")
    with org() as session:
        closed = session.get(Item, item).closed_at  # type: ignore[union-attr]
    _status(org, travel, at(10, 20), item, ANNA, "open")
    created, resolved, reopened = _events(org, item)
    assert _row(resolved) == ("status", "open", "resolved", None, "Fast tid")
    assert resolved.at == closed
    assert _row(reopened) == ("status", "resolved", "open", None, "Fast tid")
    # Append-only: the later change left the earlier rows as they were.
    assert _row(_events(org, item)[1]) == _row(resolved) and created.action == "created"


def test_a_new_note_alone_writes_an_event(org: sessionmaker[Session], travel: Travel) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    _status(org, travel, at(10, 9), item, ANNA, "open", note="Vi prøver noget")
    _status(org, travel, at(10, 10), item, ANNA, "open", note="Vi prøver noget")  # no change
    assert [_row(e) for e in _events(org, item)][1:] == [
        ("note", "open", "open", None, "Vi prøver noget")
    ]


def test_escalating_writes_an_event_with_the_new_level(
    org: sessionmaker[Session], travel: Travel
) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    _status(org, travel, at(10, 9), item, ANNA, "in_progress", escalate=True)
    _, moved, escalated = _events(org, item)
    assert _row(moved) == ("status", "open", "in_progress", "top_management", None)
    assert _row(escalated) == ("escalated", "in_progress", "in_progress", "top_management", None)
    with org() as session:
        assert escalated.at == session.get(Item, item).escalated_at  # type: ignore[union-attr]


def test_editing_writes_an_event_with_the_level(org: sessionmaker[Session], travel: Travel) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    travel(at(10, 3))
    with session_scope(org) as session:
        draft = Draft(text="Ventetid", level="across_units")
        edit_item(session=session, team_id=TEAM, item_id=item, user_id=ANNA, draft=draft)
    assert _row(_events(org, item)[-1]) == ("edited", "open", "open", "across_units", None)


@pytest.mark.parametrize(
    ("outcome", "status"), [("resolved", "resolved"), ("in_progress", "in_progress")]
)
def test_a_thread_answer_writes_an_event_per_item(
    org: sessionmaker[Session], travel: Travel, outcome: str, status: str
) -> None:
    a = _log(org, travel, at(10, 2), ANNA, "Fælles", "Jobcentret", "Socialpsykiatrien")
    b = _log(org, travel, at(10, 2, 11), DAVID, "Fælles", "Socialpsykiatrien")
    thread = _thread(org, at(10, 3), a, b)
    _answer(org, travel, at(10, 20), thread, user_id=ANNA, outcome=outcome)
    for item in (a, b):
        assert _row(_events(org, item)[-1])[:3] == ("status", "open", status)


def test_a_thread_escalation_writes_status_and_escalation_events(
    org: sessionmaker[Session], travel: Travel
) -> None:
    a = _log(org, travel, at(10, 2), ANNA, "Fælles", "Jobcentret", "Socialpsykiatrien")
    b = _log(org, travel, at(10, 2, 11), DAVID, "Fælles", "Socialpsykiatrien")
    thread = _thread(org, at(10, 3), a, b)
    _answer(org, travel, at(10, 20), thread, user_id=ANNA, outcome="top_management")
    for item in (a, b):
        assert _row(_events(org, item)[-1]) == (
            "escalated",
            "open",
            "open",
            "top_management",
            None,
        )


def test_not_relevant_for_one_unit_writes_a_dropped_event(
    org: sessionmaker[Session], travel: Travel
) -> None:
    mine = _log(org, travel, at(10, 2), ANNA, "Fælles", "Jobcentret")
    theirs = _log(org, travel, at(10, 2, 11), DAVID, "Fælles", "Socialpsykiatrien")
    thread = _thread(org, at(10, 3), mine, theirs)
    answer = _answer(org, travel, at(10, 20), thread, user_id=ANNA, outcome="not_relevant")
    assert answer.partial
    [event] = _events(org, mine)[1:]
    assert _row(event) == ("status", "open", "dropped", None, None)
    with org() as session:
        assert event.at == session.get(Item, mine).closed_at  # type: ignore[union-attr]
    assert len(_events(org, theirs)) == 1


# -- erasure wins --------------------------------------------------------------------------------


def test_erasing_a_person_blanks_the_notes_in_their_items_history(
    org: sessionmaker[Session], travel: Travel
) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    other = _log(org, travel, at(10, 3), RIKKE, "Bolig", "Jobcentret")
    _status(org, travel, at(10, 9), item, ANNA, "resolved", note="Fast tid")
    _status(org, travel, at(10, 9), other, RIKKE, "resolved", note="Bolig fundet")
    with session_scope(org) as session:
        erase_person(session=session, team_id=TEAM, user_id=ANNA)
    assert [_row(e) for e in _events(org, item)] == [
        ("created", None, "open", None, None),
        ("status", "open", "resolved", None, None),
    ]
    assert _events(org, other)[-1].note == "Bolig fundet"
    with org() as session:
        period = service.period_for(MONTH, tz=TZ, now=at(11, 2))
        rows = service.export_rows(session=session, team_id=TEAM, period=period)
    notes = {row.item_id: row.resolution_note for row in rows}
    assert notes == {item: None, other: "Bolig fundet"}


def test_retention_blanks_old_notes_in_the_history_and_keeps_the_statuses(
    org: sessionmaker[Session], travel: Travel
) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    _status(org, travel, at(10, 9), item, ANNA, "resolved", note="Fast tid")
    with session_scope(org) as session:
        expire_free_text(session=session, now=at(10, 3, year=2028), months=24)
    assert [_row(e)[:4] for e in _events(org, item)] == [
        ("created", None, "open", None),
        ("status", "open", "resolved", None),
    ]
    assert all(e.note is None for e in _events(org, item))


def test_the_month_so_far_reads_items_as_they_are(
    org: sessionmaker[Session], travel: Travel
) -> None:
    item = _log(org, travel, at(10, 2), ANNA, "Ventetid", "Jobcentret")
    _status(org, travel, at(10, 9), item, ANNA, "resolved", note="Fast tid")
    with org() as session:
        period = service.period_for(MONTH, tz=TZ, now=at(10, 9) + timedelta(hours=1))
        assert period.so_far
        summary = service.items_summary(session=session, team_id=TEAM, period=period)
    assert summary.resolved == 1 and summary.resolved_items[0].note == "Fast tid"


# -- events written before they held the item's state --------------------------------------------


def test_the_migration_fills_in_the_state_of_older_events(
    db: sessionmaker[Session], engine: Engine
) -> None:
    moment = at(10, 2)
    with session_scope(db) as session:
        session.add(Workspace(team_id=TEAM))
        session.flush()
        item = Item(
            team_id=TEAM,
            author_id=ANNA,
            status="in_progress",
            level="top_management",
            escalated_at=moment,
            resolution_note="Fast tid",
            created_at=moment,
        )
        session.add(item)
        session.flush()
        # As events were written before 0015: a status only where the status moved.
        for action, before, after in (
            ("created", None, "open"),
            ("status", "open", "in_progress"),
            ("escalated", None, None),
            ("edited", None, None),
        ):
            session.add(
                ItemEvent(
                    team_id=TEAM,
                    item_id=item.id,
                    at=moment,
                    actor_id=ANNA,
                    action=action,
                    from_status=before,
                    to_status=after,
                )
            )
        item_id = item.id
    downgrade(engine, "0014")
    migrate(engine)
    assert [_row(e) for e in _events(db, item_id)] == [
        ("created", None, "open", "top_management", "Fast tid"),
        ("status", "open", "in_progress", "top_management", "Fast tid"),
        ("escalated", "in_progress", "in_progress", "top_management", "Fast tid"),
        ("edited", "in_progress", "in_progress", "top_management", "Fast tid"),
    ]
