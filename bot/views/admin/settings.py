"""The workspace settings: their lines in the admin section, and the settings modal."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.ids import Admin
from bot.models import Workspace
from bot.services.admin import (
    MAX_DECISION_DAYS,
    MAX_REMINDER_DAYS,
    MAX_THRESHOLD,
    MIN_DECISION_DAYS,
    MIN_REMINDER_DAYS,
    MIN_THRESHOLD,
)
from bot.texts import count_of, t
from bot.views.admin.common import channel_ref, channel_select, weekday_name
from bot.views.admin.days import long_date
from bot.views.admin.overview import AdminOverview
from bot.views.blocks import context as _context
from bot.views.blocks import input_block as _input
from bot.views.blocks import modal as _modal
from bot.views.blocks import option as _option


def settings_text(o: AdminOverview, lang: str) -> str:
    """The settings as the admin section lists them: channels, the weekly prompt, privacy."""
    w = o.workspace
    language = w.language or o.default_language
    return "\n".join(
        [
            f"*{t('admin.settings_title', lang)}*",
            t(
                "admin.settings_channels",
                lang,
                digest=channel_ref(w.digest_channel, lang),
                cross=channel_ref(w.cross_unit_channel, lang),
            ),
            t(
                "admin.settings_prompt",
                lang,
                day=weekday_name(w.prompt_weekday, lang),
                time=w.prompt_time,
                days=_days(w.reminder_days, lang),
            ),
            t(
                "admin.settings_privacy",
                lang,
                threshold=count_of("manager", lang, w.anonymity_threshold),
                language=t(f"admin.lang.{language}", lang),
            ),
        ]
    )


def first_digest_text(o: AdminOverview, lang: str) -> str | None:
    """When the first monthly digest comes, or why none is due yet; None when nothing to say."""
    if not o.workspace.digest_channel:
        return None  # the checklist asks for the channel first
    if o.no_data_yet:
        return t("admin.first_digest_no_data", lang)
    if o.first_digest is None:
        return None
    day = o.first_digest.astimezone(ZoneInfo(o.tz)).date()
    return t("admin.first_digest", lang, date=long_date(day, lang))


def _days(count: int, lang: str) -> str:
    return count_of("day", lang, count)


def _number_input(initial: int, low: int, high: int) -> dict[str, Any]:
    return {
        "type": "number_input",
        "is_decimal_allowed": False,
        "min_value": str(low),
        "max_value": str(high),
        "initial_value": str(initial),
    }


def settings_modal(
    *, workspace: Workspace, default_language: str, lang: str, default_decision_days: int = 14
) -> dict[str, Any]:
    """The workspace settings: channels, weekly prompt default, reminder, anonymity, language."""
    days = [_option(weekday_name(d, lang), str(d)) for d in range(7)]
    languages = [_option(t(f"admin.lang.{code}", lang), code) for code in ("da", "en")]
    language = workspace.language or default_language
    blocks = [
        _input(
            Admin.DIGEST_CHANNEL,
            t("admin.digest_channel_label", lang),
            channel_select(workspace.digest_channel, lang),
            optional=True,
            hint=t("admin.digest_channel_hint", lang),
        ),
        _input(
            Admin.CROSS_CHANNEL,
            t("admin.cross_channel_label", lang),
            channel_select(workspace.cross_unit_channel, lang),
            optional=True,
            hint=t("admin.cross_channel_hint", lang),
        ),
        _input(
            Admin.WEEKDAY,
            t("admin.weekday_label", lang),
            {
                "type": "static_select",
                "options": days,
                "initial_option": days[workspace.prompt_weekday % 7],
            },
            hint=t("admin.weekday_hint", lang),
        ),
        _input(
            Admin.TIME,
            t("admin.time_label", lang),
            {"type": "timepicker", "initial_time": workspace.prompt_time or "09:00"},
        ),
        _input(
            Admin.REMINDER_DAYS,
            t("admin.reminder_label", lang),
            _number_input(workspace.reminder_days, MIN_REMINDER_DAYS, MAX_REMINDER_DAYS),
            hint=t("admin.reminder_hint", lang),
        ),
        _input(
            Admin.THRESHOLD,
            t("admin.threshold_label", lang),
            _number_input(workspace.anonymity_threshold, MIN_THRESHOLD, MAX_THRESHOLD),
            hint=t("admin.threshold_hint", lang),
        ),
        _input(
            Admin.DECISION_DAYS,
            t("admin.decision_days_label", lang),
            _number_input(
                workspace.decision_reminder_days or default_decision_days,
                MIN_DECISION_DAYS,
                MAX_DECISION_DAYS,
            ),
            hint=t("admin.decision_days_hint", lang),
        ),
        _input(
            Admin.LANGUAGE,
            t("admin.language_label", lang),
            {
                "type": "radio_buttons",
                "options": languages,
                "initial_option": next(o for o in languages if o["value"] == language),
            },
        ),
        _context(t("admin.settings_area_hint", lang)),
    ]
    return _modal(
        Admin.SETTINGS_MODAL,
        t("admin.settings_title", lang),
        blocks,
        lang,
        submit=t("admin.save", lang),
    )
