"""Working days inside Slack: the admin section's closing days (add one or a range, remove
one, close 1 May), each change checked again on the server."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.errors import TvaersError
from bot.ids import Admin
from bot.models import utcnow
from bot.services import admin as admin_service
from bot.services import calendar as calendar_service
from bot.services import org
from bot.texts import t
from bot.views import admin as views
from handlers.admin_forms import checked as _checked
from handlers.admin_forms import open_admin_modal as _open
from handlers.admin_forms import refresh_home as _refresh_home
from handlers.admin_forms import state_of as _state
from handlers.admin_forms import submit_admin_form as _submit
from handlers.admin_forms import text_of as _text
from handlers.admin_forms import whole_number as _int
from handlers.context import language as _lang
from handlers.context import workspace_tz as _tz

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


def register(app: App, runtime: Runtime) -> None:
    """Register the closing-days modal and its remove button."""
    app.action(Admin.CLOSING)(open_closing)
    app.action(Admin.CLOSING_REMOVE)(remove_closing)
    app.view(Admin.CLOSING_MODAL)(submit_closing)


def _closing_view(
    session: Session, context: BoltContext, team_id: str, lang: str
) -> dict[str, Any]:
    workspace = org.ensure_workspace(session=session, team_id=team_id)
    today = utcnow().astimezone(ZoneInfo(_tz(session, context))).date()
    return views.closing_modal(
        closing_days=calendar_service.closing_days(session=session, team_id=team_id, since=today),
        may_day_closed=bool(workspace.may_day_closed),
        lang=lang,
    )


def _date(values: dict[str, Any], block_id: str) -> date | None:
    text = str(_state(values, block_id).get("selected_date") or "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def open_closing(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Open the closing days: add one or a range, remove one, toggle 1 May."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        return _closing_view(session, context, team_id, lang)

    _open(ack, body, context, session, client, build)


def submit_closing(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Save a new closing day (when one was filled in) and the 1 May choice."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], _meta: Any, _lang: str) -> None:
        start, end = _date(values, Admin.CLOSING_START), _date(values, Admin.CLOSING_END)
        name = _text(values, Admin.NAME)
        if start or end or name.strip():
            admin_service.add_closing_day(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                start=start,
                end=end,
                name=name,
                now=utcnow(),
            )
        admin_service.set_may_day(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            closed=_checked(values, Admin.MAY_DAY),
        )

    _submit(ack, body, view, context, session, client, apply)


def remove_closing(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Remove one closing day from the open modal, then show the modal and App Home afresh."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    try:
        admin_service.remove_closing_day(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            closure_id=_int(action.get("value")) or -1,
            now=utcnow(),
        )
        fresh = _closing_view(session, context, team_id, lang)
    except TvaersError as error:
        log.info("admin action refused: %s", error.key)
        context["rollback"] = True
        fresh = views.notice_modal(text=t(error.key, lang, **error.values), lang=lang)
    view = body.get("view") or {}
    session.flush()
    client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=fresh)
    _refresh_home(session, client, context, user_id)
