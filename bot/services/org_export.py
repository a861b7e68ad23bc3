"""Write the organisation back out in the YAML format bot.services.org_import reads.

Importing the file again changes nothing, and importing it into an empty database reproduces
the active organisation: workspace settings of the file format, areas with their digest
channels and units, people with unit and role, and the goals with their effect indicators.
Retired units, areas, goals and deactivated people are left out, as an import would retire them.
Settings the file format has no place for (set in App Home) are listed in a comment at the top.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models import Area, Goal, Person, Role, StatbankSource, Unit, Workspace, utcnow
from bot.services.org_import import WEEKDAY_NAMES

_ROLE_ORDER = {Role.MANAGER.value: 0, Role.DIRECTOR.value: 1, Role.ADMIN.value: 2}


class ExportError(Exception):
    """The organisation cannot be exported (no such workspace)."""


def _scalar(value: Any) -> str:
    """One YAML scalar, quoted only when it must be (e.g. '09:00', 'yes', names with ': ')."""
    # Dumped inside a flow list so PyYAML quotes what a flow context needs, then unwrapped.
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9)
    return text.strip()[1:-1]


def _flow(mapping: dict[str, Any]) -> str:
    """A mapping on one line: {user: U0ANNA, name: Anna Holm, ...}."""
    parts = [f"{key}: {_scalar(value)}" for key, value in mapping.items() if value is not None]
    return "{" + ", ".join(parts) + "}"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _comment(text: str) -> str:
    return " ".join(text.split())


def export_org(*, session: Session, team_id: str, now: datetime | None = None) -> str:
    """The workspace's organisation as an organisation file (YAML text)."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        raise ExportError(f"workspace {team_id} is not in the database")
    areas = list(
        session.scalars(
            select(Area)
            .where(Area.team_id == team_id, Area.active.is_(True))
            .order_by(Area.name, Area.id)
        )
    )
    units = list(
        session.scalars(
            select(Unit)
            .where(Unit.team_id == team_id, Unit.active.is_(True))
            .order_by(Unit.name, Unit.id)
        )
    )
    people = list(
        session.scalars(
            select(Person)
            .where(Person.team_id == team_id, Person.active.is_(True))
            .options(selectinload(Person.unit))
        )
    )
    goals = list(
        session.scalars(
            select(Goal)
            .where(Goal.team_id == team_id, Goal.active.is_(True))
            .options(selectinload(Goal.indicators))
            .order_by(Goal.position, Goal.id)
        )
    )
    sources = {
        source.indicator_id: source
        for source in session.scalars(
            select(StatbankSource).where(StatbankSource.team_id == team_id)
        )
    }
    moment = (now or utcnow()).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Tværs organisation: {_comment(workspace.name or team_id)} ({team_id}), "
        f"exported {moment}.",
        "# Import it with `python -m bot import-org FILE`; re-importing it changes nothing.",
    ]
    lines += _app_home_only(workspace, units)
    lines += ["workspace:", f"  team_id: {_scalar(team_id)}"]
    for key in ("name", "language", "timezone", "digest_channel", "cross_unit_channel"):
        value = getattr(workspace, key)
        if value:
            lines.append(f"  {key}: {_scalar(value)}")
    lines += [
        "  weekly_prompt:",
        f"    day: {WEEKDAY_NAMES[workspace.prompt_weekday % 7]}",
        f"    time: {_scalar(workspace.prompt_time)}",
        "",
    ]

    active_area_ids = {a.id for a in areas}
    lines.append("areas:" if areas else "areas: []")
    for area in areas:
        lines.append(f"  - name: {_scalar(area.name)}")
        if area.digest_channel:
            lines.append(f"    digest_channel: {_scalar(area.digest_channel)}")
        names = [u.name for u in units if u.area_id == area.id]
        lines.append(f"    units: [{', '.join(_scalar(n) for n in names)}]")
    loose = [u for u in units if u.area_id not in active_area_ids]
    if loose:
        lines += ["", "units:  # units in no area"]
        lines += [f"  - name: {_scalar(u.name)}" for u in loose]
    lines.append("")

    active_unit_ids = {u.id for u in units}
    people.sort(
        key=lambda p: (
            _ROLE_ORDER.get(p.role, 9),
            p.unit.name if p.unit else "",
            (p.name or "").casefold(),
            p.user_id,
        )
    )
    lines.append("people:" if people else "people: []")
    for person in people:
        unit = person.unit.name if person.unit and person.unit_id in active_unit_ids else None
        entry = {
            "user": person.user_id,
            "email": person.email,
            "name": person.name,
            "unit": unit,
            "role": person.role,
        }
        line = f"  - {_flow(entry)}"
        if person.unit is not None and unit is None:
            line += f"  # was in the retired unit {_comment(person.unit.name)}"
        lines.append(line)
    lines.append("")

    lines.append("goals:" if goals else "goals: []")
    for goal in goals:
        lines.append(f"  - title: {_scalar(goal.title)}")
        if goal.description:
            lines.append(f"    description: {_scalar(goal.description)}")
        lines.append("    indicators:")
        for indicator in goal.indicators:
            if not indicator.active:
                continue
            values: dict[str, Any] = {
                "name": indicator.name,
                "unit": indicator.measure_unit,
                "higher_is_better": indicator.higher_is_better,
                "target": None if indicator.target is None else _number(indicator.target),
            }
            flow = _flow(values)
            source = sources.get(indicator.id)
            if source is not None:
                # JSON is YAML: the selection's codes keep their exact text ("016", "TOT").
                fed: dict[str, Any] = {"statbank": source.table_id, "select": source.selection}
                if source.denominator_table:
                    fed["per"] = source.denominator_table
                    fed["per_select"] = source.denominator_selection or {}
                if source.comparison:
                    fed["compare"] = source.comparison
                flow = flow[:-1] + ", source: " + json.dumps(fed, ensure_ascii=False) + "}"
            lines.append(f"      - {flow}")
    return "\n".join(lines) + "\n"


def _app_home_only(workspace: Workspace, units: list[Unit]) -> list[str]:
    """Comment lines for the settings an import does not read (they are kept as they are)."""
    notes = [
        f"reminder after {workspace.reminder_days} days",
        f"anonymity threshold {workspace.anonymity_threshold}",
    ]
    links = [f"{_comment(u.name)} <- user group {u.usergroup_id}" for u in units if u.usergroup_id]
    lines = ["# Set in App Home, not read by import-org: " + ", ".join(notes) + "."]
    if links:
        lines.append("# Units synced from Slack user groups: " + "; ".join(links) + ".")
    return [*lines, ""]
