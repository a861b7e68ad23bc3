"""Cross-unit threads in Slack: the follow-up buttons, reply counting, and the admins' retry."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.directors import notify_directors
from bot.errors import InputError, NotAllowed
from bot.ids import Threads, input_action
from bot.models import CrossUnitThread, Role, ThreadOutcome, Workspace, utcnow
from bot.services import decisions, org
from bot.services import threads as service
from bot.services.deliveries import TokenRefused
from bot.texts import t
from bot.views import decisions as decision_views
from bot.views import threads as views
from handlers.context import language as _lang
from handlers.home import publish_home_later

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

_OUTCOME_OF = {
    Threads.RESOLVED.value: ThreadOutcome.RESOLVED,
    Threads.IN_PROGRESS.value: ThreadOutcome.IN_PROGRESS,
    Threads.TOP_MANAGEMENT.value: ThreadOutcome.TOP_MANAGEMENT,
    Threads.NOT_RELEVANT.value: ThreadOutcome.NOT_RELEVANT,
}
# Message subtypes that are a person writing; edits, joins and the like are not replies.
_REPLY_SUBTYPES = (None, "thread_broadcast", "file_share")


def register(app: App, runtime: Runtime) -> None:
    """Register the follow-up buttons, the channel message events and the admins' retry."""
    for action_id in _OUTCOME_OF:
        if action_id not in (Threads.RESOLVED, Threads.TOP_MANAGEMENT):
            app.action(action_id)(on_answer)
    # *Løst* asks what moved it first; the answer is stored when that small form is sent.
    app.action(Threads.RESOLVED)(on_resolved)
    app.view(Threads.RESOLVED_MODAL)(on_resolved_submit)
    # *Kræver direktionen* asks what the directors are asked, then tells them.
    app.action(Threads.TOP_MANAGEMENT)(on_escalate)
    app.view(Threads.ESCALATE_MODAL)(on_escalate_submit)
    app.action(Threads.RETRY_CHANNEL)(on_retry_channel)
    # Only channel messages: DMs with the bot are left to the listeners that handle them.
    app.event("message", matchers=[_in_a_channel])(on_channel_message)


# -- the follow-up buttons --------------------------------------------------------------------


