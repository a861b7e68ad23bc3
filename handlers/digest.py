"""The monthly digest on demand (`/barriere overblik`), its CSV export, and effect values.

Directors and admins only: everyone else gets a polite no. The on-demand digest is the same
message the monthly job posts, shown only to the one who asked (for the month so far when no
month is given). The export goes to the director's DM as a CSV file (files_upload_v2).
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.authz import Do, may
from bot.errors import InputError, NotAllowed
from bot.ids import Digest, input_action
from bot.later import later
from bot.models import Area, Workspace, utcnow
from bot.services import deliveries, org
from bot.services import digest as digest_service
from bot.services import effect as effect_service
from bot.services.effect import shift_month
from bot.texts import t, tn
from bot.views import digest as views
from handlers.home import publish_home_later

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

# Months offered in the App Home form: this one and the twelve before it.
FORM_MONTHS = 13


def register(app: App, runtime: Runtime) -> None:
    """The export button, and the App Home form for effect values."""
    app.action(Digest.EXPORT)(on_export)
    app.action(Digest.VALUE_OPEN)(on_value_open)
    app.view(Digest.VALUE_MODAL)(on_value_submit)


def _lang_tz(session: Session, context: BoltContext) -> tuple[str, str]:
    settings = context["settings"]
    team_id = context.team_id or ""
    lang = org.workspace_language(session=session, team_id=team_id, default=settings.language)
    context["lang"] = lang
    workspace = session.get(Workspace, team_id) if team_id else None
    return lang, (workspace.timezone if workspace and workspace.timezone else settings.timezone)


def overview(
    *, ack: Ack, command: dict[str, Any], context: BoltContext, session: Session, month: str
) -> None:
    """`/barriere overblik [YYYY-MM]`: the month's digest, shown only to the one who asked."""
    lang, tz = _lang_tz(session, context)
    team_id, user_id = context.team_id or "", command["user_id"]
    if not may(Do.SEE_DIGEST, session=session, team_id=team_id, user_id=user_id):
        ack(response_type="ephemeral", text=t("digest.not_allowed", lang))
        return
    now = utcnow()
    example = shift_month(digest_service.local_month(now, tz), -1)
    try:
        period = digest_service.period_for(
            digest_service.resolve_month(month, now=now, tz=tz), tz=tz, now=now
        )
    except digest_service.FutureMonth as future:
        ack(
            response_type="ephemeral",
            text=t("digest.err_future", lang, month=str(future), example=example),
        )
        return
    except ValueError:
        ack(
            response_type="ephemeral",
            text=t("digest.err_month", lang, text=month[:40], example=example),
        )
        return
    digest = digest_service.build_digest(session=session, team_id=team_id, period=period)
    # Thread links without a Web API call: the command tells us the workspace's domain.
    domain = command.get("team_domain")
    base = f"https://{domain}.slack.com" if domain else None
    message = views.digest_message(digest, lang=lang, links=views.thread_links(digest, base))
    ack(response_type="ephemeral", **message)


def _export_target(value: str | None) -> tuple[str, int | None]:
    month, _, area = (value or "").partition(":")
    try:
        month = effect_service.parse_month(month)
    except ValueError:
        raise InputError("digest.err_month", text=month[:40], example="2026-11") from None
    return month, int(area) if area.isdigit() else None


