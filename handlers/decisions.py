"""The directors' decisions in Slack: the three buttons, the modal, and telling the managers."""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import InputError, TvaersError
from bot.ids import Decisions
from bot.later import later
from bot.models import CrossUnitThread, Decision, Escalation, Person, Role, Workspace, utcnow
from bot.services import decisions as service
from bot.services import deliveries
from bot.services import threads as thread_service
from bot.services.deliveries import TokenRefused
from bot.texts import t
from bot.views import decisions as views
from handlers.context import language as _lang

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)

_FIELD_BLOCK = {"note": Decisions.NOTE, "owner": Decisions.OWNER}


def register(app: App, runtime: Runtime) -> None:
    """Register the three decision buttons and the decision modal."""
    for action_id in views.KIND_OF:
        app.action(action_id)(on_button)
    app.action(Decisions.CHANGE)(on_change)
    app.action(Decisions.AGENDA_CSV)(on_agenda_csv)
    app.view(Decisions.MODAL)(on_submit)


def on_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """A director's answer: open the modal; anyone else is refused and nothing changes."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise InputError("decisions.error.gone")
    service.require_director(session=session, team_id=team_id, user_id=user_id)
    escalation = session.get(Escalation, int(value))
    if escalation is None or escalation.team_id != team_id:
        raise InputError("decisions.error.gone")
    first = service.current(escalation)
    kind = views.KIND_OF[action["action_id"]]
    if first is not None:
        # Already decided: say who decided what; changing it is a new, visible decision.
        message = views.already_message(
            escalation_id=escalation.id, kind=kind, first=first, lang=lang
        )
        if body.get("response_url"):
            respond(**message, response_type="ephemeral", replace_original=False)
        else:
            # App Home has no response_url: say it in a small modal (changing is from the DM).
            session.commit()
            client.views_open(
                trigger_id=body["trigger_id"], view=views.already_modal(message, lang)
            )
        return
    directors = _directors(session, team_id)
    view = views.modal(
        escalation_id=escalation.id, kind=kind, directors=directors, me=user_id, lang=lang
    )
    session.commit()  # no transaction is held while the bot waits on Slack
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_change(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """A director changes the decision that counts: the same modal, as a new decision."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    parts = str(action.get("value") or "").split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        raise InputError("decisions.error.gone")
    if parts[1] not in views.KIND_OF.values():
        raise InputError("decisions.error.gone")
    service.require_director(session=session, team_id=team_id, user_id=user_id)
    escalation = session.get(Escalation, int(parts[0]))
    if escalation is None or escalation.team_id != team_id:
        raise InputError("decisions.error.gone")
    view = views.modal(
        escalation_id=escalation.id,
        kind=parts[1],
        directors=_directors(session, team_id),
        me=user_id,
        lang=lang,
        replaces=int(parts[2]),
    )
    session.commit()  # no transaction is held while the bot waits on Slack
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_agenda_csv(
    ack: Ack,
    body: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """`/barriere dagsorden`'s button: the same open escalations as a CSV in the director's DM."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    service.require_director(
        session=session, team_id=team_id, user_id=user_id, key="decisions.error.agenda"
    )
    tz = _timezone(session, context)
    # The file goes up in three Web API calls: after the answer (bot.later).
    later(
        context,
        lambda later_session: _send_agenda_csv(
            later_session, client, respond, team_id=team_id, user_id=user_id, lang=lang, tz=tz
        ),
    )


def _send_agenda_csv(
    session: Session,
    client: WebClient,
    respond: Respond,
    *,
    team_id: str,
    user_id: str,
    lang: str,
    tz: str,
) -> None:
    """The open escalations as a CSV in the director's DM, once per click window."""
    now = utcnow()
    lines = service.agenda(session=session, team_id=team_id, user_id=user_id)
    names = dict(
        session.execute(
            select(Person.user_id, Person.name).where(
                Person.team_id == team_id, Person.user_id.in_({x.raised_by for x in lines})
            )
        ).all()
    )
    data = views.agenda_csv(
        escalations=lines,
        names={k: v for k, v in names.items() if v},
        now=now,
        tz=tz,
        lang=lang,
    )

    try:
        # On the ledger: a double click sends one file.
        sent = deliveries.file_to_dm(
            session,
            client,
            team_id=team_id,
            user_id=user_id,
            key=f"agenda-csv:{user_id}",
            kind="agenda-csv",
            now=now,
            file=data,
            filename=f"tvaers-dagsorden-{now:%Y-%m-%d}.csv",
            title=t("decisions.agenda.csv_button", lang),
            comment=t("decisions.agenda.csv_comment", lang, count=len(lines)),
        )
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "error")
        log.warning("could not send the agenda as CSV (%s)", error)
        respond(
            text=t("decisions.agenda.csv_failed", lang, error=error),
            response_type="ephemeral",
            replace_original=False,
        )
        return
    if sent:
        respond(
            text=t("decisions.agenda.csv_sent", lang),
            response_type="ephemeral",
            replace_original=False,
        )