def on_answer(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """Record the answer for every open item in the thread; a repeat click changes nothing."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise service.ThreadGone()
    now = utcnow()
    result = service.answer(
        session=session,
        team_id=team_id,
        thread_id=int(value),
        user_id=user_id,
        outcome=_OUTCOME_OF[action["action_id"]].value,
        now=now,
    )
    thread = result.thread
    if result.partial:
        # Only the clicker's unit is done with it: the others' buttons stay as they are.
        key = "threads.not_relevant_unit" if result.changed else "threads.not_relevant_unit_again"
        respond(text=t(key, lang), response_type="ephemeral", replace_original=False)
        return
    # Both people see the result: the message itself shows the answer that counts.
    _update(client, _where(body, thread), _answered(session, context, thread, lang, now))
    if not result.changed:
        _tell_already(respond, thread, lang)


def on_resolved(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """*Løst*: open the small form that asks what moved it; nothing is stored until it is sent."""
    ack()
    lang = _lang(session, context)
    found = _thread_to_answer(
        body, action, context, session, client, respond, ThreadOutcome.RESOLVED, lang
    )
    if found is None:
        return
    thread, where = found
    team_id = thread.team_id
    items = service.thread_items(session=session, thread_id=thread.id)
    open_items = service.open_items(items)
    card = service.card(session=session, team_id=team_id, items=open_items or items)
    view = views.resolved_modal(
        thread_id=thread.id,
        items=card.items,
        lang=lang,
        metadata={"channel": where[0], "ts": where[1]},
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_resolved_submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Store *Løst* with what moved it on the thread's open items, then update the follow-up.

    Only the database is touched before the ack; the message is updated after it."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    meta = _metadata(view)
    thread_id = meta.get("thread")
    if not isinstance(thread_id, int):
        raise service.ThreadGone()
    block = (view["state"]["values"].get(Threads.RESOLVED_NOTE) or {}).get(
        input_action(Threads.RESOLVED_NOTE)
    ) or {}
    typed = block.get("value")
    now = utcnow()
    try:
        result = service.answer(
            session=session,
            team_id=team_id,
            thread_id=thread_id,
            user_id=user_id,
            outcome=ThreadOutcome.RESOLVED.value,
            now=now,
            note=typed,
        )
    except InputError as error:
        context["rollback"] = True
        ack(
            response_action="errors",
            errors={Threads.RESOLVED_NOTE: t(error.key, lang, **error.values)},
        )
        return
    thread = result.thread
    if not result.changed:
        _overtaken(ack, thread, user_id, ThreadOutcome.RESOLVED, typed, lang)
        return
    ack()
    _update(client, _submitted_from(meta, thread), _answered(session, context, thread, lang, now))


def on_escalate(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """*Kræver direktionen*: open the form for what the directors are asked; nothing is
    raised until it is sent."""
    ack()
    lang = _lang(session, context)
    found = _thread_to_answer(
        body, action, context, session, client, respond, ThreadOutcome.TOP_MANAGEMENT, lang
    )
    if found is None:
        return
    thread, where = found
    view = decision_views.escalate_modal(
        thread_id=thread.id, channel=where[0], ts=where[1], lang=lang
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_escalate_submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Raise the thread to top management with the question; then update the follow-up and
    DM the directors of the areas involved (through the ledger)."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    meta = _metadata(view)
    thread_id = meta.get("thread")
    if not isinstance(thread_id, int):
        raise service.ThreadGone()
    block = str(Threads.QUESTION)
    typed = ((view["state"]["values"].get(block) or {}).get(block) or {}).get("value")
    now = utcnow()
    try:
        question = decisions.clean_question(typed)
        result = service.answer(
            session=session,
            team_id=team_id,
            thread_id=thread_id,
            user_id=user_id,
            outcome=ThreadOutcome.TOP_MANAGEMENT.value,
            now=now,
        )
    except InputError as error:
        context["rollback"] = True
        ack(response_action="errors", errors={block: t(error.key, lang, **error.values)})
        return
    thread = result.thread
    if not result.changed:
        _overtaken(
            ack,
            thread,
            user_id,
            ThreadOutcome.TOP_MANAGEMENT,
            typed,
            lang,
            title_key="decisions.escalate.title",
        )
        return
    if result.escalated_items:
        decisions.open_escalation(
            session=session,
            team_id=team_id,
            thread_id=thread.id,
            raised_by=user_id,
            now=now,
            question=question,
        )
    ack()
    _update(client, _submitted_from(meta, thread), _answered(session, context, thread, lang, now))
    if not result.escalated_items:
        return
    try:
        notify_directors(
            session=session,
            client=client,
            thread=thread,
            escalated_ids={i.id for i in result.escalated_items},
            lang=lang,
            now=now,
        )
    except TokenRefused as exc:
        # The directors are told by the daily pass once the token works again.
        log.warning("could not DM the directors: %s", exc)


def _thread_to_answer(
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
    outcome: ThreadOutcome,
    lang: str,
) -> tuple[CrossUnitThread, tuple[str, str | None]] | None:
    """The thread a button that opens an answer form is for, and the message it came from;
    None when the thread no longer takes this answer (a stale message): the message then
    shows the answer that counts and the clicker is told."""
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise service.ThreadGone()
    team_id, user_id = context.team_id or "", body["user"]["id"]
    thread = service.get_thread(session=session, team_id=team_id, thread_id=int(value))
    if not service.may_answer(session=session, thread=thread, user_id=user_id):
        raise NotAllowed("threads.err_not_involved")
    where = _where(body, thread)
    if not service.can_answer(thread, outcome.value):
        _update(client, where, _answered(session, context, thread, lang, utcnow()))
        _tell_already(respond, thread, lang)
        return None
    return thread, where


def _overtaken(
    ack: Ack,
    thread: CrossUnitThread,
    user_id: str,
    outcome: ThreadOutcome,
    typed: str | None,
    lang: str,
    *,
    title_key: str = "threads.resolved.title",
) -> None:
    """A sent answer form that changed nothing: the same form sent twice closes quietly;
    one overtaken by another answer turns into that answer, with the user's words back."""
    if thread.outcome == outcome.value and thread.outcome_by == user_id:
        ack()  # the same form sent twice: the first one did it all
        return
    assert thread.outcome is not None and thread.outcome_by is not None
    taken = views.taken_modal(
        outcome=thread.outcome, by=thread.outcome_by, typed=typed, lang=lang, title_key=title_key
    )
    ack(response_action="update", view=taken)


def _submitted_from(meta: dict[str, Any], thread: CrossUnitThread) -> tuple[str, str | None]:
    """The follow-up message an answer form was opened from (kept in its metadata)."""
    channel, ts = meta.get("channel"), meta.get("ts")
    return str(channel or thread.channel_id), str(ts) if ts else thread.follow_up_ts


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _answered(
    session: Session, context: BoltContext, thread: CrossUnitThread, lang: str, now: datetime
) -> dict[str, Any]:
    """The follow-up as it reads once answered: who, what, when, and what moved it."""
    items = service.thread_items(session=session, thread_id=thread.id)
    card = service.card(session=session, team_id=thread.team_id, items=items)
    assert thread.outcome is not None and thread.outcome_by is not None
    return views.answered_message(
        thread_id=thread.id,
        items=card.items,
        outcome=thread.outcome,
        by=thread.outcome_by,
        at=thread.outcome_at or now,
        lang=lang,
        tz=_timezone(session, context),
        note=service.resolution_note(thread, items),
    )


def _tell_already(respond: Respond, thread: CrossUnitThread, lang: str) -> None:
    assert thread.outcome is not None and thread.outcome_by is not None
    respond(
        text=views.already_answered(outcome=thread.outcome, by=thread.outcome_by, lang=lang),
        response_type="ephemeral",
        replace_original=False,
    )


def _timezone(session: Session, context: BoltContext) -> str:
    workspace = session.get(Workspace, context.team_id or "")
    return (workspace.timezone if workspace else None) or context["settings"].timezone


def _where(body: dict[str, Any], thread: CrossUnitThread) -> tuple[str, str | None]:
    """The follow-up message a click came from: (channel, ts)."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or thread.channel_id
    return str(channel), container.get("message_ts") or thread.follow_up_ts


def _update(client: WebClient, where: tuple[str, str | None], message: dict[str, Any]) -> None:
    channel, ts = where
    if not ts:
        return
    try:
        client.chat_update(channel=channel, ts=ts, **message)
    except SlackApiError as error:
        # The answer is stored either way; the message shows it at the next click.
        log.warning("could not update a follow-up message (%s)", error.response.get("error"))


# -- channel messages: counting replies, noticing a deleted root ------------------------------


def _in_a_channel(event: dict[str, Any]) -> bool:
    return event.get("channel_type") in ("channel", "group") or str(
        event.get("channel", "")
    ).startswith("C")


def on_channel_message(event: dict[str, Any], context: BoltContext, session: Session) -> None:
    """Count replies in the bot's threads (never their text) and notice a deleted root."""
    team_id = context.team_id or ""
    channel = str(event.get("channel") or "")
    subtype = event.get("subtype")
    now = utcnow()
    if subtype == "message_deleted":
        previous = event.get("previous_message") or {}
        deleted_ts = str(event.get("deleted_ts") or previous.get("ts") or "")
        if service.mark_root_deleted(
            session=session, team_id=team_id, channel_id=channel, ts=deleted_ts, now=now
        ):
            return
        thread_ts = previous.get("thread_ts")
        if thread_ts and thread_ts != deleted_ts and _by_a_person(previous, context):
            service.count_reply(
                session=session,
                team_id=team_id,
                channel_id=channel,
                thread_ts=str(thread_ts),
                now=now,
                delta=-1,
            )
        return
    if subtype == "message_changed":
        # A root with replies is not removed but replaced by a tombstone.
        message = event.get("message") or {}
        if message.get("subtype") == "tombstone" and message.get("ts"):
            service.mark_root_deleted(
                session=session, team_id=team_id, channel_id=channel, ts=message["ts"], now=now
            )
        return
    thread_ts = event.get("thread_ts")
    if subtype not in _REPLY_SUBTYPES or not thread_ts or thread_ts == event.get("ts"):
        return
    if not _by_a_person(event, context):
        return
    service.count_reply(
        session=session, team_id=team_id, channel_id=channel, thread_ts=thread_ts, now=now, delta=1
    )


def _by_a_person(message: dict[str, Any], context: BoltContext) -> bool:
    if message.get("bot_id") or message.get("subtype") == "bot_message":
        return False
    user = message.get("user")
    return bool(user) and user != context.bot_user_id


# -- the admins' retry ------------------------------------------------------------------------


def on_retry_channel(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """An admin fixed the channel: forget the problem, so the next run tries it again."""
    ack()
    _lang(session, context)  # a refusal is then told in the workspace's language
    team_id, user_id = context.team_id or "", body["user"]["id"]
    person = org.describe_user(session=session, team_id=team_id, user_id=user_id)
    if not (person.known and person.active and person.role == Role.ADMIN.value):
        raise NotAllowed()
    service.clear_channel_problems(session=session, team_id=team_id)
    log.info("an admin asked to retry the cross-unit channel")
    # The refreshed App Home, without the notice, follows the answer.
    publish_home_later(client=client, context=context, user_id=user_id)
