"""Cross-unit threads in the digest (the threads feature's table), read through a seam."""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from bot.models import ItemUnit
from bot.services.digest.period import Period
from bot.services.digest.sql import _between, _model, area_units


def thread_counts(
    *, session: Session, team_id: str, period: Period, area_id: int | None
) -> tuple[int, int] | None:
    """(threads opened in the month, replies in them); None while threads are not built."""
    thread, link = _model("CrossUnitThread"), _model("CrossUnitThreadItem")
    if thread is None or link is None:
        return None
    conditions = [thread.team_id == team_id, _between(thread.posted_at, period)]
    if area_id is not None:
        units = area_units(area_id)
        conditions.append(
            exists().where(
                link.thread_id == thread.id,
                ItemUnit.item_id == link.item_id,
                ItemUnit.unit_id.in_(units),
            )
        )
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(thread.reply_count), 0)).where(*conditions)
    ).one()
    return int(row[0]), int(row[1])
