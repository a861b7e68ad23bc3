"""The organisation: areas, units and people in the admin section, and their modals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.ids import Admin
from bot.models import Area, Person, Role, Unit
from bot.services.admin import MAX_NAME, OrgCounts
from bot.slack_text import safe_mrkdwn
from bot.texts import t
from bot.views.admin.common import MAX_OPTIONS, channel_ref, channel_select, fit
from bot.views.admin.overview import AdminOverview
from bot.views.blocks import button as _button
from bot.views.blocks import context as _context
from bot.views.blocks import input_block as _input
from bot.views.blocks import modal as _modal
from bot.views.blocks import option as _option
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.blocks import text_input as _text_input


def organisation_text(o: AdminOverview, lang: str) -> str:
    """The areas with their units (and channels), units without an area last."""
    head = t("admin.org_title", lang, areas=len(o.areas), units=len(o.units))
    lines = [f"*{head}*"]
    by_area: dict[int | None, list[Unit]] = {}
    for unit in o.units:
        by_area.setdefault(unit.area_id, []).append(unit)
    groups: list[tuple[str, str | None, list[Unit]]] = [
        (a.name, a.digest_channel, by_area.get(a.id, [])) for a in o.areas
    ]
    if by_area.get(None):
        groups.append((t("admin.no_area", lang), None, by_area[None]))
    for name, channel, units in groups:
        names = ", ".join(
            safe_mrkdwn(u.name) + (" :busts_in_silhouette:" if u.usergroup_id else "")
            for u in units
        )
        line = f"• *{safe_mrkdwn(name)}*"
        if channel:
            line += f" ({channel_ref(channel, lang)})"
        lines.append(f"{line}: {names or '–'}")
    if not o.areas and not o.units:
        lines.append(t("admin.org_empty", lang))
    lines.append(t("admin.org_hint", lang))
    return fit(lines)


def people_text(counts: OrgCounts, lang: str) -> str:
    """How many people of each role are active, and how many are deactivated."""
    parts = [
        t(f"admin.count_{role.value}", lang, count=counts.roles.get(role.value, 0)) for role in Role
    ]
    text = f"*{t('admin.people_title', lang)}*\n" + " · ".join(parts)
    if counts.inactive:
        text += " · " + t("admin.count_inactive", lang, count=counts.inactive)
    return text + "\n" + t("admin.people_hint", lang)


# -- areas and units -----------------------------------------------------------------------


def area_modal(*, area: Area | None, lang: str) -> dict[str, Any]:
    """Add an area, or rename one and set its own digest channel."""
    blocks: list[dict[str, Any]] = [
        _input(
            Admin.NAME,
            t("admin.area_name", lang),
            _text_input(area.name if area else None, max_length=MAX_NAME),
        ),
        _input(
            Admin.CHANNEL,
            t("admin.area_channel", lang),
            channel_select(area.digest_channel if area else None, lang),
            optional=True,
            hint=t("admin.area_channel_hint", lang),
        ),
    ]
    if area is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "admin_area_more",
                "elements": [
                    _button(t("admin.retire_or_merge", lang), Admin.AREA_RETIRE_OPEN, str(area.id))
                ],
            }
        )
    title = t("admin.area_edit_title" if area else "admin.area_new_title", lang)
    meta = {"area_id": area.id if area else None}
    return _modal(
        Admin.AREA_MODAL, title, blocks, lang, metadata=meta, submit=t("admin.save", lang)
    )


def area_retire_modal(
    *, area: Area, others: Sequence[Area], unit_count: int, lang: str
) -> dict[str, Any]:
    """Retire an area, moving its units to another one (merge) or with none left."""
    options = [_option(a.name, str(a.id)) for a in others[:MAX_OPTIONS]]
    blocks: list[dict[str, Any]] = [
        _section(t("admin.area_retire_text", lang, name=safe_mrkdwn(area.name), count=unit_count))
    ]
    if options:
        blocks.append(
            _input(
                Admin.MERGE_INTO,
                t("admin.area_merge_label", lang),
                {"type": "static_select", "options": options},
                optional=True,
                hint=t("admin.area_merge_hint", lang),
            )
        )
    else:
        blocks.append(
            _input(
                Admin.MERGE_INTO,
                t("admin.confirm_label", lang),
                {
                    "type": "checkboxes",
                    "options": [_option(t("admin.confirm_retire", lang), "yes")],
                },
            )
        )
    return _modal(
        Admin.AREA_RETIRE_MODAL,
        t("admin.area_retire_title", lang),
        blocks,
        lang,
        metadata={"area_id": area.id},
        submit=t("admin.retire", lang),
    )


def unit_options(units: Sequence[Unit], lang: str) -> dict[str, Any]:
    """Options for a unit select: grouped by area when there are areas (Slack allows 100 each)."""
    by_area: dict[str, list[Unit]] = {}
    for unit in units:
        area = unit.area.name if unit.area is not None else t("admin.no_area", lang)
        by_area.setdefault(area, []).append(unit)
    if len(by_area) <= 1:
        return {"options": [_option(u.name, str(u.id)) for u in units[:MAX_OPTIONS]]}
    return {
        "option_groups": [
            {
                "label": _plain(area, 75),
                "options": [_option(u.name, str(u.id)) for u in group[:MAX_OPTIONS]],
            }
            for area, group in list(by_area.items())[:MAX_OPTIONS]
        ]
    }


def _find_option(select: dict[str, Any], value: str) -> dict[str, Any] | None:
    options = list(select.get("options") or [])
    for group in select.get("option_groups") or []:
        options.extend(group["options"])
    return next((o for o in options if o["value"] == value), None)


@dataclass(frozen=True)
class UsergroupChoice:
    """A Slack user group an admin may map a unit to."""

    id: str
    handle: str
    name: str


def unit_modal(
    *,
    unit: Unit | None,
    areas: Sequence[Area],
    usergroups: Sequence[UsergroupChoice] | None,
    lang: str,
) -> dict[str, Any]:
    """Add a unit, or rename it, move it to another area and map it to a Slack user group."""
    blocks: list[dict[str, Any]] = [
        _input(
            Admin.NAME,
            t("admin.unit_name", lang),
            _text_input(unit.name if unit else None, max_length=MAX_NAME),
        )
    ]
    if areas:
        area_options = [_option(a.name, str(a.id)) for a in areas[:MAX_OPTIONS]]
        element: dict[str, Any] = {"type": "static_select", "options": area_options}
        chosen = next((o for o in area_options if unit and o["value"] == str(unit.area_id)), None)
        if chosen:
            element["initial_option"] = chosen
        blocks.append(_input(Admin.AREA, t("admin.unit_area", lang), element, optional=True))
    if usergroups is None:
        blocks.append(_context(t("admin.usergroups_unavailable", lang)))
    elif usergroups:
        group_options = [_option(f"@{g.handle} – {g.name}", g.id) for g in usergroups[:MAX_OPTIONS]]
        group_element: dict[str, Any] = {"type": "static_select", "options": group_options}
        current = next((o for o in group_options if unit and o["value"] == unit.usergroup_id), None)
        if current:
            group_element["initial_option"] = current
        blocks.append(
            _input(
                Admin.USERGROUP,
                t("admin.usergroup_label", lang),
                group_element,
                optional=True,
                hint=t("admin.usergroup_hint", lang),
            )
        )
    else:
        blocks.append(_context(t("admin.usergroups_none", lang)))
    if unit is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "admin_unit_more",
                "elements": [
                    _button(t("admin.retire_or_merge", lang), Admin.UNIT_RETIRE_OPEN, str(unit.id))
                ],
            }
        )
    title = t("admin.unit_edit_title" if unit else "admin.unit_new_title", lang)
    meta = {"unit_id": unit.id if unit else None}
    return _modal(
        Admin.UNIT_MODAL, title, blocks, lang, metadata=meta, submit=t("admin.save", lang)
    )


def unit_retire_modal(
    *, unit: Unit, others: Sequence[Unit], people: int, open_items: int, lang: str
) -> dict[str, Any]:
    """Retire a unit, or merge it into another (its people and open items move there)."""
    blocks: list[dict[str, Any]] = [
        _section(
            t(
                "admin.unit_retire_text",
                lang,
                name=safe_mrkdwn(unit.name),
                people=people,
                items=open_items,
            )
        )
    ]
    if others:
        blocks.append(
            _input(
                Admin.MERGE_INTO,
                t("admin.unit_merge_label", lang),
                {"type": "static_select", **unit_options(others, lang)},
                optional=True,
                hint=t("admin.unit_merge_hint", lang),
            )
        )
    else:
        blocks.append(
            _input(
                Admin.MERGE_INTO,
                t("admin.confirm_label", lang),
                {
                    "type": "checkboxes",
                    "options": [_option(t("admin.confirm_retire", lang), "yes")],
                },
            )
        )
    return _modal(
        Admin.UNIT_RETIRE_MODAL,
        t("admin.unit_retire_title", lang),
        blocks,
        lang,
        metadata={"unit_id": unit.id},
        submit=t("admin.retire", lang),
    )


# -- people --------------------------------------------------------------------------------


def person_modal(
    *,
    user_id: str,
    person: Person | None,
    units: Sequence[Unit],
    waiting_items: int,
    lang: str,
) -> dict[str, Any]:
    """Set a person's unit and role, or deactivate them; adds someone Tværs does not know."""
    if person is None:
        intro = t("admin.person_unknown", lang, user=f"<@{user_id}>")
    else:
        intro = f"<@{user_id}>"
        if person.name:
            intro += f" – {safe_mrkdwn(person.name, limit=100)}"
        if not person.active:
            intro += f"\n{t('admin.person_inactive', lang)}"
    blocks: list[dict[str, Any]] = [_section(intro)]
    if waiting_items:
        blocks.append(_context(t("admin.person_waiting", lang, count=waiting_items)))
    if units:
        select: dict[str, Any] = {"type": "static_select", **unit_options(units, lang)}
        if person is not None and person.unit_id is not None:
            chosen = _find_option(select, str(person.unit_id))
            if chosen:
                select["initial_option"] = chosen
        blocks.append(_input(Admin.UNIT, t("admin.person_unit", lang), select, optional=True))
    roles = [_option(t(f"role.{r.value}", lang), r.value) for r in Role]
    role = person.role if person is not None else Role.MANAGER.value
    blocks.append(
        _input(
            Admin.ROLE,
            t("admin.person_role", lang),
            {
                "type": "radio_buttons",
                "options": roles,
                "initial_option": next(o for o in roles if o["value"] == role),
            },
            hint=t("admin.person_role_hint", lang),
        )
    )
    active_option = _option(t("admin.person_active_option", lang), "active")
    active: dict[str, Any] = {"type": "checkboxes", "options": [active_option]}
    if person is None or person.active:
        active["initial_options"] = [active_option]
    blocks.append(
        _input(
            Admin.ACTIVE,
            t("admin.person_active", lang),
            active,
            optional=True,
            hint=t("admin.person_active_hint", lang),
        )
    )
    title = t("admin.person_title", lang)
    return _modal(
        Admin.PERSON_MODAL,
        title,
        blocks,
        lang,
        metadata={"user_id": user_id},
        submit=t("admin.save", lang),
    )
