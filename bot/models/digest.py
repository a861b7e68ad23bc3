"""The monthly digest's claim per channel and month."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime, _enum_values, utcnow


class DigestState(enum.StrEnum):
    """Where a monthly digest is on its way to a channel."""

    CLAIMED = "claimed"  # a clock owns it; chat.postMessage may be in flight
    SENT = "sent"  # Slack said ok; message_ts is recorded
    FAILED = "failed"  # Slack refused it for certain, so nothing was posted; a later run retries
    UNKNOWN = "unknown"  # no answer: it may have been posted, so it is never sent again


class DigestClaim(Base):
    """One month's digest for one channel: inserted before posting, so it is posted once."""

    __tablename__ = "digest_claims"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "month", name="uq_digest_claims_month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7))
    # The area whose own channel this is; None for the workspace's digest channel.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(_enum_values(DigestState), default=DigestState.CLAIMED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    # Slack's error code when posting failed (never any user text).
    error: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_ts: Mapped[str | None] = mapped_column(String(32))
    chart_file_id: Mapped[str | None] = mapped_column(String(32))
