"""Tell followers when an item they follow moves (every few minutes).

A manager who pressed *Følg* on a related item gets one DM for each status change or escalation
of it after that moment (not their own changes), on working days only (bot.services.calendar).
Each DM is claimed in the database and committed before Slack is called, with the weekly
prompts' rule: no blind retry, and after an unknown outcome the DM is read (message metadata)
before anything is sent again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, selectinload

from bot.config import load_settings
from bot.models import Item
from bot.services import suggestions as service
from bot.services.calendar import calendar_for
from bot.services.org import installed_workspaces
from bot.services.schedule import zone_or_default
from bot.views.suggest import notice_message
from jobs.summary import Summary, joined, part
from jobs.weekly_prompts import Outcome, Pacer, post, send_client

log = logging.getLogger(__name__)

NOTICE_EVENT = "tvaers_follow_notice"


def _marker(notice_id: int) -> dict[str, Any]:
    return {"event_type": NOTICE_EVENT, "event_payload": {"notice_id": notice_id}}


def find_notice(client: WebClient, user_id: str, notice_id: int) -> dict[str, str] | None:
    """The notice's channel and ts if it is in the DM, {} if it surely is not, None if unknown."""
    try:
        channel = str(client.conversations_open(users=user_id)["channel"]["id"])
        history = client.conversations_history(channel=channel, limit=50, include_all_metadata=True)
    except (SlackApiError, OSError, URLError) as exc:
        log.warning("could not look for a follow notice in the DM (%s)", type(exc).__name__)
        return None
    for message in history.get("messages") or []:
        meta = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == NOTICE_EVENT and payload.get("notice_id") == notice_id:
            return {"channel": channel, "ts": str(message["ts"])}
    return {}


def send_follow_notices(
    session: Session, client: WebClient, now: datetime, *, team_id: str | None = None
) -> str:
    """Send every follow notice that is due, in each workspace (or the one given)."""
    settings = load_settings(require_slack=False)
    sender = send_client(client)
    pacer = Pacer()
    lines = []
    for workspace in installed_workspaces(session=session, team_id=team_id):
        team, lang = workspace.team_id, workspace.language or settings.language
        today = now.astimezone(zone_or_default(workspace.timezone, settings.timezone)).date()
        calendar = calendar_for(session=session, team_id=team)
        closed = calendar.closed_because(today)
        if closed is not None:
            # Like every person-facing send: the notices wait for the next working day.
            moved = calendar.next_working_day(today)
            lines.append(
                Summary(
                    f"{workspace.name or team}: {today} is closed ({closed}); sent on {moved}",
                    [
                        part(
                            "closed_day",
                            day=today.isoformat(),
                            reason=closed,
                            moved_day=moved.isoformat(),
                        )
                    ],
                )
            )
            session.commit()
            continue
        settled = _settle(session, sender, team, now)
        counts = {"sent": 0, "failed": 0, "unknown": 0, "lost": 0, "retry": 0}
        dues = service.due_notices(session=session, team_id=team, now=now)
        session.commit()
        for due in dues:
            counts[_send(session, sender, pacer, team, due, now, lang)] += 1
        line = f"{workspace.name or team}: sent {counts['sent']} follow notice(s)"
        parts = [part("notices_sent", count=counts["sent"])]
        if counts["failed"] or counts["unknown"]:
            line += f", {counts['failed']} refused, {counts['unknown']} unknown (not resent)"
            parts.append(part("notices_refused", count=counts["failed"]))
            parts.append(part("notices_unknown", count=counts["unknown"]))
        if counts["retry"]:
            line += f", {counts['retry']} not posted (sent next run)"
            parts.append(part("notices_retry", count=counts["retry"]))
        if settled:
            line += f", settled {settled} earlier claim(s)"
            parts.append(part("claims_settled", count=settled))
        lines.append(Summary(line, parts))
    if not lines:
        return Summary("no workspace has Tværs yet", [part("no_workspace")])
    return joined(lines)


def _send(
    session: Session,
    client: WebClient,
    pacer: Pacer,
    team_id: str,
    due: service.NoticeDue,
    now: datetime,
    lang: str,
) -> str:
    notice_id = service.claim_notice(session=session, team_id=team_id, due=due, now=now)
    item = session.get(Item, due.item_id, options=[selectinload(Item.unit)])
    if notice_id is None or item is None:
        session.rollback()
        return "lost"  # another run has it (or the item was deleted a moment ago)
    message = notice_message(
        item_id=item.id,
        kind=item.kind,
        unit=item.unit.name if item.unit is not None else None,
        author_id=None if item.anonymous else item.author_id,
        text=item.text or "",
        action=due.action,
        status=due.to_status,
        note=item.resolution_note,
        lang=lang,
    )
    session.commit()  # the claim is durable before Slack hears of it
    marker = _marker(notice_id)
    outcome, result = post(client, pacer, channel=due.user_id, metadata=marker, **message)
    if outcome is Outcome.UNKNOWN:
        # A 5xx or a lost answer: look in the DM first. There: it was posted. Surely not
        # there: nothing was posted, so the claim goes and a later run sends it.
        found = find_notice(client, due.user_id, notice_id)
        if found == {}:
            service.release_notice(session=session, notice_id=notice_id)
            session.commit()
            return "retry"
        if found:
            outcome, result = Outcome.SENT, found
    if outcome is Outcome.SENT:
        assert isinstance(result, dict)
        service.record_notice(
            session=session,
            notice_id=notice_id,
            state="sent",
            now=now,
            channel_id=str(result.get("channel") or ""),
            ts=str(result.get("ts") or ""),
        )
        state = "sent"
    elif outcome is Outcome.REFUSED:
        log.warning("Slack refused a follow notice (%s)", result)
        service.record_notice(
            session=session, notice_id=notice_id, state="failed", now=now, error=str(result)[:64]
        )
        state = "failed"
    else:
        log.warning("no answer from Slack for a follow notice (%s); not sent again", result)
        service.record_notice(
            session=session, notice_id=notice_id, state="unknown", now=now, error=str(result)[:64]
        )
        state = "unknown"
    session.commit()
    return state


def _settle(session: Session, client: WebClient, team_id: str, now: datetime) -> int:
    """Claims left by a sender that died mid-send: the DM tells whether they landed."""
    stale = service.stale_notices(session=session, team_id=team_id, now=now)
    session.commit()
    for notice_id, user_id in stale:
        found = find_notice(client, user_id, notice_id)
        if found == {}:
            service.release_notice(session=session, notice_id=notice_id)  # sent this run
        elif found:
            service.record_notice(
                session=session,
                notice_id=notice_id,
                state="sent",
                now=now,
                channel_id=found["channel"],
                ts=found["ts"],
            )
        else:
            service.record_notice(session=session, notice_id=notice_id, state="unknown", now=now)
        session.commit()
    return len(stale)
