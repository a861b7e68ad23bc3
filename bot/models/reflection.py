"""The weekly reflection: a manager's preferences, the prompts and the replies in the DM."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, _enum_values, utcnow


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


# The digest reads a month of weekly prompts for the whole workspace: PostgreSQL cannot use
# (team_id, user_id, due_at) for that (SQLite skip-scans it), so without this it reads them all.
Index("ix_reflection_prompts_team_due", ReflectionPrompt.team_id, ReflectionPrompt.due_at)
