"""The admins' records: the audit log, scheduled job runs and channel checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime, utcnow


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
