"""Block Kit builders for an indicator fed from Danmarks Statistik's Statistikbank, in two steps:
the table (and an optional table to divide by), then its variables' values to pick from, as
`tableinfo` gives them, with a preview of the latest values before anything is saved.

Pure functions from what the handler loaded to view dicts; nothing here touches the database,
Slack or Statistikbanken.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot.ids import Admin
from bot.models import Indicator
from bot.slack_text import safe_mrkdwn
from bot.statbank import TableInfo, Variable
from bot.texts import t
from bot.views.blocks import button as _button
from bot.views.blocks import context as _context
from bot.views.blocks import input_block as _input
from bot.views.blocks import modal as _modal
from bot.views.blocks import option as _option
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.blocks import text_input as _text_input
from bot.views.effect import period_label

# Slack: at most 100 options in a select, or 100 option groups of at most 100 options each.
MAX_OPTIONS = 100
# Codes that stand for a whole variable in Statistikbanken's tables ("I alt").
_TOTALS = frozenset({"TOT", "IALT", "TOTAL", "I ALT"})
AREA = "område"

Chosen = Mapping[str, Sequence[str]]


def value_block(part: int, index: int) -> str:
    """The input block of the `index`th variable of the numerator (part 0) or denominator (1)."""
    return f"{Admin.SOURCE_VALUE}_{part}_{index}"


def codes_block(part: int) -> str:
    """The free-text codes input of the numerator (part 0) or denominator (1)."""
    return f"{Admin.SOURCE_CODES}_{part}"


# Slack keeps at most 3,000 characters of a view's private_metadata.
MAX_METADATA = 3000


def choosable(info: TableInfo) -> list[Variable]:
    """The variables an admin picks values for (every one but time)."""
    return [v for v in info.variables if not v.time]


def is_area(variable: Variable) -> bool:
    """The municipality variable (OMRÅDE), whose values are compared."""
    return variable.id.casefold() == AREA


def default_codes(variable: Variable, *, area_codes: Sequence[str] = ()) -> list[str]:
    """What a new source starts with for `variable`: its only value, the municipality already
    used by the workspace's other sources, or the value that stands for the whole variable."""
    if len(variable.values) == 1:
        return [variable.values[0][0]]
    if is_area(variable):
        return [code for code in area_codes if variable.has(code)]
    for code, text in variable.values:
        if code.upper() in _TOTALS or text.casefold() in ("i alt", "alder i alt", "total", "alle"):
            return [code]
    return []


def _chosen_for(chosen: Chosen, variable: str) -> Sequence[str]:
    """The codes chosen for `variable` (ids compared as the API does, whatever their case)."""
    return next(
        (codes for name, codes in chosen.items() if name.casefold() == variable.casefold()), ()
    )


def _label(code: str, text: str) -> str:
    """'Odense (461)'; a long text is cut before its code, so two values never look alike."""
    if text == code:
        return code[:75]
    room = 75 - len(code) - 3
    shown = text if len(text) <= room else text[: max(room - 1, 1)] + "…"
    return f"{shown} ({code})"


def _first(group: list[dict[str, Any]]) -> str:
    return str(group[0]["text"]["text"])


def _select(values: Sequence[tuple[str, str]], chosen: Sequence[str], lang: str) -> dict[str, Any]:
    options = [_option(_label(code, text), code) for code, text in values]
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "placeholder": _plain(t("statbank.value_placeholder", lang), 150),
    }
    if len(options) <= MAX_OPTIONS:
        element["options"] = options
    else:
        groups = [options[i : i + MAX_OPTIONS] for i in range(0, len(options), MAX_OPTIONS)]
        element["option_groups"] = [
            {
                "label": _plain(
                    f"{group[0]['text']['text'][:30]} – {group[-1]['text']['text']}", 75
                ),
                "options": group,
            }
            for group in groups[:MAX_OPTIONS]
        ]
        options = [o for group in groups[:MAX_OPTIONS] for o in group]
    wanted = set(chosen)
    initial = [o for o in options if o["value"] in wanted]
    if initial:
        element["initial_options"] = initial
    return element


def notice_block(text: str) -> dict[str, Any]:
    """A line of notice in the form (a preview, or why there is none)."""
    return _section(text)


