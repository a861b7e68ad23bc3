"""What every listener needs to know about the request beyond its payload."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.models import Item, Workspace
from bot.services import decisions, org
from bot.texts import t
from bot.views import decisions as decision_views

log = logging.getLogger(__name__)


def item_notes(
    session: Session, context: BoltContext, items: Sequence[Item], lang: str
) -> dict[int, list[str]]:
    """Lines under each item in a list: the thread it is discussed in, and where it stands
    with the directors (waiting since, or the decision that counts)."""
    team_id = context.team_id or ""
    tz = workspace_tz(session, context)
    found: dict[int, list[str]] = {}
    ids = [item.id for item in items]
    for item_id, channel in decisions.threads_of(
        session=session, team_id=team_id, item_ids=ids
    ).items():
        found.setdefault(item_id, []).append(t("item.thread", lang, channel=f"<#{channel}>"))
    by_item = {item.id: item for item in items}
    standings = decisions.standings(session=session, team_id=team_id, items=list(items))
    for item_id, standing in standings.items():
        escalated_at = by_item[item_id].escalated_at or standing.escalation.raised_at
        line = decision_views.standing_line(
            escalated_at=escalated_at, decision=standing.decision, tz=tz, lang=lang
        )
        found.setdefault(item_id, []).append(line)
    return found


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
