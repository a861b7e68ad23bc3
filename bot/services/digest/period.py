"""Months as periods in a time zone, and when each month's digest is due."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.commands import MONTH_NAMES
from bot.models import Item, ReflectionPrompt
from bot.services.calendar import DEFAULT, WorkCalendar
from bot.services.digest.claims import any_posted
from bot.services.effect import parse_month, shift_month

POST_HOUR = 8  # digests go out at 08:00 local time on the 1st


@dataclass(frozen=True)
class Period:
    """A calendar month in a time zone, or the part of the current month that has passed."""

    month: str  # "YYYY-MM"
    start: datetime  # aware UTC, inclusive
    end: datetime  # aware UTC, exclusive: the 1st of the next month, or now
    so_far: bool
    tz: str


class FutureMonth(ValueError):
    """The month has not begun yet."""


def month_start(month: str, tz: str) -> datetime:
    """Midnight on the 1st of the month in `tz`, as an aware UTC datetime."""
    local = datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC)


def period_for(month: str, *, tz: str, now: datetime) -> Period:
    """The month as a period; the current month ends now ("so far"). FutureMonth if ahead."""
    month = parse_month(month)
    start, end = month_start(month, tz), month_start(shift_month(month, 1), tz)
    if start > now:
        raise FutureMonth(month)
    if end > now:
        return Period(month, start, now.astimezone(UTC), True, tz)
    return Period(month, start, end, False, tz)


def resolve_month(text: str, *, now: datetime, tz: str) -> str:
    """A month as a director typed it after `overblik`, as "YYYY-MM"; ValueError if unclear.

    "" is this month; "2026-11", "11-2026" and "11/2026" name one; "november" is the latest
    November that has begun.
    """
    text = text.strip().lower()
    this_month = local_month(now, tz)
    if not text:
        return this_month
    if text in MONTH_NAMES:
        candidate = f"{this_month[:4]}-{MONTH_NAMES[text]:02d}"
        return candidate if candidate <= this_month else shift_month(candidate, -12)
    parts = re.split(r"[-/.]", text)
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        first, second = parts
        if len(first) == 4:
            return parse_month(f"{first}-{second}")
        if len(second) == 4:
            return parse_month(f"{second}-{first}")
    raise ValueError(text)


def local_month(now: datetime, tz: str) -> str:
    """The month it is at `now` in `tz`."""
    return now.astimezone(ZoneInfo(tz)).strftime("%Y-%m")


def post_time(month: str, tz: str, calendar: WorkCalendar = DEFAULT) -> datetime:
    """When the month's digest is due: 08:00 local time on the first working day of the next
    month (UTC)."""
    following = shift_month(month, 1)
    day = calendar.first_working_day(int(following[:4]), int(following[5:7]))
    return datetime.combine(day, time(POST_HOUR), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def latest_due_month(now: datetime, tz: str, calendar: WorkCalendar = DEFAULT) -> str:
    """The newest month whose digest is due: the one before, from its post time."""
    previous = shift_month(local_month(now, tz), -1)
    return previous if now >= post_time(previous, tz, calendar) else shift_month(previous, -1)


def first_month(*, session: Session, team_id: str, tz: str) -> str | None:
    """The first month the workspace has anything to show (an item, a weekly prompt sent; both
    come after it was installed); None while it has nothing. No digest is for a month before."""
    starts = [
        session.scalar(select(func.min(Item.created_at)).where(Item.team_id == team_id)),
        session.scalar(
            select(func.min(ReflectionPrompt.sent_at)).where(ReflectionPrompt.team_id == team_id)
        ),
    ]
    found = [moment for moment in starts if moment is not None]
    if not found:
        return None
    return local_month(_aware(min(found)), tz)


def first_digest_at(
    *, session: Session, team_id: str, now: datetime, tz: str, calendar: WorkCalendar
) -> datetime | None:
    """When the workspace's first digest comes, while none was posted: the post time of its
    first month with data (or of the month due now, when that is later); None while it has no
    data at all, or once a digest was posted."""
    posted = any_posted(session=session, team_id=team_id)
    since = first_month(session=session, team_id=team_id, tz=tz)
    if posted or since is None:
        return None
    month = max(since, latest_due_month(now, tz, calendar))
    return max(post_time(month, tz, calendar), now)


def _aware(moment: datetime) -> datetime:
    # func.min() comes back without the column's type decorator on SQLite.
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
