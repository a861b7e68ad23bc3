"""A person's data: give it back (export), erase it on request, and expire free text by age.

Erasing and expiring remove free text for real (columns set to NULL, rows deleted), never by
setting a flag; what stays is only what identifies nobody (an item's kind, units, status and
dates), so counts in future digests still add up.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.csv_cells import formula_safe
from bot.models import (
    AuditLog,
    CrossUnitPair,
    CrossUnitThread,
    FollowNotice,
    IndicatorValue,
    Item,
    ItemDismissal,
    ItemEvent,
    ItemFollow,
    Person,
    ReflectionPrefs,
    ReflectionPrompt,
    ReflectionReply,
)

# What replaces a user id once its owner asked to be erased.
ERASED = "erased"
# The tables an erasure or expiry changes (for the vacuum that follows it on PostgreSQL).
ERASED_TABLES = (
    "items",
    "item_events",
    "item_follows",
    "item_dismissals",
    "follow_notices",
    "reflection_prompts",
    "reflection_replies",
    "reflection_prefs",
    "cross_unit_pairs",
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_person(*, session: Session, team_id: str, user_id: str) -> dict[str, Any]:
    """Everything Tværs holds about one person, as JSON-ready data."""
    person = session.scalar(
        select(Person).where(Person.team_id == team_id, Person.user_id == user_id)
    )
    profile = None
    if person is not None:
        profile = {
            "user_id": person.user_id,
            "name": person.name,
            "email": person.email,
            "unit": person.unit.name if person.unit else None,
            "role": person.role,
            "time_zone": person.tz,
            "active": person.active,
        }
    items = session.scalars(
        select(Item).where(Item.team_id == team_id, Item.author_id == user_id).order_by(Item.id)
    ).all()
    prompts = session.scalars(
        select(ReflectionPrompt)
        .where(ReflectionPrompt.team_id == team_id, ReflectionPrompt.user_id == user_id)
        .order_by(ReflectionPrompt.due_at)
    ).all()
    prefs = session.scalar(
        select(ReflectionPrefs).where(
            ReflectionPrefs.team_id == team_id, ReflectionPrefs.user_id == user_id
        )
    )
    pairs = session.scalars(
        select(CrossUnitPair).where(
            CrossUnitPair.team_id == team_id,
            or_(CrossUnitPair.user_a == user_id, CrossUnitPair.user_b == user_id),
        )
    ).all()
    follows = session.scalars(
        select(ItemFollow)
        .where(ItemFollow.team_id == team_id, ItemFollow.user_id == user_id)
        .order_by(ItemFollow.id)
    ).all()
    dismissals = session.scalars(
        select(ItemDismissal)
        .where(ItemDismissal.team_id == team_id, ItemDismissal.user_id == user_id)
        .order_by(ItemDismissal.id)
    ).all()
    changes = session.scalars(
        select(AuditLog)
        .where(AuditLog.team_id == team_id, AuditLog.actor_id == user_id)
        .order_by(AuditLog.at)
    ).all()
    thread_answers = session.scalars(
        select(CrossUnitThread)
        .where(CrossUnitThread.team_id == team_id, CrossUnitThread.outcome_by == user_id)
        .order_by(CrossUnitThread.outcome_at)
    ).all()
    effect_values = session.scalars(
        select(IndicatorValue)
        .where(IndicatorValue.team_id == team_id, IndicatorValue.recorded_by == user_id)
        .order_by(IndicatorValue.recorded_at)
    ).all()
    return {
        "workspace": team_id,
        "person": profile,
        "admin_changes": [
            {
                "at": _iso(c.at),
                "action": c.action,
                "subject": c.subject,
                "field": c.field,
                "before": c.before,
                "after": c.after,
            }
            for c in changes
        ],
        "cross_unit_thread_answers": [
            {"thread": t.id, "answer": t.outcome, "at": _iso(t.outcome_at)} for t in thread_answers
        ],
        "effect_values_recorded": [
            {
                "indicator": v.indicator_id,
                "month": v.month,
                "value": v.value,
                "at": _iso(v.recorded_at),
            }
            for v in effect_values
        ],
        "items": [
            {
                "id": item.id,
                "kind": item.kind,
                "text": item.text,
                "citizen_situation": item.citizen_situation,
                "units": [unit.name for unit in item.units],
                "goal": item.goal.title if item.goal else None,
                "level": item.level,
                "anonymous_to_directors": item.anonymous,
                "status": item.status,
                "what_moved_it": item.resolution_note,
                "escalated_at": _iso(item.escalated_at),
                "created_at": _iso(item.created_at),
                "closed_at": _iso(item.closed_at),
            }
            for item in items
        ],
        "reflections": [
            {
                "week": prompt.period,
                "sent_at": _iso(prompt.sent_at),
                "need": prompt.answer_need,
                "barriers": prompt.answer_barriers,
                "what_i_can_do": prompt.answer_action,
                "may_be_quoted_in_digest": prompt.shareable,
                "answered_at": _iso(prompt.answered_at),
                "skipped_at": _iso(prompt.skipped_at),
                "replies_in_dm": [
                    {"text": reply.text, "at": _iso(reply.created_at)} for reply in prompt.replies
                ],
            }
            for prompt in prompts
        ],
        "reflection_preferences": None
        if prefs is None
        else {
            "weekday": prefs.weekday,
            "time": prefs.time,
            "paused_until": _iso(prefs.paused_until),
            "paused_indefinitely": prefs.paused_indefinitely,
            "paused_to": prefs.paused_to.isoformat() if prefs.paused_to else None,
        },
        "pairings": [
            {"month": pair.period, "with": pair.user_b if pair.user_a == user_id else pair.user_a}
            for pair in pairs
        ],
        "following": [{"item": f.item_id, "since": _iso(f.created_at)} for f in follows],
        "marked_not_related": [
            {"items": [d.item_id, d.other_id], "at": _iso(d.created_at)} for d in dismissals
        ],
    }


def export_csv(data: dict[str, Any]) -> str:
    """The free text of an export as CSV rows (what, when, field, text), for a spreadsheet."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out))
    writer.writerow(["what", "id_or_week", "date", "field", "text"])
    for item in data["items"]:
        for field_name in ("text", "citizen_situation", "what_moved_it"):
            if item[field_name]:
                writer.writerow(
                    [item["kind"], item["id"], item["created_at"], field_name, item[field_name]]
                )
    for reflection in data["reflections"]:
        for field_name in ("need", "barriers", "what_i_can_do"):
            if reflection[field_name]:
                writer.writerow(
                    [
                        "reflection",
                        reflection["week"],
                        reflection["answered_at"],
                        field_name,
                        reflection[field_name],
                    ]
                )
        for reply in reflection["replies_in_dm"]:
            writer.writerow(["reflection", reflection["week"], reply["at"], "dm", reply["text"]])
    return out.getvalue()


