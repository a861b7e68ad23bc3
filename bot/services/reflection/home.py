"""What App Home shows a manager about their weekly reflection and their pause."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models import ReflectionPrompt, Role, Workspace
from bot.services.calendar import calendar_for
from bot.services.reflection.policy import KIND_WEEKLY, Policy
from bot.services.reflection.prefs import _person, get_prefs, is_paused, slot_for, slot_of
from bot.services.schedule import Decision, decide

RECENT_ANSWERS = 3


@dataclass(frozen=True)
class PauseInfo:
    """A pause as shown: until resumed, or when the next prompt comes (local time)."""

    indefinite: bool
    next_prompt: datetime | None
    until: date | None = None  # a pause until a chosen day: that day


@dataclass(frozen=True)
class HomeReflection:
    """The manager's part of App Home."""

    weekday: int
    at: str
    custom: bool
    zone: str
    next_prompt: datetime | None  # local time
    pending: bool  # this week's prompt is due and will be caught up
    pause: PauseInfo | None
    recent: Sequence[ReflectionPrompt]


def _done_periods(session: Session, team_id: str, user_id: str) -> set[str]:
    return set(
        session.scalars(
            select(ReflectionPrompt.period).where(
                ReflectionPrompt.team_id == team_id,
                ReflectionPrompt.user_id == user_id,
                ReflectionPrompt.kind == KIND_WEEKLY,
            )
        )
    )


def pause_info(
    *, session: Session, team_id: str, user_id: str, now: datetime, default_tz: str
) -> PauseInfo | None:
    """The manager's pause as of `now`, or None."""
    prefs = get_prefs(session=session, team_id=team_id, user_id=user_id)
    if prefs is None or not (prefs.paused_indefinitely or prefs.paused_until):
        return None
    if prefs.paused_indefinitely:
        return PauseInfo(indefinite=True, next_prompt=None)
    assert prefs.paused_until is not None
    if prefs.paused_until <= now:
        return None
    slot = slot_of(session=session, team_id=team_id, user_id=user_id, default_tz=default_tz)
    nxt = slot.next_due(now, not_before=prefs.paused_until)
    return PauseInfo(
        indefinite=False,
        next_prompt=nxt[1].astimezone(slot.zone) if nxt is not None else None,
        until=prefs.paused_to,
    )


def home_reflection(
    *, session: Session, team_id: str, user_id: str, now: datetime, policy: Policy
) -> HomeReflection | None:
    """What App Home shows a manager about their reflection; None for anyone else."""
    person = _person(session, team_id, user_id)
    if person is None or not person.active or person.role != Role.MANAGER.value:
        return None
    workspace = session.get(Workspace, team_id)
    prefs = get_prefs(session=session, team_id=team_id, user_id=user_id)
    slot = slot_for(
        workspace=workspace,
        tz=person.tz,
        prefs=prefs,
        default_tz=policy.timezone,
        calendar=calendar_for(session=session, team_id=team_id),
    )
    done = _done_periods(session, team_id, user_id)
    pause_now = pause_info(
        session=session, team_id=team_id, user_id=user_id, now=now, default_tz=policy.timezone
    )
    pending = False
    next_prompt = None
    if pause_now is None:
        latest = slot.latest_due(now)
        if latest is not None and latest[0] not in done and not is_paused(prefs, latest[1]):
            decision = decide(
                now, latest[1], slot.zone, cutoff=policy.catchup, calendar=slot.calendar
            )
            pending = decision is not Decision.TOO_LATE
        nxt = slot.next_due(
            now, not_before=prefs.paused_until if prefs is not None else None, done=done
        )
        next_prompt = nxt[1].astimezone(slot.zone) if nxt is not None else None
    recent = list(
        session.scalars(
            select(ReflectionPrompt)
            .where(
                ReflectionPrompt.team_id == team_id,
                ReflectionPrompt.user_id == user_id,
                ReflectionPrompt.answered_at.is_not(None),
            )
            .options(selectinload(ReflectionPrompt.replies))
            .order_by(ReflectionPrompt.due_at.desc())
            .limit(RECENT_ANSWERS)
        )
    )
    return HomeReflection(
        weekday=slot.weekday,
        at=slot.at.strftime("%H:%M"),
        custom=prefs is not None and (prefs.weekday is not None or prefs.time is not None),
        zone=str(slot.zone.key),
        next_prompt=next_prompt,
        pending=pending,
        pause=pause_now,
        recent=recent,
    )
