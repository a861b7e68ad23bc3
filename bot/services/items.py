"""Barriers, potentials and dilemmas: logging them, editing them, and their lifecycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.authz import Do, allowed, may
from bot.errors import InputError, NotAllowed, TvaersError
from bot.models import (
    Goal,
    Item,
    ItemEvent,
    ItemKind,
    ItemLevel,
    ItemStatus,
    ItemUnit,
    Person,
    Unit,
    utcnow,
)
from bot.services.guard import contains_personal_data
from bot.services.org import ensure_workspace

MAX_TEXT = 3000
MAX_SITUATION = 1000
MAX_NOTE = 1000
UNDO_WINDOW = timedelta(minutes=10)
OPEN_STATUSES = (ItemStatus.OPEN.value, ItemStatus.IN_PROGRESS.value)


class ItemGone(TvaersError):
    """The item was deleted (or never existed in this workspace)."""

    key = "items.gone"


@dataclass(frozen=True)
class Draft:
    """What a manager wrote, before it is stored; every field is plain text as typed."""

    text: str
    kind: str = ItemKind.BARRIER.value
    unit_ids: Sequence[int] = ()
    citizen_situation: str | None = None
    goal_id: int | None = None
    level: str | None = None
    anonymous: bool = False


def check_text(text: str | None, *, limit: int, field: str, required: bool) -> str | None:
    """Validate one free-text field; raise InputError naming the field and the fix."""
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise InputError("items.err_empty", field=field)
        return None
    if len(cleaned) > limit:
        raise InputError("items.err_too_long", field=field, count=len(cleaned), limit=limit)
    if contains_personal_data(cleaned):
        raise InputError("items.err_cpr", field=field)
    return cleaned


def validate_draft(draft: Draft) -> Draft:
    """Check every field of a draft; raise InputError (with `field` set) on the first problem."""
    text = check_text(draft.text, limit=MAX_TEXT, field="text", required=True)
    situation = check_text(
        draft.citizen_situation, limit=MAX_SITUATION, field="situation", required=False
    )
    if draft.kind not in {k.value for k in ItemKind}:
        raise InputError("items.err_kind")
    if draft.level is not None and draft.level not in {lv.value for lv in ItemLevel}:
        raise InputError("items.err_level")
    assert text is not None
    return Draft(
        text=text,
        kind=draft.kind,
        unit_ids=tuple(dict.fromkeys(draft.unit_ids)),
        citizen_situation=situation,
        goal_id=draft.goal_id,
        level=draft.level,
        anonymous=draft.anonymous,
    )


def log_item(
    *, session: Session, team_id: str, author_id: str, draft: Draft, source_key: str | None = None
) -> tuple[Item, bool]:
    """Store a new item; returns (item, created). A repeated source_key returns the first item."""
    draft = validate_draft(draft)
    # A repeat (same source_key) is caught by the unique constraint below, not looked up first:
    # repeats are rare and this is the hot path.
    ensure_workspace(session=session, team_id=team_id)
    own_unit = _own_unit(session, team_id, author_id)
    if draft.unit_ids:
        unit_ids = _units(session, team_id, draft.unit_ids)
    else:
        unit_ids = [own_unit] if own_unit else []
    now = utcnow()
    item = Item(
        team_id=team_id,
        author_id=author_id,
        unit_id=own_unit,
        kind=draft.kind,
        text=draft.text,
        citizen_situation=draft.citizen_situation,
        goal_id=_valid_goal(session, team_id, draft.goal_id),
        level=draft.level,
        anonymous=draft.anonymous,
        status=ItemStatus.OPEN.value,
        source_key=source_key,
        created_at=now,
        status_changed_at=now,
        status_changed_by=author_id,
    )
    _set_units(item, unit_ids)
    try:
        with session.begin_nested():
            session.add(item)
            session.flush()
    except IntegrityError:
        # The same submission arrived twice at once; the other request stored it.
        if source_key is None:
            raise
        existing = session.scalar(
            select(Item).where(Item.team_id == team_id, Item.source_key == source_key)
        )
        if existing is None:
            raise
        return existing, False
    record_event(session=session, item=item, actor_id=author_id, action="created", at=now)
    return item, True


def record_event(
    *,
    session: Session,
    item: Item,
    actor_id: str,
    action: str,
    at: datetime,
    from_status: str | None = None,
) -> None:
    """Append what the item is after a change (its attributes must be current): never updated.

    `from_status` is the status before (None for a new item; the status now when it did not
    move). `at` is the moment the change put in the item's own columns, so the history and the
    columns agree to the microsecond.
    """
    session.add(
        ItemEvent(
            team_id=item.team_id,
            item_id=item.id,
            at=at,
            actor_id=actor_id,
            action=action,
            from_status=from_status,
            to_status=item.status,
            level=item.level,
            note=item.resolution_note,
        )
    )


def get_item(*, session: Session, team_id: str, item_id: int) -> Item:
    """The item, or ItemGone when it was deleted or belongs to another workspace."""
    item = session.scalar(
        select(Item)
        .where(Item.team_id == team_id, Item.id == item_id)
        .options(selectinload(Item.units), selectinload(Item.goal))
    )
    if item is None:
        raise ItemGone()
    return item


def may_change(*, session: Session, item: Item, user_id: str) -> bool:
    """Only the author and admins may edit, change or delete an item (see bot.authz)."""
    return may(
        Do.CHANGE_ITEM,
        session=session,
        team_id=item.team_id,
        user_id=user_id,
        author=item.author_id == user_id,
    )


def _changeable(session: Session, team_id: str, item_id: int, user_id: str) -> Item:
    item = get_item(session=session, team_id=team_id, item_id=item_id)
    if not may_change(session=session, item=item, user_id=user_id):
        raise NotAllowed("items.err_not_author")
    return item


def edit_item(*, session: Session, team_id: str, item_id: int, user_id: str, draft: Draft) -> Item:
    """Replace an item's details with the draft's (author or admin only)."""
    draft = validate_draft(draft)
    item = _changeable(session, team_id, item_id, user_id)
    item.kind = draft.kind
    item.text = draft.text
    item.citizen_situation = draft.citizen_situation
    item.goal_id = _valid_goal(session, team_id, draft.goal_id)
    item.level = draft.level
    item.anonymous = draft.anonymous
    unit_ids = list(draft.unit_ids) or ([item.unit_id] if item.unit_id else [])
    _set_units(item, _units(session, team_id, unit_ids))
    record_event(
        session=session,
        item=item,
        actor_id=user_id,
        action="edited",
        at=utcnow(),
        from_status=item.status,
    )
    session.flush()
    session.expire(item, ["units"])
    return item


def change_status(
    *,
    session: Session,
    team_id: str,
    item_id: int,
    user_id: str,
    status: str,
    note: str | None = None,
    escalate: bool = False,
) -> Item:
    """Move an item through its lifecycle, recording who did it and when."""
    if status not in {s.value for s in ItemStatus}:
        raise InputError("items.err_status")
    note = check_text(note, limit=MAX_NOTE, field="note", required=False)
    item = _changeable(session, team_id, item_id, user_id)
    return apply_status(
        session=session, item=item, user_id=user_id, status=status, note=note, escalate=escalate
    )


def apply_status(
    *,
    session: Session,
    item: Item,
    user_id: str,
    status: str,
    note: str | None = None,
    escalate: bool = False,
) -> Item:
    """Change status (and escalate) for a caller that has authorised the user itself.

    change_status() lets only the author or an admin do this; cross-unit threads let the
    managers of the units involved answer for a group of items. `note` must be checked text.
    """
    if status not in {s.value for s in ItemStatus}:
        raise InputError("items.err_status")
    now = utcnow()
    before = item.status
    # Compare-and-set: the same form submitted twice at once (two transactions that both read
    # the old status) changes the item and writes its history once; the second finds it done.
    moved = status != before and _set_if(
        session,
        item,
        Item.status == before,
        status=status,
        status_changed_at=now,
        status_changed_by=user_id,
        closed_at=now if status not in OPEN_STATUSES else None,
    )
    noted = note is not None and note != item.resolution_note
    if noted:
        item.resolution_note = note
    escalated = (
        escalate
        and item.escalated_at is None
        and (status in OPEN_STATUSES)
        and _set_if(
            session,
            item,
            Item.escalated_at.is_(None),
            escalated_at=now,
            level=ItemLevel.TOP_MANAGEMENT.value,
        )
    )
    session.flush()
    session.refresh(item)
    # Each event holds the state after the whole change (bot.services.history reads it).
    if moved:
        record_event(
            session=session,
            item=item,
            actor_id=user_id,
            action="status",
            at=now,
            from_status=before,
        )
    if escalated:
        record_event(
            session=session,
            item=item,
            actor_id=user_id,
            action="escalated",
            at=now,
            from_status=item.status,
        )
    if noted and not (moved or escalated):
        record_event(
            session=session,
            item=item,
            actor_id=user_id,
            action="note",
            at=now,
            from_status=item.status,
        )
    session.flush()
    return item


def _set_if(session: Session, item: Item, condition: Any, **values: Any) -> bool:
    """UPDATE the item with `values` only while `condition` holds; True when this did it."""
    session.flush()
    result = session.execute(
        update(Item)
        .where(Item.id == item.id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def delete_item(*, session: Session, team_id: str, item_id: int, user_id: str) -> None:
    """Delete an item for real: its text, units and history go with it."""
    item = _changeable(session, team_id, item_id, user_id)
    session.execute(delete(Item).where(Item.id == item.id))


def undo_item(*, session: Session, team_id: str, item_id: int, user_id: str) -> None:
    """Take back a just-logged item: only its author, only within the undo window."""
    item = get_item(session=session, team_id=team_id, item_id=item_id)
    if not allowed(Do.UNDO_ITEM, role=None, author=item.author_id == user_id):
        raise NotAllowed("items.err_not_author")
    if utcnow() - item.created_at > UNDO_WINDOW:
        raise InputError("items.err_undo_late")
    session.execute(delete(Item).where(Item.id == item.id))


def items_of(
    *, session: Session, team_id: str, author_id: str, statuses: Sequence[str], limit: int = 50
) -> list[Item]:
    """The author's items in these statuses, newest activity first."""
    return list(
        session.scalars(
            select(Item)
            .where(Item.team_id == team_id, Item.author_id == author_id, Item.status.in_(statuses))
            .options(selectinload(Item.units))
            .order_by(Item.status_changed_at.desc(), Item.id.desc())
            .limit(limit)
        )
    )


