"""The weekly reflection where the manager already is: the DM's buttons, modal and replies.

A reply written in the DM (top level or in the prompt's thread) is stored as part of that week's
answer and confirmed with a reaction, not a new message. Edits update it, deletes remove it;
bot messages and other subtypes are ignored. The prompt message is redrawn after every change,
so its buttons always fit (answered: edit and "Gem som barriere"; paused: resume).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.errors import InputError, NotAllowed
from bot.ids import Reflection, input_action
from bot.models import ReflectionPrompt, utcnow
from bot.services import org
from bot.services import reflection as service
from bot.services.reflection import Answers, DmMessage, ReplyOutcome, ReplyResult
from bot.slack_text import to_plain
from bot.texts import t
from bot.views import reflection as views
from bot.views.barrier import barrier_modal
from handlers.context import language as _lang
from handlers.home import publish_home

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

CONFIRM_REACTION = "white_check_mark"
# Which modal block shows an InputError about each answer.
_FIELD_BLOCK = {
    "need": Reflection.NEED,
    "barriers": Reflection.BARRIERS,
    "action": Reflection.ACTION,
}


def register(app: App, runtime: Runtime) -> None:
    """Register the prompt's buttons, the modal, the App Home controls and DM messages."""
    app.action(Reflection.ANSWER)(on_answer)
    app.action(Reflection.SKIP)(on_skip)
    app.action(Reflection.PAUSE)(on_pause)
    app.action(Reflection.PAUSE_DATE)(on_pause_date)
    app.action(Reflection.RESUME)(on_resume)
    app.action(Reflection.TO_BARRIER)(on_to_barrier)
    app.view(Reflection.MODAL)(on_submit)
    app.action(Reflection.HOME_DAY)(on_home_day)
    app.action(Reflection.HOME_TIME)(on_home_time)
    app.action(Reflection.HOME_PAUSE)(on_home_pause)
    app.action(Reflection.HOME_PAUSE_DATE)(on_home_pause_date)
    app.action(Reflection.HOME_RESUME)(on_home_resume)
    app.action(Reflection.HOME_RESET)(on_home_reset)
    app.event("message", matchers=[_in_a_dm])(on_dm_message)


def _in_a_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im"


def _prompt_id(action: dict[str, Any]) -> int:
    value = str(action.get("value") or "")
    if value.isdigit():
        return int(value)
    # A select's value is the choice; the prompt is named in the actions block's id.
    tail = str(action.get("block_id") or "").rsplit("_", 1)[-1]
    if tail.isdigit():
        return int(tail)
    raise service.PromptGone()


def _user(body: dict[str, Any]) -> str:
    return str(body["user"]["id"])


def redraw(
    *, session: Session, client: WebClient, context: BoltContext, prompt: ReflectionPrompt
) -> None:
    """Draw the prompt message again from its current state (answered, skipped, paused)."""
    if not (prompt.channel_id and prompt.message_ts):
        return
    session.flush()
    lang = context.get("lang") or _lang(session, context)
    person = org.get_person(session=session, team_id=prompt.team_id, user_id=prompt.user_id)
    pause = service.pause_info(
        session=session,
        team_id=prompt.team_id,
        user_id=prompt.user_id,
        now=utcnow(),
        default_tz=context["settings"].timezone,
    )
    message = views.prompt_message(
        prompt=prompt, name=person.name if person else None, lang=lang, pause=pause
    )
    try:
        client.chat_update(channel=prompt.channel_id, ts=prompt.message_ts, **message)
    except SlackApiError as exc:
        # The answer is saved all the same; only the picture in the DM is behind.
        log.info("could not redraw a weekly prompt (%s)", exc.response.get("error"))


# -- the prompt's buttons ------------------------------------------------------------------


