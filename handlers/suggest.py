"""Related items: shown when an item is saved and in App Home; *Følg*, *Tag kontakt*, *Ikke
relateret* on each."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.errors import NotAllowed
from bot.ids import Suggest
from bot.later import Task
from bot.models import Item, utcnow
from bot.request_client import post_to_response_url
from bot.services import items as item_service
from bot.services import org
from bot.services import suggestions as service
from bot.services import threads as thread_service
from bot.texts import t
from bot.thread_posts import contact_now
from bot.views import barrier as barrier_views
from bot.views import suggest as views
from handlers.context import language as _lang

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

# Seconds after the answer within which a quick save's related items are still worth showing.
RELATED_WITHIN = 10.0


def register(app: App, runtime: Runtime) -> None:
    """Register the suggestion buttons and App Home's *Beslægtede*."""
    app.action(Suggest.FOLLOW)(on_follow)
    app.action(Suggest.CONTACT)(on_contact)
    app.action(Suggest.UNRELATED)(on_unrelated)
    app.action(Suggest.SHOW)(on_show)
    app.action(Suggest.UNFOLLOW)(on_unfollow)


def related(
    session: Session, context: BoltContext, items: list[Item], user_id: str
) -> dict[int, list[service.Suggestion]]:
    """The suggestions for a manager's items; none (never an error) if matching fails."""
    options = thread_service.ThreadOptions.from_settings(context["settings"])
    try:
        # Reads only, so no savepoint: on SQLite one would wait for, and hold, the writer.
        return service.for_items(
            session=session, items=items, user_id=user_id, thresholds=options.thresholds
        )
    except SQLAlchemyError:
        raise  # the database is down: the error handler answers with the user's text
    except Exception as error:
        # A suggestion must never cost the manager the save; the name only (never user text).
        log.error("finding related items failed (%s); shown without", type(error).__name__)
        return {}


def saved(session: Session, item: Item, lang: str) -> dict[str, Any]:
    """The confirmation of a saved item alone: what Slack gets at once for `/barriere TEXT`."""
    choices = org.detail_choices(session=session, team_id=item.team_id)
    return barrier_views.saved_message(
        item=item, lang=lang, has_units=choices.units, has_goals=choices.goals
    )


def related_after_save(
    context: BoltContext, item_id: int, lang: str, response_url: str | None
) -> Task:
    """The work after a quick save's answer: its related items, if any, in a message of their
    own just under the confirmation (the matcher reads thousands of items; Slack need not
    wait for it). Not shown when the bot was too busy to find them within RELATED_WITHIN
    seconds: by then the manager has moved on, and App Home lists them all the same."""
    handed = time.monotonic()

    def show(session: Session) -> None:
        if time.monotonic() - handed > RELATED_WITHIN:
            log.info("related items not shown after a save: found too late")
            return
        item = session.get(Item, item_id)
        if item is None or not response_url:
            return  # undone in the meantime, or nowhere to answer
        try:
            found = related(session, context, [item], item.author_id).get(item.id, [])
        except SQLAlchemyError as error:
            # The item is stored and confirmed: only the extra message is missing.
            log.warning("related items not shown after a save (%s)", type(error).__name__)
            return
        if not found:
            return
        message = views.related_message(item=item, suggestions=found, lang=lang)
        status = post_to_response_url(response_url, message, replace=False)
        if status != 200:
            # The response_url expired; App Home lists the related items all the same.
            log.info("could not show related items via response_url (%s)", status)

    return show


def saved_with_suggestions(
    session: Session, context: BoltContext, item: Item, lang: str, note: str | None = None
) -> dict[str, Any]:
    """The confirmation of a saved item, with the related items under it."""
    found = related(session, context, [item], item.author_id).get(item.id, [])
    message = saved(session, item, lang)
    blocks = views.suggestion_blocks(item_id=item.id, suggestions=found, lang=lang)
    if note:
        blocks = [views.note_block(note), *blocks]
    message["blocks"] = [*message["blocks"], *blocks]
    return message


def _pair(
    session: Session, context: BoltContext, body: dict[str, Any], action: dict[str, Any]
) -> tuple[Item, Item, str]:
    """The manager's own item and the related one a button is about."""
    team_id, user_id = context.team_id or "", body["user"]["id"]
    ids = views.parse_value(str(action.get("value") or ""))
    if ids is None:
        raise item_service.ItemGone()
    mine = item_service.get_item(session=session, team_id=team_id, item_id=ids[0])
    other = item_service.get_item(session=session, team_id=team_id, item_id=ids[1])
    if mine.author_id != user_id:
        raise NotAllowed("items.err_not_author")
    return mine, other, user_id


