"""The director's section of App Home: escalations and the month so far."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.ids import Admin
from bot.services.admin import DirectorOverview
from bot.slack_text import safe_mrkdwn
from bot.texts import t
from bot.views.admin.common import local_time
from bot.views.barrier import KIND_EMOJI, item_summary
from bot.views.blocks import context as _context
from bot.views.blocks import section as _section


def director_section(
    *,
    overview: DirectorOverview,
    tz: str,
    lang: str,
    answers: Mapping[int, Sequence[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """Escalated items and the month so far, for the director's area (or the whole organisation).

    `answers`: blocks under an item for its escalation (the question, the decision buttons or
    where it stands); an escalation's blocks come once, under its first item."""
    o = overview
    where = (
        t("admin.director_all", lang)
        if o.whole_organisation
        else ", ".join(safe_mrkdwn(n) for n in o.area_names)
    )
    blocks: list[dict[str, Any]] = [
        _section(f"*{t('admin.director_title', lang, where=where)}*", block_id=Admin.DIRECTOR),
        _section(f"*{t('admin.director_escalated', lang, count=o.escalated_total)}*"),
    ]
    if not o.escalated:
        blocks.append(_context(t("admin.director_none_escalated", lang)))
    for item in o.escalated:
        blocks.append(_section(item_summary(item, lang, limit=300)))
        details = []
        if item.escalated_at is not None:
            details.append(
                t("admin.director_escalated_on", lang, date=local_time(item.escalated_at, tz))
            )
        if not item.anonymous:
            details.append(t("admin.director_by", lang, user=f"<@{item.author_id}>"))
        if details:
            blocks.append(_context(" · ".join(details)))
        blocks.extend((answers or {}).get(item.id, ()))
    if o.escalated_total > len(o.escalated):
        blocks.append(
            _context(t("admin.director_more", lang, count=o.escalated_total - len(o.escalated)))
        )
    start = o.month_start.astimezone(ZoneInfo(tz)) if o.month_start else None
    new = " · ".join(
        f"{KIND_EMOJI.get(kind, '')} {t(f'admin.kind_plural.{kind}', lang)}: {count}"
        for kind, count in o.new_by_kind.items()
    )
    blocks.append(
        _section(
            f"*{t('admin.director_month', lang, date=f'{start:%d.%m.}' if start else '')}*\n"
            + t(
                "admin.director_month_text",
                lang,
                new=new,
                resolved=o.resolved,
                escalated=o.escalated_this_month,
            )
        )
    )
    blocks.append(_context(t("admin.director_digest_hint", lang)))
    return blocks