def on_answer(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open the modal with the three questions (prefilled with an earlier answer)."""
    ack()
    lang = _lang(session, context)
    prompt = service.own_prompt(
        session=session,
        team_id=context.team_id or "",
        user_id=_user(body),
        prompt_id=_prompt_id(action),
    )
    client.views_open(
        trigger_id=body["trigger_id"], view=views.answer_modal(prompt=prompt, lang=lang)
    )


def on_skip(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Skip this week: no reminder; the prompt says so."""
    ack()
    _lang(session, context)
    prompt = service.skip(
        session=session,
        team_id=context.team_id or "",
        user_id=_user(body),
        prompt_id=_prompt_id(action),
        now=utcnow(),
    )
    redraw(session=session, client=client, context=context, prompt=prompt)


def on_pause(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Pause the next 2 or 4 prompts after this one, or until resumed."""
    ack()
    _lang(session, context)
    team_id, user_id = context.team_id or "", _user(body)
    prompt = service.own_prompt(
        session=session, team_id=team_id, user_id=user_id, prompt_id=_prompt_id(action)
    )
    choice = str((action.get("selected_option") or {}).get("value") or "")
    service.pause(
        session=session,
        team_id=team_id,
        user_id=user_id,
        choice=choice,
        # Counted from the newest prompt they got, so pausing from an old message still
        # means "the next weeks".
        base=service.latest_due(session=session, team_id=team_id, user_id=user_id) or prompt.due_at,
        default_tz=context["settings"].timezone,
    )
    redraw(session=session, client=client, context=context, prompt=prompt)


def _picked_day(action: dict[str, Any]) -> date:
    """The day a datepicker sent; a malformed one is refused like any unknown choice."""
    try:
        return date.fromisoformat(str(action.get("selected_date") or ""))
    except ValueError:
        raise InputError("reflection.err_choice") from None


def on_pause_date(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Pause until the day picked on the prompt (after today, within a year)."""
    ack()
    _lang(session, context)
    team_id, user_id = context.team_id or "", _user(body)
    prompt = service.own_prompt(
        session=session, team_id=team_id, user_id=user_id, prompt_id=_prompt_id(action)
    )
    service.pause_to(
        session=session,
        team_id=team_id,
        user_id=user_id,
        day=_picked_day(action),
        now=utcnow(),
        default_tz=context["settings"].timezone,
    )
    redraw(session=session, client=client, context=context, prompt=prompt)


def on_resume(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """End the pause."""
    ack()
    _lang(session, context)
    team_id, user_id = context.team_id or "", _user(body)
    prompt = service.own_prompt(
        session=session, team_id=team_id, user_id=user_id, prompt_id=_prompt_id(action)
    )
    service.resume(session=session, team_id=team_id, user_id=user_id)
    redraw(session=session, client=client, context=context, prompt=prompt)


def on_to_barrier(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open /barriere's modal prefilled with the answer to question 2."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", _user(body)
    prompt = service.own_prompt(
        session=session, team_id=team_id, user_id=user_id, prompt_id=_prompt_id(action)
    )
    person = org.get_person(session=session, team_id=team_id, user_id=user_id)
    own = [person.unit_id] if person is not None and person.unit_id and person.active else []
    view = barrier_modal(
        lang=lang,
        units=org.active_units(session=session, team_id=team_id),
        goals=org.active_goals(session=session, team_id=team_id),
        text=service.barrier_text(prompt),
        unit_ids=own,
        # /barriere's own submit handler stores it and confirms through this response_url.
        metadata={"response_url": body.get("response_url")},
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _answer(values: dict[str, Any], block_id: str) -> str | None:
    value = values.get(block_id, {}).get(input_action(block_id), {}).get("value")
    return str(value) if value is not None else None


def on_submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Store the modal's answers; a field error keeps the modal open with what was typed."""
    lang = _lang(session, context)
    values = view["state"]["values"]
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    prompt_id = meta.get("prompt_id") if isinstance(meta, dict) else None
    answers = Answers(
        need=_answer(values, Reflection.NEED),
        barriers=_answer(values, Reflection.BARRIERS),
        action=_answer(values, Reflection.ACTION),
        shareable=bool(
            values.get(Reflection.SHAREABLE, {})
            .get(input_action(Reflection.SHAREABLE), {})
            .get("selected_options")
        ),
    )
    try:
        if not isinstance(prompt_id, int):
            raise service.PromptGone()
        prompt = service.save_answers(
            session=session,
            team_id=context.team_id or "",
            user_id=_user(body),
            prompt_id=prompt_id,
            answers=answers,
            now=utcnow(),
        )
    except InputError as error:
        context["rollback"] = True
        block = _FIELD_BLOCK.get(str(error.values.get("field")), Reflection.NEED)
        ack(response_action="errors", errors={block: t(error.key, lang, **error.values)})
        return
    except (service.PromptGone, NotAllowed) as error:
        context["rollback"] = True
        ack(response_action="errors", errors={Reflection.NEED: t(error.key, lang)})
        return
    ack()
    redraw(session=session, client=client, context=context, prompt=prompt)


# -- App Home --------------------------------------------------------------------------------


def _home_change(
    ack: Ack,
    body: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    change: Any,
    *,
    pausing: bool = False,
) -> None:
    ack()
    _lang(session, context)
    team_id, user_id = context.team_id or "", _user(body)
    change(team_id, user_id)
    if pausing:
        # The latest prompt shows the pause (and its resume button); keep it in step.
        latest = service.latest_prompt(session=session, team_id=team_id, user_id=user_id)
        if latest is not None:
            redraw(session=session, client=client, context=context, prompt=latest)
    publish_home(session=session, client=client, context=context, user_id=user_id)


def _selected(action: dict[str, Any]) -> str:
    return str((action.get("selected_option") or {}).get("value") or "")


def on_home_day(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """The manager picks their own weekday."""
    choice = _selected(action)
    weekday = int(choice) if choice.isdigit() else -1
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.set_weekday(
            session=session, team_id=team_id, user_id=user_id, weekday=weekday
        ),
    )


def on_home_time(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """The manager picks their own time of day."""
    choice = _selected(action)
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.set_time(
            session=session, team_id=team_id, user_id=user_id, at=choice
        ),
    )


def on_home_pause(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Pause from App Home: the next 2 or 4 prompts from now, or until resumed."""
    choice = _selected(action)
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.pause(
            session=session,
            team_id=team_id,
            user_id=user_id,
            choice=choice,
            base=utcnow(),
            default_tz=context["settings"].timezone,
        ),
        pausing=True,
    )


def on_home_pause_date(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Pause from App Home until the day picked."""
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.pause_to(
            session=session,
            team_id=team_id,
            user_id=user_id,
            day=_picked_day(action),
            now=utcnow(),
            default_tz=context["settings"].timezone,
        ),
        pausing=True,
    )


def on_home_resume(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Resume from App Home."""
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.resume(session=session, team_id=team_id, user_id=user_id),
        pausing=True,
    )


def on_home_reset(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Go back to the workspace's day and time."""
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.reset_slot(
            session=session, team_id=team_id, user_id=user_id
        ),
    )


# -- replies written in the DM ------------------------------------------------------------


def on_dm_message(
    event: dict[str, Any],
    body: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """A message in the bot's DM: a new, edited or deleted part of a week's answer."""
    subtype = event.get("subtype")
    team_id = context.team_id or str(body.get("team_id") or "")
    if subtype is None:
        _new_message(event, team_id, context, session, client)
    elif subtype == "message_changed":
        _changed_message(event, team_id, context, session, client)
    elif subtype == "message_deleted":
        result = service.remove_reply(
            session=session,
            team_id=team_id,
            channel_id=str(event.get("channel") or ""),
            ts=str(event.get("deleted_ts") or ""),
        )
        if result.prompt is not None:
            redraw(session=session, client=client, context=context, prompt=result.prompt)
    # bot_message, message_replied, file_share, joins and the rest are not answers.


def _from_a_person(message: dict[str, Any], context: BoltContext) -> bool:
    user = message.get("user")
    return bool(user) and not message.get("bot_id") and user != context.bot_user_id


def _dm_message(message: dict[str, Any], team_id: str, channel_id: str) -> DmMessage:
    ts = str(message.get("ts") or "")
    thread_ts = message.get("thread_ts")
    return DmMessage(
        team_id=team_id,
        user_id=str(message["user"]),
        channel_id=channel_id,
        ts=ts,
        # Message text is Slack-encoded (&amp;, <@U…>); answers are stored as the person typed.
        text=to_plain(str(message.get("text") or "")),
        thread_ts=str(thread_ts) if thread_ts and thread_ts != ts else None,
        client_msg_id=message.get("client_msg_id"),
    )


def _new_message(
    event: dict[str, Any], team_id: str, context: BoltContext, session: Session, client: WebClient
) -> None:
    if not _from_a_person(event, context):
        return
    message = _dm_message(event, team_id, str(event.get("channel") or ""))
    result = service.add_reply(session=session, message=message, now=utcnow())
    _after(result, message, context, session, client, new=True)


def _changed_message(
    event: dict[str, Any], team_id: str, context: BoltContext, session: Session, client: WebClient
) -> None:
    changed = event.get("message") or {}
    if not isinstance(changed, dict) or not _from_a_person(changed, context):
        return
    previous = event.get("previous_message") or {}
    message = _dm_message(changed, team_id, str(event.get("channel") or ""))
    previous_text = to_plain(str(previous.get("text") or "")) if isinstance(previous, dict) else ""
    result = service.edit_reply(
        session=session, message=message, previous_text=previous_text, now=utcnow()
    )
    _after(result, message, context, session, client, new=False)


def _after(
    result: ReplyResult,
    message: DmMessage,
    context: BoltContext,
    session: Session,
    client: WebClient,
    *,
    new: bool,
) -> None:
    """Confirm with a reaction, refuse a CPR number, or point someone with no prompt on."""
    outcome = result.outcome
    if outcome is ReplyOutcome.STORED:
        try:
            client.reactions_add(
                channel=message.channel_id, timestamp=message.ts, name=CONFIRM_REACTION
            )
        except SlackApiError as exc:
            # already_reacted after an edit that re-stored it, or a message gone meanwhile.
            log.info("could not confirm a reply with a reaction (%s)", exc.response.get("error"))
    if outcome is ReplyOutcome.REFUSED_CPR:
        lang = _lang(session, context)
        # Said in the DM, without echoing the number; nothing about the text is logged.
        client.chat_postMessage(
            channel=message.channel_id,
            thread_ts=message.thread_ts,
            **views.dm_notice(t("reflection.dm_cpr", lang)),
        )
    if outcome is ReplyOutcome.REFUSED_LONG:
        lang = _lang(session, context)
        # The message itself stays in Slack as written: the manager can split it up there.
        client.chat_postMessage(
            channel=message.channel_id,
            thread_ts=message.thread_ts,
            **views.dm_notice(
                t(
                    "reflection.dm_too_long",
                    lang,
                    count=len(message.text.strip()),
                    limit=service.MAX_ANSWER,
                )
            ),
        )
    if (
        outcome is ReplyOutcome.NO_PROMPT
        and new
        and service.first_hint_today(
            session=session, team_id=message.team_id, user_id=message.user_id, now=utcnow()
        )
    ):
        lang = _lang(session, context)
        client.chat_postMessage(
            channel=message.channel_id,
            thread_ts=message.thread_ts,
            **views.dm_notice(t("reflection.dm_no_prompt", lang)),
        )
    if result.prompt is not None and outcome in (
        ReplyOutcome.STORED,
        ReplyOutcome.REMOVED,
        ReplyOutcome.REFUSED_CPR,
        ReplyOutcome.REFUSED_LONG,
    ):
        redraw(session=session, client=client, context=context, prompt=result.prompt)
