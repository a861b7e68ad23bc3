"""Block Kit builders for cross-unit threads: pure functions from a Card to message payloads.

Every piece of stored text goes through safe_mrkdwn with a limit, so no section passes Slack's
3,000 characters and no message passes 50 blocks, however many items or units a thread has.
Mentions are built here from user ids the bot looked up itself, never from user text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.ids import Threads
from bot.models import ThreadOutcome
from bot.services.items import MAX_NOTE
from bot.services.threads import Card, CardItem, ChannelNotice, Contact, PairSuggestion
from bot.slack_text import one_line, quoted, safe_mrkdwn, truncate
from bot.texts import count_of, prose_date, t, tn
from bot.views.barrier import KIND_EMOJI
from bot.views.blocks import input_block as _input
from bot.views.blocks import plain as _plain

MAX_ITEMS_SHOWN = 12  # 12 item sections + 7 others stays far below 50 blocks
MAX_SITUATIONS = 4
SECTION_LIMIT = 3000
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,20}$")
OUTCOME_ACTIONS = {
    ThreadOutcome.RESOLVED: Threads.RESOLVED,
    ThreadOutcome.IN_PROGRESS: Threads.IN_PROGRESS,
    ThreadOutcome.TOP_MANAGEMENT: Threads.TOP_MANAGEMENT,
    ThreadOutcome.NOT_RELEVANT: Threads.NOT_RELEVANT,
}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _section(text: str, block_id: str | None = None) -> dict[str, Any]:
    # Every caller budgets its pieces; this only guards against a budget mistake.
    block: dict[str, Any] = {"type": "section", "text": _mrkdwn(text[:SECTION_LIMIT])}
    if block_id:
        block["block_id"] = block_id
    return block


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [_mrkdwn(text[:SECTION_LIMIT])]}


def mention(user_id: str) -> str:
    """A mention of a user id the bot looked up (anything else is shown as plain text)."""
    return f"<@{user_id}>" if _USER_ID.match(user_id) else safe_mrkdwn(user_id, limit=40)


def channel_link(channel_id: str) -> str:
    """A link to a channel by id."""
    return f"<#{channel_id}>" if _CHANNEL_ID.match(channel_id) else safe_mrkdwn(channel_id)


def when(moment: datetime, tz: str, lang: str = "da") -> str:
    """The date in the workspace's time zone, as prose: "2. december 2026"."""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Europe/Copenhagen")
    return prose_date(moment.astimezone(zone).date(), lang)


