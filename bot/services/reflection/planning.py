"""The tick: which managers are due a weekly prompt now, and the weeks recorded as missed."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Person, PromptState, ReflectionPrefs, ReflectionPrompt, Role, Workspace
from bot.services.calendar import DEFAULT, WorkCalendar, calendar_for
from bot.services.org import installed_workspaces
from bot.services.reflection.policy import KIND_WEEKLY, Policy, _language, _team
from bot.services.reflection.prefs import _person, get_prefs, is_paused, slot_for
from bot.services.schedule import Decision, decide, local_moment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Manager:
    workspace: Workspace | None
    person: Person
    prefs: ReflectionPrefs | None
    calendar: WorkCalendar = DEFAULT


def _managers(session: Session, team_id: str | None) -> list[_Manager]:
    # An uninstalled workspace gets no prompts (its data waits for deletion).
    workspaces = {w.team_id: w for w in installed_workspaces(session=session, team_id=team_id)}
    rows = session.execute(
        select(Person, ReflectionPrefs)
        .outerjoin(
            ReflectionPrefs,
            and_(
                ReflectionPrefs.team_id == Person.team_id,
                ReflectionPrefs.user_id == Person.user_id,
            ),
        )
        .where(
            Person.active.is_(True),
            Person.role == Role.MANAGER.value,
            _team(Person.team_id, team_id),
        )
        .order_by(Person.team_id, Person.user_id)
    ).all()
    calendars = {team: calendar_for(session=session, team_id=team) for team in workspaces}
    return [
        _Manager(workspaces[p.team_id], p, prefs, calendars[p.team_id])
        for p, prefs in rows
        if p.team_id in workspaces
    ]


def _prompts_for(
    session: Session, periods: set[str], team_id: str | None
) -> dict[tuple[str, str, str], ReflectionPrompt]:
    if not periods:
        return {}
    found = session.scalars(
        select(ReflectionPrompt).where(
            ReflectionPrompt.kind == KIND_WEEKLY,
            ReflectionPrompt.period.in_(sorted(periods)),
            _team(ReflectionPrompt.team_id, team_id),
        )
    )
    return {(p.team_id, p.user_id, p.period): p for p in found}


def people_without_tz(
    *, session: Session, now: datetime, policy: Policy, team_id: str | None = None
) -> list[tuple[str, str]]:
    """Managers whose time zone is unknown and whose prompt may be due within the next day."""
    # users.info is looked up only for those close to their slot (any zone is within 15 hours
    # of Copenhagen), and once: the answer is kept on the person.
    horizon = now + timedelta(hours=15)
    candidates = []
    for manager in _managers(session, team_id):
        if manager.person.tz:
            continue
        slot = slot_for(
            workspace=manager.workspace,
            tz=None,
            prefs=manager.prefs,
            default_tz=policy.timezone,
            calendar=manager.calendar,
        )
        latest = slot.latest_due(horizon)
        if latest is not None:
            candidates.append((manager, latest[0]))
    existing = _prompts_for(session, {period for _, period in candidates}, team_id)
    return [
        (m.person.team_id, m.person.user_id)
        for m, period in candidates
        if (m.person.team_id, m.person.user_id, period) not in existing
    ]


def store_tz(*, session: Session, team_id: str, user_id: str, tz: str) -> None:
    """Keep a person's time zone as Slack reports it."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        log.info("Slack gave %s an unknown time zone; the workspace's is used", user_id)
        return
    person = _person(session, team_id, user_id)
    if person is not None:
        person.tz = tz
        prefs = get_prefs(session=session, team_id=team_id, user_id=user_id)
        if prefs is not None and prefs.paused_to is not None:
            # A pause until a day ends at that day's midnight where the manager is.
            prefs.paused_until = local_moment(prefs.paused_to, time(0, 0), ZoneInfo(tz))


@dataclass(frozen=True)
class Due:
    """A prompt to send now: a new claim, or a row to re-claim after a certain refusal."""

    team_id: str
    user_id: str
    period: str
    due_at: datetime
    lang: str
    name: str | None
    prompt_id: int | None = None


@dataclass
class Plan:
    """What a tick found: prompts to send, and what it left alone."""

    due: list[Due] = field(default_factory=list)
    waiting: int = 0  # late, and outside working hours: caught up later
    paused: int = 0
    missed: int = 0
    given_up: int = 0


def plan_prompts(
    *, session: Session, now: datetime, policy: Policy, team_id: str | None = None
) -> Plan:
    """Find every manager whose prompt is due and unsent; record missed weeks once."""
    plan = Plan()
    candidates = []
    for manager in _managers(session, team_id):
        slot = slot_for(
            workspace=manager.workspace,
            tz=manager.person.tz,
            prefs=manager.prefs,
            default_tz=policy.timezone,
            calendar=manager.calendar,
        )
        latest = slot.latest_due(now)
        if latest is not None:
            candidates.append((manager, slot, *latest))
    existing = _prompts_for(session, {period for _, _, period, _ in candidates}, team_id)
    veterans: set[tuple[str, str]] = set(
        session.execute(
            select(ReflectionPrompt.team_id, ReflectionPrompt.user_id)
            .where(ReflectionPrompt.kind == KIND_WEEKLY, _team(ReflectionPrompt.team_id, team_id))
            .distinct()
        ).all()
    )
    for manager, slot, period, due_at in candidates:
        person = manager.person
        prompt = existing.get((person.team_id, person.user_id, period))
        if prompt is not None and prompt.state != PromptState.RETRY.value:
            continue
        decision = decide(now, due_at, slot.zone, cutoff=policy.catchup, calendar=slot.calendar)
        if prompt is not None and (
            decision is Decision.TOO_LATE or prompt.attempts >= policy.max_attempts
        ):
            prompt.state = PromptState.FAILED.value
            plan.given_up += 1
            log.warning(
                "weekly prompt %s for %s in %s given up after %s attempts (last error %s)",
                period,
                person.user_id,
                person.team_id,
                prompt.attempts,
                prompt.error,
            )
            continue
        if is_paused(manager.prefs, due_at):
            plan.paused += 1
            continue
        if decision is Decision.TOO_LATE:
            if (person.team_id, person.user_id) not in veterans:
                continue  # never prompted yet (a new install or a new manager): nothing missed
            if _record_missed(session, person, period, due_at, now):
                plan.missed += 1
                log.warning(
                    "weekly prompt %s for %s in %s skipped: not sent within %s hours of %s "
                    "(was the clock down?)",
                    period,
                    person.user_id,
                    person.team_id,
                    int(policy.catchup.total_seconds() // 3600),
                    due_at.isoformat(),
                )
            continue
        if decision is Decision.WAIT:
            plan.waiting += 1
            continue
        plan.due.append(
            Due(
                team_id=person.team_id,
                user_id=person.user_id,
                period=period,
                due_at=due_at,
                lang=_language(manager.workspace, policy),
                name=person.name,
                prompt_id=prompt.id if prompt is not None else None,
            )
        )
    return plan


def _record_missed(
    session: Session, person: Person, period: str, due_at: datetime, now: datetime
) -> bool:
    """Claim the week as missed (once, even with two clocks); True if this call did."""
    try:
        with session.begin_nested():
            session.add(
                ReflectionPrompt(
                    team_id=person.team_id,
                    user_id=person.user_id,
                    kind=KIND_WEEKLY,
                    period=period,
                    state=PromptState.MISSED.value,
                    due_at=due_at,
                    claimed_at=now,
                )
            )
    except IntegrityError:
        return False
    return True
