"""Import the organisation from a YAML file: validate everything first, then upsert idempotently.

The file is the source of truth: re-running it changes nothing; people, units, areas, goals and
indicators missing from it are deactivated (never deleted, so their history stays).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Area, Goal, Indicator, Person, Role, StatbankSource, Unit, Workspace
from bot.services.effect_sources import SourceSpec
from bot.services.guard import contains_personal_data
from bot.services.org import MAX_ACTIVE_GOALS, ensure_workspace

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,20}$")
TEAM_ID = re.compile(r"^T[A-Z0-9]{2,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = {
    "mandag": 0,
    "tirsdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5,
    "søndag": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_LINE = "__line__"


class OrgFileError(Exception):
    """The file cannot be imported; `errors` lists every problem with its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class PersonSpec:
    """One person as the file gives them."""

    line: int
    user_id: str | None
    email: str | None
    name: str | None
    unit: str | None
    role: str


@dataclass
class IndicatorSpec:
    """One effect indicator of a goal."""

    line: int
    name: str
    measure_unit: str
    higher_is_better: bool
    target: float | None
    # Fed from Statistikbanken (`source:` in the file); None: values are typed in or imported.
    source: SourceSpec | None = None


@dataclass
class GoalSpec:
    """One cross-cutting goal."""

    line: int
    title: str
    description: str | None
    indicators: list[IndicatorSpec]


@dataclass
class OrgSpec:
    """A validated organisation file."""

    team_id: str | None = None
    name: str | None = None
    language: str | None = None
    timezone: str | None = None
    digest_channel: str | None = None
    cross_unit_channel: str | None = None
    prompt_weekday: int = 0
    prompt_time: str = "09:00"
    areas: dict[str, str | None] = field(default_factory=dict)  # name -> digest channel
    units: dict[str, str | None] = field(default_factory=dict)  # name -> area name
    people: list[PersonSpec] = field(default_factory=list)
    goals: list[GoalSpec] = field(default_factory=list)


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