def join_names(names: Sequence[str], lang: str) -> str:
    """Names as a list: A, B og C (A, B and C in English)."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {t('threads.and', lang)} " + names[-1]


def concept_list(labels: Sequence[str], lang: str) -> str:
    """What items share, as a list that reads right when a label has its own "og" in it:
    »rusmidler og misbrug« og »psykisk sygdom«."""
    if len(labels) <= 1:
        return "".join(labels)
    left, right = ("»", "«") if lang == "da" else ("“", "”")
    return join_names([f"{left}{label}{right}" for label in labels], lang)


def unit_list(card: Card, lang: str, *, limit: int = 140) -> str:
    """The units of a thread as plain text ('Jobcentret og PPR')."""
    return truncate(join_names([u.unit_name for u in card.units], lang), limit)


def _item_line(item: CardItem, lang: str, *, limit: int) -> str:
    head = f"{KIND_EMOJI.get(item.kind, '')} *{t(f'kind.{item.kind}', lang)}*"
    if item.units:
        units = safe_mrkdwn(", ".join(item.units), limit=160)
        head += "  ·  " + t("threads.item_unit", lang, unit=units)
    if item.author_id is None:
        head += f"  ·  _{t('threads.item_anonymous', lang)}_"
    else:
        head += "  ·  " + t("threads.item_by", lang, author=mention(item.author_id))
    return f"{head}\n{quoted(item.text, limit=limit)}"


def _items_blocks(items: Sequence[CardItem], lang: str, *, limit: int) -> list[dict[str, Any]]:
    blocks = [_section(_item_line(item, lang, limit=limit)) for item in items[:MAX_ITEMS_SHOWN]]
    if len(items) > MAX_ITEMS_SHOWN:
        more = len(items) - MAX_ITEMS_SHOWN
        blocks.append(_context(tn("threads.more_items", lang, more)))
    return blocks


def _situations(items: Sequence[CardItem], lang: str) -> str:
    seen: list[str] = []
    for item in items:
        text = (item.situation or "").strip()
        if text and text.lower() not in {s.lower() for s in seen}:
            seen.append(text)
    if not seen:
        return t("threads.no_situation", lang)
    quoted = ["> " + safe_mrkdwn(s, limit=600).replace("\n", "\n> ") for s in seen[:MAX_SITUATIONS]]
    return t("threads.situation_title", lang) + "\n" + "\n".join(quoted)


def _fit(parts: Sequence[str], lang: str, *, sep: str, budget: int = 2600) -> str:
    """Join parts while they fit in the budget, then say how many more there are."""
    kept: list[str] = []
    used = 0
    for part in parts:
        if kept and used + len(sep) + len(part) > budget:
            more = t("threads.more", lang, count=len(parts) - len(kept))
            return sep.join(kept) + sep + more
        kept.append(part)
        used += len(sep) + len(part)
    return sep.join(kept)


def people_line(contacts: Sequence[Contact], lang: str) -> str:
    """'<@A> (Jobcentret), <@B> (PPR)', with a director standing in where a unit has no one."""
    parts = []
    for contact in contacts:
        unit = safe_mrkdwn(contact.unit_name, limit=60)
        if not contact.user_ids:
            parts.append(t("threads.nobody", lang, unit=unit))
            continue
        people = ", ".join(mention(u) for u in contact.user_ids)
        area = safe_mrkdwn(contact.area_name or "", limit=60)
        if contact.for_anonymity:
            parts.append(t("threads.for_unit", lang, person=people, area=area, unit=unit))
        elif contact.via_director:
            parts.append(t("threads.via_director", lang, person=people, area=area, unit=unit))
        else:
            parts.append(t("threads.person_unit", lang, person=people, unit=unit))
    return _fit(parts, lang, sep=", ")


def mentions(contacts: Sequence[Contact], lang: str) -> str:
    """Just the mentions, for a line that greets everyone."""
    users = dict.fromkeys(u for c in contacts for u in c.user_ids)
    return _fit([mention(u) for u in users], lang, sep=" ", budget=1500)


def _why(card: Card, lang: str) -> str | None:
    reasons = []
    shared = card.shared.get(lang, ())
    if shared:
        who = t("threads.both" if len(card.items) == 2 else "threads.all", lang)
        reasons.append(
            t("threads.reason.shared", lang, who=who, concepts=concept_list(shared, lang))
        )
    for reason in ("situation", "text", "goal", "units"):
        if reason not in card.reasons or (shared and reason in ("situation", "text")):
            continue
        if reason == "goal" and card.goal:
            goal = f"*{safe_mrkdwn(card.goal, limit=120)}*"
            reasons.append(t("threads.goal_named", lang, goal=goal))
        else:
            reasons.append(t(f"threads.reason.{reason}", lang))
    if not reasons:
        return None
    # Whole clauses: "…om X og Y, og et punkt nævner …" reads better than a third "og".
    clauses = ", ".join(reasons[:-1]) + f", {t('threads.and', lang)} {reasons[-1]}"
    return t("threads.why", lang, reasons=clauses if len(reasons) > 1 else reasons[0])


def root_message(
    *, card: Card, contacts: Sequence[Contact], days: int, lang: str
) -> dict[str, Any]:
    """The thread's first message: the citizen first, then the items, who is asked, the question."""
    units = unit_list(card, lang)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain(t("threads.title", lang, units=units))}
    ]
    if len(card.area_names) > 1:
        areas = safe_mrkdwn(join_names(list(card.area_names), lang), limit=400)
        blocks.append(_context(t("threads.areas", lang, areas=areas)))
    blocks.append(_section(_situations(card.items, lang)))
    blocks.extend(_items_blocks(card.items, lang, limit=900))
    why = _why(card, lang)
    if why:
        blocks.append(_context(why))
    people = people_line(contacts, lang)
    blocks.append(_section(f"{t('threads.people_title', lang)} {people}"))
    blocks.append(_section(t("threads.question", lang)))
    blocks.append(_context(t("threads.footer", lang, days=count_of("day", lang, days))))
    return {
        "text": t("threads.fallback", lang, units=units),
        "blocks": blocks,
        "unfurl_links": False,
        "unfurl_media": False,
    }


def growth_note(
    *, items: Sequence[CardItem], contacts: Sequence[Contact], lang: str
) -> dict[str, Any]:
    """A reply in an existing thread: a new item belongs here; its unit's people are welcomed."""
    blocks = [_section(t("threads.grown", lang, people=people_line(contacts, lang)))]
    blocks.extend(_items_blocks(items, lang, limit=900))
    return {
        "text": t("threads.grown_fallback", lang),
        "blocks": blocks,
        "unfurl_links": False,
        "unfurl_media": False,
    }


def _button(label: str, action_id: str, thread_id: int, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": _plain(label, 75),
        "action_id": action_id,
        "value": str(thread_id),
    }
    if style:
        button["style"] = style
    return button


