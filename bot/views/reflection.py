"""Block Kit builders for the weekly reflection: the prompt, the reminder, the modal, App Home.

The prompt message is always drawn from the prompt's current state (answered, skipped, paused),
so every change redraws it with chat.update and it never shows stale buttons.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.ids import Reflection, input_action
from bot.models import ReflectionPrompt
from bot.services.reflection import (
    MAX_ANSWER,
    HomeReflection,
    PauseInfo,
    barrier_text,
    has_answer,
)
from bot.services.schedule import CHOOSABLE_TIMES, WORKDAYS, week_number
from bot.slack_text import safe_mrkdwn
from bot.texts import prose_date, t, tn
from bot.views.blocks import button as _button
from bot.views.blocks import input_block
from bot.views.blocks import option as _option
from bot.views.blocks import plain as _plain

QUESTION_KEYS = ("reflection.q1", "reflection.q2", "reflection.q3")
_SHOWN_ANSWER = 600  # characters of each answer shown back in the DM
_SHOWN_IN_HOME = 200


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text[:3000], "verbatim": True}


def format_moment(moment: datetime, lang: str) -> str:
    """ "mandag 7. december kl. 09:00" in the moment's own time zone."""
    return t(
        "reflection.moment",
        lang,
        weekday=t(f"reflection.weekday_{moment.weekday()}", lang),
        day=moment.day,
        month=t(f"reflection.month_{moment.month}", lang),
        time=moment.strftime("%H:%M"),
    )


def _first_name(name: str | None) -> str | None:
    parts = (name or "").split()
    return parts[0] if parts else None


def pause_select(action_id: str, lang: str) -> dict[str, Any]:
    """The pause menu: 2 weeks, 4 weeks, until resumed."""
    return {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": _plain(t("reflection.pause_placeholder", lang)),
        "options": [
            _option(t("reflection.pause_2", lang), "2"),
            _option(t("reflection.pause_4", lang), "4"),
            _option(t("reflection.pause_until", lang), "until"),
        ],
    }


def pause_date_picker(action_id: str, lang: str) -> dict[str, Any]:
    """Pause until a day the manager picks (Slack's datepicker; the day is checked on pick)."""
    return {
        "type": "datepicker",
        "action_id": action_id,
        "placeholder": _plain(t("reflection.pause_date", lang)),
    }


def _pause_line(pause: PauseInfo, lang: str, *, home: bool = False) -> str:
    prefix = "reflection.home_" if home else "reflection."
    if pause.indefinite or pause.next_prompt is None:
        return t(prefix + "paused_forever", lang)
    when = format_moment(pause.next_prompt, lang)
    if pause.until is not None:
        return t(prefix + "paused_to", lang, day=prose_date(pause.until, lang), when=when)
    return t(prefix + "paused_until", lang, when=when)


def _answers_text(prompt: ReflectionPrompt, limit: int) -> list[str]:
    answers = (prompt.answer_need, prompt.answer_barriers, prompt.answer_action)
    return [
        f"*{number}.* {safe_mrkdwn(answer, limit=limit)}"
        for number, answer in enumerate(answers, start=1)
        if answer
    ]


