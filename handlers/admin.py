"""Set-up and administration inside Slack: the admin section's buttons and modals in App Home,
the first-run guide's "start here", and the admins' and directors' App Home sections.

Every action and every modal submission checks again, on the server, that the user is an
active admin (the services check too): a payload crafted by anyone else changes nothing.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.errors import InputError, TvaersError
from bot.ids import Admin
from bot.models import Area, Workspace, utcnow
from bot.services import admin as admin_service
from bot.services import calendar as calendar_service
from bot.services import org
from bot.texts import t
from bot.views import admin as views
from handlers.admin_forms import (
    checked as _checked,
)
from handlers.admin_forms import (
    meta_id as _meta_id,
)
from handlers.admin_forms import (
    open_admin_modal as _open,
)
from handlers.admin_forms import (
    refresh_home as _refresh_home,
)
from handlers.admin_forms import (
    selected as _selected,
)
from handlers.admin_forms import (
    state_of as _state,
)
from handlers.admin_forms import (
    submit_admin_form as _submit,
)
from handlers.admin_forms import (
    text_of as _text,
)
from handlers.admin_forms import (
    whole_number as _int,
)
from handlers.admin_forms import (
    whole_or_refused as _whole,
)
from handlers.context import language as _lang
from handlers.context import slack_admin
from handlers.context import workspace_tz as _tz
from jobs.usergroup_sync import channel_problem, fetch_usergroups

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

AUDIT_IN_MODAL = 50


def register(app: App, runtime: Runtime) -> None:
    """Register the admin section's actions and modals, and the first-run guide's button."""
    app.action(Admin.CLAIM)(on_claim)
    app.action(Admin.SETTINGS)(open_settings)
    app.action(Admin.AREA_NEW)(open_area)
    app.action(Admin.AREA_PICK)(open_area)
    app.action(Admin.AREA_RETIRE_OPEN)(push_area_retire)
    app.action(Admin.UNIT_NEW)(open_unit)
    app.action(Admin.UNIT_PICK)(open_unit)
    app.action(Admin.UNIT_RETIRE_OPEN)(push_unit_retire)
    app.action(Admin.PERSON_PICK)(open_person)
    app.action(Admin.AUDIT)(open_audit)
    app.action(Admin.CLOSING)(open_closing)
    app.action(Admin.CLOSING_REMOVE)(remove_closing)
    app.view(Admin.CLOSING_MODAL)(submit_closing)
    app.view(Admin.SETTINGS_MODAL)(submit_settings)
    app.view(Admin.AREA_MODAL)(submit_area)
    app.view(Admin.AREA_RETIRE_MODAL)(submit_area_retire)
    app.view(Admin.UNIT_MODAL)(submit_unit)
    app.view(Admin.UNIT_RETIRE_MODAL)(submit_unit_retire)
    app.view(Admin.PERSON_MODAL)(submit_person)


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


def _check_channels(
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
        _check_channels(session, client, team_id, fresh)

    _submit(ack, body, view, context, session, client, apply)


# -- areas ---------------------------------------------------------------------------------


def _active_areas(session: Session, team_id: str) -> list[Area]:
    return org.active_areas(session=session, team_id=team_id)


def open_area(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open the area form: new, or the area picked in App Home."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        area = None
        if action.get("action_id") == Admin.AREA_PICK:
            area_id = _int((action.get("selected_option") or {}).get("value"))
            area = admin_service.get_area(session, team_id, area_id)
        return views.area_modal(area=area, lang=lang)

    _open(ack, body, context, session, client, build)


def push_area_retire(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Push the retire-or-merge step on top of the area form."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        area = admin_service.get_area(session, team_id, _int(action.get("value")))
        others = [a for a in _active_areas(session, team_id) if a.id != area.id]
        units = admin_service.units_in_area(session=session, area_id=area.id)
        return views.area_retire_modal(area=area, others=others, unit_count=units, lang=lang)

    _open(ack, body, context, session, client, build, push=True)


def submit_area(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Add an area, or save its name and digest channel."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], meta: Any, _lang: str) -> None:
        name = _text(values, Admin.NAME)
        channel = _state(values, Admin.CHANNEL).get("selected_conversation")
        area_id = _meta_id(meta, "area_id")
        if area_id is None:
            area = admin_service.add_area(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                name=name,
                digest_channel=channel,
            )
            fresh = area.digest_channel
        else:
            before = admin_service.get_area(session, team_id, area_id).digest_channel
            area = admin_service.update_area(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                area_id=area_id,
                name=name,
                digest_channel=channel,
            )
            fresh = area.digest_channel if area.digest_channel != before else None
        _check_channels(session, client, team_id, [fresh])

    _submit(ack, body, view, context, session, client, apply)


def submit_area_retire(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Retire an area, merging it into another when one was chosen; closes both forms."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], meta: Any, _lang: str) -> None:
        admin_service.retire_area(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            area_id=_meta_id(meta, "area_id") or 0,
            merge_into_id=_int(_selected(values, Admin.MERGE_INTO)),
        )

    _submit(ack, body, view, context, session, client, apply, clear=True)


# -- units ---------------------------------------------------------------------------------


def _usergroup_choices(client: WebClient) -> list[views.UsergroupChoice] | None:
    """The workspace's enabled user groups, or None when Slack could not be asked."""
    try:
        groups = fetch_usergroups(client)
    except SlackApiError as exc:
        log.info("usergroups.list failed (%s)", exc.response.get("error"))
        return None
    return sorted(
        (
            views.UsergroupChoice(g["id"], g.get("handle") or g["id"], g.get("name") or "")
            for g in groups.values()
            if not g.get("date_delete")
        ),
        key=lambda g: g.handle.lower(),
    )


