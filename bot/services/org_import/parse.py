"""Read an organisation file: YAML with line numbers, every problem found before any change."""

from __future__ import annotations

from typing import Any

import yaml

from bot.models import Role
from bot.services.effect_sources import SourceSpec
from bot.services.guard import contains_personal_data
from bot.services.org import MAX_ACTIVE_GOALS
from bot.services.org_import.spec import (
    _LINE,
    CHANNEL_ID,
    EMAIL,
    TEAM_ID,
    TIME,
    USER_ID,
    WEEKDAYS,
    GoalSpec,
    IndicatorSpec,
    OrgFileError,
    OrgSpec,
    PersonSpec,
)

# libyaml's parser when PyYAML was built with it (ten times faster on a large file).
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc]
    """A safe loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
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