def prompt_message(
    *, prompt: ReflectionPrompt, name: str | None, lang: str, pause: PauseInfo | None
) -> dict[str, Any]:
    """The weekly prompt as it stands: questions, what was answered, and the right buttons."""
    week = week_number(prompt.period)
    first = _first_name(name)
    greeting = (
        t("reflection.greeting", lang, name=safe_mrkdwn(first), week=week)
        if first
        else t("reflection.greeting_anonymous", lang, week=week)
    )
    questions = "\n".join(
        f"*{number}.* {t(key, lang)}" for number, key in enumerate(QUESTION_KEYS, start=1)
    )
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": _mrkdwn(greeting)},
        {"type": "section", "text": _mrkdwn(questions)},
    ]
    answered = has_answer(prompt)
    if answered:
        lines = [t("reflection.answered", lang, week=week), *_answers_text(prompt, _SHOWN_ANSWER)]
        blocks.append({"type": "section", "text": _mrkdwn("\n".join(lines))})
        if prompt.replies:
            saved = tn("reflection.replies_saved", lang, len(prompt.replies))
            blocks.append({"type": "context", "elements": [_mrkdwn(saved)]})
    else:
        blocks.append({"type": "context", "elements": [_mrkdwn(t("reflection.how", lang))]})
        if prompt.skipped_at is not None:
            skipped = t("reflection.skipped", lang, week=week)
            blocks.append({"type": "context", "elements": [_mrkdwn(skipped)]})
    if pause is not None:
        blocks.append({"type": "context", "elements": [_mrkdwn(_pause_line(pause, lang))]})
    value = str(prompt.id)
    buttons: list[dict[str, Any]] = []
    if answered:
        buttons.append(_button(t("reflection.button_edit", lang), Reflection.ANSWER, value))
        if barrier_text(prompt):
            buttons.append(
                _button(t("reflection.button_barrier", lang), Reflection.TO_BARRIER, value)
            )
    else:
        buttons.append(
            _button(t("reflection.button_answer", lang), Reflection.ANSWER, value, "primary")
        )
        if prompt.skipped_at is None:
            buttons.append(_button(t("reflection.button_skip", lang), Reflection.SKIP, value))
    if pause is None:
        buttons.append(pause_select(Reflection.PAUSE, lang))
        buttons.append(pause_date_picker(Reflection.PAUSE_DATE, lang))
    else:
        buttons.append(_button(t("reflection.button_resume", lang), Reflection.RESUME, value))
    blocks.append(
        {"type": "actions", "block_id": f"{Reflection.ACTIONS}_{prompt.id}", "elements": buttons}
    )
    return {"text": t("reflection.fallback", lang, week=week), "blocks": blocks}


def reminder_message(*, prompt: ReflectionPrompt, lang: str) -> dict[str, Any]:
    """The one gentle reminder, posted in the prompt's thread."""
    value = str(prompt.id)
    return {
        "text": t("reflection.reminder_fallback", lang),
        "blocks": [
            {"type": "section", "text": _mrkdwn(t("reflection.reminder", lang))},
            {
                "type": "actions",
                "block_id": f"{Reflection.ACTIONS}_{prompt.id}",
                "elements": [
                    _button(
                        t("reflection.button_answer", lang), Reflection.ANSWER, value, "primary"
                    ),
                    _button(t("reflection.button_skip", lang), Reflection.SKIP, value),
                ],
            },
        ],
    }


def _text_input(
    block_id: str, label: str, initial: str | None, *, hint: str | None = None
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": input_action(block_id),
        "multiline": True,
        "max_length": MAX_ANSWER,
    }
    if initial:
        element["initial_value"] = initial[:MAX_ANSWER]
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label, 2000),
        "optional": True,
        "element": element,
    }
    if hint:
        block["hint"] = _plain(hint, 2000)
    return block


def answer_modal(*, prompt: ReflectionPrompt, lang: str) -> dict[str, Any]:
    """The three questions as optional fields (at least one must be filled), prefilled."""
    week = week_number(prompt.period)
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [_mrkdwn(t("reflection.modal_intro", lang, week=week))]},
        _text_input(Reflection.NEED, t("reflection.q1", lang), prompt.answer_need),
        _text_input(Reflection.BARRIERS, t("reflection.q2", lang), prompt.answer_barriers),
        _text_input(Reflection.ACTION, t("reflection.q3", lang), prompt.answer_action),
        _shareable_input(prompt.shareable, lang),
    ]
    if prompt.replies:
        replies = tn("reflection.modal_replies", lang, len(prompt.replies))
        blocks.append({"type": "context", "elements": [_mrkdwn(replies)]})
    return {
        "type": "modal",
        "callback_id": Reflection.MODAL,
        "title": _plain(t("reflection.modal_title", lang), 24),
        "submit": _plain(t("reflection.modal_submit", lang), 24),
        "close": _plain(t("reflection.modal_close", lang), 24),
        "private_metadata": json.dumps({"prompt_id": prompt.id}),
        "blocks": blocks,
    }


