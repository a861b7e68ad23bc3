"""What the admins' status shows: job runs, the configured channels and whether the bot can post
there, this week's prompts, items waiting for an admin, and the people per role."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import (
    Area,
    ChannelCheck,
    Item,
    ItemUnit,
    JobRun,
    Person,
    PromptState,
    ReflectionPrompt,
    Workspace,
    utcnow,
)
from bot.services.items import OPEN_STATUSES
from bot.services.schedule import period_of

JOB_RUN_DAYS = 30


def record_job_start(
    session: Session, *, name: str, team_id: str | None = None, started_at: datetime | None = None
) -> int:
    """Note that a job started (for one workspace, or all); returns the id for record_job_end."""
    run = JobRun(name=name, team_id=team_id, started_at=started_at or utcnow())
    session.add(run)
    session.flush()
    return run.id


def record_job_end(
    session: Session,
    *,
    run_id: int,
    ok: bool,
    summary: str,
    details: Sequence[tuple[str, Mapping[str, str | int]]] = (),
    finished_at: datetime | None = None,
) -> None:
    """Note how a job run ended (the English line, and its parts as text keys and values),
    and forget runs of that job older than a month."""
    run = session.get(JobRun, run_id)
    if run is None:
        return
    now = finished_at or utcnow()
    run.finished_at = now
    run.ok = ok
    run.summary = _short_summary(summary)
    run.details = [[key, dict(values)] for key, values in details[:MAX_JOB_PARTS]] or None
    session.execute(
        delete(JobRun).where(
            JobRun.name == run.name, JobRun.started_at < now - timedelta(days=JOB_RUN_DAYS)
        )
    )


MAX_JOB_PARTS = 40  # App Home shows the first few; the rest is in the log


def _short_summary(summary: str) -> str:
    return summary if len(summary) <= 500 else summary[:499] + "…"


@dataclass(frozen=True)
class JobStatus:
    """The last run of one job, and when it last succeeded."""

    name: str
    last: JobRun | None
    last_ok_at: datetime | None


# Every job the clock runs (the names of jobs.JOBS; tests/test_jobs_cli.py checks they agree),
# for the admins' status: handlers read them here, not from the jobs.
JOB_NAMES = (
    "channel-check",
    "cross-unit-follow-up",
    "cross-unit-threads",
    "effect-sync",
    "follow-notices",
    "monthly-digest",
    "prune-events",
    "retention",
    "usergroup-sync",
    "weekly-prompts",
)


def job_names(*, session: Session, team_id: str) -> list[str]:
    """The jobs the admins' status lists: every job of the clock, and any other that has run
    for this workspace (or for all of them)."""
    ran = session.scalars(
        select(JobRun.name)
        .where(or_(JobRun.team_id == team_id, JobRun.team_id.is_(None)))
        .distinct()
    )
    return sorted({*JOB_NAMES, *ran})


def job_status(*, session: Session, team_id: str, names: Sequence[str]) -> list[JobStatus]:
    """The last run of each named job for this workspace (or for all, for housekeeping)."""
    found = []
    for name in names:
        # A workspace sees its own runs and the housekeeping runs, never another's.
        mine = and_(JobRun.name == name, or_(JobRun.team_id == team_id, JobRun.team_id.is_(None)))
        last = session.scalar(
            select(JobRun).where(mine).order_by(JobRun.started_at.desc()).limit(1)
        )
        last_ok_at = session.scalar(
            select(func.max(JobRun.finished_at)).where(mine, JobRun.ok.is_(True))
        )
        found.append(JobStatus(name, last, last_ok_at))
    return found


@dataclass(frozen=True)
class WaitingItems:
    """Open items that need an admin before they can reach the right people."""

    unknown_authors: int
    without_units: int


def waiting_items(*, session: Session, team_id: str) -> WaitingItems:
    """Open items from people Tværs does not know (or deactivated), and items with no unit."""
    known = exists().where(
        Person.team_id == Item.team_id,
        Person.user_id == Item.author_id,
        Person.active.is_(True),
        Person.unit_id.is_not(None),
    )
    is_open = and_(Item.team_id == team_id, Item.status.in_(OPEN_STATUSES))
    unknown = session.scalar(select(func.count()).select_from(Item).where(is_open, ~known))
    linked = exists().where(ItemUnit.item_id == Item.id)
    no_units = session.scalar(select(func.count()).select_from(Item).where(is_open, ~linked))
    return WaitingItems(int(unknown or 0), int(no_units or 0))


def configured_channels(*, session: Session, team_id: str) -> dict[str, list[str]]:
    """Every channel the organisation configured, with what each is for ("digest", an area...)."""
    channels: dict[str, list[str]] = {}
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        if workspace.digest_channel:
            channels.setdefault(workspace.digest_channel, []).append("digest")
        if workspace.cross_unit_channel:
            channels.setdefault(workspace.cross_unit_channel, []).append("cross_unit")
    for area in session.scalars(
        select(Area)
        .where(Area.team_id == team_id, Area.active.is_(True), Area.digest_channel.is_not(None))
        .order_by(Area.name)
    ):
        assert area.digest_channel is not None
        channels.setdefault(area.digest_channel, []).append(f"area:{area.name}")
    return channels


def record_channel_check(
    session: Session, *, team_id: str, channel_id: str, problem: str | None, now: datetime
) -> None:
    """Store whether the bot can post in a channel (problem None) or why not."""
    query = select(ChannelCheck).where(
        ChannelCheck.team_id == team_id, ChannelCheck.channel_id == channel_id
    )
    check = session.scalar(query)
    if check is None:
        try:
            with session.begin_nested():
                session.add(
                    ChannelCheck(
                        team_id=team_id, channel_id=channel_id, checked_at=now, problem=problem
                    )
                )
            return
        except IntegrityError:
            # Another clock (or an admin's check) recorded this channel first, a moment ago.
            check = session.scalars(query).one()
    check.checked_at, check.problem = now, problem
    session.flush()


@dataclass(frozen=True)
class ChannelStatus:
    """A configured channel, what it is for, and whether the bot could post there when checked."""

    channel_id: str
    uses: list[str]
    problem: str | None
    checked_at: datetime | None

    @property
    def broken(self) -> bool:
        """True when the last check found the bot cannot post there."""
        return self.problem is not None


def channel_status(*, session: Session, team_id: str) -> list[ChannelStatus]:
    """Every configured channel with its last check (checked_at None: not checked yet)."""
    configured = configured_channels(session=session, team_id=team_id)
    if not configured:
        return []
    checks = {
        c.channel_id: c
        for c in session.scalars(
            select(ChannelCheck).where(
                ChannelCheck.team_id == team_id, ChannelCheck.channel_id.in_(list(configured))
            )
        )
    }
    found = []
    for channel_id, uses in configured.items():
        check = checks.get(channel_id)
        found.append(
            ChannelStatus(
                channel_id,
                uses,
                check.problem if check else None,
                check.checked_at if check else None,
            )
        )
    return found


@dataclass(frozen=True)
class PromptWeek:
    """This week's weekly prompts: sent, failed (or lost), still on their way, and answered."""

    period: str
    sent: int
    failed: int
    pending: int
    answered: int

    @property
    def any(self) -> bool:
        """True when any prompt was claimed this week."""
        return bool(self.sent or self.failed or self.pending)


