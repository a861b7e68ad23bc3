"""SQLAlchemy 2 typed models. Every row carries the Slack workspace's team_id."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC out, on SQLite (which drops tzinfo) and on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base for all Tværs tables."""


class Role(enum.StrEnum):
    """What a person is to Tværs."""

    MANAGER = "manager"
    DIRECTOR = "director"
    ADMIN = "admin"


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


def _enum_values(cls: type[enum.StrEnum]) -> String:
    # Plain strings in the database: portable, and adding a member needs no ALTER TYPE.
    return String(max(len(m.value) for m in cls) + 8)


class Workspace(Base):
    """A Slack workspace (team) that has Tværs installed, with its organisation-wide settings."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(2))
    timezone: Mapped[str | None] = mapped_column(String(64))
    digest_channel: Mapped[str | None] = mapped_column(String(32))
    cross_unit_channel: Mapped[str | None] = mapped_column(String(32))
    prompt_weekday: Mapped[int] = mapped_column(Integer, default=0)  # 0 = Monday
    prompt_time: Mapped[str] = mapped_column(String(5), default="09:00")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Area(Base):
    """An area (forvaltning) grouping units."""

    __tablename__ = "areas"
    __table_args__ = (UniqueConstraint("team_id", "name", name="uq_areas_team_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    digest_channel: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    units: Mapped[list[Unit]] = relationship(back_populates="area")


class Unit(Base):
    """An organisational unit (enhed), optionally in an area."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("team_id", "name", name="uq_units_team_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    area: Mapped[Area | None] = relationship(back_populates="units")


class Person(Base):
    """Someone the organisation knows: a Slack user with a unit and a role."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_people_team_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(200))
    # Kept when the organisation file names the person by e-mail, to recognise them next time.
    email: Mapped[str | None] = mapped_column(String(254))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(_enum_values(Role), default=Role.MANAGER.value)
    tz: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit | None] = relationship()


class Goal(Base):
    """A cross-cutting goal (tværgående mål); at most five are active per workspace."""

    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("team_id", "title", name="uq_goals_team_title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="goal", order_by="Indicator.id", cascade="all, delete-orphan"
    )


class Indicator(Base):
    """An effect indicator of a goal: what changes for citizens, not how much work was done."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("goal_id", "name", name="uq_indicators_goal_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    measure_unit: Mapped[str] = mapped_column(String(50))
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    target: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    goal: Mapped[Goal] = relationship(back_populates="indicators")


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
    """One change in an item's life: who did what, when."""

    __tablename__ = "item_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
