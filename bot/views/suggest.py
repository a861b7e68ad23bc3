"""Block Kit for related items: under a saved item, in App Home, in a modal, and follow notices."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.ids import Suggest
from bot.models import Item, ItemStatus
from bot.services.suggestions import Suggestion
from bot.slack_text import safe_mrkdwn
from bot.texts import t
from bot.views.barrier import KIND_EMOJI, item_summary
from bot.views.blocks import button, plain
from bot.views.digest import month_name
from bot.views.threads import concept_list, join_names


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def note_block(text: str) -> dict[str, Any]:
    """A short line saying what a click did."""
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _first_line(text: str, limit: int = 200) -> str:
    line = next((part for part in text.splitlines() if part.strip()), "")
    return safe_mrkdwn(line.strip(), limit=limit)


def value(item_id: int, other_id: int) -> str:
    """A suggestion button's value: the manager's own item and the related one."""
    return f"{item_id}:{other_id}"


def parse_value(raw: str) -> tuple[int, int] | None:
    """The two item ids in a suggestion button's value, or None when it is not one."""
    mine, _, other = str(raw or "").partition(":")
    if not (mine.isdigit() and other.isdigit()):
        return None
    return int(mine), int(other)


def _origin(suggestion: Suggestion, lang: str) -> str:
    parts = []
    if suggestion.unit:
        parts.append(t("suggest.from", lang, unit=safe_mrkdwn(suggestion.unit, limit=80)))
    if suggestion.author_id:
        parts.append(f"(<@{suggestion.author_id}>)")
    return " ".join(parts)


def _describe(suggestion: Suggestion, lang: str) -> str:
    kind = t(f"kind.{suggestion.kind}", lang)
    head = f"{KIND_EMOJI.get(suggestion.kind, '')} *{kind}* {_origin(suggestion, lang)}".rstrip()
    if not suggestion.learned:
        head += f"  ·  {t(f'status.{suggestion.status}', lang)}"
    lines = [head, _first_line(suggestion.text)]
    if suggestion.learned and suggestion.resolution_note:
        note = safe_mrkdwn(suggestion.resolution_note, limit=300)
        month = month_name(f"{suggestion.closed_at:%Y-%m}", lang) if suggestion.closed_at else "?"
        if suggestion.unit:
            unit = safe_mrkdwn(suggestion.unit, limit=80)
            lines.append(t("suggest.learned", lang, unit=unit, month=month, note=note))
        else:
            lines.append(t("suggest.learned_nounit", lang, month=month, note=note))
    shared = suggestion.shared.get(lang, ())
    if shared:
        lines.append("_" + t("suggest.shared", lang, concepts=concept_list(shared, lang)) + "_")
    return "\n".join(lines)


def suggestion_blocks(
    *, item_id: int, suggestions: Sequence[Suggestion], lang: str
) -> list[dict[str, Any]]:
    """The related items under one of the manager's items, each with its buttons: open ones
    first, then what others learned."""
    blocks: list[dict[str, Any]] = []
    for learned, title in ((False, "suggest.title"), (True, "suggest.learned_title")):
        shown = [s for s in suggestions if s.learned is learned]
        if not shown:
            continue
        blocks.append({"type": "divider"})
        blocks.append({"type": "section", "text": _mrkdwn(t(title, lang))})
        for suggestion in shown:
            blocks.extend(_suggestion(item_id, suggestion, lang))
    return blocks


def _suggestion(item_id: int, suggestion: Suggestion, lang: str) -> list[dict[str, Any]]:
    pair = value(item_id, suggestion.item_id)
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "block_id": f"{Suggest.BLOCK}_{item_id}_{suggestion.item_id}",
            "text": _mrkdwn(_describe(suggestion, lang)),
        }
    ]
    elements = []
    if not suggestion.learned and not suggestion.followed:
        elements.append(button(t("button.follow", lang), Suggest.FOLLOW, pair))
    if not suggestion.learned and suggestion.together_in is None:
        elements.append(button(t("button.contact", lang), Suggest.CONTACT, pair, "primary"))
    elements.append(button(t("button.unrelated", lang), Suggest.UNRELATED, pair))
    blocks.append(
        {
            "type": "actions",
            "block_id": f"{Suggest.BLOCK}_actions_{item_id}_{suggestion.item_id}",
            "elements": elements,
        }
    )
    notes = []
    if suggestion.together_in is not None:
        notes.append(t("suggest.together", lang, channel=suggestion.together_in))
    if suggestion.followed and not suggestion.learned:
        notes.append(t("suggest.following", lang))
    if notes:
        blocks.append(note_block("  ·  ".join(notes)))
    return blocks