def prompt_week(*, session: Session, team_id: str, now: datetime, tz: str) -> PromptWeek:
    """How this week's reflection prompts went (the ISO week as the workspace reads it)."""
    period = period_of(now.astimezone(ZoneInfo(tz)).date())
    rows = session.execute(
        select(ReflectionPrompt.state, func.count())
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.kind == "weekly",
            ReflectionPrompt.period == period,
        )
        .group_by(ReflectionPrompt.state)
    ).all()
    counts = {state: int(count) for state, count in rows}
    answered = session.scalar(
        select(func.count())
        .select_from(ReflectionPrompt)
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.kind == "weekly",
            ReflectionPrompt.period == period,
            ReflectionPrompt.answered_at.is_not(None),
        )
    )
    lost = (PromptState.FAILED, PromptState.UNKNOWN, PromptState.MISSED)
    return PromptWeek(
        period=period,
        sent=counts.get(PromptState.SENT.value, 0),
        failed=sum(counts.get(state.value, 0) for state in lost),
        pending=counts.get(PromptState.CLAIMED.value, 0) + counts.get(PromptState.RETRY.value, 0),
        answered=int(answered or 0),
    )


@dataclass(frozen=True)
class OrgCounts:
    """How many people of each role are active, and how many are deactivated."""

    roles: dict[str, int]
    inactive: int


def org_counts(*, session: Session, team_id: str) -> OrgCounts:
    """Active people per role, and deactivated people."""
    rows = session.execute(
        select(Person.role, Person.active, func.count())
        .where(Person.team_id == team_id)
        .group_by(Person.role, Person.active)
    ).all()
    roles: dict[str, int] = {}
    inactive = 0
    for role, active, count in rows:
        if active:
            roles[role] = roles.get(role, 0) + int(count)
        else:
            inactive += int(count)
    return OrgCounts(roles, inactive)