def _confirm(kind: str, lang: str) -> dict[str, Any]:
    return {
        "title": _plain(t(f"threads.confirm.{kind}_title", lang), 100),
        "text": _plain(t(f"threads.confirm.{kind}_text", lang), 300),
        "confirm": _plain(t("threads.confirm.yes", lang), 30),
        "deny": _plain(t("threads.confirm.no", lang), 30),
    }


def answer_buttons(
    *, thread_id: int, lang: str, outcomes: Sequence[str] | None = None
) -> dict[str, Any]:
    """The follow-up buttons (all four, or those still possible after 'Vi er i gang')."""
    wanted = list(outcomes or [o.value for o in ThreadOutcome])
    elements = []
    for outcome in (o for o in ThreadOutcome if o.value in wanted):
        style = "primary" if outcome is ThreadOutcome.RESOLVED else None
        button = _button(
            t(f"threads.button.{outcome.value}", lang), OUTCOME_ACTIONS[outcome], thread_id, style
        )
        if outcome in (ThreadOutcome.TOP_MANAGEMENT, ThreadOutcome.NOT_RELEVANT):
            button["confirm"] = _confirm(outcome.value, lang)
        elements.append(button)
    return {
        "type": "actions",
        "block_id": f"{Threads.FOLLOW_UP}_{thread_id}",
        "elements": elements,
    }


def _brief(items: Sequence[CardItem], lang: str) -> str:
    lines = []
    for item in items:
        units = safe_mrkdwn(", ".join(item.units), limit=100)
        emoji = KIND_EMOJI.get(item.kind, "")
        lines.append(f"• {emoji} {units}: {one_line(item.text, limit=160)}")
    return t("threads.follow_up_items", lang) + "\n" + _fit(lines, lang, sep="\n")


def follow_up_message(
    *,
    thread_id: int,
    items: Sequence[CardItem],
    contacts: Sequence[Contact],
    days: int,
    lang: str,
    root_deleted: bool = False,
) -> dict[str, Any]:
    """The question after N days, with the four answers as buttons."""
    blocks: list[dict[str, Any]] = []
    if root_deleted:
        blocks.append(_section(t("threads.follow_up_root_gone", lang)))
    greeting = t(
        "threads.follow_up", lang, people=mentions(contacts, lang), days=count_of("day", lang, days)
    )
    blocks.append(_section(greeting.lstrip(" –-")))
    blocks.append(_section(_brief(items, lang)))
    blocks.append(answer_buttons(thread_id=thread_id, lang=lang))
    blocks.append(_context(t("threads.follow_up_hint", lang)))
    return {"text": t("threads.follow_up_fallback", lang), "blocks": blocks}


def answered_message(
    *,
    thread_id: int,
    items: Sequence[CardItem],
    outcome: str,
    by: str,
    at: datetime,
    lang: str,
    tz: str = "Europe/Copenhagen",
    note: str | None = None,
) -> dict[str, Any]:
    """The follow-up after an answer: who answered what and when (and, for *Løst*, what moved
    it); buttons only if it can move on."""
    line = t(f"threads.outcome.{outcome}", lang, person=mention(by), when=when(at, tz, lang))
    if note:
        line += "\n" + t("item.note", lang, note=one_line(note, limit=600))
    blocks: list[dict[str, Any]] = [_section(line), _section(_brief(items, lang))]
    if outcome == ThreadOutcome.IN_PROGRESS.value:
        later = [ThreadOutcome.RESOLVED.value, ThreadOutcome.TOP_MANAGEMENT.value]
        blocks.append(answer_buttons(thread_id=thread_id, lang=lang, outcomes=later))
    name = t(f"threads.button.{outcome}", lang)
    return {"text": t("threads.outcome_fallback", lang, outcome=name), "blocks": blocks}


def resolved_modal(
    *, thread_id: int, items: Sequence[CardItem], lang: str, metadata: dict[str, Any]
) -> dict[str, Any]:
    """*Løst* in a thread: what made it work, in a few words, before the items are closed."""
    note: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": MAX_NOTE,
        "placeholder": _plain(t("threads.resolved.placeholder", lang), 150),
    }
    return {
        "type": "modal",
        "callback_id": Threads.RESOLVED_MODAL,
        "title": _plain(t("threads.resolved.title", lang), 24),
        "submit": _plain(t("threads.resolved.submit", lang), 24),
        "close": _plain(t("modal.close", lang), 24),
        "private_metadata": json.dumps({**metadata, "thread": thread_id}),
        "blocks": [
            _section(_brief(items, lang)),
            _input(
                Threads.RESOLVED_NOTE,
                t("threads.resolved.label", lang),
                note,
                optional=True,
                hint=t("threads.resolved.hint", lang),
            ),
        ],
    }


