"""The weekly reflection: who is due, the claim that makes each prompt go out once, the answers.

Exactly once
------------
Each week's prompt to each manager is one row in ``reflection_prompts`` with the unique key
``(team_id, user_id, kind, period)`` (period = the ISO week, "2026-W14"). A clock **claims** a
prompt by inserting that row (state ``claimed``) and committing, and only then calls
``chat.postMessage``; the DM channel and ``ts`` are recorded in a second commit (state ``sent``).
Two clocks that find the same manager due race on the unique key: one insert wins, the other
gets an IntegrityError and moves on (on PostgreSQL the loser's insert waits for the winner's
commit, then fails), so the manager gets one prompt however many clocks run.

What happens when the sender dies between claim and send
--------------------------------------------------------
Slack's chat.postMessage has no idempotency key, and the bot cannot tell "died just before the
request" from "died after Slack posted it but before the ts was recorded". We choose **at most
once** for that gap: a doubled prompt costs more trust than one missed week, and the gap is one
HTTP request per sending thread (each claim is made right before its own send, never in bulk),
so a crash or a deploy mid-fan-out leaves at most a handful of prompts in doubt; everything not
yet claimed is simply picked up by the next tick. Concretely:

* Slack answered ok → ``sent``.
* Slack refused for certain, so nothing was posted (HTTP 200 with ``ok: false``, HTTP 429 after
  waiting out Retry-After for too long, or the connection was refused) → ``retry``: a later tick
  re-claims the row with a guarded update (``state = 'retry'`` → ``claimed``, so again only one
  clock wins), up to MAX_ATTEMPTS and never after the catch-up cut-off (then ``failed``).
* No usable answer (timeout, connection reset, HTTP 5xx), or the process died → Slack may have
  posted it → ``unknown``, never sent again. A ``claimed`` row older than STALE_AFTER without a
  ``ts`` is such a death: the next tick marks it ``unknown`` and logs a warning naming the
  manager, so an operator can look. (A live sender that answers after all still records
  ``sent``.) STALE_AFTER is longer than the longest a live sender can take for one message.

The sender therefore uses a client without the blind connection and 5xx retries the bot's usual
client has (a retried post that had reached Slack would double it); rate limits are handled by
the job itself, which waits out Retry-After.

The reminder is claimed the same way, by a guarded update of ``reminder_state`` (NULL →
``claimed``) that is never reset: one reminder at most, ever.

If the clock was down, a prompt is caught up later, on a working day between 08:00 and 18:00
local time, until the catch-up cut-off (REFLECTION_CATCHUP_HOURS after its due time, default 48);
after that the week is recorded as ``missed`` and logged once. A manager who joins mid-week gets
that week's prompt the same way if the cut-off has not passed; weeks before someone's first
prompt are never reported as missed (a new install is not a down clock).

Replies in the DM
-----------------
A manager's message in the bot's DM belongs to the prompt whose thread it is in, or else (top
level) to the latest prompt they got. It is stored once: a Slack retry is dropped by the event-id
middleware, and a doubled delivery of the same message (same ``client_msg_id`` or channel + ts)
by a marker and by unique keys. Edits update it, deletes remove it. Text with a CPR number is
never stored.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.authz import Do, allowed
from bot.errors import InputError, NotAllowed, TvaersError
from bot.models import (
    Person,
    ProcessedEvent,
    PromptState,
    ReflectionPrefs,
    ReflectionPrompt,
    ReflectionReply,
    Role,
    Workspace,
)
from bot.services.calendar import DEFAULT, WorkCalendar, calendar_for
from bot.services.guard import contains_personal_data
from bot.services.org import installed_workspaces
from bot.services.schedule import (
    CHOOSABLE_TIMES,
    WORKDAYS,
    Decision,
    Slot,
    decide,
    local_moment,
    parse_hhmm,
    reminder_due,
    zone_or_default,
)

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

KIND_WEEKLY = "weekly"
MAX_ANSWER = 3000
MAX_ATTEMPTS = 3
# Longer than a live sender can take for one message: it gives up waiting out rate limits after
# five minutes, and a request times out after ten seconds.
STALE_AFTER = timedelta(minutes=15)
DEFAULT_REMINDER_DAYS = 3
PAUSE_WEEKS: dict[str, int | None] = {"2": 2, "4": 4, "until": None}
MAX_PAUSE_DAYS = 366  # a pause until a day: at most a year ahead
RECENT_ANSWERS = 3


class PromptGone(TvaersError):
    """The prompt does not exist (any more) in this workspace."""

    key = "reflection.err_gone"


@dataclass(frozen=True)
class Policy:
    """The weekly job's knobs: the settings' defaults (each workspace may set its reminder)."""

    catchup: timedelta = timedelta(hours=48)
    language: str = "da"
    timezone: str = "Europe/Copenhagen"
    reminder_days: int = DEFAULT_REMINDER_DAYS
    stale_after: timedelta = STALE_AFTER
    max_attempts: int = MAX_ATTEMPTS

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy the environment sets (REFLECTION_CATCHUP_HOURS, BOT_LANGUAGE, ...)."""
        return cls(
            catchup=timedelta(hours=settings.reflection_catchup_hours),
            language=settings.language,
            timezone=settings.timezone,
        )


