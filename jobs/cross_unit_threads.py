"""Cross-unit threads: bring the right managers together, follow up, and escalate.

`run` (weekly, CROSS_UNIT_SCHEDULE) opens a thread in the cross-unit channel for each new group
of related items, adds a note to a thread whose group grew, posts the follow-ups that are due,
and (when CROSS_UNIT_PAIRING is on) pairs managers once a month. `follow_up` (daily) only posts
due follow-ups and retries director DMs a button could not send.

Both @-mention people, so neither posts on a day that is not a working day in the workspace's
calendar (bot.services.calendar) and time zone: the run says so and posts nothing. A weekly run
that fell on a closed day (or a clock that was down) is done by the first daily pass on a
working day after it; each week's run is recorded, so it is done once.

Every post goes through the delivery ledger (bot.services.deliveries): claimed in the database
and committed before Slack is called, never retried blindly, and after an unknown outcome looked
for in the channel or thread before it may be posted again. No transaction is held open while
waiting for Slack (on SQLite that would hold the one writer lock). Slack refusing the token
stops the run at once (TokenRefused), recorded for the workspace's admins.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.config import ConfigError, Settings, load_settings, parse_weekly
from bot.directors import notify_directors, notify_item, reachability
from bot.models import CrossUnitThread, Item, Workspace
from bot.services import decisions, deliveries
from bot.services import threads as service
from bot.services.calendar import calendar_for
from bot.services.matching import Group
from bot.services.org import installed_workspaces
from bot.services.schedule import local_moment, monday_of, parse_hhmm, period_of, zone_or_default
from bot.views import decisions as decision_views
from bot.views import threads as views
from jobs.summary import NeedsAttention, Part, Summary, joined, part

log = logging.getLogger(__name__)

# Slack errors that mean the channel itself cannot be used: reported once, not retried.
_CHANNEL_PROBLEMS = {
    "is_archived": "is_archived",
    "channel_not_found": "channel_not_found",
    "not_in_channel": "private",
    "method_not_supported_for_channel_type": "private",
}


def _settings() -> Settings:
    return load_settings(require_slack=False)


_CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _last_weekly(schedule: str, now: datetime, zone: ZoneInfo) -> datetime:
    """The latest moment at or before `now` that CROSS_UNIT_SCHEDULE names (local time)."""
    day, hour, minute = parse_weekly(schedule)
    today = now.astimezone(zone).date()
    start = monday_of(today) + timedelta(days=_CRON_DAYS.index(day))
    moment = local_moment(start, parse_hhmm(f"{hour:02d}:{minute:02d}"), zone)
    return moment if moment <= now else moment - timedelta(weeks=1)


def weekly_trigger() -> dict[str, object]:
    """APScheduler cron arguments from CROSS_UNIT_SCHEDULE (default Monday 08:00)."""
    try:
        schedule = _settings().cross_unit_schedule
    except ConfigError:
        # The clock reports the bad setting itself when it starts; the default stands meanwhile.
        schedule = Settings().cross_unit_schedule
    day, hour, minute = parse_weekly(schedule)
    return {"trigger": "cron", "day_of_week": day, "hour": hour, "minute": minute}


@dataclass
class _Report:
    """What one run did in one workspace, for the summary line."""

    name: str
    opened: list[str] = field(default_factory=list)
    grown: int = 0
    follow_ups: int = 0
    skipped: int = 0
    notified: int = 0
    notified_items: int = 0
    paired: int | None = None
    notes: list[str] = field(default_factory=list)
    # The notes as text keys and values, for the admins' language (jobs.summary).
    note_parts: list[Part] = field(default_factory=list)
    # Something the workspace's admins must fix (a channel), not just news.
    trouble: bool = False

    def note(self, note: str, key: str, **values: str | int) -> None:
        """Note something the run did besides its counts."""
        self.notes.append(note)
        self.note_parts.append(part(key, **values))

    def problem(self, note: str, key: str, **values: str | int) -> None:
        """Note something that kept the run from posting."""
        self.note(note, key, **values)
        self.trouble = True

    def line(self, *, weekly: bool) -> Summary:
        parts = []
        shown: list[Part] = []
        if weekly:
            threads = "; ".join(self.opened)
            parts.append(
                f"opened {len(self.opened)} thread(s)" + (f" (items {threads})" if threads else "")
            )
            parts.append(f"grew {self.grown} thread(s)")
            shown += [
                part("threads_opened", count=len(self.opened)),
                part("threads_grown", count=self.grown),
            ]
        parts.append(f"posted {self.follow_ups} follow-up(s)")
        shown.append(part("follow_ups_posted", count=self.follow_ups))
        if self.skipped:
            parts.append(f"skipped {self.skipped} follow-up(s) (every item already closed)")
            shown.append(part("follow_ups_skipped", count=self.skipped))
        if self.notified:
            parts.append(f"told directors about {self.notified} escalated thread(s)")
            shown.append(part("directors_told", count=self.notified))
        if self.notified_items:
            parts.append(f"told directors about {self.notified_items} escalated item(s)")
            shown.append(part("directors_told_items", count=self.notified_items))
        if weekly:
            parts.append("pairing off" if self.paired is None else f"paired {self.paired} pair(s)")
            shown.append(
                part("pairing_off") if self.paired is None else part("paired", count=self.paired)
            )
        text = f"{self.name}: " + ", ".join(parts)
        text += "".join(f"\n  ! {note}" for note in self.notes)
        return Summary(text, shown + self.note_parts)


def run(
    session: Session,
    client: WebClient,
    now: datetime,
    *,
    settings: Settings | None = None,
    team_id: str | None = None,
) -> str:
    """The weekly run: new threads, grown threads, due follow-ups, and the month's pairs."""
    return _each_workspace(session, client, now, settings or _settings(), team_id, weekly=True)


