"""The working-day calendar of a workspace: when Tværs may write to people at all.

A day is a working day when it is Monday to Friday, not a Danish public holiday (the maintained
`holidays` calendar), not one of the days municipalities usually close or run on skeleton staff
(24 December, 31 December, Grundlovsdag 5 June, the Friday after Ascension; 1 May when the
workspace says so), and not in one of the workspace's own closing days or ranges (e.g. the
Christmas closure 23.12–2.1), which admins keep in App Home.

Every scheduled send that reaches a person asks this module: `WorkCalendar.next_working_day` is
the one function that moves a day off a closed one. `WorkCalendar` is pure and hashable (a
schedule can be computed for any moment without the database); `calendar_for` loads a
workspace's from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import ClosingDay, Workspace

# A range longer than this is surely a typo (a closure of a whole year would stop Tværs).
MAX_CLOSURE_DAYS = 31
MAX_NAME = 80
# How far `next_working_day` looks before it gives up (a calendar closed for good).
_HORIZON = 400


@cache
def public_holidays(year: int) -> dict[date, str]:
    """Danish public holidays of a year, with their Danish names."""
    return dict(holidays.country_holidays("DK", years=year, language="da"))


@cache
def _ascension(year: int) -> date:
    found = holidays.country_holidays("DK", years=year, language="en_US").get_named(
        "Ascension Day", lookup="exact"
    )
    return found[0]


@cache
def usual_closing_days(year: int, *, may_day: bool) -> dict[date, str]:
    """The days municipalities usually close, beyond the public holidays (Danish names)."""
    days = {
        date(year, 12, 24): "Juleaftensdag",
        date(year, 12, 31): "Nytårsaftensdag",
        date(year, 6, 5): "Grundlovsdag",
        _ascension(year) + timedelta(days=1): "Fredag efter Kristi himmelfartsdag",
    }
    if may_day:
        days[date(year, 5, 1)] = "1. maj"
    return days


@dataclass(frozen=True)
class Closure:
    """A workspace's own closing day or range (both ends included)."""

    start: date
    end: date
    name: str

    def covers(self, day: date) -> bool:
        """True when `day` is in the range."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days for one workspace (pure; hashable)."""

    closures: tuple[Closure, ...] = ()
    may_day: bool = False

    def closed_because(self, day: date) -> str | None:
        """Why `day` is not a working day (a name, or "weekend"), or None on a working day."""
        for closure in self.closures:
            if closure.covers(day):
                return closure.name
        name = public_holidays(day.year).get(day) or usual_closing_days(
            day.year, may_day=self.may_day
        ).get(day)
        if name:
            return name
        return "weekend" if day.weekday() >= 5 else None

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday, no holiday, no usual closing day, none of the workspace's own."""
        return self.closed_because(day) is None

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        for offset in range(_HORIZON):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        return day  # closed for over a year: a misconfiguration; do not hang

    def first_working_day(self, year: int, month: int) -> date:
        """The first working day of a month."""
        return self.next_working_day(date(year, month, 1))


DEFAULT = WorkCalendar()


# -- the workspace's own days, in the database ---------------------------------------------------


def calendar_for(*, session: Session, team_id: str) -> WorkCalendar:
    """The workspace's calendar as stored now (the default when it has nothing of its own)."""
    workspace = session.get(Workspace, team_id)
    rows = session.scalars(
        select(ClosingDay)
        .where(ClosingDay.team_id == team_id)
        .order_by(ClosingDay.start_date, ClosingDay.id)
    )
    return WorkCalendar(
        closures=tuple(Closure(r.start_date, r.end_date, r.name) for r in rows),
        may_day=bool(workspace is not None and workspace.may_day_closed),
    )


def closing_days(*, session: Session, team_id: str, since: date | None = None) -> list[ClosingDay]:
    """The workspace's own closing days, in date order (those ending before `since` left out)."""
    query = select(ClosingDay).where(ClosingDay.team_id == team_id)
    if since is not None:
        query = query.where(ClosingDay.end_date >= since)
    return list(session.scalars(query.order_by(ClosingDay.start_date, ClosingDay.id)))


def validate_closure(start: date | None, end: date | None, name: str | None) -> Closure:
    """A closing day or range as an admin typed it; InputError naming the field otherwise."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise InputError("admin.err_name_empty", field="name")
    if len(cleaned) > MAX_NAME:
        raise InputError("admin.err_name_long", field="name", limit=MAX_NAME, count=len(cleaned))
    if start is None:
        raise InputError("admin.err_closure_start", field="start")
    end = end or start
    if end < start:
        raise InputError("admin.err_closure_order", field="end")
    if (end - start).days >= MAX_CLOSURE_DAYS:
        raise InputError("admin.err_closure_long", field="end", limit=MAX_CLOSURE_DAYS)
    return Closure(start, end, cleaned)


def add_closure(
    *, session: Session, team_id: str, closure: Closure, actor_id: str, now: datetime
) -> ClosingDay:
    """Store a closing day or range for the workspace."""
    row = ClosingDay(
        team_id=team_id,
        start_date=closure.start,
        end_date=closure.end,
        name=closure.name,
        created_by=actor_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def remove_closure(*, session: Session, team_id: str, closure_id: int) -> ClosingDay | None:
    """Delete one of the workspace's closing days; None when it is not (any more) there."""
    row = session.get(ClosingDay, closure_id)
    if row is None or row.team_id != team_id:
        return None
    session.delete(row)
    session.flush()
    return row
