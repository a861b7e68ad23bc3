"""Items (barriers, potentials, dilemmas) and their units, events, follows and dismissals."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, _enum_values, utcnow

if TYPE_CHECKING:
    from bot.models.effect import Goal
    from bot.models.org import Unit


class ItemKind(enum.StrEnum):
    """What a manager logs with /barriere."""

    BARRIER = "barrier"
    POTENTIAL = "potential"
    DILEMMA = "dilemma"


class ItemStatus(enum.StrEnum):
    """Lifecycle: open → in progress → resolved or dropped."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    DROPPED = "dropped"


class ItemLevel(enum.StrEnum):
    """Who can move an item."""

    OWN_UNIT = "own_unit"
    ACROSS_UNITS = "across_units"
    TOP_MANAGEMENT = "top_management"


class ItemUnit(Base):
    """A unit involved in an item."""

    __tablename__ = "item_units"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))


class Item(Base):
    """A barrier, potential or dilemma a manager logged, with its lifecycle."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("team_id", "source_key", name="uq_items_source_key"),
        Index("ix_items_team_status", "team_id", "status"),
        Index("ix_items_team_author", "team_id", "author_id"),
        Index("ix_items_team_created", "team_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(String(32))
    # The author's unit when they logged it; None for someone the organisation does not know.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(_enum_values(ItemKind), default=ItemKind.BARRIER.value)
    text: Mapped[str | None] = mapped_column(Text)
    citizen_situation: Mapped[str | None] = mapped_column(Text)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    level: Mapped[str | None] = mapped_column(_enum_values(ItemLevel))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(_enum_values(ItemStatus), default=ItemStatus.OPEN.value)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_note: Mapped[str | None] = mapped_column(Text)
    # What created it (a slash command's trigger, a modal's view id): a repeat is a no-op.
    source_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_changed_by: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit | None] = relationship()
    goal: Mapped[Goal | None] = relationship()
    links: Mapped[list[ItemUnit]] = relationship(cascade="all, delete-orphan")
    # Read-only view through the links above (which carry team_id, as every row does).
    units: Mapped[list[Unit]] = relationship(
        secondary="item_units", order_by="Unit.name", viewonly=True
    )


class ItemEvent(Base):
    """One change in an item's life: who did what, when, and what the item was after it.

    Append-only: a later change is a new row. Each row holds the item's status before and after
    (the same when the status did not move), and its level and resolution note after, so a past
    month can be read as it stood (bot.services.history). Only erasure touches a row: "Slet mine
    data" replaces the actor's id, and it and the retention job blank the note with the item's
    own text.
    """

    __tablename__ = "item_events"
    __table_args__ = (
        # The latest event before a moment, per item; and the items that moved since a moment.
        Index("ix_item_events_item_at", "item_id", "at"),
        Index("ix_item_events_team_at", "team_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    level: Mapped[str | None] = mapped_column(_enum_values(ItemLevel))
    note: Mapped[str | None] = mapped_column(Text)


class ItemFollow(Base):
    """A manager follows another unit's item (*Følg*): they are told when its status moves."""

    __tablename__ = "item_follows"
    __table_args__ = (
        UniqueConstraint("team_id", "item_id", "user_id", name="uq_item_follows_follower"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ItemDismissal(Base):
    """Two items a manager marked *Ikke relateret*: never suggested or threaded together again.

    The pair is stored once, the smaller item id first.
    """

    __tablename__ = "item_dismissals"
    __table_args__ = (
        UniqueConstraint("team_id", "item_id", "other_id", name="uq_item_dismissals_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FollowNotice(Base):
    """One DM telling a follower that an item moved: the row is the claim, made before sending."""

    __tablename__ = "follow_notices"
    __table_args__ = (
        UniqueConstraint("team_id", "event_id", "user_id", name="uq_follow_notices_claim"),
        Index("ix_follow_notices_state", "state", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("item_events.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    # claimed, sent, failed or unknown, as a weekly prompt's (PromptState).
    state: Mapped[str] = mapped_column(String(16), default="claimed")
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))


# The digest counts items by month and goal (new, resolved) from these indexes alone, and finds
# escalated items and open ones at top management level through the other two.
Index("ix_items_team_created_goal", Item.team_id, Item.created_at, Item.goal_id)
Index("ix_items_team_closed", Item.team_id, Item.closed_at, Item.status, Item.goal_id)
Index("ix_items_team_escalated", Item.team_id, Item.escalated_at)
Index("ix_items_team_level_status", Item.team_id, Item.level, Item.status)