def _shareable_input(shareable: bool, lang: str) -> dict[str, Any]:
    option = _option(t("reflection.shareable_option", lang), "shareable")
    element: dict[str, Any] = {"type": "checkboxes", "options": [option]}
    if shareable:
        element["initial_options"] = [option]
    return input_block(
        Reflection.SHAREABLE, t("reflection.shareable_label", lang), element, optional=True
    )


def dm_notice(text: str) -> dict[str, Any]:
    """A short message in the DM (a refusal or a hint); no buttons."""
    return {"text": text, "blocks": [{"type": "section", "text": _mrkdwn(text)}]}


def home_section(*, home: HomeReflection, lang: str) -> list[dict[str, Any]]:
    """App Home: next prompt, own day and time, pause or resume, and the latest answers."""
    if home.pause is not None:
        status = _pause_line(home.pause, lang, home=True)
    elif home.pending:
        status = t("reflection.home_pending", lang)
    elif home.next_prompt is not None:
        status = t("reflection.home_next", lang, when=format_moment(home.next_prompt, lang))
    else:
        status = t("reflection.home_none", lang)
    title = f"*{t('reflection.home_title', lang)}*"
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": Reflection.HOME, "text": _mrkdwn(f"{title}\n{status}")}
    ]
    days = sorted({*WORKDAYS, home.weekday})
    day_options = [
        _option(t("reflection.day_choice", lang, day=t(f"reflection.weekday_{d}", lang)), str(d))
        for d in days
    ]
    times = sorted({*CHOOSABLE_TIMES, home.at})
    time_options = [_option(t("reflection.time_choice", lang, time=at), at) for at in times]
    controls: list[dict[str, Any]] = [
        {
            "type": "static_select",
            "action_id": Reflection.HOME_DAY,
            "placeholder": _plain(t("reflection.home_day_placeholder", lang)),
            "options": day_options,
            "initial_option": next(o for o in day_options if o["value"] == str(home.weekday)),
        },
        {
            "type": "static_select",
            "action_id": Reflection.HOME_TIME,
            "placeholder": _plain(t("reflection.home_time_placeholder", lang)),
            "options": time_options,
            "initial_option": next(o for o in time_options if o["value"] == home.at),
        },
    ]
    if home.pause is None:
        controls.append(pause_select(Reflection.HOME_PAUSE, lang))
        controls.append(pause_date_picker(Reflection.HOME_PAUSE_DATE, lang))
    else:
        controls.append(
            _button(
                t("reflection.button_resume", lang), Reflection.HOME_RESUME, "resume", "primary"
            )
        )
    if home.custom:
        controls.append(_button(t("reflection.home_reset", lang), Reflection.HOME_RESET, "reset"))
    blocks.append({"type": "actions", "block_id": Reflection.HOME_CONTROLS, "elements": controls})
    hint = t("reflection.home_hint", lang, zone=home.zone)
    blocks.append({"type": "context", "elements": [_mrkdwn(hint)]})
    if not home.recent:
        none = t("reflection.home_recent_none", lang)
        blocks.append({"type": "context", "elements": [_mrkdwn(none)]})
        return blocks
    blocks.append({"type": "section", "text": _mrkdwn(t("reflection.home_recent", lang))})
    for prompt in home.recent:
        week = t("reflection.home_week", lang, week=week_number(prompt.period))
        lines = [f"*{week}*", *_answers_text(prompt, _SHOWN_IN_HOME)]
        lines.extend(
            f"• {safe_mrkdwn(reply.text, limit=_SHOWN_IN_HOME)}" for reply in prompt.replies[:3]
        )
        blocks.append({"type": "context", "elements": [_mrkdwn("\n".join(lines))]})
    return blocks
