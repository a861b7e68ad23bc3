"""The digest's other sections: items needing the directors, items, reflection, activity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.services.digest import Digest, NeedsItem, ParticipationGroup, ReflectionSummary
from bot.slack_text import one_line, quoted, safe_mrkdwn, truncate
from bot.texts import count_of, t
from bot.views.barrier import KIND_EMOJI
from bot.views.digest.format import (
    _context,
    _mrkdwn,
    _section,
    fmt_date,
    fmt_number,
    fmt_share,
    month_label,
    n_,
)

MAX_FIELD_TEXT = 2000


def _needs_blocks(digest: Digest, lang: str, links: Mapping[int, str]) -> list[dict[str, Any]]:
    if not digest.needs:
        return [_section(t("digest.needs_none", lang))]
    blocks = [_section(_needs_text(item, digest.period.tz, lang, links)) for item in digest.needs]
    more = digest.needs_total - len(digest.needs)
    if more > 0:
        blocks.append(_context(t("digest.more_in_export", lang, count=more)))
    return blocks


def _needs_text(item: NeedsItem, tz: str, lang: str, links: Mapping[int, str]) -> str:
    if item.escalated_at is not None:
        head = t("digest.needs_escalated", lang, date=fmt_date(item.escalated_at, tz, lang))
    else:
        head = t("digest.needs_old", lang, days=count_of("day", lang, item.days_open))
    facts = [f"{KIND_EMOJI.get(item.kind, '')} {t(f'kind.{item.kind}', lang)}".strip()]
    if item.units:
        facts.append(safe_mrkdwn(", ".join(item.units), limit=200))
    if item.anonymous:
        facts.append(f"_{t('digest.needs_anonymous', lang)}_")
    elif item.author_name:
        facts.append(t("digest.needs_by", lang, name=safe_mrkdwn(item.author_name, limit=80)))
    if item.waited_days is not None:
        facts.append(t("digest.needs_waited", lang, days=count_of("day", lang, item.waited_days)))
    lines = [head + "  ·  " + "  ·  ".join(facts), quoted(item.text, limit=400)]
    if item.question:
        lines.append(t("decisions.question", lang, question=safe_mrkdwn(item.question, limit=300)))
    url = links.get(item.item_id)
    if url:
        lines.append(t("digest.needs_thread", lang, url=url))
    return "\n".join(lines)


def _items_blocks(digest: Digest, lang: str) -> list[dict[str, Any]]:
    items = digest.items
    split = " · ".join(
        n_(f"digest.kind_count.{kind}", lang, count)
        for kind, count in items.new_by_kind.items()
        if count
    )
    new = (
        t("digest.items_new_split", lang, total=items.new_total, split=split)
        if items.new_total
        else t("digest.items_new", lang, total=0)
    )
    median = t("digest.items_median_none", lang)
    if items.median_days is not None:
        days = items.median_days
        key = "digest.items_median_one" if days == 1 else "digest.items_median"
        if days < 1:
            key = "digest.items_median_short"
        median = t(key, lang, days=fmt_number(days, lang))
    fields = [new, t("digest.items_resolved", lang, count=items.resolved), median]
    blocks: list[dict[str, Any]] = [
        {"type": "section", "fields": [_mrkdwn(truncate(f, MAX_FIELD_TEXT)) for f in fields]}
    ]
    lines = []
    if items.themes:
        themes = _themes(items.themes, lang)
        lines.append(t("digest.items_themes", lang, themes=themes))
    if items.unit_pairs:
        pairs = " · ".join(
            f"{safe_mrkdwn(a, limit=100)} + {safe_mrkdwn(b, limit=100)} ({n})"
            for a, b, n in items.unit_pairs
        )
        lines.append(t("digest.items_pairs", lang, pairs=pairs))
    if lines:
        blocks.append(_section("\n".join(lines)))
    if items.resolved_items:
        resolved = [t("digest.items_resolved_list", lang)]
        for entry in items.resolved_items:
            units = safe_mrkdwn(", ".join(entry.units), limit=120) + " · " if entry.units else ""
            resolved.append(
                t(
                    "digest.items_resolved_line",
                    lang,
                    text=one_line(entry.text, limit=160),
                    note=safe_mrkdwn(entry.note, limit=240),
                    units=units,
                    days=_days(entry.days_to_resolve, lang),
                )
            )
        with_notes = items.resolved_items
        more = items.resolved - len(with_notes)
        if more > 0:
            resolved.append(t("digest.more_in_export", lang, count=more))
        blocks.append(_section("\n".join(resolved)))
    return blocks


def _days(days: int, lang: str) -> str:
    """'18 dage', '1 dag', or 'under 1 dag' for the same day."""
    return t("digest.days_short", lang) if days < 1 else n_("digest.days", lang, days, days=days)


def _themes(themes: Sequence[tuple[str, int]], lang: str) -> str:
    return " · ".join(f"{t(f'theme.{key}', lang)} ({count})" for key, count in themes)


def _reflection_blocks(
    reflection: ReflectionSummary | None, month: str, lang: str
) -> list[dict[str, Any]]:
    """Participation by area (small groups merged), themes and shareable quotes; [] to hide."""
    if reflection is None:
        return []
    if not reflection.shown:
        text = t(
            "digest.reflection_hidden",
            lang,
            threshold=count_of("manager", lang, reflection.threshold),
            month=month_label(month, lang),
        )
        return [_context(text)]
    lines = [
        t(
            "digest.reflection_total",
            lang,
            share=fmt_share(reflection.answered / reflection.asked, lang),
            answered=reflection.answered,
            asked=reflection.asked,
        )
    ]
    if len(reflection.groups) > 1:
        lines += [_group_line(group, lang) for group in reflection.groups]
    blocks = [_section("\n".join(lines))]
    extra = []
    if reflection.themes:
        extra.append(t("digest.reflection_themes", lang, themes=_themes(reflection.themes, lang)))
    if reflection.quotes:
        extra.append(t("digest.reflection_quotes", lang))
        extra += [f">{safe_mrkdwn(quote, limit=300)}" for quote in reflection.quotes]
    if extra:
        blocks.append(_section("\n".join(extra)))
    threshold = count_of("manager", lang, reflection.threshold)
    blocks.append(_context(t("digest.reflection_note", lang, threshold=threshold)))
    return blocks


def _group_line(group: ParticipationGroup, lang: str) -> str:
    if group.label is not None:
        name = safe_mrkdwn(group.label, limit=100)
    elif group.areas:
        name = t(
            "digest.reflection_merged", lang, areas=safe_mrkdwn(", ".join(group.areas), limit=300)
        )
    else:
        name = t("digest.reflection_merged_unnamed", lang)
    return t(
        "digest.reflection_group",
        lang,
        name=name,
        share=fmt_share(group.share, lang),
        answered=group.answered,
        asked=group.asked,
    )


def _activity_line(digest: Digest, lang: str) -> str:
    activity = digest.activity
    parts = [n_("digest.activity_items", lang, activity.items_logged)]
    if activity.threads_opened is not None:
        parts.append(n_("digest.activity_threads", lang, activity.threads_opened))
    if activity.replies is not None:
        parts.append(n_("digest.activity_replies", lang, activity.replies))
    # A count of answers is only shown where the figures themselves may be.
    reflection = digest.reflection
    if activity.reflections_answered is not None and reflection is not None and reflection.shown:
        parts.append(n_("digest.activity_reflections", lang, activity.reflections_answered))
    return "  ·  ".join(parts)
