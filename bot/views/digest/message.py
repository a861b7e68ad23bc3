"""The digest as a message: its sections in order, within Slack's 50 blocks and text limits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from bot.ids import Digest as DigestIds
from bot.services.digest import Digest
from bot.slack_text import safe_mrkdwn, truncate
from bot.texts import t
from bot.views.blocks import plain as _plain
from bot.views.digest.format import _context, _section, fmt_date, month_label, month_name, n_
from bot.views.digest.indicators import _effect_blocks
from bot.views.digest.sections import (
    _activity_line,
    _items_blocks,
    _needs_blocks,
    _reflection_blocks,
)

MAX_BLOCKS = 50
MAX_FALLBACK_TEXT = 3000


def digest_message(
    digest: Digest, *, lang: str, links: Mapping[int, str] | None = None, export: bool = True
) -> dict[str, Any]:
    """The digest as a message: `text` (the notification) and at most 50 blocks."""
    links = links or {}
    period = digest.period
    label = month_label(period.month, lang)
    title_key = "digest.title_so_far" if period.so_far else "digest.title"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain(t(title_key, lang, month=label))},
        _context(_scope_line(digest, lang)),
    ]
    if digest.empty:
        blocks.append(_section(t("digest.empty", lang, month=label)))
    number = 0

    def title(key: str, suffix: str = "") -> dict[str, Any]:
        return title_text(t(key, lang), suffix)

    def title_text(text: str, suffix: str = "") -> dict[str, Any]:
        nonlocal number
        number += 1
        heading = t("digest.section", lang, number=number, title=text)
        return _section(heading + (f"  ·  {suffix}" if suffix else ""))

    blocks.append({"type": "divider"})
    blocks.append(title("digest.effect_title"))
    blocks.extend(_effect_blocks(digest.effect, period.month, lang))

    blocks.append({"type": "divider"})
    count = n_("digest.needs_count", lang, digest.needs_total) if digest.needs_total else ""
    blocks.append(title("digest.needs_title", count))
    needs = _needs_blocks(digest, lang, links)

    items = _items_blocks(digest, lang)
    reflection = _reflection_blocks(digest.reflection, period.month, lang)
    tail: list[dict[str, Any]] = []
    if digest.decided:
        heading = t("digest.decided_title", lang, month=month_name(period.month, lang))
        tail += [{"type": "divider"}, title_text(heading, f"_{t('digest.decided_label', lang)}_")]
        tail += _decided_blocks(digest, lang)
    tail += [{"type": "divider"}, title("digest.items_title"), *items]
    if reflection:
        tail += [{"type": "divider"}, title("digest.reflection_title"), *reflection]
    tail += [{"type": "divider"}, title("digest.activity_title", _activity_label(lang))]
    tail.append(_context(_activity_line(digest, lang)))
    if export:
        value = period.month + (f":{digest.area_id}" if digest.area_id is not None else "")
        tail.append(
            {
                "type": "actions",
                "block_id": DigestIds.EXPORT,
                "elements": [
                    {
                        "type": "button",
                        "text": _plain(t("digest.export_button", lang), 75),
                        "action_id": DigestIds.EXPORT,
                        "value": value,
                    }
                ],
            }
        )
    generated = fmt_date(digest.generated_at, period.tz, lang)
    tail.append(_context(t("digest.footer", lang, date=generated, month=period.month)))
    # The list of items needing the directors gives way first if the message would be too long.
    room = MAX_BLOCKS - len(blocks) - len(tail)
    blocks.extend(_fit(needs, room, digest, lang))
    blocks.extend(tail)
    return {"text": _fallback(digest, lang), "blocks": blocks[:MAX_BLOCKS]}


def _decided_blocks(digest: Digest, lang: str) -> list[dict[str, Any]]:
    lines = []
    for line in digest.decided[:10]:
        head = t(
            "digest.decided_line",
            lang,
            person=f"<@{line.decided_by}>",
            kind=t(f"decisions.button.{line.kind}", lang),
            date=fmt_date(line.decided_at, digest.period.tz),
        )
        if line.note:
            head += f": {safe_mrkdwn(line.note, limit=200)}"
        lines.append(f"• {head}")
    more = len(digest.decided) - 10
    if more > 0:
        lines.append(t("digest.more_in_export", lang, count=more))
    return [_section("\n".join(lines))]


def _activity_label(lang: str) -> str:
    return f"_{t('digest.activity_label', lang)}_"


def _scope_line(digest: Digest, lang: str) -> str:
    if digest.area_name:
        scope = t("digest.scope_area", lang, area=safe_mrkdwn(digest.area_name, limit=200))
    elif digest.workspace_name:
        scope = t("digest.scope_all", lang, name=safe_mrkdwn(digest.workspace_name, limit=200))
    else:
        scope = t("digest.scope_all_unnamed", lang)
    period = digest.period
    if period.so_far:
        local = period.end.astimezone(ZoneInfo(period.tz))
        scope += "  ·  " + t(
            "digest.so_far", lang, day=local.day, month_name=month_name(period.month, lang)
        )
    return scope


def _fallback(digest: Digest, lang: str) -> str:
    return truncate(
        t(
            "digest.fallback",
            lang,
            month=month_label(digest.period.month, lang),
            new=digest.items.new_total,
            resolved=digest.items.resolved,
            needs=digest.needs_total,
        ),
        MAX_FALLBACK_TEXT,
    )


def _fit(needs: list[dict[str, Any]], room: int, digest: Digest, lang: str) -> list[dict[str, Any]]:
    """The needs blocks, cut to the room left, ending with how many more there are."""
    if len(needs) <= room:
        return needs
    shown_items = max(0, room - 1)
    more = digest.needs_total - shown_items
    return [*needs[:shown_items], _context(t("digest.more_in_export", lang, count=more))]


def thread_links(digest: Digest, base_url: str | None) -> dict[int, str]:
    """Links to the cross-unit threads of the listed items, from the workspace's URL."""
    if not base_url:
        return {}
    base = base_url.rstrip("/")
    return {
        item.item_id: f"{base}/archives/{item.thread_channel}/p{item.thread_ts.replace('.', '')}"
        for item in digest.needs
        if item.thread_channel and item.thread_ts
    }