class _SafeWriter:
    """A csv writer whose text cells a spreadsheet never runs as formulas."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: list[Any]) -> None:
        self._writer.writerow([formula_safe(c) if isinstance(c, str) else c for c in row])


@dataclass
class Erased:
    """What an erasure or expiry removed, as counts."""

    items: int = 0
    reflections: int = 0
    replies: int = 0
    other: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        """One line for logs and job summaries (counts only)."""
        return (
            f"free text removed from {self.items} items and {self.reflections} reflections, "
            f"{self.replies} DM replies deleted"
        )


def erase_person(*, session: Session, team_id: str, user_id: str) -> Erased:
    """Delete a person's reflections and the text of their items, keeping anonymous counts."""
    erased = Erased()
    # The items' history keeps no text the items themselves no longer have.
    _blank_event_notes(
        session, select(Item.id).where(Item.team_id == team_id, Item.author_id == user_id)
    )
    result = session.execute(
        update(Item)
        .where(Item.team_id == team_id, Item.author_id == user_id)
        .values(
            text=None,
            citizen_situation=None,
            resolution_note=None,
            author_id=ERASED,
            anonymous=True,
        )
    )
    erased.items = _rows(result)
    session.execute(
        update(Item)
        .where(Item.team_id == team_id, Item.status_changed_by == user_id)
        .values(status_changed_by=ERASED)
    )
    session.execute(
        update(ItemEvent)
        .where(ItemEvent.team_id == team_id, ItemEvent.actor_id == user_id)
        .values(actor_id=ERASED)
    )
    erased.replies = _rows(
        session.execute(
            delete(ReflectionReply).where(
                ReflectionReply.team_id == team_id, ReflectionReply.user_id == user_id
            )
        )
    )
    erased.reflections = _rows(
        session.execute(
            delete(ReflectionPrompt).where(
                ReflectionPrompt.team_id == team_id, ReflectionPrompt.user_id == user_id
            )
        )
    )
    session.execute(
        delete(ReflectionPrefs).where(
            ReflectionPrefs.team_id == team_id, ReflectionPrefs.user_id == user_id
        )
    )
    session.execute(
        delete(CrossUnitPair).where(
            CrossUnitPair.team_id == team_id,
            or_(CrossUnitPair.user_a == user_id, CrossUnitPair.user_b == user_id),
        )
    )
    for table in (ItemFollow, FollowNotice):
        session.execute(delete(table).where(table.team_id == team_id, table.user_id == user_id))
    # A pair marked *Ikke relateret* stays apart, but no longer says who said so.
    session.execute(
        update(ItemDismissal)
        .where(ItemDismissal.team_id == team_id, ItemDismissal.user_id == user_id)
        .values(user_id=ERASED)
    )
    return erased


