"""Exactly once: each channel's digest for a month is claimed on the delivery ledger
(bot.services.deliveries, key `digest:<channel>:<month>`) before it is posted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import Area, Delivery, Workspace
from bot.services import deliveries
from bot.services.effect import shift_month

MAX_CATCH_UP = 3  # months a stopped clock still posts when it comes back
MAX_ATTEMPTS = 24  # posts Slack refused (hourly runs: about a day of trying)
KIND = "digest"  # the ledger's kind for a channel's monthly digest


@dataclass(frozen=True)
class Target:
    """A channel that gets a digest: the workspace's, or an area's own with its items only."""

    channel_id: str
    area_id: int | None
    area_name: str | None


def targets(*, session: Session, team_id: str) -> list[Target]:
    """The workspace's digest channel and each active area's own channel (each once)."""
    workspace = session.get(Workspace, team_id)
    found: list[Target] = []
    seen: set[str] = set()
    if workspace is not None and workspace.digest_channel:
        found.append(Target(workspace.digest_channel, None, None))
        seen.add(workspace.digest_channel)
    for area in session.scalars(
        select(Area)
        .where(Area.team_id == team_id, Area.active.is_(True), Area.digest_channel.is_not(None))
        .order_by(Area.name)
    ):
        if area.digest_channel and area.digest_channel not in seen:
            found.append(Target(area.digest_channel, area.id, area.name))
            seen.add(area.digest_channel)
    return found


def key(channel_id: str, month: str) -> str:
    """The digest's key on the ledger (and in its message metadata)."""
    return f"{KIND}:{channel_id}:{month}"


def months_to_post(
    *, session: Session, team_id: str, channel_id: str, due: str, since: str | None
) -> list[str]:
    """The months this channel should get now, oldest first: the due month, and the months a
    stopped clock missed since the channel's first digest (at most MAX_CATCH_UP back); none
    before `since`, the workspace's first month with data (None: no data, no digest)."""
    if since is None or due < since:
        return []
    # Keys end in the month (YYYY-MM), so the smallest key is the channel's first month.
    first_key = session.scalar(
        select(func.min(Delivery.key)).where(
            Delivery.team_id == team_id,
            Delivery.kind == KIND,
            Delivery.channel_id == channel_id,
        )
    )
    if first_key is None:
        return [due]  # a new channel starts with the latest month, not with history
    first = first_key.rsplit(":", 1)[1]
    window = [shift_month(due, offset) for offset in range(1 - MAX_CATCH_UP, 1)]
    return [month for month in window if month >= max(first, since)]


def claim(
    *,
    session: Session,
    team_id: str,
    channel_id: str,
    month: str,
    area_id: int | None,
    now: datetime,
) -> Delivery | None:
    """Claim the month's digest for the channel; None when it is already posted (or may be).

    The insert is the claim: a second clock's insert fails on the ledger's unique key. A digest
    Slack refused for certain (state failed) is claimed again by a guarded update, so again one
    wins, until it was refused MAX_ATTEMPTS times.
    """
    return deliveries.claim(
        session,
        team_id=team_id,
        key=key(channel_id, month),
        kind=KIND,
        now=now,
        ref_id=area_id,
        channel_id=channel_id,
        max_attempts=MAX_ATTEMPTS,
    )


def existing_claim(
    *, session: Session, team_id: str, channel_id: str, month: str
) -> Delivery | None:
    """The ledger row of the channel's digest for the month, if any."""
    return deliveries.existing(session, team_id=team_id, key=key(channel_id, month))


def any_posted(*, session: Session, team_id: str) -> bool:
    """Whether the workspace has had a digest posted at all."""
    found = session.scalar(
        select(Delivery.id)
        .where(
            Delivery.team_id == team_id,
            Delivery.kind == KIND,
            Delivery.state == deliveries.State.SENT.value,
        )
        .limit(1)
    )
    return found is not None


def release(*, session: Session, claim_row: Delivery) -> None:
    """Give a claim back when nothing was sent (building the digest failed)."""
    session.delete(claim_row)
