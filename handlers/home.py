"""App Home: what the bot knows about you, and what it does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.models import ItemStatus, Role
from bot.services import items as item_service
from bot.services import org
from bot.views.barrier import MAX_LISTED, home_section
from bot.views.home import build_home

if TYPE_CHECKING:
    from bot.app import Runtime


def register(app: App, runtime: Runtime) -> None:
    """Publish the home tab whenever someone opens it."""
    app.event("app_home_opened")(on_home_opened)
    # The messages tab also sends app_home_opened (tab == "messages"); that is handled above.


def on_home_opened(
    event: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Render and publish the App Home for the user who opened it."""
    if event.get("tab", "home") != "home":
        return
    publish_home(session=session, client=client, context=context, user_id=event["user"])


def publish_home(
    *, session: Session, client: WebClient, context: BoltContext, user_id: str
) -> None:
    """Build the user's App Home from the database and publish it."""
    team_id = context.team_id or ""
    settings = context["settings"]
    workspace = org.ensure_workspace(session=session, team_id=team_id)
    lang = workspace.language or settings.language
    context["lang"] = lang
    person = org.describe_user(session=session, team_id=team_id, user_id=user_id)
    goals = org.active_goals(session=session, team_id=team_id)
    sections = [_items_section(session, team_id, person, lang)]
    view = build_home(person=person, goals=goals, lang=lang, sections=sections)
    client.views_publish(user_id=user_id, view=view)


def _items_section(
    session: Session, team_id: str, person: org.PersonView, lang: str
) -> list[dict[str, Any]]:
    """The user's own items; admins also see items from people with no unit."""
    user_id = person.user_id
    open_items = item_service.items_of(
        session=session,
        team_id=team_id,
        author_id=user_id,
        statuses=item_service.OPEN_STATUSES,
        limit=MAX_LISTED,
    )
    total = item_service.count_items_of(
        session=session, team_id=team_id, author_id=user_id, statuses=item_service.OPEN_STATUSES
    )
    resolved = item_service.items_of(
        session=session,
        team_id=team_id,
        author_id=user_id,
        statuses=[ItemStatus.RESOLVED.value],
        limit=5,
    )
    is_admin = person.known and person.active and person.role == Role.ADMIN.value
    unplaced = item_service.items_without_unit(session=session, team_id=team_id) if is_admin else []
    return home_section(
        open_items=open_items, open_total=total, resolved=resolved, unplaced=unplaced, lang=lang
    )
