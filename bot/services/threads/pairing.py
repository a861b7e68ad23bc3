"""The month's pairing: two managers from different units whose items relate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models import CrossUnitPair, Person, Role
from bot.services.matching import relations
from bot.services.threads.planning import ThreadOptions, _open_items, candidate

PAIRING_MEMORY = timedelta(days=183)


@dataclass(frozen=True)
class PairSuggestion:
    """Two managers from different units whose items relate."""

    user_a: str
    user_b: str
    unit_a: str
    unit_b: str
    score: float


def pair_suggestions(
    *, session: Session, team_id: str, options: ThreadOptions, now: datetime
) -> list[PairSuggestion]:
    """Managers to introduce this month: strongest relation first, each at most once, and
    never two who were paired in the last six months. Anonymous items are left out, so a
    pairing never tells anyone who wrote one."""
    managers = {
        p.user_id: p
        for p in session.scalars(
            select(Person)
            .where(
                Person.team_id == team_id,
                Person.active.is_(True),
                Person.role == Role.MANAGER.value,
                Person.unit_id.is_not(None),
            )
            .options(selectinload(Person.unit))
        )
    }
    items = [
        item
        for item in _open_items(session, team_id)
        if not item.anonymous
        and item.author_id in managers
        and item.unit_id == managers[item.author_id].unit_id
    ]
    candidates = [c for c in (candidate(item) for item in items) if c is not None]
    author = {item.id: item.author_id for item in items}
    recent = {
        (a, b)
        for a, b in session.execute(
            select(CrossUnitPair.user_a, CrossUnitPair.user_b).where(
                CrossUnitPair.team_id == team_id, CrossUnitPair.paired_at > now - PAIRING_MEMORY
            )
        ).all()
    }
    used: set[str] = set()
    found = []
    for relation in relations(candidates, options.thresholds):
        a, b = sorted((author[relation.a], author[relation.b]))
        if a == b or a in used or b in used or (a, b) in recent:
            continue
        used |= {a, b}
        unit_a, unit_b = managers[a].unit, managers[b].unit
        found.append(
            PairSuggestion(
                user_a=a,
                user_b=b,
                unit_a=unit_a.name if unit_a else "",
                unit_b=unit_b.name if unit_b else "",
                score=relation.score,
            )
        )
    return found


def record_pair(
    *,
    session: Session,
    team_id: str,
    period: str,
    pair: PairSuggestion,
    channel_id: str | None,
    now: datetime,
) -> None:
    """Remember a pairing, so the two are not paired again for six months."""
    session.add(
        CrossUnitPair(
            team_id=team_id,
            period=period,
            user_a=pair.user_a,
            user_b=pair.user_b,
            paired_at=now,
            channel_id=channel_id,
        )
    )
    session.flush()
