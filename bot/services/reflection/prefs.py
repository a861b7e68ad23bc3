"""A manager's own slot and pause: day, time, time zone, and pauses for weeks or until a day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import Person, ReflectionPrefs, Workspace
from bot.services.calendar import DEFAULT, WorkCalendar, calendar_for
from bot.services.schedule import (
    CHOOSABLE_TIMES,
    WORKDAYS,
    Slot,
    local_moment,
    parse_hhmm,
    zone_or_default,
)

PAUSE_WEEKS: dict[str, int | None] = {"2": 2, "4": 4, "until": None}
MAX_PAUSE_DAYS = 366  # a pause until a day: at most a year ahead


def _time_or_default(text: str | None, default: str) -> time:
    for candidate in (text, default, "09:00"):
        if candidate:
            try:
                return parse_hhmm(candidate)
            except ValueError:
                continue
    return time(9, 0)


def slot_for(
    *,
    workspace: Workspace | None,
    tz: str | None,
    prefs: ReflectionPrefs | None,
    default_tz: str,
    calendar: WorkCalendar = DEFAULT,
) -> Slot:
    """A manager's slot: their own day and time or the workspace's, in their own time zone,
    on the workspace's working days."""
    ws_weekday = workspace.prompt_weekday if workspace is not None else 0
    ws_time = workspace.prompt_time if workspace is not None else "09:00"
    weekday = prefs.weekday if prefs is not None and prefs.weekday is not None else ws_weekday
    at = _time_or_default(prefs.time if prefs is not None else None, ws_time)
    zone = zone_or_default(tz, (workspace.timezone if workspace else None) or default_tz)
    return Slot(
        weekday=weekday if 0 <= (weekday or 0) <= 6 else 0, at=at, zone=zone, calendar=calendar
    )


def is_paused(prefs: ReflectionPrefs | None, at: datetime) -> bool:
    """True when a prompt due at `at` falls in the manager's pause."""
    if prefs is None:
        return False
    if prefs.paused_indefinitely:
        return True
    return prefs.paused_until is not None and at < prefs.paused_until


def get_prefs(*, session: Session, team_id: str, user_id: str) -> ReflectionPrefs | None:
    """The manager's own settings, if they ever changed any."""
    return session.scalar(
        select(ReflectionPrefs).where(
            ReflectionPrefs.team_id == team_id, ReflectionPrefs.user_id == user_id
        )
    )


def _ensure_prefs(session: Session, team_id: str, user_id: str) -> ReflectionPrefs:
    prefs = get_prefs(session=session, team_id=team_id, user_id=user_id)
    if prefs is not None:
        return prefs
    try:
        with session.begin_nested():
            prefs = ReflectionPrefs(team_id=team_id, user_id=user_id)
            session.add(prefs)
    except IntegrityError:
        # Two clicks at once: the other request created it.
        prefs = get_prefs(session=session, team_id=team_id, user_id=user_id)
        assert prefs is not None
    return prefs


def _person(session: Session, team_id: str, user_id: str) -> Person | None:
    return session.scalar(
        select(Person).where(Person.team_id == team_id, Person.user_id == user_id)
    )


def slot_of(*, session: Session, team_id: str, user_id: str, default_tz: str) -> Slot:
    """The slot of a manager as stored now."""
    person = _person(session, team_id, user_id)
    return slot_for(
        workspace=session.get(Workspace, team_id),
        tz=person.tz if person is not None else None,
        prefs=get_prefs(session=session, team_id=team_id, user_id=user_id),
        default_tz=default_tz,
        calendar=calendar_for(session=session, team_id=team_id),
    )


def pause(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    choice: str,
    base: datetime,
    default_tz: str,
) -> ReflectionPrefs:
    """Pause the next 2 or 4 prompts after `base` ("2", "4"), or until resumed ("until")."""
    if choice not in PAUSE_WEEKS:
        raise InputError("reflection.err_choice")
    weeks = PAUSE_WEEKS[choice]
    slot = slot_of(session=session, team_id=team_id, user_id=user_id, default_tz=default_tz)
    prefs = _ensure_prefs(session, team_id, user_id)
    prefs.paused_to = None
    if weeks is None:
        prefs.paused_indefinitely = True
        prefs.paused_until = None
    else:
        prefs.paused_indefinitely = False
        prefs.paused_until = slot.pause_end(base, weeks)
    return prefs


def latest_pause_day(today: date) -> date:
    """The last day a pause may run to: a year from `today`."""
    return today + timedelta(days=MAX_PAUSE_DAYS - 1)


def pause_to(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    day: date,
    now: datetime,
    default_tz: str,
) -> ReflectionPrefs:
    """Pause until `day` (after today, within a year, in the manager's own time zone): the
    first prompt due on or after it comes; the weeks before it get no prompt and no reminder,
    and none is caught up."""
    slot = slot_of(session=session, team_id=team_id, user_id=user_id, default_tz=default_tz)
    today = now.astimezone(slot.zone).date()
    if day <= today:
        raise InputError("reflection.err_pause_past")
    if day > latest_pause_day(today):
        raise InputError("reflection.err_pause_far", latest=latest_pause_day(today))
    prefs = _ensure_prefs(session, team_id, user_id)
    prefs.paused_indefinitely = False
    prefs.paused_to = day
    prefs.paused_until = local_moment(day, time(0, 0), slot.zone)
    return prefs


def resume(*, session: Session, team_id: str, user_id: str) -> ReflectionPrefs:
    """End a pause; a prompt still due this week then comes with the next tick."""
    prefs = _ensure_prefs(session, team_id, user_id)
    prefs.paused_indefinitely = False
    prefs.paused_until = None
    prefs.paused_to = None
    return prefs


def set_weekday(*, session: Session, team_id: str, user_id: str, weekday: int) -> None:
    """Choose the manager's own weekday (Monday to Friday)."""
    if weekday not in WORKDAYS:
        raise InputError("reflection.err_choice")
    _ensure_prefs(session, team_id, user_id).weekday = weekday


def set_time(*, session: Session, team_id: str, user_id: str, at: str) -> None:
    """Choose the manager's own time of day (working hours, every half hour)."""
    if at not in CHOOSABLE_TIMES:
        raise InputError("reflection.err_choice")
    _ensure_prefs(session, team_id, user_id).time = at


def reset_slot(*, session: Session, team_id: str, user_id: str) -> None:
    """Go back to the workspace's day and time."""
    prefs = get_prefs(session=session, team_id=team_id, user_id=user_id)
    if prefs is not None:
        prefs.weekday = None
        prefs.time = None
