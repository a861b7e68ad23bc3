"""SQLAlchemy 2 typed models. Every row carries the Slack workspace's team_id."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot import clock
from bot.installations import define_tables as define_oauth_tables


def utcnow() -> datetime:
    """The current moment, timezone-aware in UTC, from the one clock (`bot.clock`)."""
    return clock.now()


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
    # Days after the weekly prompt before its one reminder (admin setting).
    reminder_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Smallest group whose reflection figures a digest may show (admin setting).
    anonymity_threshold: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # 1 May as a closing day (admin setting; off by default): see bot.services.calendar.
    may_day_closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Days an escalation may wait for a decision before one reminder (admin setting; None:
    # DECISION_REMINDER_DAYS).
    decision_reminder_days: Mapped[int | None] = mapped_column(Integer)
    # Set by app_uninstalled / tokens_revoked: no job works for the workspace any more, and its
    # data is deleted after the grace period unless the app comes back.
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
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
    # A Slack user group (S…) whose members are kept in this unit by the usergroup-sync job.
    usergroup_id: Mapped[str | None] = mapped_column(String(32))
    # Set when the unit was merged into another: it is retired, its history kept.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="SET NULL", name="fk_units_merged_into_id")
    )

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


class ClosingDay(Base):
    """A workspace's own closing day or range (both ends included), e.g. its Christmas closure."""

    __tablename__ = "closing_days"
    __table_args__ = (Index("ix_closing_days_team", "team_id", "start_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditLog(Base):
    """One change made in the admin screens (or by the user group sync): who, what, when."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_team_at", "team_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A Slack user id, or "usergroup-sync" for changes the scheduled sync made.
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    # What was changed, by name (a unit, a person's user id, a goal's title, a setting).
    subject: Mapped[str | None] = mapped_column(String(200))
    field: Mapped[str | None] = mapped_column(String(40))
    before: Mapped[str | None] = mapped_column(String(200))
    after: Mapped[str | None] = mapped_column(String(200))


class JobRun(Base):
    """One run of a scheduled job, for the admins' status overview."""

    __tablename__ = "job_runs"
    __table_args__ = (
        Index("ix_job_runs_name_started", "name", "started_at"),
        Index("ix_job_runs_team_name_started", "team_id", "name", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The workspace the run worked for; None for housekeeping that covers every workspace.
    team_id: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # None while running (or when the process died mid-run).
    ok: Mapped[bool | None] = mapped_column(Boolean)
    summary: Mapped[str | None] = mapped_column(String(500))
    # The summary as text keys and values ([[key, {values}], ...], jobs.summary), so the admins
    # read it in the workspace's language; None for a run recorded before they were kept.
    details: Mapped[list[Any] | None] = mapped_column(JSON)


class ChannelCheck(Base):
    """Whether the bot can post in a channel the organisation configured, as last checked."""

    __tablename__ = "channel_checks"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_channel_checks_channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None when the bot can post there; else a short reason (not_in_channel, is_archived, ...).
    problem: Mapped[str | None] = mapped_column(String(40))


class UsergroupMember(Base):
    """Someone the user group sync saw in a unit's Slack user group (kept after they leave)."""

    __tablename__ = "usergroup_members"
    __table_args__ = (UniqueConstraint("unit_id", "user_id", name="uq_usergroup_members_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# -- Cross-unit threads ------------------------------------------------------------------------


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


# -- Weekly reflection -------------------------------------------------------------------------


class PromptState(enum.StrEnum):
    """Where a weekly prompt (or its reminder) is on its way to the manager's DM."""

    CLAIMED = "claimed"  # a clock owns it; chat.postMessage may be in flight
    SENT = "sent"  # Slack said ok; channel and ts are recorded
    RETRY = "retry"  # Slack refused it for certain, so nothing was posted; a later tick retries
    FAILED = "failed"  # given up: refused too often, or not sent before the cut-off
    UNKNOWN = "unknown"  # no answer, or the sender died: it may have been posted; never resent
    MISSED = "missed"  # never claimed before the catch-up cut-off (the clock was down)


class ReflectionPrefs(Base):
    """A manager's own weekly slot and pause; None fields fall back to the workspace's."""

    __tablename__ = "reflection_prefs"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_reflection_prefs_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday
    time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM", local to the manager
    # Prompts due before this moment are not sent; set with paused_indefinitely for "until I
    # resume". Both cleared on resume.
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_indefinitely: Mapped[bool] = mapped_column(Boolean, default=False)
    # A pause until a chosen day: that day, as chosen (paused_until is its local midnight).
    paused_to: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ReflectionPrompt(Base):
    """One week's reflection for one manager: the claim, the DM it became, and the answer."""

    __tablename__ = "reflection_prompts"
    __table_args__ = (
        # The claim: a clock inserts this row before it sends, so a second clock cannot.
        UniqueConstraint(
            "team_id", "user_id", "kind", "period", name="uq_reflection_prompts_claim"
        ),
        Index("ix_reflection_prompts_message", "team_id", "channel_id", "message_ts"),
        Index("ix_reflection_prompts_state", "state", "claimed_at"),
        Index("ix_reflection_prompts_team_user_due", "team_id", "user_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16), default="weekly")
    period: Mapped[str] = mapped_column(String(10))  # ISO week, "2026-W14"
    state: Mapped[str] = mapped_column(_enum_values(PromptState), default=PromptState.CLAIMED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # Slack's error code when a send failed (never any user text).
    error: Mapped[str | None] = mapped_column(String(64))
    # The modal's three answers, plain text as typed; replies in the DM are ReflectionReply rows.
    answer_need: Mapped[str | None] = mapped_column(Text)
    answer_barriers: Mapped[str | None] = mapped_column(Text)
    answer_action: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The manager allows the answer to be quoted, without their name, in the directors' digest.
    shareable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    skipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The one reminder: claimed by a guarded update (state NULL -> claimed), never reset.
    reminder_state: Mapped[str | None] = mapped_column(_enum_values(PromptState))
    reminder_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_ts: Mapped[str | None] = mapped_column(String(32))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    replies: Mapped[list[ReflectionReply]] = relationship(
        back_populates="prompt", order_by="ReflectionReply.message_ts", cascade="all, delete-orphan"
    )


class ReflectionReply(Base):
    """A message a manager wrote in the bot's DM, stored as part of that week's answer."""

    __tablename__ = "reflection_replies"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "message_ts", name="uq_reflection_replies_ts"),
        # A doubled delivery of one message (same client_msg_id) is stored once.
        UniqueConstraint("team_id", "client_msg_id", name="uq_reflection_replies_client_msg"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    prompt_id: Mapped[int] = mapped_column(
        ForeignKey("reflection_prompts.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))
    client_msg_id: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    prompt: Mapped[ReflectionPrompt] = relationship(back_populates="replies")


# -- Effect indicators and the monthly digest ----------------------------------------------------


class IndicatorValue(Base):
    """An effect indicator's value for one month, recorded in App Home or imported from a file."""

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "month", name="uq_indicator_values_month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM": sorts as text, compares as text
    value: Mapped[float] = mapped_column(Float)
    # "home" (App Home form), "import" (python -m bot import-effect) or "statbank" (the
    # effect-sync job); home and import are manual and never overwritten by the sync.
    source: Mapped[str] = mapped_column(String(10))
    recorded_by: Mapped[str | None] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The source's own period code ("2026K3", "2026M09", "2026"); None for manual values.
    period: Mapped[str | None] = mapped_column(String(10))


class StatbankSource(Base):
    """Where an indicator's values come from in Danmarks Statistik's Statistikbank, and how the
    last sync went (for the admins' status and the digest's stale mark)."""

    __tablename__ = "statbank_sources"
    __table_args__ = (UniqueConstraint("indicator_id", name="uq_statbank_sources_indicator"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    table_id: Mapped[str] = mapped_column(String(20))
    # {"OMRÅDE": ["461"], "KØN": ["TOT"], ...}: every variable but Tid; several values are summed.
    selection: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    # A share: numerator / denominator x 100, the denominator from a second table.
    denominator_table: Mapped[str | None] = mapped_column(String(20))
    denominator_selection: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    latest_period: Mapped[str | None] = mapped_column(String(10))
    # Why the last sync failed ("refused", "server", "timeout", "unreachable", "format",
    # "changed", "period_gone"); None when it worked. The detail is the API's own message.
    error_kind: Mapped[str | None] = mapped_column(String(32))
    error_detail: Mapped[str | None] = mapped_column(String(300))
    # Periods where a manually entered value differs from Danmarks Statistik's (the manual one
    # is kept): [[period, manual, statbank], ...].
    conflicts: Mapped[list[list[Any]] | None] = mapped_column(JSON)
    # OMRÅDE codes to compare with (000 is the whole country), fetched in the same calls.
    comparison: Mapped[list[str] | None] = mapped_column(JSON)


class ComparisonValue(Base):
    """An indicator's value for another area (the country, a comparable municipality)."""

    __tablename__ = "comparison_values"
    __table_args__ = (
        UniqueConstraint("indicator_id", "area", "month", name="uq_comparison_values_month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(10))
    month: Mapped[str] = mapped_column(String(7))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)


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


# The digest counts items by month and goal (new, resolved) from these indexes alone, and finds
# escalated items and open ones at top management level through the other two.
Index("ix_deliveries_kind_ref", Delivery.kind, Delivery.ref_id)
Index("ix_items_team_created_goal", Item.team_id, Item.created_at, Item.goal_id)
Index("ix_items_team_closed", Item.team_id, Item.closed_at, Item.status, Item.goal_id)
Index("ix_items_team_escalated", Item.team_id, Item.escalated_at)
Index("ix_items_team_level_status", Item.team_id, Item.level, Item.status)
# The digest reads a month of weekly prompts for the whole workspace: PostgreSQL cannot use
# (team_id, user_id, due_at) for that (SQLite skip-scans it), so without this it reads them all.
Index("ix_reflection_prompts_team_due", ReflectionPrompt.team_id, ReflectionPrompt.due_at)

# slack_sdk's installation, bot and OAuth-state tables (OAuth mode), migrated with the rest.
define_oauth_tables(Base.metadata)


class DecisionKind(enum.StrEnum):
    """What the directors answered an escalation."""

    TAKEN = "taken"  # "Vi tager den": an owner among the directors, a date, a note
    ANSWERED = "answered"  # "Send tilbage med svar"
    NOT_OURS = "not_ours"  # "Ikke et direktionsanliggende", with a reason


class Escalation(Base):
    """A thread's items raised to top management, with what the directors are asked."""

    __tablename__ = "escalations"
    __table_args__ = (
        # One escalation per thread groups its items.
        UniqueConstraint("team_id", "thread_id", name="uq_escalations_thread"),
        # An item escalated on its own (from /barriere mine or the form) has one escalation.
        UniqueConstraint("team_id", "item_id", name="uq_escalations_item"),
        Index("ix_escalations_team_open", "team_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("cross_unit_threads.id", ondelete="CASCADE")
    )
    # A thread's escalation, or one item's (exactly one of the two is set).
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE", name="fk_escalations_item_id")
    )
    question: Mapped[str | None] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(String(32))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set once, by the first decision (compare-and-set): later decisions are new rows.
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When every director was told about an item's escalation (a thread's: the thread's own
    # directors_notified_at).
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    decisions: Mapped[list[Decision]] = relationship(
        back_populates="escalation", order_by="Decision.id", cascade="all, delete-orphan"
    )


class Decision(Base):
    """One decision on an escalation; append-only: a later change is a new row."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    escalation_id: Mapped[int] = mapped_column(
        ForeignKey("escalations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(_enum_values(DecisionKind))
    decided_by: Mapped[str] = mapped_column(String(32))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    owner_id: Mapped[str | None] = mapped_column(String(32))
    due_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    escalation: Mapped[Escalation] = relationship(back_populates="decisions")
