"""The weekly reflection's knobs (Policy, limits) and the clauses every tick shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import true

from bot.models import Workspace

if TYPE_CHECKING:
    from bot.config import Settings


KIND_WEEKLY = "weekly"
MAX_ATTEMPTS = 3
# Longer than a live sender can take for one message: it gives up waiting out rate limits after
# five minutes, and a request times out after ten seconds.
STALE_AFTER = timedelta(minutes=15)
DEFAULT_REMINDER_DAYS = 3


@dataclass(frozen=True)
class Policy:
    """The weekly job's knobs: the settings' defaults (each workspace may set its reminder)."""

    catchup: timedelta = timedelta(hours=48)
    language: str = "da"
    timezone: str = "Europe/Copenhagen"
    reminder_days: int = DEFAULT_REMINDER_DAYS
    stale_after: timedelta = STALE_AFTER
    max_attempts: int = MAX_ATTEMPTS

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy the environment sets (REFLECTION_CATCHUP_HOURS, BOT_LANGUAGE, ...)."""
        return cls(
            catchup=timedelta(hours=settings.reflection_catchup_hours),
            language=settings.language,
            timezone=settings.timezone,
        )


def _team(column: Any, team_id: str | None) -> Any:
    """A WHERE clause limiting a tick to one workspace (None: every workspace)."""
    return true() if team_id is None else column == team_id


def _language(workspace: Workspace | None, policy: Policy) -> str:
    return (workspace.language if workspace is not None else None) or policy.language
