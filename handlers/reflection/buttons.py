"""The weekly prompt's buttons in the DM, and the modal with the three questions."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.errors import InputError, NotAllowed
from bot.ids import Reflection, input_action
from bot.models import utcnow
from bot.services import org
from bot.services import reflection as service
from bot.services.reflection import Answers
from bot.texts import t
from bot.views import reflection as views
from bot.views.barrier import barrier_modal
from handlers.context import language as _lang
from handlers.reflection.prompt import _picked_day, _prompt_id, _user, redraw

# Which modal block shows an InputError about each answer.
_FIELD_BLOCK = {
    "need": Reflection.NEED,
    "barriers": Reflection.BARRIERS,
    "action": Reflection.ACTION,
}


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
