"""The one reminder of an unanswered prompt: who is due one, its claim and its outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from bot.models import Person, PromptState, ReflectionPrefs, ReflectionPrompt, Workspace
from bot.services.calendar import WorkCalendar, calendar_for
from bot.services.reflection.policy import Policy, _language, _team
from bot.services.reflection.prefs import is_paused, slot_for
from bot.services.schedule import Decision, decide, reminder_due


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
