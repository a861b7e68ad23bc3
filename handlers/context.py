"""What every listener needs to know about the request beyond its payload."""

from __future__ import annotations

from slack_bolt import BoltContext
from sqlalchemy.orm import Session

from bot.services import org


def language(session: Session, context: BoltContext) -> str:
    """The language the workspace's users see; also kept in the context for the error handler."""
    lang = org.workspace_language(
        session=session, team_id=context.team_id or "", default=context["settings"].language
    )
    context["lang"] = lang
    return lang
