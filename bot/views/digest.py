"""The monthly digest as Block Kit, its CSV export, and the App Home effect form.

Pure functions of the service's dataclasses: no database, no Slack calls. A digest message stays
within Slack's 50 blocks and its text limits; long lists end with "… og N mere" and the full
list is in the export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.csv_cells import formula_safe
from bot.ids import Digest as DigestIds
from bot.ids import input_action
from bot.services.digest import (
    Digest,
    ExportRow,
    GoalEffect,
    IndicatorEffect,
    NeedsItem,
    ParticipationGroup,
    ReflectionSummary,
)
from bot.services.effect import IndicatorStatus, shift_month
from bot.slack_text import one_line, quoted, safe_mrkdwn, truncate
from bot.texts import count_of, is_percent, points, prose_date, t, tn
from bot.views.barrier import KIND_EMOJI
from bot.views.blocks import plain as _plain
from bot.views.effect import period_label

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FALLBACK_TEXT = 3000
MAX_HOME_INDICATORS = 20  # App Home holds 100 blocks, shared with the other sections
MARKS = {"better": ":large_green_circle:", "worse": ":red_circle:", "same": ":white_circle:"}


# -- formatting ----------------------------------------------------------------------------------


def fmt_number(value: float, lang: str) -> str:
    """A number as people read it: '1.234,5' in Danish, '1,234.5' in English, no stray zeros."""
    if round(value, 2) == 0:
        return "0"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−")


def fmt_share(share: float, lang: str) -> str:
    """A share 0–1 as a whole percentage."""
    percent = round(share * 100)
    return f"{percent} %" if lang == "da" else f"{percent}%"


def month_name(month: str, lang: str) -> str:
    """'2026-11' -> 'november' (the month alone)."""
    return t(f"digest.month_{int(month[5:7])}", lang)


def month_label(month: str, lang: str) -> str:
    """'2026-11' -> 'november 2026'."""
    return t("digest.month_year", lang, month=month_name(month, lang), year=month[:4])


def fmt_date(moment: datetime, tz: str, lang: str = "da") -> str:
    """A day in running text, in the workspace's time zone: "3. november 2026"."""
    return prose_date(moment.astimezone(ZoneInfo(tz)).date(), lang)


def _with_unit(value: float, unit: str, lang: str) -> str:
    number = fmt_number(value, lang)
    return f"{number} {unit}".strip() if unit not in ("%",) else f"{number} %"


def fmt_change(change: float, unit: str, lang: str) -> str:
    """The size of a change (no sign): a percentage moves in points ("0,9 procentpoint")."""
    number = fmt_number(abs(change), lang)
    return points(number, change, lang) if is_percent(unit) else number


def n_(key: str, lang: str, count: int, **values: Any) -> str:
    """The text for a count, by the language's plural rules (see `bot.texts.tn`)."""
    return tn(key, lang, count, **values)


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(truncate(text, MAX_SECTION_TEXT)), **extra}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [_mrkdwn(truncate(text, MAX_SECTION_TEXT))]}


# -- the digest ----------------------------------------------------------------------------------


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


def _effect_blocks(effect: Sequence[GoalEffect], month: str, lang: str) -> list[dict[str, Any]]:
    if not effect:
        return [_context(t("digest.effect_no_goals", lang))]
    blocks = []
    for goal in effect:
        lines = [f"*{safe_mrkdwn(goal.title, limit=200)}*"]
        lines += [_indicator_line(indicator, month, lang) for indicator in goal.indicators]
        blocks.append(_section("\n".join(lines)))
    if not any(i.value is not None for goal in effect for i in goal.indicators):
        blocks.append(_context(t("digest.effect_no_values", lang)))
    return blocks


def period_of(month: str, step: int, lang: str) -> str:
    """A month, quarter or year as people say it: 'november 2026', '3. kvt. 2026', '2026'."""
    if step == 3:
        return period_label(f"{month[:4]}K{(int(month[5:7]) + 2) // 3}", lang)
    if step == 12:
        return month[:4]
    return month_label(month, lang)