def open_unit(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open the unit form: new, or the unit picked in App Home."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        unit = None
        if action.get("action_id") == Admin.UNIT_PICK:
            unit_id = _int((action.get("selected_option") or {}).get("value"))
            unit = admin_service.get_unit(session, team_id, unit_id)
        return views.unit_modal(
            unit=unit,
            areas=_active_areas(session, team_id),
            usergroups=_usergroup_choices(client),
            lang=lang,
        )

    _open(ack, body, context, session, client, build)


def push_unit_retire(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Push the retire-or-merge step on top of the unit form."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        unit = admin_service.get_unit(session, team_id, _int(action.get("value")))
        others = [u for u in org.active_units(session=session, team_id=team_id) if u.id != unit.id]
        people, items = admin_service.unit_load(session=session, unit_id=unit.id)
        return views.unit_retire_modal(
            unit=unit, others=others, people=people, open_items=items, lang=lang
        )

    _open(ack, body, context, session, client, build, push=True)


def submit_unit(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Add a unit, or save its name, area and user group."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], meta: Any, _lang: str) -> None:
        name = _text(values, Admin.NAME)
        area_id = _int(_selected(values, Admin.AREA))
        unit_id = _meta_id(meta, "unit_id")
        if unit_id is None:
            unit = admin_service.add_unit(
                session=session, team_id=team_id, actor_id=user_id, name=name, area_id=area_id
            )
        else:
            unit = admin_service.get_unit(session, team_id, unit_id)
        # The group input is missing when Slack's groups could not be listed: leave it alone.
        group_shown = Admin.USERGROUP in values
        group = _selected(values, Admin.USERGROUP) if group_shown else None
        known: list[str] | None = None
        if group_shown and group != unit.usergroup_id:
            known = _known_groups(client) if group else []
        admin_service.update_unit(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            unit_id=unit.id,
            name=name,
            area_id=area_id,
            usergroup_id=group,
            known_usergroups=known,
        )

    _submit(ack, body, view, context, session, client, apply)


def _known_groups(client: WebClient) -> list[str]:
    """Enabled user group ids, to check a choice against (refused when Slack cannot say)."""
    choices = _usergroup_choices(client)
    if choices is None:
        raise InputError("admin.err_usergroup", field="usergroup")
    return [c.id for c in choices]


def submit_unit_retire(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Retire a unit, merging it into another when one was chosen; closes both forms."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], meta: Any, _lang: str) -> None:
        admin_service.retire_unit(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            unit_id=_meta_id(meta, "unit_id") or 0,
            merge_into_id=_int(_selected(values, Admin.MERGE_INTO)),
        )

    _submit(ack, body, view, context, session, client, apply, clear=True)


# -- people --------------------------------------------------------------------------------


def open_person(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Open the form for the person picked in App Home."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        user_id = str(action.get("selected_user") or "")
        if not admin_service.USER_ID.match(user_id):
            raise InputError("admin.err_person")
        person = org.get_person(session=session, team_id=team_id, user_id=user_id)
        waiting = admin_service.waiting_items_of(session=session, team_id=team_id, user_id=user_id)
        return views.person_modal(
            user_id=user_id,
            person=person,
            units=org.active_units(session=session, team_id=team_id),
            waiting_items=waiting,
            lang=lang,
        )

    _open(ack, body, context, session, client, build)


def submit_person(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Save a person's unit, role and status; someone new is looked up in Slack first."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], meta: Any, _lang: str) -> None:
        target = str(meta.get("user_id") or "")
        if not admin_service.USER_ID.match(target):
            raise InputError("admin.err_person", field="role")
        name = tz = None
        if org.get_person(session=session, team_id=team_id, user_id=target) is None:
            name, tz = _slack_person(client, target)
        admin_service.set_person(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            change=admin_service.PersonChange(
                user_id=target,
                unit_id=_int(_selected(values, Admin.UNIT)),
                role=_selected(values, Admin.ROLE) or "",
                active=_checked(values, Admin.ACTIVE),
                name=name,
                tz=tz,
            ),
        )

    _submit(ack, body, view, context, session, client, apply)


def _slack_person(client: WebClient, user_id: str) -> tuple[str | None, str | None]:
    """Name and time zone of a real person in the workspace; bots and deleted users refused."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        log.info("users.info failed (%s)", exc.response.get("error"))
        raise InputError("admin.err_person", field="role") from None
    if user.get("is_bot") or user.get("deleted") or user_id == "USLACKBOT":
        raise InputError("admin.err_not_a_person", field="role")
    name = user.get("real_name") or (user.get("profile") or {}).get("real_name")
    return name or None, user.get("tz")


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


# -- working days --------------------------------------------------------------------------


def _closing_view(
    session: Session, context: BoltContext, team_id: str, lang: str
) -> dict[str, Any]:
    workspace = org.ensure_workspace(session=session, team_id=team_id)
    today = utcnow().astimezone(ZoneInfo(_tz(session, context))).date()
    return views.closing_modal(
        closing_days=calendar_service.closing_days(session=session, team_id=team_id, since=today),
        may_day_closed=bool(workspace.may_day_closed),
        lang=lang,
    )


def _date(values: dict[str, Any], block_id: str) -> date | None:
    text = str(_state(values, block_id).get("selected_date") or "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def open_closing(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Open the closing days: add one or a range, remove one, toggle 1 May."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        return _closing_view(session, context, team_id, lang)

    _open(ack, body, context, session, client, build)


def submit_closing(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Save a new closing day (when one was filled in) and the 1 May choice."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], _meta: Any, _lang: str) -> None:
        start, end = _date(values, Admin.CLOSING_START), _date(values, Admin.CLOSING_END)
        name = _text(values, Admin.NAME)
        if start or end or name.strip():
            admin_service.add_closing_day(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                start=start,
                end=end,
                name=name,
                now=utcnow(),
            )
        admin_service.set_may_day(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            closed=_checked(values, Admin.MAY_DAY),
        )

    _submit(ack, body, view, context, session, client, apply)


def remove_closing(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Remove one closing day from the open modal, then show the modal and App Home afresh."""
    ack()
    lang = _lang(session, context)
    team_id, user_id = context.team_id or "", body["user"]["id"]
    try:
        admin_service.remove_closing_day(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            closure_id=_int(action.get("value")) or -1,
            now=utcnow(),
        )
        fresh = _closing_view(session, context, team_id, lang)
    except TvaersError as error:
        log.info("admin action refused: %s", error.key)
        context["rollback"] = True
        fresh = views.notice_modal(text=t(error.key, lang, **error.values), lang=lang)
    view = body.get("view") or {}
    session.flush()
    client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=fresh)
    _refresh_home(session, client, context, user_id)
