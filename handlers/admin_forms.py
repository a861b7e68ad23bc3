"""The admins' forms in App Home, shared plumbing: read a submitted form's values, open a modal
for an admin only, apply a change with field errors in Danish, refresh App Home.

Every action and every submission checks again, on the server, that the user is an active
admin (the services check too): a payload crafted by anyone else changes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.errors import TvaersError
from bot.ids import Admin, input_action
from bot.later import later
from bot.services import admin as admin_service
from bot.texts import t
from bot.views import admin as views
from handlers import home
from handlers.context import language as _lang

log = logging.getLogger(__name__)

# Which modal input shows an InputError about each service field (if the modal has it).
FIELD_BLOCKS = {
    "table": Admin.SOURCE_TABLE,
    "digest_channel": Admin.DIGEST_CHANNEL,
    "cross_unit_channel": Admin.CROSS_CHANNEL,
    "prompt_weekday": Admin.WEEKDAY,
    "prompt_time": Admin.TIME,
    "reminder_days": Admin.REMINDER_DAYS,
    "anonymity_threshold": Admin.THRESHOLD,
    "decision_reminder_days": Admin.DECISION_DAYS,
    "language": Admin.LANGUAGE,
    "name": Admin.NAME,
    "channel": Admin.CHANNEL,
    "area": Admin.AREA,
    "usergroup": Admin.USERGROUP,
    "merge_into": Admin.MERGE_INTO,
    "unit": Admin.UNIT,
    "role": Admin.ROLE,
    "title": Admin.TITLE,
    "description": Admin.DESCRIPTION,
    "indicator_name": Admin.INDICATOR_NAME,
    "measure_unit": Admin.MEASURE_UNIT,
    "target": Admin.TARGET,
    "retire": Admin.RETIRE,
    "start": Admin.CLOSING_START,
    "end": Admin.CLOSING_END,
}


def whole_number(value: Any) -> int | None:
    """A whole number typed or chosen in a form (ASCII digits only), else None."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def whole_or_refused(value: Any) -> int:
    """A whole number from a form, or -1 (which every range check refuses)."""
    number = whole_number(value)
    return -1 if number is None else number


def state_of(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return dict(values.get(block_id, {}).get(input_action(block_id), {}))


def selected(values: dict[str, Any], block_id: str) -> str | None:
    option = state_of(values, block_id).get("selected_option") or {}
    value = option.get("value")
    return str(value) if value is not None else None


def text_of(values: dict[str, Any], block_id: str) -> str:
    return str(state_of(values, block_id).get("value") or "")


def checked(values: dict[str, Any], block_id: str) -> bool:
    return bool(state_of(values, block_id).get("selected_options"))


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def meta_id(meta: dict[str, Any], key: str) -> int | None:
    """An id from the form's metadata; None when absent, -1 (found nowhere) when tampered with."""
    value = meta.get(key)
    if value is None:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def open_admin_modal(
    ack: Ack,
    body: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    build: Callable[[str, str, str], dict[str, Any]],
    *,
    push: bool = False,
) -> None:
    """Open (or push) an admin modal for an admin; anyone else sees why not, nothing changes."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    try:
        admin_service.require_admin(session=session, team_id=team_id, user_id=user_id)
        view = build(team_id, user_id, lang)
    except TvaersError as error:
        log.info("admin action refused: %s", error.key)
        context["rollback"] = True
        view = views.notice_modal(text=t(error.key, lang, **error.values), lang=lang)
    if push:
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_admin_form(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    apply: Callable[[str, str, dict[str, Any], dict[str, Any], str], None],
    *,
    clear: bool = False,
) -> None:
    """Re-check the admin, apply the change, answer with field errors, then refresh App Home."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    values = view["state"]["values"]
    try:
        admin_service.require_admin(session=session, team_id=team_id, user_id=user_id)
        apply(team_id, user_id, values, metadata(view), lang)
    except TvaersError as error:
        log.info("admin change refused: %s", error.key)
        context["rollback"] = True
        block = error_block(view, str(error.values.get("field")))
        ack(response_action="errors", errors={block: t(error.key, lang, **error.values)})
        return
    if clear:
        ack(response_action="clear")
    else:
        ack()
    refresh_home(session, client, context, user_id)


def refresh_home(session: Session, client: WebClient, context: BoltContext, user_id: str) -> None:
    """Show the change in App Home after the answer; if Slack refuses, the change stands."""
    session.flush()

    def publish(later_session: Session) -> None:
        try:
            home.publish_home(
                session=later_session, client=client, context=context, user_id=user_id
            )
        except SlackApiError as exc:
            log.warning(
                "could not refresh App Home after an admin change (%s)", exc.response.get("error")
            )

    later(context, publish)


def error_block(view: dict[str, Any], field: str) -> str:
    inputs = [b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"]
    wanted = FIELD_BLOCKS.get(field)
    if wanted in inputs:
        return str(wanted)
    return str(inputs[0]) if inputs else str(Admin.NAME)