# libyaml's parser when PyYAML was built with it (ten times faster on a large file).
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc]
    """A safe loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, line: int | None, message: str) -> None:
        where = f"line {line}: " if line else ""
        self.errors.append(f"{where}{message}")

    def keys(self, entry: dict[str, Any], allowed: set[str], what: str) -> None:
        for key in entry:
            if key != _LINE and key not in allowed:
                known = ", ".join(sorted(allowed))
                self.error(entry[_LINE], f"unknown key {key!r} in {what} (known keys: {known})")

    def text(self, entry: dict[str, Any], key: str, what: str, *, required: bool) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.error(entry[_LINE], f"{what} needs '{key}'")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.error(entry[_LINE], f"'{key}' in {what} must be text")
            return None
        value = str(value).strip()
        if not value and required:
            self.error(entry[_LINE], f"'{key}' in {what} is empty")
            return None
        if contains_personal_data(value):
            # Said without the value: the error goes to a terminal and maybe a log.
            self.error(entry[_LINE], f"'{key}' in {what} holds a CPR number; take it out")
            return None
        if len(value) > 200 and key not in ("description",):
            self.error(entry[_LINE], f"'{key}' in {what} is longer than 200 characters")
        return value or None

    def channel(self, entry: dict[str, Any], key: str, what: str) -> str | None:
        value = self.text(entry, key, what, required=False)
        if value is not None and not CHANNEL_ID.match(value):
            self.error(
                entry[_LINE],
                f"'{key}' in {what} must be a channel id like C0123ABCD "
                f"(right-click the channel → View channel details), got {value!r}",
            )
            return None
        return value


def _as_entries(checker: _Checker, value: Any, what: str, line: int | None) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        checker.error(line, f"'{what}' must be a list")
        return []
    entries = []
    for item in value:
        if isinstance(item, str):
            entries.append({"name": item, _LINE: line})
        elif isinstance(item, dict):
            entries.append(item)
        else:
            checker.error(line, f"an entry in '{what}' must be a name or a mapping")
    return entries


def parse_org_file(text: str) -> OrgSpec:
    """Parse and validate an organisation file; raise OrgFileError listing every problem."""
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        raise OrgFileError([f"line {line}: {problem}" if line else str(problem)]) from None
    if not isinstance(data, dict):
        raise OrgFileError(["the file must be a mapping with workspace, areas, people and goals"])

    check = _Checker()
    check.keys(data, {"workspace", "areas", "units", "people", "goals"}, "the file")
    spec = OrgSpec()

    workspace = data.get("workspace") or {_LINE: data[_LINE]}
    if not isinstance(workspace, dict):
        check.error(data[_LINE], "'workspace' must be a mapping")
        workspace = {_LINE: data[_LINE]}
    _parse_workspace(check, workspace, spec)

    for area in _as_entries(check, data.get("areas"), "areas", data[_LINE]):
        check.keys(area, {"name", "digest_channel", "units"}, "an area")
        name = check.text(area, "name", "an area", required=True)
        if name is None:
            continue
        if name in spec.areas:
            check.error(area[_LINE], f"area {name!r} is listed twice")
        spec.areas[name] = check.channel(area, "digest_channel", f"area {name!r}")
        for unit in _as_entries(check, area.get("units"), f"units of {name}", area[_LINE]):
            _parse_unit(check, unit, spec, area=name)
    for unit in _as_entries(check, data.get("units"), "units", data[_LINE]):
        check.keys(unit, {"name", "area"}, "a unit")
        area_name = check.text(unit, "area", "a unit", required=False)
        if area_name is not None and area_name not in spec.areas:
            check.error(unit[_LINE], f"unknown area {area_name!r}")
        _parse_unit(check, unit, spec, area=area_name)

    seen: dict[str, int] = {}
    for person in _as_entries(check, data.get("people"), "people", data[_LINE]):
        _parse_person(check, person, spec, seen)

    titles: set[str] = set()
    for goal in _as_entries(check, data.get("goals"), "goals", data[_LINE]):
        _parse_goal(check, goal, spec, titles)
    if len(spec.goals) > MAX_ACTIVE_GOALS:
        check.error(
            data[_LINE],
            f"{len(spec.goals)} goals given; at most {MAX_ACTIVE_GOALS} cross-cutting goals can be "
            "active (few, simple goals are the point)",
        )

    if check.errors:
        raise OrgFileError(check.errors)
    return spec


def _parse_workspace(check: _Checker, entry: dict[str, Any], spec: OrgSpec) -> None:
    check.keys(
        entry,
        {
            "team_id",
            "name",
            "language",
            "timezone",
            "digest_channel",
            "cross_unit_channel",
            "weekly_prompt",
        },
        "workspace",
    )
    spec.team_id = check.text(entry, "team_id", "workspace", required=False)
    if spec.team_id is not None and not TEAM_ID.match(spec.team_id):
        check.error(entry[_LINE], f"team_id must look like T0123ABCD, got {spec.team_id!r}")
    spec.name = check.text(entry, "name", "workspace", required=False)
    spec.language = check.text(entry, "language", "workspace", required=False)
    if spec.language is not None and spec.language not in ("da", "en"):
        check.error(entry[_LINE], f"language must be da or en, got {spec.language!r}")
    spec.timezone = check.text(entry, "timezone", "workspace", required=False)
    if spec.timezone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(spec.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            check.error(entry[_LINE], f"unknown time zone {spec.timezone!r}")
    spec.digest_channel = check.channel(entry, "digest_channel", "workspace")
    spec.cross_unit_channel = check.channel(entry, "cross_unit_channel", "workspace")
    prompt = entry.get("weekly_prompt")
    if prompt is None:
        return
    if not isinstance(prompt, dict):
        check.error(entry[_LINE], "weekly_prompt must be a mapping with day and time")
        return
    check.keys(prompt, {"day", "time"}, "weekly_prompt")
    day = str(prompt.get("day", "monday")).strip().lower()
    if day not in WEEKDAYS:
        check.error(prompt[_LINE], f"weekly_prompt day must be a weekday name, got {day!r}")
    else:
        spec.prompt_weekday = WEEKDAYS[day]
    time_text = str(prompt.get("time", "09:00")).strip()
    if not TIME.match(time_text):
        check.error(prompt[_LINE], f"weekly_prompt time must be HH:MM, got {time_text!r}")
    else:
        spec.prompt_time = time_text


def _parse_unit(check: _Checker, entry: dict[str, Any], spec: OrgSpec, *, area: str | None) -> None:
    if area is not None and "area" not in entry:
        check.keys(entry, {"name"}, "a unit")
    name = check.text(entry, "name", "a unit", required=True)
    if name is None:
        return
    if name in spec.units:
        check.error(entry[_LINE], f"unit {name!r} is listed twice")
    spec.units[name] = area


def _parse_person(
    check: _Checker, entry: dict[str, Any], spec: OrgSpec, seen: dict[str, int]
) -> None:
    check.keys(entry, {"user", "email", "name", "unit", "role"}, "a person")
    line = entry[_LINE]
    user_id = check.text(entry, "user", "a person", required=False)
    email = check.text(entry, "email", "a person", required=False)
    if user_id is None and email is None:
        check.error(line, "a person needs 'user' (Slack user id) or 'email'")
        return
    if user_id is not None and not USER_ID.match(user_id):
        check.error(line, f"bad Slack user id {user_id!r} (it looks like U0123ABCD)")
        return
    if email is not None:
        email = email.lower()
        if not EMAIL.match(email):
            check.error(line, f"bad e-mail address {email!r}")
            return
    key = user_id or email or ""
    if key in seen:
        check.error(line, f"duplicate person {key!r} (also on line {seen[key]})")
        return
    seen[key] = line
    unit = check.text(entry, "unit", "a person", required=False)
    if unit is not None and unit not in spec.units:
        check.error(line, f"unknown unit {unit!r} for {key}")
    role = (check.text(entry, "role", "a person", required=False) or Role.MANAGER.value).lower()
    if role not in {r.value for r in Role}:
        check.error(line, f"role must be manager, director or admin, got {role!r}")
    spec.people.append(
        PersonSpec(
            line, user_id, email, check.text(entry, "name", "a person", required=False), unit, role
        )
    )


_SOURCE_KEYS = {"statbank", "select", "per", "per_select", "compare"}


def _selection(check: _Checker, raw: Any, what: str, line: int) -> dict[str, list[str]]:
    """{VARIABLE: [codes]} from the file; "16..64" is every whole number from 16 to 64."""
    if not isinstance(raw, dict) or not raw:
        check.error(line, f"{what} must map each variable to its codes, e.g. {{OMRÅDE: [461]}}")
        return {}
    found: dict[str, list[str]] = {}
    for variable, codes in raw.items():
        if variable == _LINE:
            continue
        items = codes if isinstance(codes, list) else [codes]
        values: list[str] = []
        for item in items:
            text = str(item).strip()
            low, sep, high = text.partition("..")
            if sep and low.isdigit() and high.isdigit() and int(low) <= int(high):
                values.extend(str(n) for n in range(int(low), int(high) + 1))
            elif text:
                values.append(text)
        if not values:
            check.error(line, f"{what}: choose at least one code for {variable}")
        found[str(variable)] = values
    return found


def _parse_source(check: _Checker, raw: Any, name: str | None, line: int) -> SourceSpec | None:
    """An indicator's `source:` (a Statistikbank table and its selection), checked for form;
    whether the codes exist is checked against tableinfo by App Home and by effect-sync."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw.get("statbank"):
        check.error(line, f"the source of indicator {name!r} needs statbank: TABLE and select:")
        return None
    check.keys(raw, _SOURCE_KEYS, "a source")
    table = str(raw["statbank"]).strip().upper()
    selection = _selection(check, raw.get("select"), f"select of {table}", line)
    per = str(raw["per"]).strip().upper() if raw.get("per") else None
    per_selection = (
        _selection(check, raw.get("per_select"), f"per_select of {per}", line) if per else None
    )
    compare = raw.get("compare") or []
    if not isinstance(compare, list):
        check.error(line, 'compare must list OMRÅDE codes, e.g. ["000", "751"]')
        compare = []
    codes = tuple(str(code).strip() for code in compare if str(code).strip())
    return SourceSpec(table, selection, per, per_selection, codes)