def _refresh(
    session: Session,
    context: BoltContext,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    item: Item,
    lang: str,
    note: str | None,
) -> None:
    """Show what a click did where it was clicked: the saved message, or App Home's modal."""
    session.flush()
    view = body.get("view") or {}
    if view.get("callback_id") == Suggest.MODAL:
        found = related(session, context, [item], item.author_id).get(item.id, [])
        client.views_update(
            view_id=view["id"],
            hash=view.get("hash"),
            view=views.suggest_modal(item=item, suggestions=found, lang=lang, note=note),
        )
        return
    if views.is_related_message(body.get("message")):
        found = related(session, context, [item], item.author_id).get(item.id, [])
        message = views.related_message(item=item, suggestions=found, lang=lang, note=note)
    else:
        message = saved_with_suggestions(session, context, item, lang, note)
    respond(**message, replace_original=True)


def on_follow(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """*Følg*: be told when the related item moves; a double click has one effect."""
    ack()
    lang = _lang(session, context)
    mine, other, user_id = _pair(session, context, body, action)
    new = service.follow(session=session, team_id=mine.team_id, item_id=other.id, user_id=user_id)
    # The suggestion itself now says it is followed; a repeat click is told so.
    note = None if new else t("suggest.already_followed", lang)
    _refresh(session, context, body, client, respond, mine, lang, note)


def on_unrelated(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """*Ikke relateret*: remembered, so the pair is never suggested or threaded together."""
    ack()
    lang = _lang(session, context)
    mine, other, user_id = _pair(session, context, body, action)
    service.dismiss(
        session=session, team_id=mine.team_id, item_id=mine.id, other_id=other.id, user_id=user_id
    )
    _refresh(session, context, body, client, respond, mine, lang, t("suggest.dismissed", lang))


def on_contact(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """*Tag kontakt*: a cross-unit thread with the other unit now (or the one it is in)."""
    ack()
    lang = _lang(session, context)
    mine, other, _user_id = _pair(session, context, body, action)
    mine_id = mine.id
    for loaded in (mine, other):
        session.refresh(loaded, attribute_names=["links"])
    result = contact_now(
        session,
        client,
        item=mine,
        other=other,
        now=utcnow(),
        options=thread_service.ThreadOptions.from_settings(context["settings"]),
        lang=lang,
    )
    if result.channel is not None:
        note = t(f"suggest.contact_{result.outcome}", lang, channel=result.channel)
        if mine.anonymous and result.outcome in ("opened", "joined"):
            # Nobody is told who wrote it, not even by the click that asked for the thread.
            note += "\n" + t("suggest.contact_anonymous", lang, channel=result.channel)
    else:
        note = t(f"suggest.contact_{result.outcome}", lang)
    # contact_now committed around its Slack call: read the item again before showing it.
    mine = item_service.get_item(session=session, team_id=context.team_id or "", item_id=mine_id)
    _refresh(session, context, body, client, respond, mine, lang, note)


def on_show(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """App Home's *Beslægtede*: the related items of one own item, in a modal."""
    ack()
    lang = _lang(session, context)
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise item_service.ItemGone()
    item = item_service.get_item(session=session, team_id=context.team_id or "", item_id=int(value))
    if item.author_id != body["user"]["id"]:
        raise NotAllowed("items.err_not_author")
    found = related(session, context, [item], item.author_id).get(item.id, [])
    client.views_open(
        trigger_id=body["trigger_id"],
        view=views.suggest_modal(item=item, suggestions=found, lang=lang),
    )


def on_unfollow(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    respond: Respond,
) -> None:
    """*Følg ikke længere*, from a follow notice: no more notices about that item."""
    ack()
    lang = _lang(session, context)
    value = str(action.get("value") or "")
    if value.isdigit():
        service.unfollow(
            session=session,
            team_id=context.team_id or "",
            item_id=int(value),
            user_id=body["user"]["id"],
        )
    respond(text=t("suggest.unfollowed", lang), response_type="ephemeral", replace_original=False)
