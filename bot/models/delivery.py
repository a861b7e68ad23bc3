"""Once-only ledgers: inbound events already handled, and everything the bot posts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime, utcnow


class ProcessedEvent(Base):
    """An event or request already handled, so a Slack retry has no second effect."""

    __tablename__ = "processed_events"
    __table_args__ = (
        UniqueConstraint("team_id", "event_key", name="uq_processed_events_key"),
        Index("ix_processed_events_seen_at", "seen_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    event_key: Mapped[str] = mapped_column(String(200))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Delivery(Base):
    """The delivery ledger: one row per thing the bot posts on a schedule or a click, inserted
    (and committed) before Slack is called, so it is posted once (bot.services.deliveries)."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_deliveries_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    # What is delivered, e.g. "thread-root:12"; never any user text.
    key: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(32))
    # The row this delivery belongs to (a thread's id), for queries by kind.
    ref_id: Mapped[int | None] = mapped_column(Integer)
    # claimed, sent, failed (surely not posted: may be claimed again) or unknown (never resent).
    state: Mapped[str] = mapped_column(String(16), default="claimed")
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(String(64))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# The delivery rows of one kind for one row (a thread's), e.g. to find what a thread was sent.
Index("ix_deliveries_kind_ref", Delivery.kind, Delivery.ref_id)
