"""The organisation inside Slack: the admin section's forms for areas, units and people.

Every action and every modal submission checks again, on the server, that the user is an
active admin (the services check too): a payload crafted by anyone else changes nothing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.ids import Admin
from bot.models import Area
from bot.services import admin as admin_service
from bot.services import org
from bot.slack_reads import fetch_usergroups
from bot.views import admin as views
from handlers.admin import check_channels
from handlers.admin_forms import checked as _checked
from handlers.admin_forms import meta_id as _meta_id
from handlers.admin_forms import open_admin_modal as _open
from handlers.admin_forms import selected as _selected
from handlers.admin_forms import state_of as _state
from handlers.admin_forms import submit_admin_form as _submit
from handlers.admin_forms import text_of as _text
from handlers.admin_forms import whole_number as _int

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


def register(app: App, runtime: Runtime) -> None:
    """Register the area, unit and person forms of the admin section."""
    app.action(Admin.AREA_NEW)(open_area)
    app.action(Admin.AREA_PICK)(open_area)
    app.action(Admin.AREA_RETIRE_OPEN)(push_area_retire)
    app.action(Admin.UNIT_NEW)(open_unit)
    app.action(Admin.UNIT_PICK)(open_unit)
    app.action(Admin.UNIT_RETIRE_OPEN)(push_unit_retire)
    app.action(Admin.PERSON_PICK)(open_person)
    app.view(Admin.AREA_MODAL)(submit_area)
    app.view(Admin.AREA_RETIRE_MODAL)(submit_area_retire)
    app.view(Admin.UNIT_MODAL)(submit_unit)
    app.view(Admin.UNIT_RETIRE_MODAL)(submit_unit_retire)
    app.view(Admin.PERSON_MODAL)(submit_person)


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
        check_channels(session, client, team_id, [fresh])

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
