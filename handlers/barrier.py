"""`/barriere`: log in seconds, add details in a modal, and follow an item to its end."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.commands import Action, parse
from bot.directors import notify_item
from bot.errors import InputError, NotAllowed
from bot.ids import Barrier, Command
from bot.later import later
from bot.models import Escalation, Item, ItemLevel, ItemStatus, utcnow
from bot.request_client import post_to_response_url
from bot.services import decisions as decisions_service
from bot.services import items as item_service
from bot.services import org
from bot.services.deliveries import TokenRefused
from bot.services.guard import contains_personal_data, mask
from bot.slack_text import to_plain
from bot.texts import t
from bot.views import barrier as views
from bot.views import decisions as decision_views
from handlers import digest as digest_handlers
from handlers.barrier_payload import _item_id, _metadata, _origin, _value, read_draft
from handlers.context import item_notes
from handlers.context import language as _lang
from handlers.home import publish_home, publish_home_later
from handlers.privacy import send_my_data
from handlers.suggest import related_after_save, saved, saved_with_suggestions

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

# Which modal block shows an InputError about each service field.
_FIELD_BLOCK = {
    "text": Barrier.TEXT,
    "situation": Barrier.SITUATION,
    "note": Barrier.NOTE,
    "question": Barrier.QUESTION,
    "escalate": Barrier.ESCALATE,
}


def register(app: App, runtime: Runtime) -> None:
    """Register the command, its modals and the item buttons."""
    app.command(Command.BARRIERE)(on_command)
    app.view(Barrier.MODAL)(on_modal_submit)
    app.view(Barrier.STATUS_MODAL)(on_status_submit)
    app.action(Barrier.EDIT)(on_edit)
    app.action(Barrier.UNDO)(on_undo)
    app.action(Barrier.RESOLVE)(on_status_button)
    app.action(Barrier.DELETE)(on_delete)
    app.action(Barrier.OPEN_MODAL)(on_new)


def on_command(
    ack: Ack, command: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Handle `/barriere [keyword] [text]`."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", command["user_id"]
    parsed = parse(to_plain(command.get("text") or ""))
    if parsed.action is Action.HELP:
        ack(**views.notice(t("help.text", lang)))
        return
    if parsed.action is Action.MINE:
        ack(**_mine(session, context, team_id, user_id, lang))
        return
    if parsed.action is Action.AGENDA:
        decisions_service.require_director(
            session=session, team_id=team_id, user_id=user_id, key="decisions.error.agenda"
        )
        open_ = decisions_service.agenda(session=session, team_id=team_id, user_id=user_id)
        ack(**decision_views.agenda_message(escalations=open_, now=utcnow(), lang=lang))
        return
    if parsed.action is Action.MY_DATA:
        ack(**send_my_data(session=session, client=client, context=context, user_id=user_id))
        return
    if parsed.action is Action.OVERVIEW:
        digest_handlers.overview(
            ack=ack, command=command, context=context, session=session, month=parsed.month
        )
        return
    if parsed.action is Action.MODAL:
        ack()
        meta = {"response_url": command.get("response_url")}
        view = _modal(session, team_id, user_id, lang, kind=parsed.kind.value, metadata=meta)
        client.views_open(trigger_id=command["trigger_id"], view=view)
        return
    text = parsed.text.strip()
    if not text:
        ack(**views.notice(t("items.err_empty", lang)))
        return
    if len(text) > item_service.MAX_TEXT:
        reason = t("items.refused_long", lang, count=len(text), limit=item_service.MAX_TEXT)
        ack(**views.refusal_message(reason=reason, echo=text, lang=lang))
        return
    if contains_personal_data(text):
        # Nothing is stored or logged; the user gets their words back without the number.
        ack(
            **views.refusal_message(reason=t("items.refused_cpr", lang), echo=mask(text), lang=lang)
        )
        return
    item, created = item_service.log_item(
        session=session,
        team_id=team_id,
        author_id=user_id,
        draft=item_service.Draft(text=text, kind=parsed.kind.value),
        source_key=f"cmd:{command['trigger_id']}",
    )
    ack(**saved(session, item, lang))
    if created:  # a retried command was answered, related items and all, the first time
        shown = related_after_save(context, item.id, lang, command.get("response_url"))
        later(context, shown, heavy=True)  # the matcher computes: one at a time


def _mine(
    session: Session, context: BoltContext, team_id: str, user_id: str, lang: str
) -> dict[str, Any]:
    statuses = item_service.OPEN_STATUSES
    found = item_service.items_of(
        session=session,
        team_id=team_id,
        author_id=user_id,
        statuses=statuses,
        limit=views.MAX_LISTED,
    )
    total = item_service.count_items_of(
        session=session, team_id=team_id, author_id=user_id, statuses=statuses
    )
    notes = item_notes(session, context, found, lang)
    return views.mine_message(items=found, total=total, lang=lang, notes=notes)


def _modal(
    session: Session,
    team_id: str,
    user_id: str,
    lang: str,
    *,
    kind: str,
    metadata: dict[str, Any],
    item: Any = None,
) -> dict[str, Any]:
    units = org.active_units(session=session, team_id=team_id)
    goals = org.active_goals(session=session, team_id=team_id)
    if item is None:
        person = org.get_person(session=session, team_id=team_id, user_id=user_id)
        own = [person.unit_id] if person is not None and person.unit_id and person.active else []
        return views.barrier_modal(
            lang=lang, units=units, goals=goals, kind=kind, unit_ids=own, metadata=metadata
        )
    return views.barrier_modal(
        lang=lang,
        units=units,
        goals=goals,
        kind=item.kind,
        text=item.text,
        unit_ids=[u.id for u in item.units],
        situation=item.citizen_situation,
        goal_id=item.goal_id,
        level=item.level,
        anonymous=item.anonymous,
        question=_question_of(session, team_id, item.id),
        metadata=metadata,
        editing=True,
    )


def _question_of(session: Session, team_id: str, item_id: int) -> str | None:
    """What the directors were asked when the item was raised on its own, if it was."""
    raised = decisions_service.escalation_for_item(
        session=session, team_id=team_id, item_id=item_id
    )
    return raised.question if raised else None


def _field_error(ack: Ack, context: BoltContext, error: InputError, lang: str) -> None:
    context["rollback"] = True
    block = _FIELD_BLOCK.get(str(error.values.get("field")), Barrier.TEXT)
    ack(response_action="errors", errors={block: t(error.key, lang, **error.values)})


def on_modal_submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Store a new item, or save the edits to an existing one."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    draft = read_draft(view["state"]["values"])
    typed = _value(view["state"]["values"], Barrier.QUESTION).get("value")
    meta = _metadata(view)
    item_id = meta.get("item_id")
    escalation = None
    try:
        if isinstance(item_id, int):
            item = item_service.edit_item(
                session=session, team_id=team_id, item_id=item_id, user_id=user_id, draft=draft
            )
            created = True
        else:
            item, created = item_service.log_item(
                session=session,
                team_id=team_id,
                author_id=user_id,
                draft=draft,
                source_key=f"view:{view['id']}",
            )
        if created:
            escalation = _escalate_at_level(session, item, user_id, typed)
    except InputError as error:
        _field_error(ack, context, error, lang)
        return
    except item_service.ItemGone:
        ack(response_action="update", view=views.gone_modal(text=draft.text, lang=lang))
        return
    except NotAllowed as error:
        context["rollback"] = True
        ack(response_action="errors", errors={Barrier.TEXT: t(error.key, lang)})
        return
    ack()
    if not created:
        return  # a double-clicked submit: the first one already confirmed
    # The modal closes now; the confirmation with related items, the directors' DMs and App
    # Home wait on Slack (and the matcher), so they follow after the answer (bot.later).
    saved_id, escalation_id = item.id, escalation.id if escalation is not None else None

    def follow_up(later_session: Session) -> None:
        saved = later_session.get(Item, saved_id)
        if saved is None:
            return  # deleted in the meantime
        message = saved_with_suggestions(later_session, context, saved, lang)
        _confirm(meta, message, replace=bool(item_id))
        raised = later_session.get(Escalation, escalation_id) if escalation_id else None
        if raised is not None:
            tell_directors(session=later_session, client=client, escalation=raised, lang=lang)
        if meta.get("home"):
            publish_home(session=later_session, client=client, context=context, user_id=user_id)

    later(context, follow_up)


def _escalate_at_level(
    session: Session, item: Any, user_id: str, typed: str | None
) -> Escalation | None:
    """The form's level *Direktionen* raises the item with what the directors are asked;
    a question without that level is refused (the directors would never see it)."""
    if item.level != ItemLevel.TOP_MANAGEMENT.value:
        if (typed or "").strip():
            raise InputError("items.err_question_level", field="question")
        return None
    if item.escalated_at is not None:
        return None  # raised before (here, or with its thread)
    question = decisions_service.clean_question(typed)
    item = item_service.apply_status(
        session=session, item=item, user_id=user_id, status=item.status, escalate=True
    )
    return decisions_service.open_item_escalation(
        session=session, item=item, raised_by=user_id, now=utcnow(), question=question
    )


def tell_directors(
    *, session: Session, client: WebClient, escalation: Escalation, lang: str
) -> None:
    """DM the directors about an item raised on its own; the daily pass retries what fails."""
    try:
        # Told at the click: the wait before the directors' reminder counts from the raising.
        notify_item(
            session=session,
            client=client,
            escalation=escalation,
            lang=lang,
            now=escalation.raised_at,
        )
    except TokenRefused as exc:
        log.warning("could not DM the directors: %s", exc)


def _confirm(meta: dict[str, Any], message: dict[str, Any], *, replace: bool) -> None:
    """Answer where the user started: the channel they typed the command in."""
    url = meta.get("response_url")
    if not isinstance(url, str) or not url:
        return
    # The item is stored (committed) before the bot waits on Slack.
    status = post_to_response_url(url, message, replace=replace)
    if status != 200:
        # The response_url expired (30 minutes); the item is stored all the same.
        log.info("could not confirm a saved item via response_url (%s)", status)


def on_edit(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open the modal prefilled with an item, for its author or an admin."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    item = item_service.get_item(session=session, team_id=team_id, item_id=_item_id(action))
    if not item_service.may_change(session=session, item=item, user_id=user_id):
        raise NotAllowed("items.err_not_author")
    meta = _origin(body) | {"item_id": item.id}
    view = _modal(session, team_id, user_id, lang, kind=item.kind, metadata=meta, item=item)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_new(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Open an empty modal (the App Home button)."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    view = _modal(session, team_id, user_id, lang, kind="barrier", metadata=_origin(body))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_undo(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    respond: Respond,
) -> None:
    """Take back a just-logged item."""
    ack()
    lang = _lang(session, context)
    item_service.undo_item(
        session=session,
        team_id=context.team_id or "",
        item_id=_item_id(action),
        user_id=body["user"]["id"],
    )
    respond(text=t("items.undone", lang), response_type="ephemeral", replace_original=True)


def on_status_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open the status modal (resolve with a note, in progress, dropped, escalate)."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    item = item_service.get_item(session=session, team_id=team_id, item_id=_item_id(action))
    if not item_service.may_change(session=session, item=item, user_id=user_id):
        raise NotAllowed("items.err_not_author")
    meta = _origin(body) | {"item_id": item.id}
    view = views.status_modal(
        item=item, lang=lang, metadata=meta, question=_question_of(session, team_id, item.id)
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_status_submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Save a status change; resolving needs a short note on what moved it."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    values = view["state"]["values"]
    meta = _metadata(view)
    status = (_value(values, Barrier.STATUS).get("selected_option") or {}).get("value") or ""
    note = _value(values, Barrier.NOTE).get("value")
    escalate = bool(_value(values, Barrier.ESCALATE).get("selected_options"))
    typed = _value(values, Barrier.QUESTION).get("value")
    if status == ItemStatus.RESOLVED.value and not (note or "").strip():
        ack(response_action="errors", errors={Barrier.NOTE: t("items.err_note_required", lang)})
        return
    escalation = None
    try:
        item_id = int(meta.get("item_id") or 0)
        before = item_service.get_item(session=session, team_id=team_id, item_id=item_id)
        raising = escalate and before.escalated_at is None
        if raising and status not in item_service.OPEN_STATUSES:
            raise InputError("items.err_escalate_closed", field="escalate")
        question = decisions_service.clean_question(typed) if raising else None
        item = item_service.change_status(
            session=session,
            team_id=team_id,
            item_id=item_id,
            user_id=user_id,
            status=status,
            note=note,
            escalate=escalate,
        )
        if raising and question is not None and item.escalated_at is not None:
            escalation = decisions_service.open_item_escalation(
                session=session, item=item, raised_by=user_id, now=utcnow(), question=question
            )
    except InputError as error:
        _field_error(ack, context, error, lang)
        return
    except item_service.ItemGone:
        ack(response_action="update", view=views.gone_modal(text=note or "", lang=lang))
        return
    except NotAllowed as error:
        context["rollback"] = True
        ack(response_action="errors", errors={Barrier.STATUS: t(error.key, lang)})
        return
    ack()
    message = t("items.status_saved", lang, status=t(f"status.{item.status}", lang))
    if item.escalated_at is not None and escalate:
        message += "\n" + t("items.escalated", lang)
    if escalation is not None:
        tell_directors(session=session, client=client, escalation=escalation, lang=lang)
    _after_change(meta, session, client, context, user_id, lang, message)


def on_delete(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Delete an item for real (after Slack's confirmation dialog)."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    item_service.delete_item(
        session=session, team_id=team_id, item_id=_item_id(action), user_id=user_id
    )
    _after_change(_origin(body), session, client, context, user_id, lang, t("items.deleted", lang))


def _after_change(
    meta: dict[str, Any],
    session: Session,
    client: WebClient,
    context: BoltContext,
    user_id: str,
    lang: str,
    message: str,
) -> None:
    """Refresh what the user was looking at, after the answer: their list in the channel, or
    App Home."""
    session.flush()
    if meta.get("home"):
        publish_home_later(client=client, context=context, user_id=user_id)
    elif meta.get("response_url"):
        refreshed = _mine(session, context, context.team_id or "", user_id, lang)
        if refreshed.get("blocks"):
            note = {"type": "context", "elements": [{"type": "mrkdwn", "text": message}]}
            refreshed["blocks"] = [note, *refreshed["blocks"]]
            refreshed["text"] = message
        else:
            refreshed["text"] = f"{message}\n{refreshed['text']}"
        later(context, lambda _session: _confirm(meta, refreshed, replace=True))
