"""New and grown threads: each group's root claimed, posted and recorded; a note in a grown one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models import CrossUnitThread, Item, Workspace
from bot.services import deliveries
from bot.services import threads as service
from bot.services.matching import Group
from bot.thread_posts import CHANNEL_PROBLEMS as _CHANNEL_PROBLEMS
from bot.thread_posts import ensure_channel as _ensure_channel
from bot.thread_posts import post_growth as _post_growth
from bot.thread_posts import post_root as _post_root
from bot.views import threads as views
from jobs.cross_unit_threads.channel import _channel_broken
from jobs.cross_unit_threads.report import _Report

log = logging.getLogger(__name__)


@dataclass
class _Draft:
    group: Group
    card: service.Card
    new_card: service.Card | None = None


def _open_and_grow(
    session: Session,
    client: WebClient,
    workspace: Workspace,
    now: datetime,
    options: service.ThreadOptions,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    team_id, channel = workspace.team_id, workspace.cross_unit_channel
    _settle_dead_roots(session, client, team_id, now)
    service.release_stale_claims(session=session, team_id=team_id, now=now)
    groups = service.plan(session=session, team_id=team_id, options=options)
    new = [g for g in groups if g.thread_id is None]
    growing = [g for g in groups if g.thread_id is not None]
    if channel is None:
        if new:
            # One clear warning per run, however many groups wait; nothing is posted.
            log.warning("no cross-unit channel configured for %s; nothing posted", team_id)
            report.problem(
                f"{len(new)} new group(s) found, nothing posted: no cross-unit channel is "
                "configured (choose it under Settings in App Home)",
                "no_thread_channel",
                count=len(new),
            )
        new = []
    elif problem := service.channel_problem(session=session, team_id=team_id, channel_id=channel):
        if new:
            report.problem(
                f"{len(new)} new group(s) wait: channel {channel} cannot be used "
                f"({problem.problem}); reported to admins in App Home, not retried",
                "groups_wait",
                count=len(new),
                channel=channel,
                error=str(problem.problem),
            )
        new = []
    opening = [_draft(session, team_id, g) for g in new]
    grown = [_draft(session, team_id, g) for g in growing]
    session.commit()
    if opening and channel is not None:
        problem_name = _ensure_channel(client, channel)
        if problem_name is not None:
            _channel_broken(session, team_id, channel, problem_name, now, report, len(opening))
            opening = []
    for draft in opening:
        assert channel is not None
        posted = _open_thread(
            session, client, team_id, channel, draft, now, options, lang, reachable, report
        )
        if not posted:
            break  # the channel broke under us: the rest wait until an admin fixes it
    for draft in grown:
        _grow_thread(session, client, team_id, draft, now, lang, reachable, report)


def _settle_dead_roots(session: Session, client: WebClient, team_id: str, now: datetime) -> None:
    """A run that died between claiming a root and recording it: the channel tells whether it
    was posted (then it is recorded), surely was not (the claim is released with the stale
    ones), or cannot tell (the claim stays: never posted twice)."""
    rows = deliveries.stale(
        session, team_id=team_id, kind="thread-root", before=now - service.STALE_CLAIM
    )
    session.commit()
    for row in rows:
        thread = session.get(CrossUnitThread, row.ref_id) if row.ref_id is not None else None
        if thread is None or thread.root_ts is not None:
            continue
        result = deliveries.settle(
            client, key=row.key, channel=thread.channel_id, thread_ts=None, error="sender_died"
        )
        deliveries.record(session, row, result, now)
        if result.sent:
            service.mark_posted(thread=thread, root_ts=str(result.ts), now=now)
        session.commit()


def _items(session: Session, item_ids: list[int]) -> list[Item]:
    found = session.scalars(
        select(Item)
        .where(Item.id.in_(item_ids))
        .options(selectinload(Item.links), selectinload(Item.goal))
    )
    by_id = {item.id: item for item in found}
    return [by_id[i] for i in item_ids if i in by_id]


def _draft(session: Session, team_id: str, group: Group) -> _Draft:
    items = _items(session, group.item_ids)
    card = service.card(session=session, team_id=team_id, items=items, reasons=group.reasons)
    draft = _Draft(group, card)
    if group.thread_id is not None:
        fresh = [i for i in items if i.id in set(group.new_item_ids)]
        draft.new_card = service.card(session=session, team_id=team_id, items=fresh)
    return draft


def _open_thread(
    session: Session,
    client: WebClient,
    team_id: str,
    channel: str,
    draft: _Draft,
    now: datetime,
    options: service.ThreadOptions,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> bool:
    """Claim, post and record one new thread; False when the channel turned out unusable."""
    contacts = service.contacts(draft.card, reachable)
    message = views.root_message(
        card=draft.card, contacts=contacts, days=options.follow_up_days, lang=lang
    )
    thread = service.claim_group(
        session=session, team_id=team_id, channel_id=channel, group=draft.group, now=now
    )
    session.commit()
    if thread is None:
        return True  # another clock has this group
    result = _post_root(session, client, team_id, channel, thread, message, now)
    if result.sent:
        report.opened.append(", ".join(str(i) for i in draft.group.item_ids))
        return True
    name = str(result.error)
    if not result.refused:
        log.warning("no answer from Slack for a thread root (%s); it is not posted again", name)
        report.problem(
            f"Slack gave no answer for a thread ({name}) and it could not be found; it may have "
            "been posted, so it is not posted again",
            "thread_unknown",
            error=name,
        )
        return True
    if name in _CHANNEL_PROBLEMS:
        _channel_broken(session, team_id, channel, _CHANNEL_PROBLEMS[name], now, report, waiting=1)
        return False
    log.warning("could not post a cross-unit thread (%s); it is tried next run", name)
    report.problem(
        f"a thread could not be posted ({name}); it is tried next run", "thread_refused", error=name
    )
    return True


def _grow_thread(
    session: Session,
    client: WebClient,
    team_id: str,
    draft: _Draft,
    now: datetime,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    """Add the new items to their thread and say so in it."""
    group, new_card = draft.group, draft.new_card
    assert group.thread_id is not None and new_card is not None
    thread = session.get(CrossUnitThread, group.thread_id)
    if thread is None or service.channel_problem(
        session=session, team_id=team_id, channel_id=thread.channel_id
    ):
        return  # a channel admins were told about is not tried again
    added = service.grow(
        session=session,
        thread_id=thread.id,
        team_id=team_id,
        item_ids=group.new_item_ids,
        now=now,
    )
    anchor = service.anchor_ts(thread)
    session.commit()
    if not added:
        return
    if anchor is None:
        report.grown += 1  # the root is gone: the items wait for the follow-up
        return
    fresh = [i for i in new_card.items if i.item_id in set(added)]
    card = service.Card(
        items=tuple(fresh),
        units=new_card.units,
        area_names=new_card.area_names,
        reasons=new_card.reasons,
        goal=new_card.goal,
    )
    message = views.growth_note(
        items=card.items, contacts=service.contacts(card, reachable), lang=lang
    )
    result = _post_growth(session, client, thread, anchor, added, message, now)
    if result.refused:
        name = str(result.error)
        if name in _CHANNEL_PROBLEMS:
            _channel_broken(
                session, team_id, thread.channel_id, _CHANNEL_PROBLEMS[name], now, report, 1
            )
        else:
            log.warning("could not note a grown thread (%s); it is tried next run", name)
        return
    if not result.sent:
        report.problem(
            f"Slack gave no answer for a growth note ({result.error}) and it could not be found; "
            "it is not posted again",
            "growth_unknown",
            error=str(result.error),
        )
        return
    report.grown += 1
