"""effect-sync: daily, fetch new values of indicators fed from Danmarks Statistik's Statistikbank.

`python -m jobs run effect-sync [--at ISO]` runs it once. Each source is synced and committed on
its own, so one failing table fails alone; a failure makes the run's summary need attention, and
the source itself records what went wrong and when it last worked (the admins' status, the
digest's stale mark).
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import load_settings
from bot.services import effect_sources, statbank_sync
from bot.services.org import installed_workspaces
from bot.statbank import StatbankClient
from jobs.summary import NeedsAttention, Part, Summary, part

# Danmarks Statistik publishes at 08:00; the sync runs a little after, every day.
TRIGGER: dict[str, object] = {"trigger": "cron", "hour": 9, "minute": 10}


def sync_effect(
    session: Session,
    client: WebClient,
    now: datetime,
    *,
    team_id: str | None = None,
    statbank: StatbankClient | None = None,
) -> str:
    """Sync every Statistikbank source of the workspace(s); one line per source."""
    if statbank is None:
        statbank = StatbankClient(load_settings(require_slack=False).statbank_api_url)
    lines: list[str] = []
    parts: list[Part] = []
    failed = False
    for workspace in installed_workspaces(session=session, team_id=team_id):
        for source in effect_sources.sources(session=session, team_id=workspace.team_id):
            result = statbank_sync.sync_source(
                session=session, source=source, client=statbank, now=now
            )
            session.commit()
            failed = failed or result.error is not None
            lines.append(result.line())
            parts.extend(_parts(result))
    if not lines:
        return Summary("no indicator is fed from Statistikbanken", [part("no_sources")])
    summary = Summary("; ".join(lines), parts)
    return NeedsAttention(summary) if failed else summary


def _parts(result: statbank_sync.SyncResult) -> list[Part]:
    head: dict[str, str | int] = {"indicator": result.indicator_id, "table": result.table}
    if result.error:
        return [part("source_failed", **head, error=result.error)]
    found = (
        [part("source_new", **head, count=len(result.new), latest=result.new[-1])]
        if result.new
        else [part("source_nothing_new", **head)]
    )
    if result.revised:
        found.append(part("source_revised", count=len(result.revised)))
    if result.conflicts:
        found.append(part("source_kept", count=len(result.conflicts)))
    return found