def taken_modal(
    *,
    outcome: str,
    by: str,
    typed: str | None,
    lang: str,
    title_key: str = "threads.resolved.title",
) -> dict[str, Any]:
    """Shown instead of the form when someone else answered the thread first; what the user
    wrote comes back, so nothing is lost."""
    name = t(f"threads.button.{outcome}", lang)
    blocks = [_section(t("threads.resolved.taken", lang, person=mention(by), outcome=name))]
    if (typed or "").strip():
        text = safe_mrkdwn(typed or "", limit=2800)
        blocks.append(_section(f"{t('threads.resolved.your_text', lang)}\n```{text}```"))
    return {
        "type": "modal",
        "callback_id": Threads.RESOLVED_TAKEN,
        "title": _plain(t(title_key, lang), 24),
        "close": _plain(t("threads.resolved.close", lang), 24),
        "blocks": blocks,
    }


def already_answered(*, outcome: str, by: str, lang: str) -> str:
    """What the second person to click is told."""
    return t(
        "threads.already", lang, person=mention(by), outcome=t(f"threads.button.{outcome}", lang)
    )


def director_dm(
    *,
    card: Card,
    escalated: Sequence[CardItem],
    by: str,
    permalink: str | None,
    channel_id: str,
    lang: str,
    actions: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The DM to a director when managers say a thread needs top management.

    `actions` are the decision blocks (the question and the three buttons).
    """
    units = safe_mrkdwn(unit_list(card, lang), limit=300)
    items = count_of("item", lang, len(escalated))
    body = t("threads.dm.body", lang, person=mention(by), items=items, units=units)
    if permalink and "|" not in permalink and ">" not in permalink:
        link = t("threads.dm.link", lang, url=permalink)
    else:
        link = t("threads.dm.no_link", lang, channel=channel_link(channel_id))
    blocks: list[dict[str, Any]] = [
        _section(f"{t('threads.dm.title', lang)}\n{body}"),
        _section(_situations(card.items, lang)),
        *_items_blocks(escalated, lang, limit=600),
        _section(link),
        *actions,
        _context(t("threads.dm.footer", lang)),
    ]
    return {
        "text": t("threads.dm.fallback", lang, units=unit_list(card, lang)),
        "blocks": blocks,
        "unfurl_links": False,
    }


def item_escalation_dm(
    *,
    card: Card,
    by: str | None,
    lang: str,
    actions: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The DM to a director when a manager raises one item (not a thread) to top management.

    `by` is None for an anonymous item: its author is not named.
    """
    units = safe_mrkdwn(unit_list(card, lang), limit=300)
    if by:
        body = t("threads.dm.item_body", lang, person=mention(by), units=units)
    else:
        body = t("threads.dm.item_body_anonymous", lang, units=units)
    blocks: list[dict[str, Any]] = [
        _section(f"{t('threads.dm.item_title', lang)}\n{body}"),
        _section(_situations(card.items, lang)),
        *_items_blocks(card.items, lang, limit=600),
        *actions,
        _context(t("threads.dm.footer", lang)),
    ]
    return {
        "text": t("threads.dm.item_fallback", lang, units=unit_list(card, lang)),
        "blocks": blocks,
        "unfurl_links": False,
    }


def pairing_intro(*, pair: PairSuggestion, lang: str) -> dict[str, Any]:
    """The group DM that introduces two managers, with the three questions."""
    intro = t(
        "threads.pair.intro",
        lang,
        a=mention(pair.user_a),
        b=mention(pair.user_b),
        unit_a=safe_mrkdwn(pair.unit_a, limit=100),
        unit_b=safe_mrkdwn(pair.unit_b, limit=100),
    )
    questions = f"{t('threads.pair.questions', lang)}\n{t('home.questions', lang)}"
    return {
        "text": t("threads.pair.fallback", lang),
        "blocks": [
            _section(intro),
            _section(questions),
            _context(t("threads.pair.footer", lang)),
        ],
    }


def admin_home_section(*, notice: ChannelNotice, lang: str) -> list[dict[str, Any]]:
    """What admins see in App Home when cross-unit threads cannot be posted."""
    if notice.channel_id is None:
        return [_section(f"{t('threads.home.title', lang)}\n{t('threads.home.no_channel', lang)}")]
    known = ("is_archived", "channel_not_found", "private")
    problem = notice.problem if notice.problem in known else "other"
    text = t(
        "threads.home.problem",
        lang,
        channel=channel_link(notice.channel_id),
        reason=t(f"threads.home.reason.{problem}", lang),
    )
    return [
        {
            "type": "section",
            "block_id": Threads.HOME_NOTICE,
            "text": _mrkdwn(f"{t('threads.home.title', lang)}\n{text}"),
            "accessory": {
                "type": "button",
                "text": _plain(t("threads.home.retry", lang), 75),
                "action_id": Threads.RETRY_CHANNEL,
                "value": notice.channel_id,
            },
        }
    ]
