"""App Home: each indicator with its latest values, and the form to record one."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.ids import Digest as DigestIds
from bot.ids import input_action
from bot.services.effect import IndicatorStatus
from bot.slack_text import safe_mrkdwn
from bot.texts import t
from bot.views.blocks import plain as _plain
from bot.views.digest.format import _context, _section, _with_unit, month_label

MAX_HOME_INDICATORS = 20  # App Home holds 100 blocks, shared with the other sections


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