def _blank_event_notes(session: Session, item_ids: Any) -> None:
    """Remove the resolution notes the events of these items hold (see ItemEvent)."""
    session.execute(
        update(ItemEvent)
        .where(ItemEvent.item_id.in_(item_ids), ItemEvent.note.is_not(None))
        .values(note=None)
        .execution_options(synchronize_session=False)
    )


def expire_free_text(*, session: Session, now: datetime, months: int) -> Erased:
    """Remove free text older than `months` (all workspaces); counts and dates stay."""
    cutoff = now - timedelta(days=round(months * 30.44))
    erased = Erased()
    _blank_event_notes(session, select(Item.id).where(Item.created_at < cutoff))
    erased.items = _rows(
        session.execute(
            update(Item)
            .where(
                Item.created_at < cutoff,
                or_(
                    Item.text.is_not(None),
                    Item.citizen_situation.is_not(None),
                    Item.resolution_note.is_not(None),
                ),
            )
            .values(text=None, citizen_situation=None, resolution_note=None)
        )
    )
    erased.replies = _rows(
        session.execute(delete(ReflectionReply).where(ReflectionReply.created_at < cutoff))
    )
    erased.reflections = _rows(
        session.execute(
            update(ReflectionPrompt)
            .where(
                ReflectionPrompt.due_at < cutoff,
                or_(
                    ReflectionPrompt.answer_need.is_not(None),
                    ReflectionPrompt.answer_barriers.is_not(None),
                    ReflectionPrompt.answer_action.is_not(None),
                ),
            )
            .values(answer_need=None, answer_barriers=None, answer_action=None)
        )
    )
    return erased


def _rows(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def purge_uninstalled(*, session: Session, now: datetime, grace_days: int) -> list[str]:
    """Delete every row of workspaces uninstalled more than `grace_days` ago; their team ids."""
    from bot.models import Base, Workspace

    cutoff = now - timedelta(days=grace_days)
    gone = list(
        session.scalars(
            select(Workspace.team_id).where(
                Workspace.uninstalled_at.is_not(None), Workspace.uninstalled_at < cutoff
            )
        )
    )
    for team_id in gone:
        # Children before parents; every table carries team_id, so nothing is left behind.
        for table in reversed(Base.metadata.sorted_tables):
            if "team_id" in table.c and table.name != Workspace.__tablename__:
                session.execute(table.delete().where(table.c.team_id == team_id))
        session.execute(delete(Workspace).where(Workspace.team_id == team_id))
    return gone