def count_items_of(
    *, session: Session, team_id: str, author_id: str, statuses: Sequence[str]
) -> int:
    """How many of the author's items are in these statuses."""
    from sqlalchemy import func

    return int(
        session.scalar(
            select(func.count())
            .select_from(Item)
            .where(Item.team_id == team_id, Item.author_id == author_id, Item.status.in_(statuses))
        )
        or 0
    )


def items_without_unit(*, session: Session, team_id: str, limit: int = 20) -> list[Item]:
    """Open items logged by people the organisation does not know (for admins to place)."""
    return list(
        session.scalars(
            select(Item)
            .where(Item.team_id == team_id, Item.unit_id.is_(None), Item.status.in_(OPEN_STATUSES))
            .order_by(Item.created_at.desc())
            .limit(limit)
        )
    )


def _own_unit(session: Session, team_id: str, user_id: str) -> int | None:
    """The unit of an active person, without loading the person (this is the hot path)."""
    row = session.execute(
        select(Person.unit_id, Person.active).where(
            Person.team_id == team_id, Person.user_id == user_id
        )
    ).first()
    return row.unit_id if row is not None and row.active else None


def _valid_goal(session: Session, team_id: str, goal_id: int | None) -> int | None:
    if goal_id is None:
        return None
    goal = session.get(Goal, goal_id)
    # A goal retired while the modal was open is dropped rather than refused.
    return goal.id if goal is not None and goal.team_id == team_id and goal.active else None


def _units(session: Session, team_id: str, unit_ids: Sequence[int]) -> list[int]:
    """The ids among `unit_ids` that are units of this workspace (a crafted id is dropped)."""
    if not unit_ids:
        return []
    return list(
        session.scalars(select(Unit.id).where(Unit.team_id == team_id, Unit.id.in_(list(unit_ids))))
    )


def _set_units(item: Item, unit_ids: Sequence[int]) -> None:
    """Make the item's units exactly these, keeping links that stay."""
    wanted = set(unit_ids)
    item.links = [link for link in item.links if link.unit_id in wanted]
    have = {link.unit_id for link in item.links}
    for unit_id in sorted(wanted - have):
        item.links.append(ItemUnit(team_id=item.team_id, unit_id=unit_id))
