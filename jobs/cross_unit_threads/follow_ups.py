"""Follow-ups: one message in each thread that fell due, asking what happened."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.models import CrossUnitThread
from bot.services import deliveries
from bot.services import threads as service
from bot.thread_posts import CHANNEL_PROBLEMS as _CHANNEL_PROBLEMS
from bot.views import threads as views
from jobs.cross_unit_threads.channel import _channel_broken
from jobs.cross_unit_threads.report import _Report

log = logging.getLogger(__name__)


def _root_gone(client: WebClient, thread: CrossUnitThread) -> bool:
    """True when the thread's root message was deleted in Slack."""
    if thread.root_deleted_at is not None:
        return True
    try:
        found = client.conversations_replies(
            channel=thread.channel_id, ts=thread.root_ts or "", limit=1
        )
    except SlackApiError as error:
        return error.response.get("error") in ("thread_not_found", "message_not_found")
    messages: list[dict[str, Any]] = found.get("messages") or []
    first = messages[0] if messages else {}
    return first.get("ts") != thread.root_ts or first.get("subtype") == "tombstone"


def _follow_ups(
    session: Session,
    client: WebClient,
    team_id: str,
    now: datetime,
    options: service.ThreadOptions,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    due = service.due_follow_ups(
        session=session, team_id=team_id, now=now, days=options.follow_up_days
    )
    for thread in due:
        if service.channel_problem(session=session, team_id=team_id, channel_id=thread.channel_id):
            report.problem(
                f"a follow-up waits: channel {thread.channel_id} cannot be used (see App Home)",
                "follow_up_waits",
                channel=thread.channel_id,
            )
            continue
        still_open = service.open_items(service.thread_items(session=session, thread_id=thread.id))
        if not still_open:
            service.skip_follow_up(thread=thread)
            session.commit()
            report.skipped += 1
            continue
        if not service.claim_follow_up(session=session, thread=thread, now=now):
            session.commit()
            continue
        card = service.card(session=session, team_id=team_id, items=still_open)
        session.commit()
        gone = _root_gone(client, thread)
        message = views.follow_up_message(
            thread_id=thread.id,
            items=card.items,
            contacts=service.contacts(card, reachable),
            days=options.follow_up_days,
            lang=lang,
            root_deleted=gone,
        )
        try:
            result = deliveries.send(
                session,
                client,
                team_id=team_id,
                key=f"follow-up:{thread.id}",
                kind="follow-up",
                ref_id=thread.id,
                now=now,
                channel=thread.channel_id,
                thread_ts=None if gone else thread.root_ts,
                message=message,
            )
        except deliveries.TokenRefused:
            service.unclaim_follow_up(session=session, thread=thread)
            session.commit()
            raise
        if result.refused:
            service.unclaim_follow_up(session=session, thread=thread)
            session.commit()
            name = str(result.error)
            if name in _CHANNEL_PROBLEMS:
                _channel_broken(
                    session, team_id, thread.channel_id, _CHANNEL_PROBLEMS[name], now, report, 1
                )
            else:
                log.warning("could not post a follow-up (%s); it is tried next run", name)
                report.problem(
                    f"a follow-up could not be posted ({name}); tried next run",
                    "follow_up_refused",
                    error=name,
                )
            continue
        if not result.sent:
            # It may have been posted: the claim stays, so it is never posted twice.
            report.problem(
                f"Slack gave no answer for a follow-up ({result.error}) and it could not be "
                "found; it is not posted again",
                "follow_up_unknown",
                error=str(result.error),
            )
            continue
        thread.follow_up_ts = str(result.ts)
        if gone and thread.root_deleted_at is None:
            thread.root_deleted_at = now
        session.commit()
        report.follow_ups += 1
