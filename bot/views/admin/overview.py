"""What the admin section of App Home shows, as the handler loaded it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.models import Area, AuditLog, ClosingDay, Goal, Unit, Workspace
from bot.services.admin import ChannelStatus, JobStatus, OrgCounts, PromptWeek, WaitingItems
from bot.services.effect_sources import SourceStatus


@dataclass(frozen=True)
class SocketLine:
    """The Socket Mode connection as the admins' status shows it."""

    connected: bool
    connected_at: datetime | None
    reconnects: int


@dataclass(frozen=True)
class AdminOverview:
    """Everything the admin section shows, as the handler loaded it."""

    workspace: Workspace
    default_language: str
    tz: str
    areas: Sequence[Area]
    units: Sequence[Unit]
    counts: OrgCounts
    goals: Sequence[Goal]
    jobs: Sequence[JobStatus]
    waiting: WaitingItems
    channels: Sequence[ChannelStatus]
    audit: Sequence[AuditLog]
    now: datetime
    prompts: PromptWeek | None = None
    closing_days: Sequence[ClosingDay] = ()
    # When the first monthly digest comes (while none was posted and there is data), and
    # whether the workspace has no data yet (so no digest is due at all).
    first_digest: datetime | None = None
    no_data_yet: bool = False
    # Socket Mode only: the process's connection to Slack (None over HTTP).
    socket: SocketLine | None = None
    # Indicators fed from Statistikbanken: how each one's last sync went.
    sources: Sequence[SourceStatus] = ()
