"""The organisation: workspaces, areas, units, people, closing days and user group members."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, _enum_values, utcnow


class Role(enum.StrEnum):
    """What a person is to Tværs."""

    MANAGER = "manager"
    DIRECTOR = "director"
    ADMIN = "admin"


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
