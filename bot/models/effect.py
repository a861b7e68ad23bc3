"""Goals, their effect indicators, and the values from App Home, files and Statistikbank."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, utcnow


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
