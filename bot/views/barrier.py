"""Block Kit builders for /barriere: the modal, the replies, item lists, the App Home section."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot.ids import Barrier
from bot.models import Goal, Item, ItemKind, ItemLevel, ItemStatus, Unit
from bot.slack_text import one_line, quoted, safe_mrkdwn
from bot.texts import t
from bot.views.blocks import button as _button
from bot.views.blocks import input_block as _input
from bot.views.blocks import option as _option
from bot.views.blocks import plain as _plain

KIND_EMOJI = {
    ItemKind.BARRIER.value: ":construction:",
    ItemKind.POTENTIAL.value: ":seedling:",
    ItemKind.DILEMMA.value: ":scales:",
}
MAX_OPTIONS = 100  # Slack's limit for a select's options
MAX_LISTED = 12  # items in one message: 3 blocks each stays far below 50 blocks


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def barrier_modal(
    *,
    lang: str,
    units: Sequence[Unit],
    goals: Sequence[Goal],
    kind: str = ItemKind.BARRIER.value,
    text: str | None = None,
    unit_ids: Sequence[int] = (),
    situation: str | None = None,
    goal_id: int | None = None,
    level: str | None = None,
    anonymous: bool = False,
    question: str | None = None,
    metadata: dict[str, Any] | None = None,
    editing: bool = False,
) -> dict[str, Any]:
    """The /barriere modal, prefilled with whatever is known."""
    kinds = [_option(t(f"kind.{k.value}", lang), k.value) for k in ItemKind]
    kind_element: dict[str, Any] = {"type": "radio_buttons", "options": kinds}
    kind_element["initial_option"] = next(o for o in kinds if o["value"] == kind)
    text_element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": 3000,
        "placeholder": _plain(t("modal.text_placeholder", lang)),
    }
    if text:
        text_element["initial_value"] = text[:3000]
    blocks = [
        _input(Barrier.KIND, t("modal.kind_label", lang), kind_element, optional=False),
        _input(
            Barrier.TEXT,
            t("modal.text_label", lang),
            text_element,
            optional=False,
            hint=t("modal.text_hint", lang),
        ),
    ]
    if units:
        options = [_option(u.name, str(u.id)) for u in units[:MAX_OPTIONS]]
        units_element: dict[str, Any] = {"type": "multi_static_select", "options": options}
        chosen = [o for o in options if int(o["value"]) in set(unit_ids)]
        if chosen:
            units_element["initial_options"] = chosen
        blocks.append(
            _input(
                Barrier.UNITS,
                t("modal.units_label", lang),
                units_element,
                optional=True,
                hint=t("modal.units_hint", lang),
            )
        )
    situation_element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": 1000,
        "placeholder": _plain(t("modal.situation_placeholder", lang)),
    }
    if situation:
        situation_element["initial_value"] = situation[:1000]
    blocks.append(
        _input(
            Barrier.SITUATION,
            t("modal.situation_label", lang),
            situation_element,
            optional=True,
            hint=t("modal.situation_hint", lang),
        )
    )
    if goals:
        goal_options = [_option(g.title, str(g.id)) for g in goals]
        goal_element: dict[str, Any] = {
            "type": "static_select",
            "options": goal_options,
            "placeholder": _plain(t("modal.goal_placeholder", lang)),
        }
        initial_goal = next((o for o in goal_options if o["value"] == str(goal_id)), None)
        if initial_goal:
            goal_element["initial_option"] = initial_goal
        blocks.append(
            _input(Barrier.GOAL, t("modal.goal_label", lang), goal_element, optional=True)
        )
    levels = [_option(t(f"level.{lv.value}", lang), lv.value) for lv in ItemLevel]
    level_element: dict[str, Any] = {"type": "radio_buttons", "options": levels}
    initial_level = next((o for o in levels if o["value"] == level), None)
    if initial_level:
        level_element["initial_option"] = initial_level
    blocks.append(_input(Barrier.LEVEL, t("modal.level_label", lang), level_element, optional=True))
    blocks.append(question_input(question, lang, hint_key="modal.question_hint"))
    anonymous_option = _option(t("modal.anonymous_option", lang), "anonymous")
    anonymous_element: dict[str, Any] = {"type": "checkboxes", "options": [anonymous_option]}
    if anonymous:
        anonymous_element["initial_options"] = [anonymous_option]
    blocks.append(
        _input(
            Barrier.ANONYMOUS,
            t("modal.anonymous_label", lang),
            anonymous_element,
            optional=True,
            hint=t("modal.anonymous_hint", lang),
        )
    )
    title = t("modal.title_edit" if editing else "modal.title_new", lang)
    return {
        "type": "modal",
        "callback_id": Barrier.MODAL,
        "title": _plain(title, 24),
        "submit": _plain(t("modal.submit", lang), 24),
        "close": _plain(t("modal.close", lang), 24),
        "private_metadata": json.dumps(metadata or {}),
        "blocks": blocks,
    }


def item_summary(item: Item, lang: str, *, limit: int = 500, notes: Sequence[str] = ()) -> str:
    """One item as mrkdwn: kind, status, text, its details, and `notes` (its thread, where it
    stands with the directors)."""
    head = f"{KIND_EMOJI.get(item.kind, '')} *{t(f'kind.{item.kind}', lang)}*"
    head += f"  ·  {t(f'status.{item.status}', lang)}  ·  {item.created_at:%d.%m.%Y}"
    if item.anonymous:
        head += f"  ·  _{t('item.anonymous', lang)}_"
    lines = [head, quoted(item.text or "", limit=limit)]
    if item.units:
        names = ", ".join(u.name for u in item.units)
        lines.append(t("item.units", lang, units=safe_mrkdwn(names, limit=300)))
    if item.citizen_situation:
        situation = safe_mrkdwn(item.citizen_situation, limit=300)
        lines.append(t("item.situation", lang, situation=situation))
    if item.goal is not None:
        lines.append(t("item.goal", lang, goal=safe_mrkdwn(item.goal.title, limit=200)))
    if item.resolution_note and item.status == ItemStatus.RESOLVED.value:
        lines.append(t("item.note", lang, note=safe_mrkdwn(item.resolution_note, limit=300)))
    lines.extend(notes)
    return "\n".join(lines)


def item_actions(item: Item, lang: str) -> dict[str, Any]:
    """The buttons on an item: edit, update status, delete (with a confirmation)."""
    delete = _button(t("button.delete", lang), Barrier.DELETE, str(item.id), "danger")
    delete["confirm"] = {
        "title": _plain(t("confirm.delete_title", lang), 100),
        "text": _plain(t("confirm.delete_text", lang), 300),
        "confirm": _plain(t("confirm.delete_yes", lang), 30),
        "deny": _plain(t("confirm.delete_no", lang), 30),
        "style": "danger",
    }
    return {
        "type": "actions",
        "block_id": f"item_actions_{item.id}",
        "elements": [
            _button(t("button.edit", lang), Barrier.EDIT, str(item.id)),
            _button(t("button.status", lang), Barrier.RESOLVE, str(item.id), "primary"),
            delete,
        ],
    }


def missing_details(item: Item, *, has_units: bool = True, has_goals: bool = True) -> list[str]:
    """The details an item still lacks, of those the organisation offers: units (if there
    are any), the citizen's situation, a goal (if any is set)."""
    missing = []
    if has_units and not item.units:
        missing.append("units")
    if not (item.citizen_situation or "").strip():
        missing.append("situation")
    if has_goals and item.goal_id is None:
        missing.append("goal")
    return missing