def on_export(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    respond: Respond,
) -> None:
    """The digest's export button: the month's items as CSV, in the director's DM."""
    ack()
    lang, tz = _lang_tz(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    if not may(Do.EXPORT_ITEMS, session=session, team_id=team_id, user_id=user_id):
        raise NotAllowed("digest.not_allowed")
    month, area_id = _export_target(action.get("value"))
    area = session.get(Area, area_id) if area_id is not None else None
    if area is not None and area.team_id != team_id:
        area = None
    try:
        period = digest_service.period_for(month, tz=tz, now=utcnow())
    except ValueError:
        raise InputError("digest.err_month", text=month, example=month) from None
    # Building the file and four Web API calls take seconds: after the answer (bot.later).
    area_ref = (area.id, area.name) if area is not None else None
    later(
        context,
        lambda later_session: _send_export(
            later_session,
            client,
            respond,
            team_id=team_id,
            user_id=user_id,
            period=period,
            area=area_ref,
            lang=lang,
            tz=tz,
        ),
    )


def _send_export(
    session: Session,
    client: WebClient,
    respond: Respond,
    *,
    team_id: str,
    user_id: str,
    period: digest_service.Period,
    area: tuple[int, str] | None,
    lang: str,
    tz: str,
) -> None:
    """Build the month's CSV and send it to the director's DM, once per click window."""
    month = period.month
    area_id, area_name = area if area is not None else (None, None)
    rows = digest_service.export_rows(
        session=session, team_id=team_id, period=period, area_id=area_id
    )
    data = views.export_csv(rows, lang=lang, tz=tz)
    label = views.month_label(month, lang)
    scope = t("digest.export_scope", lang, area=area_name) if area_name else ""
    suffix = f"-{area_id}" if area_id is not None else ""

    try:
        # On the ledger: a double click sends one file; a click a minute later sends again.
        sent = deliveries.file_to_dm(
            session,
            client,
            team_id=team_id,
            user_id=user_id,
            key=f"digest-export:{user_id}:{month}:{area_id if area_id is not None else '-'}",
            kind="digest-export",
            now=utcnow(),
            file=data,
            filename=f"tvaers-{month}{suffix}.csv",
            title=f"Tværs {label}{scope}",
            comment=t("digest.export_comment", lang, month=label, scope=scope, count=len(rows)),
        )
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "error")
        log.warning("could not send a digest export to a DM (%s)", error)
        respond(
            text=t("digest.export_failed", lang, error=error),
            response_type="ephemeral",
            replace_original=False,
        )
        return
    if not sent:
        respond(
            text=t("digest.export_already", lang, month=label),
            response_type="ephemeral",
            replace_original=False,
        )
        return
    respond(
        text=tn("digest.export_sent", lang, len(rows), month=label),
        response_type="ephemeral",
        replace_original=False,
    )


# -- App Home: recording an indicator's value ----------------------------------------------------


def _form_months(now: Any, tz: str) -> list[str]:
    this_month = digest_service.local_month(now, tz)
    return [shift_month(this_month, -offset) for offset in range(FORM_MONTHS)]


def on_value_open(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open the small form for one indicator (directors and admins)."""
    ack()
    lang, tz = _lang_tz(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    if not may(Do.RECORD_EFFECT, session=session, team_id=team_id, user_id=user_id):
        raise NotAllowed("effect.not_allowed")
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise InputError("effect.err_indicator_gone")
    status = effect_service.indicator_status(
        session=session, team_id=team_id, indicator_id=int(value)
    )
    months = _form_months(utcnow(), tz)
    # Values usually arrive after the month is over: last month is the likely one.
    view = views.value_modal(status=status, months=months, default_month=months[1], lang=lang)
    client.views_open(trigger_id=body["trigger_id"], view=view)


_FIELD_BLOCK = {"month": Digest.VALUE_MONTH, "value": Digest.VALUE, "indicator": Digest.VALUE}


def on_value_submit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Store the value (replacing the month's earlier one) and refresh App Home."""
    lang, tz = _lang_tz(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    if not may(Do.RECORD_EFFECT, session=session, team_id=team_id, user_id=user_id):
        ack(response_action="errors", errors={Digest.VALUE: t("effect.not_allowed", lang)})
        return
    values = view["state"]["values"]
    month_state = values.get(Digest.VALUE_MONTH, {}).get(input_action(Digest.VALUE_MONTH), {})
    month = (month_state.get("selected_option") or {}).get("value") or ""
    typed = values.get(Digest.VALUE, {}).get(input_action(Digest.VALUE), {}).get("value") or ""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    indicator_id = meta.get("indicator_id") if isinstance(meta, dict) else None
    try:
        number = effect_service.parse_value(typed)
    except ValueError:
        ack(response_action="errors", errors={Digest.VALUE: t("effect.err_value", lang)})
        return
    try:
        if not isinstance(indicator_id, int):
            raise InputError("effect.err_indicator_gone", field="indicator")
        effect_service.record_value(
            session=session,
            team_id=team_id,
            indicator_id=indicator_id,
            month=month,
            value=number,
            recorded_by=user_id,
            source="home",
            tz=tz,
        )
    except InputError as error:
        context["rollback"] = True
        block = _FIELD_BLOCK.get(str(error.values.get("field")), Digest.VALUE)
        ack(response_action="errors", errors={block: t(error.key, lang)})
        return
    ack()
    publish_home_later(client=client, context=context, user_id=user_id)
