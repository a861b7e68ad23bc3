"""Cross-unit threads, their items, channel problems, manager pairs and per-period runs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, _enum_values, utcnow

if TYPE_CHECKING:
    from bot.models.items import Item


class ThreadOutcome(enum.StrEnum):
    """What the managers answered when the bot followed up on a cross-unit thread."""

    RESOLVED = "resolved"
    IN_PROGRESS = "in_progress"
    TOP_MANAGEMENT = "top_management"
    NOT_RELEVANT = "not_relevant"


class CrossUnitThread(Base):
    """A conversation the bot opened in the cross-unit channel for a group of related items."""

    __tablename__ = "cross_unit_threads"
    __table_args__ = (
        # The claim: two clocks that find the same group cannot both post it.
        UniqueConstraint("team_id", "group_key", name="uq_cross_unit_threads_group"),
        Index("ix_cross_unit_threads_root", "team_id", "channel_id", "root_ts"),
        Index("ix_cross_unit_threads_follow_up", "team_id", "channel_id", "follow_up_ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    group_key: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(32))
    # Why the items belong together: a comma list of units, situation, text, goal.
    reasons: Mapped[str] = mapped_column(String(60), default="")
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None until the root message is posted (a claim whose post failed is released).
    root_ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    root_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    follow_up_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    follow_up_ts: Mapped[str | None] = mapped_column(String(32))
    # True when every item was closed before the follow-up was due, so none was posted.
    follow_up_skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(_enum_values(ThreadOutcome))
    outcome_by: Mapped[str | None] = mapped_column(String(32))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    directors_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How many people's replies the thread got; their text is never stored.
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    last_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    links: Mapped[list[CrossUnitThreadItem]] = relationship(
        back_populates="thread",
        cascade="all, delete-orphan",
        order_by="CrossUnitThreadItem.item_id",
    )
    items: Mapped[list[Item]] = relationship(
        secondary="cross_unit_thread_items", order_by="Item.id", viewonly=True
    )


class CrossUnitThreadItem(Base):
    """An item in a cross-unit thread; an item is in one thread at most, ever."""

    __tablename__ = "cross_unit_thread_items"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("cross_unit_threads.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    thread: Mapped[CrossUnitThread] = relationship(back_populates="links")


class CrossUnitChannelProblem(Base):
    """The cross-unit channel cannot be used (archived, missing, private): admins are told once."""

    __tablename__ = "cross_unit_channel_problems"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", name="uq_cross_unit_channel_problems_channel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    problem: Mapped[str] = mapped_column(String(40))
    noticed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CrossUnitPair(Base):
    """Two managers the bot introduced to each other in a group DM (monthly, optional)."""

    __tablename__ = "cross_unit_pairs"
    __table_args__ = (
        UniqueConstraint("team_id", "period", "user_a", "user_b", name="uq_cross_unit_pairs_pair"),
        Index("ix_cross_unit_pairs_team_paired", "team_id", "paired_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    user_a: Mapped[str] = mapped_column(String(32))  # the smaller user id of the two
    user_b: Mapped[str] = mapped_column(String(32))
    paired_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    channel_id: Mapped[str | None] = mapped_column(String(32))


class CrossUnitRun(Base):
    """Work done once per period (the month's pairing): the row is the claim."""

    __tablename__ = "cross_unit_runs"
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "period", name="uq_cross_unit_runs_period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
