"""The workspace settings and its working days (closing days and 1 May), as admins set them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.services import calendar as calendar_service
from bot.services.admin.audit import audit, require_admin
from bot.services.admin.validation import clean_channel, lock_workspace, valid_id
from bot.services.guard import contains_personal_data
from bot.services.org_import import TIME

MIN_REMINDER_DAYS, MAX_REMINDER_DAYS = 1, 6
# Days an escalation may wait for the directors before one reminder.
MIN_DECISION_DAYS, MAX_DECISION_DAYS = 1, 365
# Below three, "anonymous" group figures could point at one or two people.
MIN_THRESHOLD, MAX_THRESHOLD = 3, 50

# -- workspace settings --------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsChange:
    """The workspace settings as the admin submitted them."""

    digest_channel: str | None
    cross_unit_channel: str | None
    prompt_weekday: int
    prompt_time: str
    reminder_days: int
    anonymity_threshold: int
    language: str
    decision_reminder_days: int | None = None  # None: unchanged


def update_settings(
    *, session: Session, team_id: str, actor_id: str, change: SettingsChange
) -> list[str]:
    """Validate and save the workspace settings; returns the names of the fields changed."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    values: dict[str, object] = {
        "digest_channel": clean_channel(change.digest_channel, field="digest_channel"),
        "cross_unit_channel": clean_channel(change.cross_unit_channel, field="cross_unit_channel"),
    }
    if change.prompt_weekday not in range(7):
        raise InputError("admin.err_weekday", field="prompt_weekday")
    values["prompt_weekday"] = change.prompt_weekday
    if not TIME.match(change.prompt_time or ""):
        raise InputError("admin.err_time", field="prompt_time")
    values["prompt_time"] = change.prompt_time
    if not MIN_REMINDER_DAYS <= change.reminder_days <= MAX_REMINDER_DAYS:
        raise InputError(
            "admin.err_reminder_days",
            field="reminder_days",
            low=MIN_REMINDER_DAYS,
            high=MAX_REMINDER_DAYS,
        )
    values["reminder_days"] = change.reminder_days
    if not MIN_THRESHOLD <= change.anonymity_threshold <= MAX_THRESHOLD:
        raise InputError(
            "admin.err_threshold",
            field="anonymity_threshold",
            low=MIN_THRESHOLD,
            high=MAX_THRESHOLD,
        )
    values["anonymity_threshold"] = change.anonymity_threshold
    if change.decision_reminder_days is not None:
        if not MIN_DECISION_DAYS <= change.decision_reminder_days <= MAX_DECISION_DAYS:
            raise InputError(
                "admin.err_decision_days",
                field="decision_reminder_days",
                low=MIN_DECISION_DAYS,
                high=MAX_DECISION_DAYS,
            )
        values["decision_reminder_days"] = change.decision_reminder_days
    if change.language not in ("da", "en"):
        raise InputError("admin.err_language", field="language")
    values["language"] = change.language
    workspace = lock_workspace(session, team_id)
    changed = []
    for name, value in values.items():
        before = getattr(workspace, name)
        if before != value:
            setattr(workspace, name, value)
            audit(
                session,
                team_id=team_id,
                actor_id=actor_id,
                action="settings.changed",
                field=name,
                before=before,
                after=value,
            )
            changed.append(name)
    session.flush()
    return changed


# -- working days -------------------------------------------------------------------------


def add_closing_day(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    start: date | None,
    end: date | None,
    name: str | None,
    now: datetime,
) -> None:
    """Add a closing day or range (e.g. the Christmas closure); audited."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    closure = calendar_service.validate_closure(start, end, name)
    if contains_personal_data(closure.name):
        raise InputError("admin.err_cpr", field="name")
    lock_workspace(session, team_id)
    calendar_service.add_closure(
        session=session, team_id=team_id, closure=closure, actor_id=actor_id, now=now
    )
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="closing_day.added",
        subject=closure.name,
        after=f"{closure.start.isoformat()}..{closure.end.isoformat()}",
        at=now,
    )


def remove_closing_day(
    *, session: Session, team_id: str, actor_id: str, closure_id: int, now: datetime
) -> bool:
    """Remove one of the workspace's closing days; False when it was gone already."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    if not valid_id(closure_id):
        return False
    row = calendar_service.remove_closure(session=session, team_id=team_id, closure_id=closure_id)
    if row is None:
        return False
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="closing_day.removed",
        subject=row.name,
        before=f"{row.start_date.isoformat()}..{row.end_date.isoformat()}",
        at=now,
    )
    return True


def set_may_day(*, session: Session, team_id: str, actor_id: str, closed: bool) -> bool:
    """Close (or open) 1 May for the workspace; True when it changed."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    workspace = lock_workspace(session, team_id)
    if bool(workspace.may_day_closed) == closed:
        return False
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="settings.changed",
        field="may_day_closed",
        before=bool(workspace.may_day_closed),
        after=closed,
    )
    workspace.may_day_closed = closed
    return True
