"""A person's own data: `/barriere mine data`, 'Slet mine data', and uninstalling the app."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db import forget_erased
from bot.ids import Privacy
from bot.later import later
from bot.models import Item, utcnow
from bot.services import deliveries, org, privacy
from bot.texts import count_of, t
from bot.views import privacy as views
from handlers.context import language as _lang

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


def register(app: App, runtime: Runtime) -> None:
    """Register the erase button, its confirmation, and the uninstall events."""
    app.action(Privacy.ERASE)(on_erase_button)
    app.view(Privacy.CONFIRM_MODAL)(on_erase_confirmed)
    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)


def send_my_data(
    *, session: Session, client: WebClient, context: BoltContext, user_id: str
) -> dict[str, Any]:
    """Claim the DM of the person's data (JSON and CSV) and hand the upload on to run after
    the answer (several Web API calls); returns the ephemeral answer to show at once."""
    lang = _lang(session, context)
    team_id = context.team_id or ""
    now = utcnow()
    # On the ledger: the command sent twice (or retried by Slack) sends one set of files.
    row_id = deliveries.claim_click(
        session, team_id=team_id, key=f"my-data:{user_id}", kind="my-data", now=now
    )
    if row_id is None:
        return {"response_type": "ephemeral", "text": t("privacy.already_sent", lang)}

    def send(later_session: Session) -> None:
        data = privacy.export_person(session=later_session, team_id=team_id, user_id=user_id)

        def upload() -> None:
            dm = client.conversations_open(users=user_id)["channel"]["id"]
            _upload_my_data(deliveries.post_client(client), dm, data, lang)

        deliveries.run_claimed(later_session, row_id, now=now, work=upload)

    later(context, send)
    return views.sent_message(lang=lang)


def _upload_my_data(client: WebClient, dm: str, data: dict[str, Any], lang: str) -> None:
    client.files_upload_v2(
        channel=dm,
        initial_comment=t(
            "privacy.file_comment",
            lang,
            items=count_of("item", lang, len(data["items"])),
            reflections=count_of("reflection", lang, len(data["reflections"])),
        ),
        file_uploads=[
            {
                "content": json.dumps(data, ensure_ascii=False, indent=2),
                "filename": "tvaers-mine-data.json",
                "title": "Tværs – mine data (JSON)",
            },
            {
                "content": privacy.export_csv(data),
                "filename": "tvaers-mine-data.csv",
                "title": "Tværs – mine data (CSV)",
            },
        ],
    )


def on_erase_button(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Ask for confirmation before erasing anything."""
    ack()
    lang = _lang(session, context)
    items = session.scalar(
        select(func.count())
        .select_from(Item)
        .where(Item.team_id == (context.team_id or ""), Item.author_id == body["user"]["id"])
    )
    client.views_open(
        trigger_id=body["trigger_id"], view=views.confirm_modal(items=int(items or 0), lang=lang)
    )


def on_erase_confirmed(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session
) -> None:
    """Erase the person's reflections and item texts, and show what went."""
    lang = _lang(session, context)
    erased = privacy.erase_person(
        session=session, team_id=context.team_id or "", user_id=body["user"]["id"]
    )
    # Committed here, before the answer, so the text is gone from the files when it says so.
    forget_erased(session, *privacy.ERASED_TABLES)
    log.info("erased a person's data on request: %s", erased.line())
    ack(
        response_action="update",
        view=views.done_modal(
            items=erased.items, reflections=erased.reflections, replies=erased.replies, lang=lang
        ),
    )


def on_uninstalled(context: BoltContext, session: Session) -> None:
    """Stop all work for the workspace at once; its data goes after the grace period."""
    _stop(context, session)
    log.warning("the app was uninstalled from workspace %s", context.team_id)


def on_tokens_revoked(event: dict[str, Any], context: BoltContext, session: Session) -> None:
    """A revoked bot token means the bot can no longer act in the workspace: as uninstalled."""
    if (event.get("tokens") or {}).get("bot"):
        _stop(context, session)
        log.warning("the bot token was revoked in workspace %s", context.team_id)


def _stop(context: BoltContext, session: Session) -> None:
    """Mark the workspace uninstalled and, in OAuth mode, delete its stored tokens for good."""
    team_id = context.team_id or ""
    org.mark_uninstalled(session=session, team_id=team_id)
    runtime: Runtime = context["runtime"]
    if runtime.installations is not None:
        gone = runtime.installations.delete_workspace(session, team_id)
        log.info("deleted %d stored token row(s) of workspace %s", gone, team_id)
