"""Who may administer a workspace, and the audit log every change of theirs is written to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.authz import Do, allowed, may
from bot.errors import NotAllowed
from bot.models import AuditLog, Person, utcnow
from bot.services.org import get_person

SYNC_ACTOR = "usergroup-sync"
AUDIT_VALUE = 200


def is_admin(*, session: Session, team_id: str, user_id: str) -> bool:
    """True when the user is an active admin of the workspace (see bot.authz)."""
    return may(Do.ADMINISTER, session=session, team_id=team_id, user_id=user_id)


def require_admin(*, session: Session, team_id: str, user_id: str) -> Person:
    """The acting admin; NotAllowed for anyone else, whatever their payload said."""
    person = get_person(session=session, team_id=team_id, user_id=user_id)
    role = person.role if person is not None and person.active else None
    if person is None or not allowed(Do.ADMINISTER, role=role):
        raise NotAllowed("admin.err_not_admin")
    return person


def audit(
    session: Session,
    *,
    team_id: str,
    actor_id: str,
    action: str,
    subject: str | None = None,
    field: str | None = None,
    before: object = None,
    after: object = None,
    at: datetime | None = None,
) -> AuditLog:
    """Record one change: who, what, when (values are kept short; no free text of managers)."""
    entry = AuditLog(
        team_id=team_id,
        actor_id=actor_id,
        action=action,
        subject=_short(subject),
        field=field,
        before=_short(before),
        after=_short(after),
        at=at or utcnow(),
    )
    session.add(entry)
    return entry


def _short(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= AUDIT_VALUE else text[: AUDIT_VALUE - 1] + "…"


def audit_entries(*, session: Session, team_id: str, limit: int = 50) -> list[AuditLog]:
    """The newest audit entries of the workspace, newest first."""
    return list(
        session.scalars(
            select(AuditLog)
            .where(AuditLog.team_id == team_id)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
        )
    )