def table_modal(
    *,
    indicator: Indicator,
    table: str | None,
    per: str | None,
    lang: str,
    notice: str | None = None,
    kept: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Step 1: the table to fetch from, and optionally one to divide by (a share in percent).

    `kept` is what step 2 held when the admin went back (tables, picks, typed codes, areas to
    compare): the same table chosen again opens with them. Left out when it does not fit in the
    form's metadata."""
    blocks: list[dict[str, Any]] = [
        _section(t("statbank.modal_intro", lang, name=safe_mrkdwn(indicator.name))),
    ]
    if notice:
        blocks.append(_section(notice))
    blocks += [
        _input(
            Admin.SOURCE_TABLE,
            t("statbank.modal_table", lang),
            _text_input(table, max_length=20),
            hint=t("statbank.modal_table_hint", lang),
        ),
        _input(
            Admin.SOURCE_PER,
            t("statbank.modal_per", lang),
            _text_input(per, max_length=20),
            optional=True,
            hint=t("statbank.modal_per_hint", lang),
        ),
    ]
    return _modal(
        Admin.SOURCE_MODAL,
        t("statbank.modal_title", lang),
        blocks,
        lang,
        metadata=_table_metadata(indicator, kept),
        submit=t("statbank.next", lang),
    )


def _table_metadata(indicator: Indicator, kept: Mapping[str, Any] | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"indicator_id": indicator.id, "step": "table"}
    if kept and len(json.dumps({**meta, "kept": kept})) <= MAX_METADATA:
        meta["kept"] = dict(kept)
    return meta


def _table_head(info: TableInfo, *, part: int, lang: str) -> list[dict[str, Any]]:
    key = "statbank.values_table" if part == 0 else "statbank.values_per"
    head = [_section(t(key, lang, table=info.id, text=safe_mrkdwn(info.text)))]
    time = info.time
    if time is not None and time.values:
        head.append(
            _context(
                t(
                    "statbank.values_periods",
                    lang,
                    unit=safe_mrkdwn(info.unit or "–"),
                    first=period_label(time.values[0][0], lang),
                    last=period_label(time.values[-1][0], lang),
                )
            )
        )
    return head


def values_modal(
    *,
    indicator: Indicator,
    infos: Sequence[TableInfo],
    chosen: Sequence[Chosen],
    codes: Sequence[str] = ("", ""),
    comparison: Sequence[str] = (),
    lang: str,
    preview: str | None = None,
) -> dict[str, Any]:
    """Step 2: every variable's values to pick (several are summed), free-text codes for ranges,
    the areas to compare with, a preview button; saved only when sent."""
    blocks: list[dict[str, Any]] = [
        _section(t("statbank.values_intro", lang, name=safe_mrkdwn(indicator.name)))
    ]
    variables: list[list[str]] = []
    for part, info in enumerate(infos):
        blocks += _table_head(info, part=part, lang=lang)
        names = []
        for index, variable in enumerate(choosable(info)):
            names.append(variable.id)
            picked = _chosen_for(chosen[part] if part < len(chosen) else {}, variable.id)
            blocks.append(
                _input(
                    value_block(part, index),
                    variable.text[:1].upper() + variable.text[1:] + f" ({variable.id})",
                    _select(variable.values, picked, lang),
                    optional=True,
                    hint=t("statbank.value_hint", lang),
                )
            )
        variables.append(names)
        blocks.append(
            _input(
                codes_block(part),
                t("statbank.codes_label", lang, table=info.id),
                _text_input(codes[part] if part < len(codes) else None, max_length=2000),
                optional=True,
                hint=t("statbank.codes_hint", lang),
            )
        )
    area = next((v for v in choosable(infos[0]) if is_area(v)), None)
    if area is not None:
        blocks.append(
            _input(
                Admin.SOURCE_COMPARE,
                t("statbank.modal_compare", lang),
                _select(area.values, comparison, lang),
                optional=True,
                hint=t("statbank.modal_compare_hint", lang),
            )
        )
    if preview:
        blocks.append({**notice_block(preview), "block_id": Admin.SOURCE_NOTICE})
    blocks.append(
        {
            "type": "actions",
            "block_id": Admin.SOURCE_ACTIONS,
            "elements": [
                _button(t("statbank.preview_button", lang), Admin.SOURCE_PREVIEW, "preview"),
                _button(t("statbank.back_button", lang), Admin.SOURCE_BACK, "back"),
            ],
        }
    )
    meta = {
        "indicator_id": indicator.id,
        "step": "values",
        "tables": [info.id for info in infos],
        "variables": variables,
    }
    return _modal(
        Admin.SOURCE_MODAL,
        t("statbank.modal_title", lang),
        blocks,
        lang,
        metadata=meta,
        submit=t("admin.save", lang),
    )


def saved_modal(
    *, indicator: Indicator, tables: Sequence[str], latest: str | None, lang: str
) -> dict[str, Any]:
    """After saving: what was connected, and the latest values the daily sync will store (or
    that they come with the next fetch, when Statistikbanken did not send them now)."""
    names = " / ".join(dict.fromkeys(tables))
    name = safe_mrkdwn(indicator.name)
    if latest is None:
        text = t("statbank.saved_later", lang, name=name, tables=names)
    else:
        text = t("statbank.saved", lang, name=name, tables=names, values=latest)
    return _modal(Admin.SOURCE_MODAL, t("statbank.modal_title", lang), [_section(text)], lang)