def _indicator_line(indicator: IndicatorEffect, month: str, lang: str) -> str:
    """One indicator: value, change since the period before and last year, and the target;
    a figure from Danmarks Statistik names its table and period."""
    name = safe_mrkdwn(indicator.name, limit=200)
    unit = safe_mrkdwn(indicator.measure_unit, limit=50)
    if indicator.value is None or indicator.month is None:
        return f"• {name}: _{t('digest.effect_none', lang)}_"
    value = _with_unit(indicator.value, unit, lang)
    step = indicator.step
    if indicator.stale:
        shown = period_of(indicator.month, step, lang) + " – " + t("statbank.stale", lang)
        parts = [t("digest.effect_value_old", lang, value=value, month=shown)]
    elif indicator.month == month and step == 1:
        parts = [t("digest.effect_value", lang, value=value)]
    else:
        shown = period_of(indicator.month, step, lang)
        parts = [t("digest.effect_value_old", lang, value=value, month=shown)]
    for key, change, then in (
        ("digest.effect_vs_month", indicator.change_month, shift_month(indicator.month, -step)),
        ("digest.effect_vs_year", indicator.change_year, shift_month(indicator.month, -12)),
    ):
        verdict = indicator.verdict(change)
        if change is None or verdict is None or (key.endswith("year") and step == 12):
            continue
        if step == 1:
            then_label = (
                month_name(then, lang)
                if then[:4] == indicator.month[:4]
                else month_label(then, lang)
            )
        else:
            then_label = period_of(then, step, lang)
        parts.append(
            t(
                key,
                lang,
                arrow="↑" if change > 0 else "↓" if change < 0 else "→",
                change=fmt_change(change, unit, lang),
                month=then_label,
                mark=MARKS[verdict],
                verdict=t(f"digest.verdict.{verdict}", lang),
            )
        )
    gap = indicator.to_target
    if gap is not None and indicator.target is not None:
        target = _with_unit(indicator.target, unit, lang)
        if gap > 0:
            parts.append(
                t("digest.effect_target_left", lang, gap=fmt_change(gap, unit, lang), target=target)
            )
        else:
            parts.append(t("digest.effect_target_met", lang, target=target))
    for key in ("000", "group"):
        other = indicator.compared(key)
        if other is None:
            continue
        own = indicator.value
        verdict = (
            "same"
            if round(own - other, 6) == 0
            else "better"
            if (own > other) == indicator.higher_is_better
            else "worse"
        )
        parts.append(
            t(
                f"statbank.compare_{key}",
                lang,
                value=fmt_number(other, lang),
                verdict=t(f"statbank.compare_{verdict}", lang),
            )
        )
    line = f"• {name}: " + "  ·  ".join(parts)
    if indicator.tables:
        period = indicator.period or indicator.month
        label = period_label(period, lang) if indicator.period else period_of(period, step, lang)
        source = t("statbank.source_line", lang, tables=_and(indicator.tables, lang), period=label)
        line += f"\n   _{source}_"
    return line


def _and(tables: Sequence[str], lang: str) -> str:
    return (" og " if lang == "da" else " and ").join(tables)


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


# -- the export ----------------------------------------------------------------------------------

_EXPORT_COLUMNS = (
    "id",
    "created",
    "kind",
    "status",
    "level",
    "goal",
    "units",
    "author",
    "text",
    "situation",
    "note",
    "escalated",
    "closed",
    "sections",
)


def _cell(value: str) -> str:
    return formula_safe(value)


