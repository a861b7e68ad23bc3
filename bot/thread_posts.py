"""Cross-unit threads posted to Slack, for the weekly run and for a click: the channel joined
when needed, a thread's root and a growth note posted through the delivery ledger, and
*Tag kontakt*, which puts an item in a thread at once (bot/, so handlers need not import jobs).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.models import CrossUnitThread, Item, Workspace
from bot.services import deliveries
from bot.services import threads as service
from bot.services.matching import Group
from bot.views import threads as views

log = logging.getLogger(__name__)

# Slack errors that mean the channel itself cannot be used: reported once, not retried.
CHANNEL_PROBLEMS = {
    "is_archived": "is_archived",
    "channel_not_found": "channel_not_found",
    "not_in_channel": "private",
    "method_not_supported_for_channel_type": "private",
}


def ensure_channel(client: WebClient, channel: str) -> str | None:
    """Join the public channel if needed; a problem name when it cannot be used."""
    try:
        info = client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as error:
        name = error.response.get("error")
        if name in CHANNEL_PROBLEMS:
            return CHANNEL_PROBLEMS[name]
        log.warning("could not look up the cross-unit channel (%s); trying to post", name)
        return None
    if info.get("is_archived"):
        return "is_archived"
    if info.get("is_member"):
        return None
    if info.get("is_private"):
        return "private"
    try:
        client.conversations_join(channel=channel)
    except SlackApiError as error:
        name = error.response.get("error")
        return CHANNEL_PROBLEMS.get(str(name), str(name))
    return None


def post_root(
    session: Session,
    client: WebClient,
    team_id: str,
    channel: str,
    thread: CrossUnitThread,
    message: dict[str, Any],
    now: datetime,
) -> deliveries.Result:
    """Post a claimed thread's root through the ledger; a surely unposted one is released (its
    items may be grouped again), one that may have been posted keeps its claim."""
    try:
        result = deliveries.send(
            session,
            client,
            team_id=team_id,
            key=f"thread-root:{thread.id}",
            kind="thread-root",
            ref_id=thread.id,
            now=now,
            channel=channel,
            message=message,
        )
    except deliveries.TokenRefused:
        service.release(session=session, thread=thread)
        session.commit()
        raise
    if result.sent:
        service.mark_posted(thread=thread, root_ts=str(result.ts), now=now)
    elif result.refused:
        service.release(session=session, thread=thread)
    session.commit()
    return result


def post_growth(
    session: Session,
    client: WebClient,
    thread: CrossUnitThread,
    anchor: str,
    added: list[int],
    message: dict[str, Any],
    now: datetime,
) -> deliveries.Result:
    """Post a growth note through the ledger; surely unposted → its items leave the thread
    again (the next run tries), otherwise they stay."""
    try:
        result = deliveries.send(
            session,
            client,
            team_id=thread.team_id,
            key=f"growth:{thread.id}:{'-'.join(str(i) for i in sorted(added))}",
            kind="growth-note",
            ref_id=thread.id,
            now=now,
            channel=thread.channel_id,
            thread_ts=anchor,
            message=message,
        )
    except deliveries.TokenRefused:
        service.ungrow(session=session, item_ids=added)
        session.commit()
        raise
    if result.refused:
        service.ungrow(session=session, item_ids=added)
        session.commit()
    return result


@dataclass(frozen=True)
class Contact:
    """What *Tag kontakt* did: opened, joined, already, no_channel, closed or failed."""

    outcome: str
    channel: str | None = None


def contact_now(
    session: Session,
    client: WebClient,
    *,
    item: Item,
    other: Item,
    now: datetime,
    options: service.ThreadOptions,
    lang: str,
) -> Contact:
    """Put `item` in a cross-unit thread with `other` at once: join the thread `other` is in,
    or open a new one for the two. Claimed first like the weekly run's posts, so a double click
    (or the weekly run at the same moment) has one effect; nothing is held open while Slack is
    called. Mentions are not checked against Slack here (the click must stay within Slack's
    3 seconds); the weekly run's follow-up does."""
    team_id = item.team_id
    if item.status not in service.OPEN_STATUSES or other.status not in service.OPEN_STATUSES:
        return Contact("closed")
    membership = service.thread_of_items(session=session, item_ids=[item.id, other.id])
    if item.id in membership:
        mine = membership[item.id]
        return Contact("already" if mine.root_ts else "failed", mine.channel_id)
    if other.id in membership:
        return _join_thread(session, client, membership[other.id], item, now, lang)
    workspace = session.get(Workspace, team_id)
    channel = workspace.cross_unit_channel if workspace is not None else None
    if channel is None or service.channel_problem(
        session=session, team_id=team_id, channel_id=channel
    ):
        return Contact("no_channel")
    items = [item, other]
    units: set[int] = set()
    for one in items:
        units |= service.item_unit_ids(one)
    group = Group(item_ids=sorted(i.id for i in items), unit_ids=units, reasons={"text"})
    card = service.card(session=session, team_id=team_id, items=items, reasons=group.reasons)
    message = views.root_message(
        card=card,
        contacts=service.contacts(card, lambda _user: True),
        days=options.follow_up_days,
        lang=lang,
    )
    thread = service.claim_group(
        session=session, team_id=team_id, channel_id=channel, group=group, now=now
    )
    session.commit()
    if thread is None:
        # A double click, or the weekly run took one of the items a moment ago.
        found = service.thread_of_items(session=session, item_ids=[item.id]).get(item.id)
        if found is not None and found.root_ts:
            return Contact("already", found.channel_id)
        return Contact("failed")
    if ensure_channel(client, channel) is not None:
        service.release(session=session, thread=thread)
        session.commit()
        return Contact("no_channel")
    result = post_root(session, client, team_id, channel, thread, message, now)
    if not result.sent:
        log.warning("could not open a thread on request (%s)", result.error)
        return Contact("failed")
    return Contact("opened", channel)


def _join_thread(
    session: Session,
    client: WebClient,
    thread: CrossUnitThread,
    item: Item,
    now: datetime,
    lang: str,
) -> Contact:
    anchor = service.anchor_ts(thread)
    if anchor is None or thread.root_ts is None:
        return Contact("failed")  # not posted yet, or its root is gone: the weekly run sees to it
    added = service.grow(
        session=session,
        thread_id=thread.id,
        team_id=thread.team_id,
        item_ids=[item.id],
        now=now,
    )
    session.commit()
    if not added:
        return Contact("already", thread.channel_id)
    card = service.card(session=session, team_id=thread.team_id, items=[item])
    message = views.growth_note(
        items=card.items, contacts=service.contacts(card, lambda _user: True), lang=lang
    )
    result = post_growth(session, client, thread, anchor, added, message, now)
    if result.refused:
        log.warning("could not join a thread on request (%s)", result.error)
        return Contact("failed")
    # Sent, or Slack gave no answer and it could not be found: the item stays in the thread
    # (its note is never posted twice).
    return Contact("joined", thread.channel_id)