# -- slots and pauses ----------------------------------------------------------------------


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


# -- the tick: time zones, planning, claims ---------------------------------------------------


@dataclass(frozen=True)
class _Manager:
    workspace: Workspace | None
    person: Person
    prefs: ReflectionPrefs | None
    calendar: WorkCalendar = DEFAULT


def _team(column: Any, team_id: str | None) -> Any:
    """A WHERE clause limiting a tick to one workspace (None: every workspace)."""
    return true() if team_id is None else column == team_id


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


def _language(workspace: Workspace | None, policy: Policy) -> str:
    return (workspace.language if workspace is not None else None) or policy.language


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


def claim(*, session: Session, due: Due, now: datetime) -> ReflectionPrompt | None:
    """Claim a due prompt for this sender; None when another clock has it. Commit before sending."""
    if due.prompt_id is None:
        prompt = ReflectionPrompt(
            team_id=due.team_id,
            user_id=due.user_id,
            kind=KIND_WEEKLY,
            period=due.period,
            state=PromptState.CLAIMED.value,
            attempts=1,
            due_at=due.due_at,
            claimed_at=now,
            replies=[],
        )
        try:
            with session.begin_nested():
                session.add(prompt)
        except IntegrityError:
            return None
        return prompt
    result = session.execute(
        update(ReflectionPrompt)
        .where(
            ReflectionPrompt.id == due.prompt_id, ReflectionPrompt.state == PromptState.RETRY.value
        )
        .values(
            state=PromptState.CLAIMED.value,
            attempts=ReflectionPrompt.attempts + 1,
            claimed_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return session.get(ReflectionPrompt, due.prompt_id, populate_existing=True)


def record_sent(
    *, session: Session, prompt_id: int, channel_id: str, ts: str, now: datetime
) -> None:
    """The prompt is in the manager's DM: keep where, so replies and the reminder find it."""
    session.execute(
        update(ReflectionPrompt)
        .where(ReflectionPrompt.id == prompt_id)
        .values(
            state=PromptState.SENT.value,
            channel_id=channel_id,
            message_ts=ts,
            sent_at=now,
            error=None,
        )
        .execution_options(synchronize_session=False)
    )


def record_refused(*, session: Session, prompt_id: int, error: str) -> None:
    """Slack refused for certain (nothing posted): a later tick may try again."""
    session.execute(
        update(ReflectionPrompt)
        .where(
            ReflectionPrompt.id == prompt_id, ReflectionPrompt.state == PromptState.CLAIMED.value
        )
        .values(state=PromptState.RETRY.value, error=error[:64])
        .execution_options(synchronize_session=False)
    )


def record_unknown(*, session: Session, prompt_id: int, error: str) -> None:
    """No usable answer: Slack may have posted it, so it is never sent again."""
    session.execute(
        update(ReflectionPrompt)
        .where(
            ReflectionPrompt.id == prompt_id, ReflectionPrompt.state == PromptState.CLAIMED.value
        )
        .values(state=PromptState.UNKNOWN.value, error=error[:64])
        .execution_options(synchronize_session=False)
    )


def stale_claims(
    *, session: Session, now: datetime, policy: Policy, team_id: str | None = None
) -> list[tuple[int, str]]:
    """(prompt id, user id) of claims whose sender never recorded an outcome."""
    cutoff = now - policy.stale_after
    rows = session.execute(
        select(ReflectionPrompt.id, ReflectionPrompt.user_id).where(
            ReflectionPrompt.state == PromptState.CLAIMED.value,
            ReflectionPrompt.claimed_at < cutoff,
            _team(ReflectionPrompt.team_id, team_id),
        )
    ).all()
    return [(int(row.id), str(row.user_id)) for row in rows]


def expire_stale_claims(
    *, session: Session, now: datetime, policy: Policy, team_id: str | None = None
) -> int:
    """Mark claims whose sender never recorded an outcome as unknown (not resent); log each."""
    cutoff = now - policy.stale_after
    stale = session.scalars(
        select(ReflectionPrompt).where(
            ReflectionPrompt.state == PromptState.CLAIMED.value,
            ReflectionPrompt.claimed_at < cutoff,
            _team(ReflectionPrompt.team_id, team_id),
        )
    ).all()
    for prompt in stale:
        prompt.state = PromptState.UNKNOWN.value
        prompt.error = "sender_died"
        log.warning(
            "weekly prompt %s for %s in %s was claimed at %s and never recorded as sent: the "
            "sender died (or lost the database) mid-send, so it may or may not be in their DM; "
            "it is not sent again",
            prompt.period,
            prompt.user_id,
            prompt.team_id,
            prompt.claimed_at.isoformat() if prompt.claimed_at else "?",
        )
    reminders = session.scalars(
        select(ReflectionPrompt).where(
            ReflectionPrompt.reminder_state == PromptState.CLAIMED.value,
            ReflectionPrompt.reminder_claimed_at < cutoff,
            _team(ReflectionPrompt.team_id, team_id),
        )
    ).all()
    for prompt in reminders:
        prompt.reminder_state = PromptState.UNKNOWN.value
        log.warning(
            "reminder for %s's weekly prompt %s in %s was claimed and never recorded as sent; "
            "it is not sent again",
            prompt.user_id,
            prompt.period,
            prompt.team_id,
        )
    return len(stale) + len(reminders)


# -- reminders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderDue:
    """A reminder to post now, in the prompt's thread."""

    prompt_id: int
    team_id: str
    user_id: str
    channel_id: str
    thread_ts: str
    lang: str


def plan_reminders(
    *, session: Session, now: datetime, policy: Policy, team_id: str | None = None
) -> list[ReminderDue]:
    """Prompts sent days ago that are unanswered, unskipped, not paused and not yet reminded."""
    candidates = session.execute(
        select(ReflectionPrompt, Person, ReflectionPrefs, Workspace)
        .join(
            Person,
            and_(
                Person.team_id == ReflectionPrompt.team_id,
                Person.user_id == ReflectionPrompt.user_id,
            ),
        )
        .outerjoin(
            ReflectionPrefs,
            and_(
                ReflectionPrefs.team_id == ReflectionPrompt.team_id,
                ReflectionPrefs.user_id == ReflectionPrompt.user_id,
            ),
        )
        .join(Workspace, Workspace.team_id == ReflectionPrompt.team_id)
        .where(
            ReflectionPrompt.state == PromptState.SENT.value,
            ReflectionPrompt.reminder_state.is_(None),
            ReflectionPrompt.answered_at.is_(None),
            ReflectionPrompt.skipped_at.is_(None),
            ReflectionPrompt.message_ts.is_not(None),
            ReflectionPrompt.sent_at > now - timedelta(days=8),
            Person.active.is_(True),
            Workspace.uninstalled_at.is_(None),
            _team(ReflectionPrompt.team_id, team_id),
        )
    ).all()
    found = []
    calendars: dict[str, WorkCalendar] = {}
    for prompt, person, prefs, workspace in candidates:
        assert prompt.sent_at is not None and prompt.channel_id and prompt.message_ts
        days = getattr(workspace, "reminder_days", None) or policy.reminder_days
        if workspace.team_id not in calendars:
            calendars[workspace.team_id] = calendar_for(session=session, team_id=workspace.team_id)
        slot = slot_for(
            workspace=workspace,
            tz=person.tz,
            prefs=prefs,
            default_tz=policy.timezone,
            calendar=calendars[workspace.team_id],
        )
        # The window closes when the manager's next prompt is due: a reminder never meets it.
        following = slot.next_due(prompt.sent_at, done={prompt.period})
        window = reminder_due(
            prompt.sent_at,
            slot.zone,
            days,
            calendar=slot.calendar,
            closes=following[1] if following is not None else None,
        )
        if window is None or is_paused(prefs, now):
            continue
        due, closes = window
        decision = decide(now, due, slot.zone, cutoff=closes - due, calendar=slot.calendar)
        if now < due or decision is not Decision.SEND:
            continue
        found.append(
            ReminderDue(
                prompt_id=prompt.id,
                team_id=prompt.team_id,
                user_id=prompt.user_id,
                channel_id=prompt.channel_id,
                thread_ts=prompt.message_ts,
                lang=_language(workspace, policy),
            )
        )
    return found


def claim_reminder(*, session: Session, prompt_id: int, now: datetime) -> bool:
    """Claim the one reminder of a prompt (never a second); commit before sending."""
    result = session.execute(
        update(ReflectionPrompt)
        .where(
            ReflectionPrompt.id == prompt_id,
            ReflectionPrompt.reminder_state.is_(None),
            ReflectionPrompt.answered_at.is_(None),
            ReflectionPrompt.skipped_at.is_(None),
        )
        .values(reminder_state=PromptState.CLAIMED.value, reminder_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def record_reminder(
    *, session: Session, prompt_id: int, state: PromptState, ts: str | None, now: datetime
) -> None:
    """The reminder's outcome; whatever it is, no second reminder follows."""
    values: dict[str, object] = {"reminder_state": state.value}
    if state is PromptState.SENT:
        values.update(reminder_ts=ts, reminded_at=now)
    session.execute(
        update(ReflectionPrompt)
        .where(ReflectionPrompt.id == prompt_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


# -- the manager's side: answers, skip, replies in the DM -------------------------------------


def own_prompt(*, session: Session, team_id: str, user_id: str, prompt_id: int) -> ReflectionPrompt:
    """A prompt the user may act on; PromptGone or NotAllowed otherwise."""
    prompt = session.get(
        ReflectionPrompt, prompt_id, options=[selectinload(ReflectionPrompt.replies)]
    )
    if prompt is None or prompt.team_id != team_id:
        raise PromptGone()
    if not allowed(Do.ANSWER_REFLECTION, role=None, own=prompt.user_id == user_id):
        raise NotAllowed("reflection.err_not_yours")
    return prompt


def latest_prompt(*, session: Session, team_id: str, user_id: str) -> ReflectionPrompt | None:
    """The newest prompt the manager got in their DM."""
    return session.scalar(
        select(ReflectionPrompt)
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.user_id == user_id,
            ReflectionPrompt.kind == KIND_WEEKLY,
            ReflectionPrompt.message_ts.is_not(None),
        )
        .order_by(ReflectionPrompt.due_at.desc())
        .limit(1)
    )


def latest_due(*, session: Session, team_id: str, user_id: str) -> datetime | None:
    """When the newest prompt the manager got was due."""
    prompt = latest_prompt(session=session, team_id=team_id, user_id=user_id)
    return prompt.due_at if prompt is not None else None


@dataclass(frozen=True)
class Answers:
    """The modal's three answers as typed (None or blank for an empty field)."""

    need: str | None = None
    barriers: str | None = None
    action: str | None = None
    shareable: bool = False  # may be quoted, without a name, in the directors' digest


ANSWER_FIELDS = ("need", "barriers", "action")


def _check(text: str | None, field_name: str) -> str | None:
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if len(cleaned) > MAX_ANSWER:
        raise InputError(
            "reflection.err_too_long", field=field_name, count=len(cleaned), limit=MAX_ANSWER
        )
    if contains_personal_data(cleaned):
        raise InputError("reflection.err_cpr", field=field_name)
    return cleaned


def validate_answers(answers: Answers) -> Answers:
    """At least one answer, none too long, none with a CPR number; InputError names the field."""
    checked = Answers(
        need=_check(answers.need, "need"),
        barriers=_check(answers.barriers, "barriers"),
        action=_check(answers.action, "action"),
        shareable=answers.shareable,
    )
    if not (checked.need or checked.barriers or checked.action):
        raise InputError("reflection.err_empty", field="need")
    return checked


def save_answers(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    prompt_id: int,
    answers: Answers,
    now: datetime,
) -> ReflectionPrompt:
    """Store (or replace) the modal's answers to a week's prompt."""
    checked = validate_answers(answers)
    prompt = own_prompt(session=session, team_id=team_id, user_id=user_id, prompt_id=prompt_id)
    prompt.answer_need = checked.need
    prompt.answer_barriers = checked.barriers
    prompt.answer_action = checked.action
    prompt.shareable = checked.shareable
    prompt.answered_at = prompt.answered_at or now
    return prompt


def skip(
    *, session: Session, team_id: str, user_id: str, prompt_id: int, now: datetime
) -> ReflectionPrompt:
    """The manager skips this week: no reminder, and nothing held against them."""
    prompt = own_prompt(session=session, team_id=team_id, user_id=user_id, prompt_id=prompt_id)
    prompt.skipped_at = prompt.skipped_at or now
    return prompt


def has_answer(prompt: ReflectionPrompt) -> bool:
    """True when the week has any answer: the modal's or a reply in the DM."""
    return bool(
        prompt.answer_need or prompt.answer_barriers or prompt.answer_action or prompt.replies
    )


def barrier_text(prompt: ReflectionPrompt) -> str | None:
    """What "Gem som barriere" prefills: answer 2, or else what they wrote in the DM."""
    text = prompt.answer_barriers or "\n\n".join(r.text for r in prompt.replies)
    return text[:MAX_ANSWER] if text else None


class ReplyOutcome(enum.Enum):
    """What happened to a message in the DM."""

    STORED = "stored"
    UPDATED = "updated"
    REMOVED = "removed"
    DUPLICATE = "duplicate"
    REFUSED_CPR = "refused_cpr"
    REFUSED_LONG = "refused_long"
    NO_PROMPT = "no_prompt"
    IGNORED = "ignored"


@dataclass(frozen=True)
class ReplyResult:
    """A message's outcome, and the prompt it changed (to redraw)."""

    outcome: ReplyOutcome
    prompt: ReflectionPrompt | None = None


@dataclass(frozen=True)
class DmMessage:
    """A manager's message in the bot's DM, text already plain (bot.slack_text.to_plain)."""

    team_id: str
    user_id: str
    channel_id: str
    ts: str
    text: str
    thread_ts: str | None = None
    client_msg_id: str | None = None


def prompt_for_message(
    *, session: Session, team_id: str, user_id: str, channel_id: str, thread_ts: str | None
) -> ReflectionPrompt | None:
    """The prompt a DM message belongs to: its thread's, or else the latest one sent."""
    if thread_ts:
        prompt = session.scalar(
            select(ReflectionPrompt).where(
                ReflectionPrompt.team_id == team_id,
                ReflectionPrompt.channel_id == channel_id,
                ReflectionPrompt.message_ts == thread_ts,
                ReflectionPrompt.user_id == user_id,
            )
        )
        if prompt is not None:
            return prompt
    return session.scalar(
        select(ReflectionPrompt)
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.user_id == user_id,
            ReflectionPrompt.kind == KIND_WEEKLY,
            ReflectionPrompt.state.in_([PromptState.SENT.value, PromptState.UNKNOWN.value]),
        )
        .order_by(ReflectionPrompt.due_at.desc())
        .limit(1)
    )


def _find_reply(session: Session, message: DmMessage) -> ReflectionReply | None:
    return session.scalar(
        select(ReflectionReply).where(
            ReflectionReply.team_id == message.team_id,
            ReflectionReply.channel_id == message.channel_id,
            ReflectionReply.message_ts == message.ts,
        )
    )


def _first_sight(session: Session, message: DmMessage) -> bool:
    """Mark a DM message as seen; False when it was already (a doubled delivery)."""
    key = f"dm:{message.client_msg_id or message.channel_id + ':' + message.ts}"
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(team_id=message.team_id, event_key=key[:200]))
    except IntegrityError:
        return False
    return True


def first_hint_today(*, session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """True the first time today that someone with no prompt writes in the DM (hint once a day)."""
    key = f"dm-hint:{user_id}:{now.date().isoformat()}"
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(team_id=team_id, event_key=key))
    except IntegrityError:
        return False
    return True


def add_reply(*, session: Session, message: DmMessage, now: datetime) -> ReplyResult:
    """Store a new DM message as part of its week's answer (once, and never with a CPR number)."""
    if not _first_sight(session, message):
        return ReplyResult(ReplyOutcome.DUPLICATE)
    return _store(session, message, now)


def _store(session: Session, message: DmMessage, now: datetime) -> ReplyResult:
    text = message.text.strip()
    if not text:
        return ReplyResult(ReplyOutcome.IGNORED)
    if contains_personal_data(text):
        return ReplyResult(ReplyOutcome.REFUSED_CPR)
    if len(text) > MAX_ANSWER:
        return ReplyResult(ReplyOutcome.REFUSED_LONG)
    prompt = prompt_for_message(
        session=session,
        team_id=message.team_id,
        user_id=message.user_id,
        channel_id=message.channel_id,
        thread_ts=message.thread_ts,
    )
    if prompt is None:
        return ReplyResult(ReplyOutcome.NO_PROMPT)
    reply = ReflectionReply(
        team_id=message.team_id,
        prompt_id=prompt.id,
        user_id=message.user_id,
        channel_id=message.channel_id,
        message_ts=message.ts,
        client_msg_id=message.client_msg_id,
        text=text,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(reply)
    except IntegrityError:
        return ReplyResult(ReplyOutcome.DUPLICATE)
    prompt.answered_at = prompt.answered_at or now
    session.refresh(prompt, attribute_names=["replies"])
    return ReplyResult(ReplyOutcome.STORED, prompt)


def edit_reply(
    *, session: Session, message: DmMessage, previous_text: str | None, now: datetime
) -> ReplyResult:
    """A DM message was edited: update its stored text, or store it now if it was refused."""
    reply = _find_reply(session, message)
    text = message.text.strip()
    if reply is None:
        if text == (previous_text or "").strip():
            return ReplyResult(ReplyOutcome.IGNORED)  # an unfurl or thread bookkeeping, no edit
        return _store(session, message, now)
    if reply.user_id != message.user_id:
        return ReplyResult(ReplyOutcome.IGNORED)
    if not text or contains_personal_data(text) or len(text) > MAX_ANSWER:
        result = _remove(session, reply)
        if not text:
            refused = ReplyOutcome.REMOVED
        elif len(text) > MAX_ANSWER and not contains_personal_data(text):
            refused = ReplyOutcome.REFUSED_LONG
        else:
            refused = ReplyOutcome.REFUSED_CPR
        return ReplyResult(refused, result.prompt)
    if text == reply.text:
        return ReplyResult(ReplyOutcome.IGNORED)
    reply.text = text
    reply.edited_at = now
    return ReplyResult(ReplyOutcome.UPDATED, reply.prompt)


def remove_reply(*, session: Session, team_id: str, channel_id: str, ts: str) -> ReplyResult:
    """A DM message was deleted: it is no longer part of the answer."""
    reply = session.scalar(
        select(ReflectionReply).where(
            ReflectionReply.team_id == team_id,
            ReflectionReply.channel_id == channel_id,
            ReflectionReply.message_ts == ts,
        )
    )
    if reply is None:
        return ReplyResult(ReplyOutcome.IGNORED)
    return _remove(session, reply)


def _remove(session: Session, reply: ReflectionReply) -> ReplyResult:
    prompt = reply.prompt
    session.delete(reply)
    session.flush()
    session.refresh(prompt, attribute_names=["replies"])
    if not has_answer(prompt):
        prompt.answered_at = None
    return ReplyResult(ReplyOutcome.REMOVED, prompt)


# -- what the manager sees ------------------------------------------------------------------


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
