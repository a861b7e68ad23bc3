"""Upsert a validated organisation into a workspace, and report what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Area, Goal, Indicator, Person, StatbankSource, Unit, Workspace
from bot.services.effect_sources import SourceSpec
from bot.services.org import ensure_workspace
from bot.services.org_import.spec import IndicatorSpec, OrgSpec


@dataclass
class ImportReport:
    """What an import did, for the admin who ran it."""

    team_id: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deactivated: dict[str, int] = field(default_factory=dict)
    not_found: list[str] = field(default_factory=list)

    def count(self, bucket: dict[str, int], kind: str) -> None:
        """Add one to a counter."""
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        """True when the import changed anything."""
        return bool(self.created or self.updated or self.deactivated)


EmailLookup = Callable[[str], str | None]


def apply_org(
    *, session: Session, spec: OrgSpec, team_id: str, lookup_email: EmailLookup | None = None
) -> ImportReport:
    """Upsert the organisation in `spec` into the workspace; the caller commits."""
    report = ImportReport(team_id=team_id)
    is_new = session.get(Workspace, team_id) is None
    workspace = ensure_workspace(session=session, team_id=team_id)
    if is_new:
        report.count(report.created, "workspace")
    _set(
        None if is_new else report,
        "workspace",
        workspace,
        name=spec.name or workspace.name,
        language=spec.language,
        timezone=spec.timezone,
        digest_channel=spec.digest_channel,
        cross_unit_channel=spec.cross_unit_channel,
        prompt_weekday=spec.prompt_weekday,
        prompt_time=spec.prompt_time,
    )

    areas = {a.name: a for a in session.scalars(select(Area).where(Area.team_id == team_id))}
    for name, channel in spec.areas.items():
        area = areas.get(name)
        if area is None:
            area = areas[name] = Area(team_id=team_id, name=name, digest_channel=channel)
            session.add(area)
            report.count(report.created, "areas")
        else:
            _set(report, "areas", area, digest_channel=channel, active=True)
    _deactivate(report, "areas", [a for n, a in areas.items() if n not in spec.areas])
    session.flush()

    units = {u.name: u for u in session.scalars(select(Unit).where(Unit.team_id == team_id))}
    for name, area_name in spec.units.items():
        area_id = areas[area_name].id if area_name else None
        unit = units.get(name)
        if unit is None:
            unit = units[name] = Unit(team_id=team_id, name=name, area_id=area_id)
            session.add(unit)
            report.count(report.created, "units")
        else:
            _set(report, "units", unit, area_id=area_id, active=True)
    _deactivate(report, "units", [u for n, u in units.items() if n not in spec.units])
    session.flush()

    people = {
        p.user_id: p for p in session.scalars(select(Person).where(Person.team_id == team_id))
    }
    listed: set[str] = set()
    for entry in spec.people:
        user_id = entry.user_id
        if user_id is None and entry.email is not None:
            user_id = lookup_email(entry.email) if lookup_email else None
            if user_id is None:
                report.not_found.append(f"line {entry.line}: {entry.email}")
                # Someone imported before stays as they are: a failed look-up is no reason
                # to deactivate them.
                known = next((p for p in people.values() if p.email == entry.email), None)
                if known is not None:
                    listed.add(known.user_id)
                continue
        assert user_id is not None
        if user_id in listed:
            report.not_found.append(f"line {entry.line}: {user_id} is listed twice (by e-mail)")
            continue
        listed.add(user_id)
        unit_id = units[entry.unit].id if entry.unit else None
        person = people.get(user_id)
        if person is None:
            person = Person(
                team_id=team_id,
                user_id=user_id,
                name=entry.name,
                email=entry.email,
                unit_id=unit_id,
                role=entry.role,
            )
            session.add(person)
            people[user_id] = person
            report.count(report.created, "people")
        else:
            _set(
                report,
                "people",
                person,
                name=entry.name or person.name,
                email=entry.email or person.email,
                unit_id=unit_id,
                role=entry.role,
                active=True,
            )
    _deactivate(report, "people", [p for uid, p in people.items() if uid not in listed])

    goals = {g.title: g for g in session.scalars(select(Goal).where(Goal.team_id == team_id))}
    titles = {g.title for g in spec.goals}
    # Deactivate first, so the five-goal ceiling holds at every moment of the import.
    _deactivate(report, "goals", [g for t, g in goals.items() if t not in titles])
    for position, goal_spec in enumerate(spec.goals):
        goal = goals.get(goal_spec.title)
        if goal is None:
            goal = Goal(
                team_id=team_id,
                title=goal_spec.title,
                description=goal_spec.description,
                position=position,
            )
            session.add(goal)
            session.flush()
            report.count(report.created, "goals")
        else:
            _set(
                report,
                "goals",
                goal,
                description=goal_spec.description,
                position=position,
                active=True,
            )
        existing = {i.name: i for i in goal.indicators}
        sources: list[tuple[IndicatorSpec, Indicator]] = []
        for ind in goal_spec.indicators:
            indicator = existing.get(ind.name)
            if indicator is None:
                indicator = Indicator(
                    team_id=team_id,
                    goal_id=goal.id,
                    name=ind.name,
                    measure_unit=ind.measure_unit,
                    higher_is_better=ind.higher_is_better,
                    target=ind.target,
                )
                session.add(indicator)
                report.count(report.created, "indicators")
            else:
                _set(
                    report,
                    "indicators",
                    indicator,
                    measure_unit=ind.measure_unit,
                    higher_is_better=ind.higher_is_better,
                    target=ind.target,
                    active=True,
                )
            sources.append((ind, indicator))
        session.flush()
        for ind, indicator in sources:
            _set_source(session, team_id, indicator, ind.source)
        wanted = {i.name for i in goal_spec.indicators}
        _deactivate(report, "indicators", [i for n, i in existing.items() if n not in wanted])
    session.flush()
    return report


def _set_source(
    session: Session, team_id: str, indicator: Indicator, spec: SourceSpec | None
) -> None:
    """Make the file's source the indicator's (values already fetched stay)."""
    row = session.scalar(select(StatbankSource).where(StatbankSource.indicator_id == indicator.id))
    if spec is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = StatbankSource(team_id=team_id, indicator_id=indicator.id)
        session.add(row)
    new = (spec.table, spec.selection, spec.denominator_table, spec.denominator_selection)
    if (row.table_id, row.selection, row.denominator_table, row.denominator_selection) != new:
        row.table_id, row.selection = spec.table, spec.selection
        row.denominator_table, row.denominator_selection = new[2], new[3]
        row.error_kind = row.error_detail = None
    if (row.comparison or []) != list(spec.comparison):
        row.comparison = list(spec.comparison) or None


def _set(report: ImportReport | None, kind: str, row: Any, **values: Any) -> None:
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    if changed and report is not None:
        report.count(report.updated, kind)


def _deactivate(report: ImportReport, kind: str, rows: list[Any]) -> None:
    for row in rows:
        if row.active:
            row.active = False
            report.count(report.deactivated, kind)


def format_report(report: ImportReport) -> str:
    """A short human summary of an import."""

    def fmt(bucket: dict[str, int]) -> str:
        return ", ".join(f"{n} {k}" for k, n in sorted(bucket.items())) or "nothing"

    lines = [
        f"Imported the organisation into workspace {report.team_id}.",
        f"  created: {fmt(report.created)}",
        f"  updated: {fmt(report.updated)}",
        f"  deactivated: {fmt(report.deactivated)}",
    ]
    if report.not_found:
        lines.append(f"  not found in Slack ({len(report.not_found)}), skipped:")
        lines.extend(f"    {entry}" for entry in report.not_found)
    return "\n".join(lines)