def _and(parts: Sequence[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('threads.and', lang)} " + parts[-1]


def saved_details(item: Item, lang: str) -> list[str]:
    """What was saved besides the kind and the text, one short line each."""
    lines = []
    if item.units:
        names = ", ".join(u.name for u in item.units)
        lines.append(t("item.units", lang, units=one_line(names, limit=200)))
    if (item.citizen_situation or "").strip():
        situation = one_line(item.citizen_situation or "", limit=120)
        lines.append(t("item.situation", lang, situation=situation))
    if item.goal is not None:
        lines.append(t("item.goal", lang, goal=one_line(item.goal.title, limit=120)))
    if item.anonymous:
        lines.append(f"_{t('item.anonymous', lang)}_")
    return lines


def saved_message(
    *, item: Item, lang: str, has_units: bool = True, has_goals: bool = True
) -> dict[str, Any]:
    """The ephemeral answer to a saved item: what was saved, *Tilføj detaljer* for only what
    is still missing (no button when nothing is), and *Fortryd*."""
    kind = t(f"kind.{item.kind}", lang)
    saved = t("items.saved", lang, emoji=KIND_EMOJI[item.kind], kind=kind)
    quote = "> " + safe_mrkdwn(item.text or "", limit=2500).replace("\n", "\n> ")
    blocks: list[dict[str, Any]] = [{"type": "section", "text": _mrkdwn(f"{saved}\n{quote}")}]
    details = saved_details(item, lang)
    if details:
        blocks.append({"type": "context", "elements": [_mrkdwn("\n".join(details))]})
    missing = missing_details(item, has_units=has_units, has_goals=has_goals)
    buttons = [_button(t("button.undo", lang), Barrier.UNDO, str(item.id))]
    if missing:
        names = _and([t(f"items.missing.{m}", lang) for m in missing], lang)
        hint = t("items.saved_hint", lang, missing=names)
        blocks.append({"type": "context", "elements": [_mrkdwn(hint)]})
        add = _button(t("button.add_details", lang), Barrier.EDIT, str(item.id), "primary")
        buttons.insert(0, add)
    blocks.append({"type": "actions", "block_id": f"saved_{item.id}", "elements": buttons})
    return {"response_type": "ephemeral", "text": saved, "blocks": blocks}


def refusal_message(*, reason: str, echo: str, lang: str) -> dict[str, Any]:
    """An ephemeral refusal that gives the user's text back, so nothing they wrote is lost."""
    # The plain `text` field holds up to 40,000 characters, so even a long text comes back whole.
    return {
        "response_type": "ephemeral",
        "text": f"{reason}\n```{safe_mrkdwn(echo, limit=12000)}```",
    }


def notice(text: str) -> dict[str, Any]:
    """A short ephemeral notice."""
    return {"response_type": "ephemeral", "text": text}


def mine_message(
    *,
    items: Sequence[Item],
    total: int,
    lang: str,
    notes: Mapping[int, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The author's open items, each with its buttons (and `notes` under it)."""
    if not items:
        return notice(t("mine.none", lang))
    title = t("mine.title", lang, count=total)
    blocks: list[dict[str, Any]] = [{"type": "header", "text": _plain(title)}]
    for item in items[:MAX_LISTED]:
        blocks.append(
            {
                "type": "section",
                "block_id": f"item_{item.id}",
                "text": _mrkdwn(item_summary(item, lang, notes=(notes or {}).get(item.id, ()))),
            }
        )
        blocks.append(item_actions(item, lang))
    if total > min(len(items), MAX_LISTED):
        more = total - min(len(items), MAX_LISTED)
        blocks.append({"type": "context", "elements": [_mrkdwn(t("mine.more", lang, count=more))]})
    return {"response_type": "ephemeral", "text": title, "blocks": blocks}


def question_input(question: str | None, lang: str, *, hint_key: str) -> dict[str, Any]:
    """The one short field for what the directors are asked to decide or unblock."""
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": 500,
        "placeholder": _plain(t("modal.question_placeholder", lang)),
    }
    if question:
        element["initial_value"] = question[:500]
    return _input(
        Barrier.QUESTION,
        t("modal.question_label", lang),
        element,
        optional=True,
        hint=t(hint_key, lang),
    )


def status_modal(
    *, item: Item, lang: str, metadata: dict[str, Any], question: str | None = None
) -> dict[str, Any]:
    """A small modal to move an item on: status, what moved it, and escalation."""
    choices = [ItemStatus.IN_PROGRESS, ItemStatus.RESOLVED, ItemStatus.DROPPED]
    options = [_option(t(f"status.{s.value}", lang), s.value) for s in choices]
    initial = ItemStatus.RESOLVED.value
    status_element = {
        "type": "radio_buttons",
        "options": options,
        "initial_option": next(o for o in options if o["value"] == initial),
    }
    note_element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": 1000,
    }
    if item.resolution_note:
        note_element["initial_value"] = item.resolution_note[:1000]
    escalate_option = _option(t("status.escalate_option", lang), "escalate")
    escalate_element: dict[str, Any] = {"type": "checkboxes", "options": [escalate_option]}
    if item.escalated_at is not None:
        escalate_element["initial_options"] = [escalate_option]
    return {
        "type": "modal",
        "callback_id": Barrier.STATUS_MODAL,
        "title": _plain(t("status.title", lang), 24),
        "submit": _plain(t("modal.submit", lang), 24),
        "close": _plain(t("modal.close", lang), 24),
        "private_metadata": json.dumps(metadata),
        "blocks": [
            {"type": "section", "text": _mrkdwn(item_summary(item, lang, limit=1500))},
            _input(Barrier.STATUS, t("status.label", lang), status_element, optional=False),
            _input(
                Barrier.NOTE,
                t("status.note_label", lang),
                note_element,
                optional=True,
                hint=t("status.note_hint", lang),
            ),
            _input(
                Barrier.ESCALATE, t("status.escalate_label", lang), escalate_element, optional=True
            ),
            question_input(question, lang, hint_key="status.question_hint"),
        ],
    }


def gone_modal(*, text: str, lang: str) -> dict[str, Any]:
    """Shown instead of saving when the item was deleted while the modal was open."""
    return {
        "type": "modal",
        "callback_id": Barrier.GONE_MODAL,
        "title": _plain(t("gone.title", lang), 24),
        "close": _plain(t("modal.close", lang), 24),
        "blocks": [
            {"type": "section", "text": _mrkdwn(t("gone.text", lang))},
            {"type": "section", "text": _mrkdwn(f"```{safe_mrkdwn(text, limit=2900)}```")},
        ],
    }


def home_section(
    *,
    open_items: Sequence[Item],
    open_total: int,
    resolved: Sequence[Item],
    unplaced: Sequence[Item],
    lang: str,
    related: Mapping[int, Sequence[dict[str, Any]]] | None = None,
    notes: Mapping[int, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """The managers' part of App Home: open items with buttons (and `related`: blocks under
    an item about related items elsewhere), and the latest resolved."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": _mrkdwn(f"*{t('home.mine_title', lang)}* ({open_total})"),
            "accessory": _button(t("button.new", lang), Barrier.OPEN_MODAL, "new", "primary"),
        }
    ]
    if not open_items:
        blocks.append({"type": "context", "elements": [_mrkdwn(t("home.mine_none", lang))]})
    for item in open_items[:MAX_LISTED]:
        blocks.append(
            {
                "type": "section",
                "block_id": f"item_{item.id}",
                "text": _mrkdwn(item_summary(item, lang, notes=(notes or {}).get(item.id, ()))),
            }
        )
        blocks.append(item_actions(item, lang))
        blocks.extend((related or {}).get(item.id, ()))
    if open_total > min(len(open_items), MAX_LISTED):
        more = open_total - min(len(open_items), MAX_LISTED)
        blocks.append({"type": "context", "elements": [_mrkdwn(t("mine.more", lang, count=more))]})
    if resolved:
        blocks.append({"type": "section", "text": _mrkdwn(f"*{t('home.resolved_title', lang)}*")})
        for item in resolved[:5]:
            summary = item_summary(item, lang, limit=200, notes=(notes or {}).get(item.id, ()))
            blocks.append({"type": "context", "elements": [_mrkdwn(summary)]})
    if unplaced:
        title = t("home.unplaced_title", lang, count=len(unplaced))
        lines = [f"*{title}*", t("home.unplaced_hint", lang)]
        for item in unplaced[:10]:
            lines.append(f"• <@{item.author_id}>: {one_line(item.text or '', limit=120)}")
        blocks.append({"type": "section", "text": _mrkdwn("\n".join(lines)[:3000])})
    return blocks