def _parse_goal(check: _Checker, entry: dict[str, Any], spec: OrgSpec, titles: set[str]) -> None:
    check.keys(entry, {"title", "name", "description", "indicators"}, "a goal")
    if "title" not in entry and "name" in entry:
        entry["title"] = entry["name"]
    title = check.text(entry, "title", "a goal", required=True)
    if title is None:
        return
    if title in titles:
        check.error(entry[_LINE], f"goal {title!r} is listed twice")
    titles.add(title)
    indicators: list[IndicatorSpec] = []
    names: set[str] = set()
    raw = _as_entries(check, entry.get("indicators"), f"indicators of {title}", entry[_LINE])
    if not raw:
        check.error(entry[_LINE], f"goal {title!r} needs at least one effect indicator")
    for ind in raw:
        check.keys(ind, {"name", "unit", "higher_is_better", "target", "source"}, "an indicator")
        name = check.text(ind, "name", "an indicator", required=True)
        measure = check.text(ind, "unit", f"indicator {name!r}", required=True)
        better = ind.get("higher_is_better", True)
        if not isinstance(better, bool):
            check.error(ind[_LINE], "higher_is_better must be true or false")
            better = True
        target = ind.get("target")
        if target is not None and (isinstance(target, bool) or not isinstance(target, int | float)):
            check.error(ind[_LINE], f"target must be a number, got {target!r}")
            target = None
        if name is None or measure is None:
            continue
        if name in names:
            check.error(ind[_LINE], f"indicator {name!r} is listed twice in goal {title!r}")
        names.add(name)
        source = _parse_source(check, ind.get("source"), name, ind[_LINE])
        indicators.append(
            IndicatorSpec(
                ind[_LINE],
                name,
                measure,
                better,
                None if target is None else float(target),
                source,
            )
        )
    spec.goals.append(
        GoalSpec(
            entry[_LINE],
            title,
            check.text(entry, "description", "a goal", required=False),
            indicators,
        )
    )


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