def follow_up(
    session: Session,
    client: WebClient,
    now: datetime,
    *,
    settings: Settings | None = None,
    team_id: str | None = None,
) -> str:
    """The daily pass: follow-ups that fell due, and director DMs still owed."""
    return _each_workspace(session, client, now, settings or _settings(), team_id, weekly=False)


def _each_workspace(
    session: Session,
    client: WebClient,
    now: datetime,
    settings: Settings,
    team_id: str | None,
    *,
    weekly: bool,
) -> str:
    options = service.ThreadOptions.from_settings(settings)
    workspaces = installed_workspaces(session=session, team_id=team_id)
    session.commit()
    lines: list[str] = []
    trouble = False
    for workspace in workspaces:
        lang = workspace.language or settings.language
        report = _Report(name=workspace.name or workspace.team_id)
        reachable = reachability(client)
        team = workspace.team_id
        zone = zone_or_default(workspace.timezone, settings.timezone)
        today = now.astimezone(zone).date()
        calendar = calendar_for(session=session, team_id=team)
        closed = calendar.closed_because(today)
        session.commit()
        if closed is not None:
            moved = calendar.next_working_day(today)
            lines.append(
                Summary(
                    f"{report.name}: {today} is not a working day ({closed}); nothing posted, "
                    f"people are written to on {moved}",
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
            continue
        # The week's run is done once: by the weekly trigger, or (when its day was closed or the
        # clock was down) by the first daily pass on a working day after it.
        week = period_of(_last_weekly(settings.cross_unit_schedule, now, zone).date())
        claimed = service.claim_period(
            session=session, team_id=team, kind="weekly", period=week, now=now
        )
        session.commit()
        weekly_part = weekly or claimed
        if weekly_part and not weekly:
            report.note(
                f"the weekly run of {week} was done now (its day was closed)",
                "weekly_run_late",
                week=week,
            )
        if weekly_part:
            _open_and_grow(session, client, workspace, now, options, lang, reachable, report)
        _follow_ups(session, client, team, now, options, lang, reachable, report)
        _owed_directors(session, client, team, now, lang, reachable, report)
        _decision_reminders(session, client, team, now, today, options, lang, reachable, report)
        if weekly_part and options.pairing:
            _pairing(session, client, team, now, options, lang, reachable, report)
        lines.append(report.line(weekly=weekly_part))
        trouble = trouble or report.trouble
    if not lines:
        return Summary("no workspace has Tværs yet", [part("no_workspace")])
    summary = joined(lines)
    return NeedsAttention(summary) if trouble else summary


# -- new and grown threads --------------------------------------------------------------------


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


def _ensure_channel(client: WebClient, channel: str) -> str | None:
    """Join the public channel if needed; a problem name when it cannot be used."""
    try:
        info = client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as error:
        name = error.response.get("error")
        if name in _CHANNEL_PROBLEMS:
            return _CHANNEL_PROBLEMS[name]
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
        return _CHANNEL_PROBLEMS.get(str(name), str(name))
    return None


def _channel_broken(
    session: Session,
    team_id: str,
    channel: str,
    problem: str,
    now: datetime,
    report: _Report,
    waiting: int,
) -> None:
    first = service.record_channel_problem(
        session=session, team_id=team_id, channel_id=channel, problem=problem, now=now
    )
    session.commit()
    if first:
        log.warning("the cross-unit channel %s cannot be used (%s)", channel, problem)
    report.problem(
        f"channel {channel} cannot be used ({problem}): {waiting} post(s) wait; "
        "reported to admins in App Home",
        "posts_wait",
        count=waiting,
        channel=channel,
        error=problem,
    )


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


def _post_root(
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


def _post_growth(
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


# -- follow-ups -------------------------------------------------------------------------------


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


def _owed_directors(
    session: Session,
    client: WebClient,
    team_id: str,
    now: datetime,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    for thread in service.directors_pending(session=session, team_id=team_id, now=now):
        # Claimed first, like every post: a second clock finds the claim and DMs nobody.
        if not service.claim_directors_notice(session=session, thread=thread, now=now):
            session.commit()
            continue
        session.commit()
        notify_directors(
            session=session,
            client=client,
            thread=thread,
            escalated_ids=None,
            lang=lang,
            now=now,
            reachable=reachable,
        )
        if thread.directors_notified_at is None:
            # Not every director could be told: the next run tries again.
            service.unclaim_directors_notice(session=session, thread=thread)
        session.commit()
        if thread.directors_notified_at is not None:
            report.notified += 1
    before = now - service.NOTIFY_GRACE
    for escalation in decisions.items_pending(session=session, team_id=team_id, before=before):
        if not decisions.claim_item_notice(session=session, escalation=escalation, now=now):
            session.commit()
            continue
        session.commit()
        notify_item(
            session=session,
            client=client,
            escalation=escalation,
            lang=lang,
            now=now,
            reachable=reachable,
        )
        if escalation.notified_at is None:
            decisions.unclaim_item_notice(session=session, escalation=escalation)
        session.commit()
        if escalation.notified_at is not None:
            report.notified_items += 1


# -- pairing ----------------------------------------------------------------------------------


def _pairing(
    session: Session,
    client: WebClient,
    team_id: str,
    now: datetime,
    options: service.ThreadOptions,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    period = f"{now:%Y-%m}"
    report.paired = 0
    if not service.claim_period(
        session=session, team_id=team_id, kind="pairing", period=period, now=now
    ):
        session.commit()
        report.note(f"pairing for {period} was done already", "pairing_done", month=period)
        return
    suggestions = service.pair_suggestions(
        session=session, team_id=team_id, options=options, now=now
    )
    session.commit()
    for pair in suggestions:
        if not (reachable(pair.user_a) and reachable(pair.user_b)):
            continue
        try:
            opened = client.conversations_open(users=f"{pair.user_a},{pair.user_b}")
            channel = str((opened.get("channel") or {}).get("id"))
        except SlackApiError as error:
            log.warning("could not introduce a pair (%s)", error.response.get("error"))
            continue
        result = deliveries.send(
            session,
            client,
            team_id=team_id,
            key=f"pairing:{period}:{pair.user_a}:{pair.user_b}",
            kind="pairing",
            now=now,
            channel=channel,
            message=views.pairing_intro(pair=pair, lang=lang),
        )
        if result.refused or not result.fresh:
            log.warning("could not introduce a pair (%s)", result.error)
            continue
        service.record_pair(
            session=session, team_id=team_id, period=period, pair=pair, channel_id=channel, now=now
        )
        session.commit()
        report.paired += 1


# -- Tag kontakt: a thread now, from a suggestion ------------------------------------------------


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
    if _ensure_channel(client, channel) is not None:
        service.release(session=session, thread=thread)
        session.commit()
        return Contact("no_channel")
    result = _post_root(session, client, team_id, channel, thread, message, now)
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
    result = _post_growth(session, client, thread, anchor, added, message, now)
    if result.refused:
        log.warning("could not join a thread on request (%s)", result.error)
        return Contact("failed")
    # Sent, or Slack gave no answer and it could not be found: the item stays in the thread
    # (its note is never posted twice).
    return Contact("joined", thread.channel_id)


def _decision_reminders(
    session: Session,
    client: WebClient,
    team_id: str,
    now: datetime,
    today: date,
    options: service.ThreadOptions,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    """One reminder to the directors of an escalation left undecided; one nudge to an owner
    whose date passed. Runs in the daily pass, so only on working days."""
    days = decisions.reminder_days(session=session, team_id=team_id, default=options.reminder_days)
    due = now - timedelta(days=days)
    for escalation in decisions.due_reminders(session=session, team_id=team_id, before=due):
        if not decisions.claim_reminder(session=session, escalation=escalation, now=now):
            session.commit()
            continue
        session.commit()
        items = decisions.items_of(session, escalation)
        directors = service.directors_to_tell(
            session=session, team_id=team_id, items=items, reachable=reachable
        )
        days = (now - escalation.raised_at).days
        message = decision_views.reminder(
            question=escalation.question,
            days=days,
            escalation_id=escalation.id,
            lang=lang,
        )
        for director in directors:
            deliveries.send(
                session,
                client,
                team_id=team_id,
                key=f"decision-reminder:{escalation.id}:{director}",
                kind="decision-reminder",
                ref_id=escalation.id,
                now=now,
                channel=director,
                message=message,
            )
        report.note(
            f"reminded the directors of escalation {escalation.id}",
            "escalation_reminded",
            id=escalation.id,
        )
    for decision in decisions.due_nudges(session=session, team_id=team_id, today=today):
        if not decisions.claim_nudge(session=session, decision=decision, now=now):
            session.commit()
            continue
        session.commit()
        assert decision.owner_id is not None
        deliveries.send(
            session,
            client,
            team_id=team_id,
            key=f"decision-nudge:{decision.id}",
            kind="decision-nudge",
            ref_id=decision.id,
            now=now,
            channel=decision.owner_id,
            message=decision_views.nudge(due_on=decision.due_on, note=decision.note, lang=lang),
        )
        report.note(
            f"nudged the owner of decision {decision.id}", "decision_nudged", id=decision.id
        )