def _directors(session: Session, team_id: str) -> list[tuple[str, str]]:
    """(user id, name) of the active directors, by name: the owner select's options."""
    rows = session.execute(
        select(Person.user_id, Person.name)
        .where(
            Person.team_id == team_id,
            Person.role == Role.DIRECTOR.value,
            Person.active.is_(True),
        )
        .order_by(Person.name, Person.user_id)
    )
    return [(user_id, name or user_id) for user_id, name in rows]


def on_submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Store the decision (the first counts), then tell the thread and the managers."""
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    values = view["state"]["values"]
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        escalation_id, kind = int(meta["escalation"]), str(meta["kind"])
        replaces = int(meta["replaces"]) if "replaces" in meta else None
    except (ValueError, KeyError, TypeError):
        raise InputError("decisions.error.gone") from None
    owner = _state(values, Decisions.OWNER).get("selected_option") or {}
    due_text = str(_state(values, Decisions.DUE).get("selected_date") or "")
    try:
        due = date.fromisoformat(due_text) if due_text else None
    except ValueError:
        due = None
    now = utcnow()
    try:
        result = service.decide(
            session=session,
            team_id=team_id,
            escalation_id=escalation_id,
            user_id=user_id,
            kind=kind,
            now=now,
            note=str(_state(values, Decisions.NOTE).get("value") or ""),
            owner_id=owner.get("value"),
            due_on=due,
            replaces=replaces,
        )
    except TvaersError as error:
        log.info("decision refused: %s", error.key)
        context["rollback"] = True
        field = str(error.values.get("field") or "note")
        blocks = [b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"]
        block = str(_FIELD_BLOCK.get(field, Decisions.NOTE))
        if block not in blocks:
            block = blocks[-1] if blocks else block
        ack(response_action="errors", errors={block: t(error.key, lang, **error.values)})
        return
    ack()
    if not result.fresh:
        return
    tell(
        session=session,
        client=client,
        escalation=result.escalation,
        decision=result.decision,
        lang=lang,
        tz=_timezone(session, context),
    )


def _state(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return dict((values.get(str(block_id)) or {}).get(str(block_id)) or {})


def _timezone(session: Session, context: BoltContext) -> str:
    workspace = session.get(Workspace, context.team_id or "")
    return (workspace.timezone if workspace else None) or context["settings"].timezone


def tell(
    *,
    session: Session,
    client: WebClient,
    escalation: Escalation,
    decision: Decision,
    lang: str,
    tz: str,
) -> None:
    """Post the decision in the thread and DM the managers who raised it, through the ledger."""
    outcome = views.outcome_text(
        kind=decision.kind,
        owner_id=decision.owner_id,
        due_on=decision.due_on,
        note=decision.note,
        by=decision.decided_by,
        at=decision.decided_at,
        tz=tz,
        lang=lang,
    )
    changed = len(escalation.decisions) > 1
    thread = session.get(CrossUnitThread, escalation.thread_id) if escalation.thread_id else None
    try:
        if thread is not None:
            anchor = thread_service.anchor_ts(thread) or thread.root_ts
            if anchor:
                deliveries.send(
                    session,
                    client,
                    team_id=escalation.team_id,
                    key=f"decision-thread:{decision.id}",
                    kind="decision-thread",
                    ref_id=decision.id,
                    now=decision.decided_at,
                    channel=thread.channel_id,
                    thread_ts=anchor,
                    message=views.decision_message(
                        title_key="decisions.thread.title",
                        outcome=outcome,
                        changed=changed,
                        lang=lang,
                    ),
                )
        for manager in _raisers(session, escalation, thread):
            deliveries.send(
                session,
                client,
                team_id=escalation.team_id,
                key=f"decision-dm:{decision.id}:{manager}",
                kind="decision-dm",
                ref_id=decision.id,
                now=decision.decided_at,
                channel=manager,
                message=views.decision_message(
                    title_key="decisions.manager.title",
                    outcome=outcome,
                    changed=changed,
                    lang=lang,
                ),
            )
    except TokenRefused as exc:
        log.warning("could not tell about a decision: %s", exc)


def _raisers(session: Session, escalation: Escalation, thread: CrossUnitThread | None) -> list[str]:
    """The manager who raised it and the authors of the thread's items (not anonymous ones)."""
    people = [escalation.raised_by] if escalation.raised_by else []
    if thread is not None:
        for item in thread.items:
            if not item.anonymous and item.author_id not in people:
                people.append(item.author_id)
    return people