def export_csv(rows: Sequence[ExportRow], *, lang: str, tz: str) -> bytes:
    """The month's items as CSV for a spreadsheet: UTF-8 with BOM, semicolons, one row each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"export.{column}", lang) for column in _EXPORT_COLUMNS])

    def day(moment: datetime | None) -> str:
        return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d") if moment else ""

    for row in rows:
        author = t("export.anonymous", lang) if row.anonymous else (row.author_name or "")
        cells = [
            str(row.item_id),
            day(row.created_at),
            t(f"kind.{row.kind}", lang),
            t(f"status.{row.status}", lang),
            t(f"level.{row.level}", lang) if row.level else "",
            row.goal or "",
            ", ".join(row.units),
            author,
            row.text,
            row.citizen_situation or "",
            row.resolution_note or "",
            day(row.escalated_at),
            day(row.closed_at),
            ", ".join(t(f"export.section.{s}", lang) for s in row.sections),
        ]
        writer.writerow([_cell(cell) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# -- App Home: recording effect values -----------------------------------------------------------


def _latest(values: Sequence[tuple[str, float]], unit: str, lang: str) -> str:
    return ", ".join(
        f"{_with_unit(value, unit, lang)} ({month_label(month, lang)})" for month, value in values
    )


def _target(status: IndicatorStatus, key: str, unit: str, lang: str) -> str:
    if status.target is None:
        return ""
    return t(key, lang, target=_with_unit(status.target, unit, lang))


def effect_home_section(*, statuses: Sequence[IndicatorStatus], lang: str) -> list[dict[str, Any]]:
    """Directors and admins: each indicator with its latest values and a button to record one."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "block_id": DigestIds.HOME,
            "text": _plain(t("effect.home_title", lang)),
        },
        _context(t("effect.home_intro", lang)),
    ]
    if not statuses:
        blocks.append(_section(t("effect.home_none", lang)))
        return blocks
    for status in statuses[:MAX_HOME_INDICATORS]:
        unit = safe_mrkdwn(status.measure_unit, limit=50)
        latest = (
            t("effect.home_latest", lang, values=_latest(status.latest, unit, lang))
            if status.latest
            else t("effect.home_no_values", lang)
        )
        text = t(
            "effect.home_line",
            lang,
            goal=safe_mrkdwn(status.goal_title, limit=200),
            indicator=safe_mrkdwn(status.name, limit=200),
            unit=unit,
            target=_target(status, "effect.home_target", unit, lang),
            latest=latest,
        )
        blocks.append(
            _section(
                text,
                block_id=f"{DigestIds.VALUE_OPEN}_{status.indicator_id}",
                accessory={
                    "type": "button",
                    "text": _plain(t("effect.home_button", lang), 75),
                    "action_id": DigestIds.VALUE_OPEN,
                    "value": str(status.indicator_id),
                },
            )
        )
    if len(statuses) > MAX_HOME_INDICATORS:
        more = len(statuses) - MAX_HOME_INDICATORS
        blocks.append(_context(t("digest.more", lang, count=more) + " – `import-effect`"))
    # The buttons above record a value; the file is for many at once, after them.
    blocks.append(_context(t("effect.home_file", lang)))
    return blocks


def value_modal(
    *, status: IndicatorStatus, months: Sequence[str], default_month: str, lang: str
) -> dict[str, Any]:
    """The small form for one indicator: which month, and the value."""
    unit = safe_mrkdwn(status.measure_unit, limit=50)
    direction = t(
        "effect.direction_up" if status.higher_is_better else "effect.direction_down", lang
    )
    about = t(
        "effect.modal_about",
        lang,
        goal=safe_mrkdwn(status.goal_title, limit=200),
        indicator=safe_mrkdwn(status.name, limit=200),
        unit=unit,
        target=_target(status, "effect.home_target", unit, lang),
        direction=direction,
    )
    blocks: list[dict[str, Any]] = [_section(about)]
    if status.latest:
        blocks.append(
            _context(t("effect.modal_latest", lang, values=_latest(status.latest, unit, lang)))
        )
    options = [{"text": _plain(month_label(m, lang), 75), "value": m} for m in months]
    initial = next((o for o in options if o["value"] == default_month), options[0])
    blocks.append(
        {
            "type": "input",
            "block_id": DigestIds.VALUE_MONTH,
            "label": _plain(t("effect.month_label", lang)),
            "element": {
                "type": "static_select",
                "action_id": input_action(DigestIds.VALUE_MONTH),
                "options": options,
                "initial_option": initial,
            },
        }
    )
    blocks.append(
        {
            "type": "input",
            "block_id": DigestIds.VALUE,
            "label": _plain(t("effect.value_label", lang)),
            "hint": _plain(t("effect.value_hint", lang, unit=status.measure_unit), 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": input_action(DigestIds.VALUE),
                "max_length": 40,
                "placeholder": _plain(t("effect.value_placeholder", lang)),
            },
        }
    )
    return {
        "type": "modal",
        "callback_id": DigestIds.VALUE_MODAL,
        "title": _plain(t("effect.modal_title", lang), 24),
        "submit": _plain(t("effect.modal_submit", lang), 24),
        "close": _plain(t("effect.modal_close", lang), 24),
        "private_metadata": json.dumps({"indicator_id": status.indicator_id}),
        "blocks": blocks,
    }


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