def related_message(
    *, item: Item, suggestions: Sequence[Suggestion], lang: str, note: str | None = None
) -> dict[str, Any]:
    """The related items of an item just saved with `/barriere TEXT`: a message of its own,
    just after the confirmation (which Slack got at once); `note` says what a click did."""
    mine = t("suggest.yours", lang, text=_first_line(item.text or "", limit=150))
    blocks: list[dict[str, Any]] = []
    if note:
        blocks.append(note_block(note))
    blocks.append({"type": "context", "block_id": Suggest.INTRO, "elements": [_mrkdwn(mine)]})
    related = suggestion_blocks(item_id=item.id, suggestions=suggestions, lang=lang)
    blocks.extend(related[1:] if related[:1] == [{"type": "divider"}] else related)
    return {"response_type": "ephemeral", "text": t("suggest.fallback", lang), "blocks": blocks}


def is_related_message(message: dict[str, Any] | None) -> bool:
    """Whether a clicked message is one `related_message()` built."""
    blocks = (message or {}).get("blocks") or []
    return any(block.get("block_id") == Suggest.INTRO for block in blocks)


def home_line(*, item_id: int, suggestions: Sequence[Suggestion], lang: str) -> dict[str, Any]:
    """One line under an own item in App Home: the related units, and a button to see them."""
    units = list(dict.fromkeys(s.unit or t(f"kind.{s.kind}", lang) for s in suggestions))
    text = t("suggest.home_line", lang, units=safe_mrkdwn(join_names(units, lang), limit=200))
    label = f"{t('suggest.home_button', lang)} ({len(suggestions)})"
    return {
        "type": "section",
        "block_id": f"{Suggest.BLOCK}_home_{item_id}",
        "text": _mrkdwn(f":link: {text}"),
        "accessory": button(label, Suggest.SHOW, str(item_id)),
    }


def suggest_modal(
    *,
    item: Item,
    suggestions: Sequence[Suggestion],
    lang: str,
    note: str | None = None,
) -> dict[str, Any]:
    """The related items of one own item, opened from App Home; `note` says what a click did."""
    blocks: list[dict[str, Any]] = []
    if note:
        blocks.append(note_block(note))
    blocks.append({"type": "section", "text": _mrkdwn(t("suggest.modal_mine", lang))})
    blocks.append({"type": "section", "text": _mrkdwn(item_summary(item, lang, limit=600))})
    related = suggestion_blocks(item_id=item.id, suggestions=suggestions, lang=lang)
    if related:
        blocks.extend(related)
    else:
        blocks.append({"type": "context", "elements": [_mrkdwn(t("suggest.modal_none", lang))]})
    return {
        "type": "modal",
        "callback_id": Suggest.MODAL,
        "title": plain(t("suggest.modal_title", lang), 24),
        "close": plain(t("modal.close", lang), 24),
        "private_metadata": json.dumps({"item_id": item.id}),
        "blocks": blocks,
    }


def notice_message(
    *,
    item_id: int,
    kind: str,
    unit: str | None,
    author_id: str | None,
    text: str,
    action: str,
    status: str | None,
    note: str | None,
    lang: str,
) -> dict[str, Any]:
    """The DM that tells a follower an item moved (no author for an anonymous item)."""
    origin_parts = []
    if unit:
        origin_parts.append(t("suggest.from", lang, unit=safe_mrkdwn(unit, limit=80)))
    if author_id:
        origin_parts.append(f"(<@{author_id}>)")
    origin = " ".join(origin_parts)
    kind_text = f"{KIND_EMOJI.get(kind, '')} {t(f'kind.{kind}', lang)}"
    if action == "escalated":
        line = t("suggest.notice_escalated", lang, kind=kind_text, origin=origin)
    else:
        shown = t(f"status.{status}", lang) if status else "?"
        line = t("suggest.notice_status", lang, kind=kind_text, origin=origin, status=shown)
    lines = [t("suggest.notice_title", lang), line, "> " + _first_line(text, 300)]
    if note and status == ItemStatus.RESOLVED.value:
        lines.append(t("suggest.notice_note", lang, note=safe_mrkdwn(note, limit=500)))
    return {
        "text": t("suggest.notice_fallback", lang),
        "blocks": [
            {"type": "section", "text": _mrkdwn("\n".join(lines))},
            {"type": "context", "elements": [_mrkdwn(t("suggest.notice_hint", lang))]},
            {
                "type": "actions",
                "block_id": f"{Suggest.BLOCK}_notice_{item_id}",
                "elements": [button(t("button.unfollow", lang), Suggest.UNFOLLOW, str(item_id))],
            },
        ],
    }
