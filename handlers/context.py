"""What every listener needs to know about the request beyond its payload."""

from __future__ import annotations

import logging

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.models import Workspace
from bot.services import org

log = logging.getLogger(__name__)


def language(session: Session, context: BoltContext) -> str:
    """The language the workspace's users see; also kept in the context for the error handler."""
    lang = org.workspace_language(
        session=session, team_id=context.team_id or "", default=context["settings"].language
    )
    context["lang"] = lang
    return lang


def workspace_tz(session: Session, context: BoltContext) -> str:
    """The workspace's time zone, else the configured one."""
    workspace = session.get(Workspace, context.team_id or "")
    return (workspace.timezone if workspace else None) or context["settings"].timezone


def slack_admin(client: WebClient, user_id: str) -> tuple[bool, str | None]:
    """Whether the user administers the Slack workspace, and their name."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        log.info("users.info failed (%s)", exc.response.get("error"))
        return False, None
    is_admin = any(user.get(k) for k in ("is_admin", "is_owner", "is_primary_owner"))
    name = user.get("real_name") or (user.get("profile") or {}).get("real_name")
    return bool(is_admin) and not user.get("is_bot"), name
