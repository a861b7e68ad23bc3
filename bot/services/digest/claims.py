"""Exactly once: each channel's digest for a month is claimed in the database before posting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Area, DigestClaim, DigestState, Workspace
from bot.services.effect import shift_month

MAX_CATCH_UP = 3  # months a stopped clock still posts when it comes back
MAX_ATTEMPTS = 24  # posts Slack refused (hourly runs: about a day of trying)


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


def months_to_post(
    *, session: Session, team_id: str, channel_id: str, due: str, since: str | None
) -> list[str]:
    """The months this channel should get now, oldest first: the due month, and the months a
    stopped clock missed since the channel's first digest (at most MAX_CATCH_UP back); none
    before `since`, the workspace's first month with data (None: no data, no digest)."""
    if since is None or due < since:
        return []
    first = session.scalar(
        select(func.min(DigestClaim.month)).where(
            DigestClaim.team_id == team_id, DigestClaim.channel_id == channel_id
        )
    )
    if first is None:
        return [due]  # a new channel starts with the latest month, not with history
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
) -> DigestClaim | None:
    """Claim the month's digest for the channel; None when it is already posted (or may be).

    The insert is the claim: a second clock's insert fails on the unique key. A digest Slack
    refused for certain (state failed) is re-claimed by a guarded update, so again one wins.
    """
    try:
        with session.begin_nested():
            row = DigestClaim(
                team_id=team_id,
                channel_id=channel_id,
                month=month,
                area_id=area_id,
                state=DigestState.CLAIMED.value,
                attempts=1,
                claimed_at=now,
            )
            session.add(row)
        return row
    except IntegrityError:
        pass
    existing = existing_claim(session=session, team_id=team_id, channel_id=channel_id, month=month)
    if existing is None or existing.state != DigestState.FAILED.value:
        return None
    if existing.attempts >= MAX_ATTEMPTS:
        return None
    result = session.execute(
        update(DigestClaim)
        .where(
            DigestClaim.id == existing.id,
            DigestClaim.state == DigestState.FAILED.value,
            DigestClaim.attempts == existing.attempts,
        )
        .values(
            state=DigestState.CLAIMED.value,
            attempts=existing.attempts + 1,
            claimed_at=now,
            error=None,
        )
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return None
    session.refresh(existing)
    return existing


def existing_claim(
    *, session: Session, team_id: str, channel_id: str, month: str
) -> DigestClaim | None:
    """The claim row for the channel and month, if any."""
    return session.scalar(
        select(DigestClaim).where(
            DigestClaim.team_id == team_id,
            DigestClaim.channel_id == channel_id,
            DigestClaim.month == month,
        )
    )


def record_sent(*, claim_row: DigestClaim, ts: str, now: datetime) -> None:
    """Slack posted it."""
    claim_row.state = DigestState.SENT.value
    claim_row.message_ts = ts
    claim_row.posted_at = now
    claim_row.error = None


def record_refused(*, claim_row: DigestClaim, error: str) -> None:
    """Slack refused it for certain: nothing was posted, so a later run may try again."""
    claim_row.state = DigestState.FAILED.value
    claim_row.error = error[:64]


def record_unknown(*, claim_row: DigestClaim, error: str) -> None:
    """No usable answer: it may have been posted, so it is never sent again."""
    claim_row.state = DigestState.UNKNOWN.value
    claim_row.error = error[:64]


def release(*, session: Session, claim_row: DigestClaim) -> None:
    """Give a claim back when nothing was sent (building the digest failed)."""
    session.delete(claim_row)
