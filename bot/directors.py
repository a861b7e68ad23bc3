"""Telling the directors: the DMs for an escalated thread or item, with the decision buttons.

Shared by the clicks (handlers) and the daily pass (jobs): every DM goes through the delivery
ledger, one per director and escalation, claimed first and never sent twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.models import CrossUnitThread, Escalation, Item
from bot.services import decisions, deliveries
from bot.services import threads as service
from bot.views import decisions as decision_views
from bot.views import threads as views

log = logging.getLogger(__name__)


def reachability(client: WebClient) -> Callable[[str], bool]:
    """A cached check that Slack still has a user (not deactivated, not gone)."""
    known: dict[str, bool] = {}

    def reachable(user_id: str) -> bool:
        if user_id not in known:
            try:
                user = client.users_info(user=user_id).get("user") or {}
                known[user_id] = not user.get("deleted") and not user.get("is_bot")
            except SlackApiError as error:
                gone = error.response.get("error") in ("user_not_found", "user_not_visible")
                # Anything else (rate limits, outages) must not drop people from a thread.
                known[user_id] = not gone
        return known[user_id]

    return reachable


def notify_directors(
    *,
    session: Session,
    client: WebClient,
    thread: CrossUnitThread,
    escalated_ids: set[int] | None,
    lang: str,
    now: datetime,
    reachable: Callable[[str], bool] | None = None,
) -> int:
    """DM the directors of the areas involved, with a link to the thread; returns how many."""
    items = service.thread_items(session=session, thread_id=thread.id)
    card = service.card(session=session, team_id=thread.team_id, items=items)
    escalated = [i for i in card.items if escalated_ids is None or i.item_id in escalated_ids]
    directors = service.directors_to_tell(
        session=session,
        team_id=thread.team_id,
        items=items,
        reachable=reachable or reachability(client),
    )
    link_ts = service.anchor_ts(thread) or thread.root_ts
    permalink = None
    if link_ts:
        try:
            permalink = client.chat_getPermalink(channel=thread.channel_id, message_ts=link_ts).get(
                "permalink"
            )
        except SlackApiError as error:
            log.info("no permalink for a thread (%s)", error.response.get("error"))
    escalation = decisions.open_escalation(
        session=session,
        team_id=thread.team_id,
        thread_id=thread.id,
        raised_by=thread.outcome_by or "",
        now=thread.outcome_at or now,
    )
    message = views.director_dm(
        card=card,
        escalated=escalated,
        by=thread.outcome_by or "",
        permalink=permalink,
        channel_id=thread.channel_id,
        lang=lang,
        actions=_decision_blocks(escalation, lang),
    )
    sent = _dm_each(
        session,
        client,
        team_id=thread.team_id,
        directors=directors,
        key=f"directors:{thread.id}",
        ref_id=thread.id,
        now=now,
        message=message,
    )
    if sent == len(directors):
        thread.directors_notified_at = now
    return sent


def notify_item(
    *,
    session: Session,
    client: WebClient,
    escalation: Escalation,
    lang: str,
    now: datetime,
    reachable: Callable[[str], bool] | None = None,
) -> int:
    """DM the directors about one item raised on its own; returns how many were told.

    `escalation.notified_at` is set once every director was told; until then the daily pass
    tries again (a director already told is never told twice).
    """
    item = session.get(Item, escalation.item_id) if escalation.item_id else None
    if item is None:
        return 0
    card = service.card(session=session, team_id=item.team_id, items=[item])
    directors = service.directors_to_tell(
        session=session,
        team_id=item.team_id,
        items=[item],
        reachable=reachable or reachability(client),
    )
    message = views.item_escalation_dm(
        card=card,
        by=None if item.anonymous else escalation.raised_by,
        lang=lang,
        actions=_decision_blocks(escalation, lang),
    )
    sent = _dm_each(
        session,
        client,
        team_id=item.team_id,
        directors=directors,
        key=f"directors-item:{escalation.id}",
        ref_id=escalation.id,
        now=now,
        message=message,
    )
    if sent == len(directors):
        escalation.notified_at = now
    return sent


def _decision_blocks(escalation: Escalation, lang: str) -> list[dict[str, Any]]:
    """What the directors are asked, and their three buttons."""
    return [
        *decision_views.question_block(escalation.question, lang),
        decision_views.buttons(escalation_id=escalation.id, lang=lang),
    ]


def _dm_each(
    session: Session,
    client: WebClient,
    *,
    team_id: str,
    directors: list[str],
    key: str,
    ref_id: int,
    now: datetime,
    message: dict[str, Any],
) -> int:
    """DM each director through the ledger (`key` plus the director); how many were told.

    A user id as channel posts in the app's DM with that person. One DM per director and key:
    one whose outcome is unknown counts as told (it is never sent again)."""
    sent = 0
    for director in directors:
        result = deliveries.send(
            session,
            client,
            team_id=team_id,
            key=f"{key}:{director}",
            kind="director-dm",
            ref_id=ref_id,
            now=now,
            channel=director,
            message=message,
        )
        if result.refused:
            log.warning("could not DM a director (%s)", result.error)
        else:
            sent += 1
    return sent
