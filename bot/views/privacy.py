"""Block Kit builders for a person's own data."""

from __future__ import annotations

from typing import Any

from bot.ids import Privacy
from bot.texts import count_of, t


def sent_message(*, lang: str) -> dict[str, Any]:
    """The ephemeral answer to `/barriere mine data`, with the erase button."""
    text = t("privacy.sent", lang)
    return {
        "response_type": "ephemeral",
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "actions",
                "block_id": Privacy.ACTIONS,
                "elements": [
                    {
                        "type": "button",
                        "action_id": Privacy.ERASE,
                        "text": {"type": "plain_text", "text": t("privacy.erase_button", lang)},
                        "style": "danger",
                        "value": "erase",
                    }
                ],
            },
        ],
    }


def confirm_modal(*, items: int, lang: str) -> dict[str, Any]:
    """The confirmation before anything is erased."""
    return {
        "type": "modal",
        "callback_id": Privacy.CONFIRM_MODAL,
        "title": {"type": "plain_text", "text": t("privacy.confirm_title", lang)[:24]},
        "submit": {"type": "plain_text", "text": t("privacy.confirm_submit", lang)[:24]},
        "close": {"type": "plain_text", "text": t("modal.close", lang)[:24]},
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": t("privacy.confirm_text", lang, items=count_of("item", lang, items)),
                },
            }
        ],
    }


def done_modal(*, items: int, reflections: int, replies: int, lang: str) -> dict[str, Any]:
    """What was erased, shown in place of the confirmation."""
    text = t(
        "privacy.done",
        lang,
        items=count_of("item", lang, items),
        reflections=count_of("reflection", lang, reflections),
        replies=count_of("message", lang, replies),
    )
    return {
        "type": "modal",
        "callback_id": Privacy.DONE_MODAL,
        "title": {"type": "plain_text", "text": t("privacy.done_title", lang)[:24]},
        "close": {"type": "plain_text", "text": "OK"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
