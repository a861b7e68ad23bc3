"""Escalations to top management and the directors' decisions on them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, _enum_values, utcnow


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
