"""Which items belong together: items as the matcher sees them, and a run's groups."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from bot.config import Settings
from bot.models import CrossUnitThread, CrossUnitThreadItem, Item, ThreadOutcome
from bot.services.items import OPEN_STATUSES
from bot.services.matching import Candidate, Group, Thresholds, group_items
from bot.services.suggestions import dismissed_pairs


@dataclass(frozen=True)
class ThreadOptions:
    """The settings the cross-unit job runs with."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    follow_up_days: int = 14
    pairing: bool = False
    reminder_days: int = 14

    @classmethod
    def from_settings(cls, settings: Settings) -> ThreadOptions:
        """The options the environment asks for."""
        return cls(
            thresholds=Thresholds(
                link=settings.cross_unit_similarity, max_items=settings.cross_unit_max_items
            ),
            follow_up_days=settings.cross_unit_follow_up_days,
            pairing=settings.cross_unit_pairing,
            reminder_days=settings.decision_reminder_days,
        )


def item_unit_ids(item: Item) -> frozenset[int]:
    """Every unit an item involves: the ones it names and its author's."""
    units = {link.unit_id for link in item.links}
    if item.unit_id is not None:
        units.add(item.unit_id)
    return frozenset(units)


def candidate(item: Item, thread_id: int | None = None) -> Candidate | None:
    """An item as the matcher sees it (None while nobody knows its unit)."""
    units = item_unit_ids(item)
    if not units:
        return None  # nobody knows which unit it belongs to: an admin places it first
    return Candidate(
        item_id=item.id,
        home_unit=item.unit_id if item.unit_id is not None else min(units),
        unit_ids=units,
        text=item.text or "",
        situation=item.citizen_situation,
        goal_id=item.goal_id,
        thread_id=thread_id,
        author_id=item.author_id,
    )


def _open_items(session: Session, team_id: str) -> list[Item]:
    return list(
        session.scalars(
            select(Item)
            .where(Item.team_id == team_id, Item.status.in_(OPEN_STATUSES))
            .options(selectinload(Item.links))
            .order_by(Item.id)
        )
    )


def plan(*, session: Session, team_id: str, options: ThreadOptions) -> list[Group]:
    """New groups to open threads for, and new items that grow a thread still under way.

    Items already in a thread that is answered or not yet posted stay out: an item is never
    put in a second thread. A thread whose root was deleted still grows (its follow-up shows
    the new items).
    """
    membership = dict(
        session.execute(
            select(CrossUnitThreadItem.item_id, CrossUnitThreadItem.thread_id).where(
                CrossUnitThreadItem.team_id == team_id
            )
        ).all()
    )
    growing = set(
        session.scalars(
            select(CrossUnitThread.id).where(
                CrossUnitThread.team_id == team_id,
                CrossUnitThread.root_ts.is_not(None),
                or_(
                    CrossUnitThread.outcome.is_(None),
                    CrossUnitThread.outcome == ThreadOutcome.IN_PROGRESS.value,
                ),
            )
        )
    )
    candidates = []
    for item in _open_items(session, team_id):
        thread_id = membership.get(item.id)
        if thread_id is not None and thread_id not in growing:
            continue
        found = candidate(item, thread_id)
        if found is not None:
            candidates.append(found)
    apart = dismissed_pairs(session=session, team_id=team_id)
    # The matching reads nothing more from the database: end the transaction first, so a
    # long run over many items holds no lock (on SQLite, the one writer lock) while it thinks.
    session.commit()
    return group_items(candidates, options.thresholds, apart)
