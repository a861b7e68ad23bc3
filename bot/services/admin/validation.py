"""Checks shared by the admins' forms: names, channels and ids as submitted, unique renames,
and the workspace lock that queues two admins' checks-then-writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import Workspace
from bot.services.admin.audit import audit
from bot.services.guard import contains_personal_data
from bot.services.org import ensure_workspace
from bot.services.org_import import CHANNEL_ID

MAX_NAME = 200
MAX_MEASURE_UNIT = 50
MAX_DESCRIPTION = 1000


def clean_name(value: str | None, *, field: str, limit: int = MAX_NAME) -> str:
    """A name as submitted, spaces collapsed; InputError when empty, too long or a CPR number."""
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InputError("admin.err_name_empty", field=field)
    if len(cleaned) > limit:
        raise InputError("admin.err_name_long", field=field, limit=limit, count=len(cleaned))
    if contains_personal_data(cleaned):
        raise InputError("admin.err_cpr", field=field)
    return cleaned


def clean_channel(value: str | None, *, field: str) -> str | None:
    """A channel id as submitted, or None when none was chosen; InputError for anything else."""
    if value in (None, ""):
        return None
    if not CHANNEL_ID.match(str(value)):
        raise InputError("admin.err_channel", field=field)
    return str(value)


def valid_id(value: object) -> bool:
    """True when the value can be a row id (a positive INTEGER, not a bool)."""
    # A crafted id outside the INTEGER range would be a database error, not "not found".
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def rename(
    session: Session, row: Any, attr: str, new: str, *, team_id: str, actor_id: str, kind: str
) -> None:
    """Rename an area, unit or goal unless another of the workspace has that name; audited."""
    old = getattr(row, attr)
    if new == old:
        return
    model = type(row)
    others = session.scalars(
        select(model).where(model.team_id == team_id, model.id != row.id)
    ).all()
    if any(same_name(getattr(other, attr), new) for other in others):
        raise InputError(f"admin.err_{kind}_exists", field=attr, **{attr: new})
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action=f"{kind}.renamed",
        subject=new,
        before=old,
        after=new,
    )
    setattr(row, attr, new)


def same_name(a: str, b: str) -> bool:
    """True when two names are equal but for case (Æ, Ø and Å too)."""
    # In Python, not SQL: SQLite's lower() leaves Æ, Ø and Å alone.
    return a.casefold() == b.casefold()


def lock_workspace(session: Session, team_id: str) -> Workspace:
    """The workspace row, locked on PostgreSQL so two admins' checks-then-writes queue up."""
    ensure_workspace(session=session, team_id=team_id)
    workspace = session.get(Workspace, team_id, with_for_update=True, populate_existing=True)
    assert workspace is not None
    return workspace
