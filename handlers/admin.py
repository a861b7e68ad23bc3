"""Set-up and administration inside Slack: the first-run guide's "start here", the workspace
settings and the audit log (areas, units and people: handlers.admin_org; closing days:
handlers.admin_days).

Every action and every modal submission checks again, on the server, that the user is an
active admin (the services check too): a payload crafted by anyone else changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.errors import TvaersError
from bot.ids import Admin
from bot.models import Workspace, utcnow
from bot.services import admin as admin_service
from bot.services import org
from bot.slack_reads import channel_problem
from bot.texts import t
from bot.views import admin as views
from handlers.admin_forms import open_admin_modal as _open
from handlers.admin_forms import refresh_home as _refresh_home
from handlers.admin_forms import selected as _selected
from handlers.admin_forms import state_of as _state
from handlers.admin_forms import submit_admin_form as _submit
from handlers.admin_forms import text_of as _text
from handlers.admin_forms import whole_or_refused as _whole
from handlers.context import language as _lang
from handlers.context import slack_admin
from handlers.context import workspace_tz as _tz

if TYPE_CHECKING:
    from bot.runtime import Runtime

AUDIT_IN_MODAL = 50


def register(app: App, runtime: Runtime) -> None:
    """Register the first-run guide's button, the settings and the audit log."""
    app.action(Admin.CLAIM)(on_claim)
    app.action(Admin.SETTINGS)(open_settings)
    app.action(Admin.AUDIT)(open_audit)
    app.view(Admin.SETTINGS_MODAL)(submit_settings)


# -- shared plumbing -----------------------------------------------------------------------


def _decision_days(
    session: Session, context: BoltContext, team_id: str, values: dict[str, Any]
) -> int | None:
    """The days before the directors' reminder as submitted; None when the form left it be
    (still the default from DECISION_REMINDER_DAYS, or an older form without the field)."""
    if Admin.DECISION_DAYS not in values:
        return None
    days = _whole(_text(values, Admin.DECISION_DAYS))
    workspace = session.get(Workspace, team_id)
    stored = workspace.decision_reminder_days if workspace is not None else None
    if stored is None and days == context["settings"].decision_reminder_days:
        return None
    return days


def check_channels(
    session: Session, client: WebClient, team_id: str, channels: list[str | None]
) -> None:
    """Check newly chosen channels at once, so the status shows a problem right away."""
    for channel_id in dict.fromkeys(c for c in channels if c):
        try:
            known, problem = channel_problem(client, channel_id)
        except OSError:  # Slack unreachable: the channel-check job looks again later
            continue
        if known:
            admin_service.record_channel_check(
                session, team_id=team_id, channel_id=channel_id, problem=problem, now=utcnow()
            )


# -- first run -----------------------------------------------------------------------------


def on_claim(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """The first-run guide's "start here": a Slack admin becomes Tværs's first admin."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    is_slack_admin, name = slack_admin(client, user_id)
    try:
        admin_service.claim_first_admin(
            session=session, team_id=team_id, user_id=user_id, slack_admin=is_slack_admin, name=name
        )
    except TvaersError as error:
        context["rollback"] = True
        client.views_open(
            trigger_id=body["trigger_id"],
            view=views.notice_modal(text=t(error.key, lang, **error.values), lang=lang),
        )
        return
    _refresh_home(session, client, context, user_id)


# -- settings ------------------------------------------------------------------------------


def open_settings(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Open the workspace settings."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        workspace = org.ensure_workspace(session=session, team_id=team_id)
        settings = context["settings"]
        return views.settings_modal(
            workspace=workspace,
            default_language=settings.language,
            default_decision_days=settings.decision_reminder_days,
            lang=lang,
        )

    _open(ack, body, context, session, client, build)


def submit_settings(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Save the workspace settings and check the channels chosen."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], _meta: Any, _lang: str) -> None:
        change = admin_service.SettingsChange(
            digest_channel=_state(values, Admin.DIGEST_CHANNEL).get("selected_conversation"),
            cross_unit_channel=_state(values, Admin.CROSS_CHANNEL).get("selected_conversation"),
            prompt_weekday=_whole(_selected(values, Admin.WEEKDAY)),
            prompt_time=str(_state(values, Admin.TIME).get("selected_time") or ""),
            reminder_days=_whole(_text(values, Admin.REMINDER_DAYS)),
            anonymity_threshold=_whole(_text(values, Admin.THRESHOLD)),
            language=_selected(values, Admin.LANGUAGE) or "",
            decision_reminder_days=_decision_days(session, context, team_id, values),
        )
        changed = admin_service.update_settings(
            session=session, team_id=team_id, actor_id=user_id, change=change
        )
        fresh = [
            getattr(change, name)
            for name in ("digest_channel", "cross_unit_channel")
            if name in changed
        ]
        check_channels(session, client, team_id, fresh)

    _submit(ack, body, view, context, session, client, apply)


# -- the audit log -------------------------------------------------------------------------


def open_audit(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Show the latest changes."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        entries = admin_service.audit_entries(
            session=session, team_id=team_id, limit=AUDIT_IN_MODAL
        )
        return views.audit_modal(entries=entries, tz=_tz(session, context), lang=lang)

    _open(ack, body, context, session, client, build)
