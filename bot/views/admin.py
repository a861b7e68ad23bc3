"""Block Kit builders for set-up and administration: the App Home sections and the admin modals.

Pure functions from what the handler loaded to view dicts; nothing here touches the database
or Slack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.ids import Admin, Home
from bot.models import (
    Area,
    AuditLog,
    ClosingDay,
    Goal,
    Indicator,
    JobRun,
    Person,
    Role,
    Unit,
    Workspace,
)
from bot.services.admin import (
    MAX_DECISION_DAYS,
    MAX_NAME,
    MAX_REMINDER_DAYS,
    MAX_THRESHOLD,
    MIN_DECISION_DAYS,
    MIN_REMINDER_DAYS,
    MIN_THRESHOLD,
    SYNC_ACTOR,
    USERGROUP_ID,
    ChannelStatus,
    DirectorOverview,
    JobStatus,
    OrgCounts,
    PromptWeek,
    WaitingItems,
)
from bot.services.effect_sources import SourceStatus
from bot.services.org import MAX_ACTIVE_GOALS
from bot.slack_text import safe_mrkdwn
from bot.texts import TEXTS, count_of, prose_date, t, table_date, tn
from bot.views.barrier import KIND_EMOJI, item_summary
from bot.views.blocks import button as _button
from bot.views.blocks import context as _context
from bot.views.blocks import input_block as _input
from bot.views.blocks import modal as _modal
from bot.views.blocks import option as _option
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.blocks import text_input as _text_input
from bot.views.digest import month_label
from bot.views.effect import period_label, source_status_lines
from bot.views.goals import plain_number

MAX_OPTIONS = 100  # per select, and per option group
MAX_AUDIT_IN_HOME = 5
MAX_CLOSING_IN_HOME = 5
MAX_CLOSING_IN_MODAL = 40
STUCK_AFTER_HOURS = 6


def channel_ref(channel_id: str | None, lang: str) -> str:
    """A channel as Slack renders it, or a dash when none is set."""
    return f"<#{channel_id}>" if channel_id else t("admin.none", lang)


def local_time(moment: datetime, tz: str) -> str:
    """A moment as the workspace reads it: 28.11. kl. 09:05."""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%d.%m.} {local:%H:%M}"


def weekday_name(day: int, lang: str) -> str:
    """Monday is 0."""
    return t(f"admin.weekday.{day}", lang) if day in range(7) else str(day)


# -- the first-run guide -------------------------------------------------------------------


def first_run_home(*, lang: str, can_claim: bool) -> dict[str, Any]:
    """App Home while no organisation exists: how to set it up, instead of an empty page."""
    start: dict[str, Any] = _section(
        t("admin.first_run_start", lang), block_id=f"{Admin.CLAIM}_section"
    )
    if can_claim:
        start["accessory"] = _button(
            t("admin.first_run_claim", lang), Admin.CLAIM, "claim", "primary"
        )
    blocks = [
        {
            "type": "header",
            "block_id": Home.HEADER,
            "text": _plain(t("admin.first_run_title", lang)),
        },
        _section(t("admin.first_run_intro", lang)),
        {"type": "divider"},
        start,
    ]
    if not can_claim:
        blocks.append(_context(t("admin.first_run_ask", lang)))
    # Slack first: the file is for bulk import, from someone with a shell on the server.
    blocks.append(_section(t("admin.first_run_file", lang)))
    blocks.append({"type": "divider"})
    # Whoever opens it is unknown to Tværs too: /barriere works for them all the same.
    blocks.append(_context(t("home.unknown_person", lang)))
    blocks.append(_context(t("admin.first_run_after", lang)))
    return {"type": "home", "blocks": blocks}


# -- the admin section of App Home ---------------------------------------------------------


@dataclass(frozen=True)
class SocketLine:
    """The Socket Mode connection as the admins' status shows it."""

    connected: bool
    connected_at: datetime | None
    reconnects: int


@dataclass(frozen=True)
class AdminOverview:
    """Everything the admin section shows, as the handler loaded it."""

    workspace: Workspace
    default_language: str
    tz: str
    areas: Sequence[Area]
    units: Sequence[Unit]
    counts: OrgCounts
    goals: Sequence[Goal]
    jobs: Sequence[JobStatus]
    waiting: WaitingItems
    channels: Sequence[ChannelStatus]
    audit: Sequence[AuditLog]
    now: datetime
    prompts: PromptWeek | None = None
    closing_days: Sequence[ClosingDay] = ()
    # When the first monthly digest comes (while none was posted and there is data), and
    # whether the workspace has no data yet (so no digest is due at all).
    first_digest: datetime | None = None
    no_data_yet: bool = False
    # Socket Mode only: the process's connection to Slack (None over HTTP).
    socket: SocketLine | None = None
    # Indicators fed from Statistikbanken: how each one's last sync went.
    sources: Sequence[SourceStatus] = ()


def admin_section(overview: AdminOverview, lang: str) -> list[dict[str, Any]]:
    """The admins' part of App Home: settings, organisation, goals, status and the log."""
    o = overview
    blocks: list[dict[str, Any]] = [
        {"type": "header", "block_id": Admin.SECTION, "text": _plain(t("admin.title", lang))}
    ]
    missing = _missing(o, lang)
    if missing:
        blocks.append(_section(t("admin.checklist", lang, missing=missing)))
    blocks.append(
        _section(
            _settings_text(o, lang),
            block_id=f"{Admin.SETTINGS}_section",
            accessory=_button(t("admin.edit", lang), Admin.SETTINGS, "settings"),
        )
    )
    first_digest = _first_digest_text(o, lang)
    if first_digest:
        blocks.append(_context(first_digest))
    blocks.append(
        _section(
            _working_days_text(o, lang),
            block_id=f"{Admin.CLOSING}_section",
            accessory=_button(t("admin.days_button", lang), Admin.CLOSING, "closing"),
        )
    )
    blocks.append(_section(_organisation_text(o, lang), block_id="admin_org"))
    org_actions: list[dict[str, Any]] = [
        _button(t("admin.area_new", lang), Admin.AREA_NEW, "new"),
        _button(t("admin.unit_new", lang), Admin.UNIT_NEW, "new"),
    ]
    if o.areas:
        org_actions.append(
            {
                "type": "static_select",
                "action_id": Admin.AREA_PICK,
                "placeholder": _plain(t("admin.area_pick", lang)),
                "options": [_option(a.name, str(a.id)) for a in o.areas[:MAX_OPTIONS]],
            }
        )
    if o.units:
        org_actions.append(
            {
                "type": "static_select",
                "action_id": Admin.UNIT_PICK,
                "placeholder": _plain(t("admin.unit_pick", lang)),
                **unit_options(o.units, lang),
            }
        )
    blocks.append({"type": "actions", "block_id": "admin_org_actions", "elements": org_actions})
    blocks.append(_section(_people_text(o.counts, lang), block_id="admin_people"))
    blocks.append(
        {
            "type": "actions",
            "block_id": "admin_people_actions",
            "elements": [
                {
                    "type": "users_select",
                    "action_id": Admin.PERSON_PICK,
                    "placeholder": _plain(t("admin.person_pick", lang)),
                }
            ],
        }
    )
    # The forms above do it all; the file is an option for many at once, after them.
    blocks.append(_context(t("admin.bulk_hint", lang)))
    blocks.extend(_goal_blocks(o.goals, lang))
    blocks.append(_section(_status_text(o, lang), block_id=Admin.STATUS))
    blocks.append(
        _section(
            _audit_text(o.audit[:MAX_AUDIT_IN_HOME], o.tz, lang),
            block_id=f"{Admin.AUDIT}_section",
            accessory=_button(t("admin.audit_all", lang), Admin.AUDIT, "audit"),
        )
    )
    return blocks


def _missing(o: AdminOverview, lang: str) -> str:
    steps = []
    if not o.units:
        steps.append(t("admin.missing_units", lang))
    if not o.workspace.digest_channel:
        steps.append(t("admin.missing_digest", lang))
    if not o.goals:
        steps.append(t("admin.missing_goals", lang))
    if not o.counts.roles.get(Role.MANAGER.value):
        steps.append(t("admin.missing_managers", lang))
    return ", ".join(steps)


def _settings_text(o: AdminOverview, lang: str) -> str:
    w = o.workspace
    language = w.language or o.default_language
    return "\n".join(
        [
            f"*{t('admin.settings_title', lang)}*",
            t(
                "admin.settings_channels",
                lang,
                digest=channel_ref(w.digest_channel, lang),
                cross=channel_ref(w.cross_unit_channel, lang),
            ),
            t(
                "admin.settings_prompt",
                lang,
                day=weekday_name(w.prompt_weekday, lang),
                time=w.prompt_time,
                days=_days(w.reminder_days, lang),
            ),
            t(
                "admin.settings_privacy",
                lang,
                threshold=count_of("manager", lang, w.anonymity_threshold),
                language=t(f"admin.lang.{language}", lang),
            ),
        ]
    )


def long_date(day: date, lang: str) -> str:
    """A day as people write it: "mandag 4. januar 2027" / "Monday 4 January 2027"."""
    weekday = weekday_name(day.weekday(), lang)
    month = t(f"digest.month_{day.month}", lang)
    if lang == "da":
        return f"{weekday} {day.day}. {month} {day.year}"
    return f"{weekday} {day.day} {month} {day.year}"


def short_range(start: date, end: date) -> str:
    """23.12.2026–02.01.2027, or 05.06.2027 for a single day (the table form)."""
    first = table_date(start)
    return first if start == end else f"{first}–{table_date(end)}"


def _first_digest_text(o: AdminOverview, lang: str) -> str | None:
    if not o.workspace.digest_channel:
        return None  # the checklist asks for the channel first
    if o.no_data_yet:
        return t("admin.first_digest_no_data", lang)
    if o.first_digest is None:
        return None
    day = o.first_digest.astimezone(ZoneInfo(o.tz)).date()
    return t("admin.first_digest", lang, date=long_date(day, lang))


def _working_days_text(o: AdminOverview, lang: str) -> str:
    own = [
        f"{short_range(c.start_date, c.end_date)} {safe_mrkdwn(c.name, limit=80)}"
        for c in o.closing_days[:MAX_CLOSING_IN_HOME]
    ]
    if len(o.closing_days) > MAX_CLOSING_IN_HOME:
        own.append("…")
    may = "admin.days_may_closed" if o.workspace.may_day_closed else "admin.days_may_open"
    return "\n".join(
        [
            f"*{t('admin.days_title', lang)}*",
            t("admin.days_rule", lang) + " " + t(may, lang),
            t("admin.days_own", lang, days=", ".join(own))
            if own
            else t("admin.days_own_none", lang),
        ]
    )


def closing_modal(
    *, closing_days: Sequence[ClosingDay], may_day_closed: bool, lang: str
) -> dict[str, Any]:
    """Add a closing day or range, see and remove the workspace's own, and toggle 1 May."""
    blocks: list[dict[str, Any]] = []
    for closing in closing_days[:MAX_CLOSING_IN_MODAL]:
        blocks.append(
            _section(
                f"{short_range(closing.start_date, closing.end_date)} · "
                f"{safe_mrkdwn(closing.name, limit=80)}",
                block_id=f"admin_closing_{closing.id}",
                accessory=_button(
                    t("admin.days_remove", lang), Admin.CLOSING_REMOVE, str(closing.id)
                ),
            )
        )
    if not blocks:
        blocks.append(_section(t("admin.days_list_empty", lang)))
    blocks.append({"type": "divider"})
    blocks.append(_section(t("admin.days_new", lang)))
    blocks.append(
        _input(
            Admin.CLOSING_START, t("admin.days_start", lang), {"type": "datepicker"}, optional=True
        )
    )
    blocks.append(
        _input(Admin.CLOSING_END, t("admin.days_end", lang), {"type": "datepicker"}, optional=True)
    )
    blocks.append(
        _input(
            Admin.NAME,
            t("admin.days_name", lang),
            {
                **_text_input(None, max_length=80),
                "placeholder": _plain(t("admin.days_name_hint", lang)),
            },
            optional=True,
        )
    )
    may_option = _option(t("admin.days_may_option", lang), "closed")
    may: dict[str, Any] = {"type": "checkboxes", "options": [may_option]}
    if may_day_closed:
        may["initial_options"] = [may_option]
    blocks.append(_input(Admin.MAY_DAY, t("admin.days_may", lang), may, optional=True))
    return _modal(
        Admin.CLOSING_MODAL,
        t("admin.days_modal_title", lang),
        blocks,
        lang,
        submit=t("admin.save", lang),
    )


def _days(count: int, lang: str) -> str:
    return count_of("day", lang, count)


def _organisation_text(o: AdminOverview, lang: str) -> str:
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
    return _fit(lines)


def _fit(lines: list[str], limit: int = 2900) -> str:
    """Join lines, dropping the tail (with a note) when they would pass Slack's limit."""
    text = ""
    for index, line in enumerate(lines):
        if len(text) + len(line) + 1 > limit:
            return text + f"\n… (+{len(lines) - index})"
        text = f"{text}\n{line}" if text else line
    return text


def _people_text(counts: OrgCounts, lang: str) -> str:
    parts = [
        t(f"admin.count_{role.value}", lang, count=counts.roles.get(role.value, 0)) for role in Role
    ]
    text = f"*{t('admin.people_title', lang)}*\n" + " · ".join(parts)
    if counts.inactive:
        text += " · " + t("admin.count_inactive", lang, count=counts.inactive)
    return text + "\n" + t("admin.people_hint", lang)


def _goal_blocks(goals: Sequence[Goal], lang: str) -> list[dict[str, Any]]:
    head = t("admin.goals_title", lang, count=len(goals), limit=MAX_ACTIVE_GOALS)
    blocks: list[dict[str, Any]] = [
        _section(
            f"*{head}*",
            block_id="admin_goals",
            accessory=_button(t("admin.goal_new", lang), Admin.GOAL_NEW, "new"),
        )
    ]
    for goal in goals:
        indicators = [i for i in goal.indicators if i.active]
        lines = [f"*{safe_mrkdwn(goal.title)}*"]
        for ind in indicators:
            lines.append("• " + indicator_line(ind, lang))
        options = [
            _option(t("admin.goal_edit", lang), f"goal:{goal.id}"),
            _option(t("admin.indicator_new", lang), f"add:{goal.id}"),
        ]
        options += [
            _option(t("admin.indicator_edit", lang, name=ind.name), f"indicator:{ind.id}")
            for ind in indicators[: (MAX_OPTIONS - 2) // 2]
        ]
        options += [
            _option(t("statbank.menu", lang, name=ind.name), f"source:{ind.id}")
            for ind in indicators[: (MAX_OPTIONS - 2) // 2]
        ]
        blocks.append(
            _section(
                _fit(lines),
                block_id=f"admin_goal_{goal.id}",
                accessory={
                    "type": "static_select",
                    "action_id": Admin.GOAL_MENU,
                    "placeholder": _plain(t("admin.edit_menu", lang)),
                    "options": options,
                },
            )
        )
    return blocks


def indicator_line(indicator: Indicator, lang: str) -> str:
    """An indicator with its unit, direction and target."""
    direction = t("admin.higher" if indicator.higher_is_better else "admin.lower", lang)
    text = f"{safe_mrkdwn(indicator.name)} ({safe_mrkdwn(indicator.measure_unit)}, {direction}"
    if indicator.target is not None:
        text += ", " + t("admin.target", lang, target=plain_number(indicator.target))
    return text + ")"


def _status_text(o: AdminOverview, lang: str) -> str:
    lines = [f"*{t('admin.status_title', lang)}*"]
    if o.socket is not None:
        when = local_time(o.socket.connected_at, o.tz) if o.socket.connected_at else None
        key = "admin.status_socket_up" if o.socket.connected else "admin.status_socket_down"
        lines.append(t(key, lang, when=when or t("admin.never", lang)))
    for job in o.jobs:
        lines.append(_job_line(job, o.now, o.tz, lang))
    if o.prompts is not None:
        p = o.prompts
        key = "admin.status_prompts" if p.any else "admin.status_no_prompts"
        lines.append(
            t(
                key,
                lang,
                week=p.period.rsplit("W", 1)[-1].lstrip("0"),
                sent=p.sent,
                failed=p.failed,
                pending=p.pending,
                answered=p.answered,
            )
        )
    waiting = o.waiting
    if waiting.unknown_authors or waiting.without_units:
        lines.append(
            t(
                "admin.status_waiting",
                lang,
                unknown=waiting.unknown_authors,
                no_units=waiting.without_units,
            )
        )
    else:
        lines.append(t("admin.status_nothing_waiting", lang))
    lines.extend(source_status_lines(o.sources, tz=o.tz, lang=lang))
    broken = [c for c in o.channels if c.broken]
    unchecked = [c for c in o.channels if c.checked_at is None]
    for channel in broken:
        uses = ", ".join(_channel_use(use, lang) for use in channel.uses)
        lines.append(
            t(
                "admin.status_channel_broken",
                lang,
                channel=channel_ref(channel.channel_id, lang),
                uses=uses,
                problem=t(_problem_key(channel.problem), lang),
            )
        )
    if o.channels and not broken:
        key = "admin.status_channels_unchecked" if unchecked else "admin.status_channels_ok"
        lines.append(t(key, lang, count=len(o.channels)))
    elif unchecked:
        lines.append(t("admin.status_channels_unchecked", lang, count=len(unchecked)))
    return _fit(lines)


_PROBLEMS = {"channel_not_found", "is_archived", "not_in_channel", "missing_scope"}


def _problem_key(problem: str | None) -> str:
    return f"admin.problem.{problem}" if problem in _PROBLEMS else "admin.problem.other"


def _channel_use(use: str, lang: str) -> str:
    if use.startswith("area:"):
        return t("admin.use_area", lang, area=safe_mrkdwn(use[5:]))
    return t(f"admin.use_{use}", lang)


def _job_line(job: JobStatus, now: datetime, tz: str, lang: str) -> str:
    run = job.last
    name = f"`{job.name}`"
    if run is None:
        return t("admin.job_never", lang, job=name)
    when = local_time(run.started_at, tz)
    summary = job_summary(run, lang)
    if run.ok is None:
        stuck = (now - run.started_at).total_seconds() > STUCK_AFTER_HOURS * 3600
        return t("admin.job_stuck" if stuck else "admin.job_running", lang, job=name, when=when)
    if run.ok:
        return t("admin.job_ok", lang, job=name, when=when, summary=summary)
    last_ok = local_time(job.last_ok_at, tz) if job.last_ok_at else t("admin.never", lang)
    return t("admin.job_failed", lang, job=name, when=when, summary=summary, last_ok=last_ok)


MAX_JOB_SUMMARY = 240


def job_summary(run: JobRun, lang: str) -> str:
    """What a run did, in `lang`: its parts as texts, as many as fit; a run recorded before
    parts were kept (or only with keys this build does not know) shows its English line."""
    lines = [_job_part(entry, lang) for entry in run.details or []]
    known = [line for line in lines if line]
    if not known:
        return safe_mrkdwn(run.summary or "", limit=140)
    text = known[0]
    for line in known[1:]:
        if len(text) + len(line) + 2 > MAX_JOB_SUMMARY:
            return text + "; …"
        text += "; " + line
    return text


def _job_part(entry: Any, lang: str) -> str | None:
    try:
        key, raw = entry
        key = f"job.{key}"
        if key not in TEXTS["da"] or not isinstance(raw, dict):
            return None
        values = {name: _job_value(name, value, raw, lang) for name, value in raw.items()}
        values.pop("area", None)
        count = raw.get("count")
        if isinstance(count, int):
            values.pop("count")
            return tn(key, lang, count, **values)
        return t(key, lang, **values)
    except (KeyError, ValueError, TypeError, IndexError):  # a part from another build
        return None


def _job_value(name: str, value: object, raw: dict[str, Any], lang: str) -> object:
    """One value of a part as the admins read it: channels linked, days and months in words,
    anything else as safe text."""
    if isinstance(value, int):
        return value
    text = str(value)
    if name == "channel":
        area = raw.get("area")
        ref = channel_ref(text, lang)
        return f"{ref} ({safe_mrkdwn(str(area), limit=80)})" if area else ref
    if name == "month":
        return month_label(text, lang)
    if name == "latest":
        return period_label(text, lang)
    if name.endswith("day") and len(text) == 10:
        return prose_date(date.fromisoformat(text), lang)
    return safe_mrkdwn(text, limit=80)


# -- the audit log -------------------------------------------------------------------------


def audit_line(entry: AuditLog, tz: str, lang: str) -> str:
    """One audit entry: when, who, and what they changed."""
    actor = t("admin.sync_actor", lang) if entry.actor_id == SYNC_ACTOR else f"<@{entry.actor_id}>"
    values = {
        "subject": _subject(entry),
        "before": _value(entry.field, entry.before, lang),
        "after": _value(entry.field, entry.after, lang),
        "field": t(f"admin.field.{entry.field}", lang) if entry.field else "",
    }
    key = f"audit.{entry.action}"
    try:
        what = t(key, lang, **values)
    except KeyError:
        what = safe_mrkdwn(entry.action)
    return f"{local_time(entry.at, tz)} · {actor} {what}"


def _subject(entry: AuditLog) -> str:
    subject = entry.subject or ""
    if entry.action.startswith("person.") or entry.action == "first_admin":
        return f"<@{subject}>"
    return f"*{safe_mrkdwn(subject, limit=120)}*"


def _value(field: str | None, value: str | None, lang: str) -> str:
    if value is None or value == "":
        return t("admin.none", lang)
    if field in ("digest_channel", "cross_unit_channel"):
        return channel_ref(value, lang)
    if field == "role":
        return t(f"role.{value}", lang)
    if field == "prompt_weekday" and value.isdigit():
        return weekday_name(int(value), lang)
    if field == "language":
        return t(f"admin.lang.{value}", lang) if value in ("da", "en") else value
    if field == "higher_is_better":
        return t("admin.higher" if value == "True" else "admin.lower", lang)
    if field == "usergroup" and USERGROUP_ID.match(value):
        return f"<!subteam^{value}>"
    return safe_mrkdwn(value, limit=120)


def _audit_text(entries: Sequence[AuditLog], tz: str, lang: str) -> str:
    lines = [f"*{t('admin.audit_title', lang)}*"]
    if not entries:
        lines.append(t("admin.audit_empty", lang))
    lines += [audit_line(entry, tz, lang) for entry in entries]
    return _fit(lines)


def audit_modal(*, entries: Sequence[AuditLog], tz: str, lang: str) -> dict[str, Any]:
    """The latest changes, newest first (read only)."""
    blocks: list[dict[str, Any]] = []
    chunk: list[str] = []
    for entry in entries:
        chunk.append(audit_line(entry, tz, lang))
        if len(chunk) == 10:
            blocks.append(_section(_fit(chunk)))
            chunk = []
    if chunk:
        blocks.append(_section(_fit(chunk)))
    if not blocks:
        blocks.append(_section(t("admin.audit_empty", lang)))
    blocks.append(_context(tn("admin.audit_limit", lang, len(entries))))
    return _modal(Admin.AUDIT_MODAL, t("admin.audit_title", lang), blocks, lang)


def notice_modal(*, text: str, lang: str) -> dict[str, Any]:
    """A small modal that explains why something could not be done."""
    return _modal(Admin.NOTICE_MODAL, "Tværs", [_section(text)], lang)


# -- settings ------------------------------------------------------------------------------


def _channel_select(initial: str | None, lang: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "placeholder": _plain(t("admin.channel_placeholder", lang)),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if initial:
        element["initial_conversation"] = initial
    return element


def _number_input(initial: int, low: int, high: int) -> dict[str, Any]:
    return {
        "type": "number_input",
        "is_decimal_allowed": False,
        "min_value": str(low),
        "max_value": str(high),
        "initial_value": str(initial),
    }


def settings_modal(
    *, workspace: Workspace, default_language: str, lang: str, default_decision_days: int = 14
) -> dict[str, Any]:
    """The workspace settings: channels, weekly prompt default, reminder, anonymity, language."""
    days = [_option(weekday_name(d, lang), str(d)) for d in range(7)]
    languages = [_option(t(f"admin.lang.{code}", lang), code) for code in ("da", "en")]
    language = workspace.language or default_language
    blocks = [
        _input(
            Admin.DIGEST_CHANNEL,
            t("admin.digest_channel_label", lang),
            _channel_select(workspace.digest_channel, lang),
            optional=True,
            hint=t("admin.digest_channel_hint", lang),
        ),
        _input(
            Admin.CROSS_CHANNEL,
            t("admin.cross_channel_label", lang),
            _channel_select(workspace.cross_unit_channel, lang),
            optional=True,
            hint=t("admin.cross_channel_hint", lang),
        ),
        _input(
            Admin.WEEKDAY,
            t("admin.weekday_label", lang),
            {
                "type": "static_select",
                "options": days,
                "initial_option": days[workspace.prompt_weekday % 7],
            },
            hint=t("admin.weekday_hint", lang),
        ),
        _input(
            Admin.TIME,
            t("admin.time_label", lang),
            {"type": "timepicker", "initial_time": workspace.prompt_time or "09:00"},
        ),
        _input(
            Admin.REMINDER_DAYS,
            t("admin.reminder_label", lang),
            _number_input(workspace.reminder_days, MIN_REMINDER_DAYS, MAX_REMINDER_DAYS),
            hint=t("admin.reminder_hint", lang),
        ),
        _input(
            Admin.THRESHOLD,
            t("admin.threshold_label", lang),
            _number_input(workspace.anonymity_threshold, MIN_THRESHOLD, MAX_THRESHOLD),
            hint=t("admin.threshold_hint", lang),
        ),
        _input(
            Admin.DECISION_DAYS,
            t("admin.decision_days_label", lang),
            _number_input(
                workspace.decision_reminder_days or default_decision_days,
                MIN_DECISION_DAYS,
                MAX_DECISION_DAYS,
            ),
            hint=t("admin.decision_days_hint", lang),
        ),
        _input(
            Admin.LANGUAGE,
            t("admin.language_label", lang),
            {
                "type": "radio_buttons",
                "options": languages,
                "initial_option": next(o for o in languages if o["value"] == language),
            },
        ),
        _context(t("admin.settings_area_hint", lang)),
    ]
    return _modal(
        Admin.SETTINGS_MODAL,
        t("admin.settings_title", lang),
        blocks,
        lang,
        submit=t("admin.save", lang),
    )


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
            _channel_select(area.digest_channel if area else None, lang),
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


# -- the director's section ----------------------------------------------------------------


def director_section(
    *,
    overview: DirectorOverview,
    tz: str,
    lang: str,
    answers: Mapping[int, Sequence[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """Escalated items and the month so far, for the director's area (or the whole organisation).

    `answers`: blocks under an item for its escalation (the question, the decision buttons or
    where it stands); an escalation's blocks come once, under its first item."""
    o = overview
    where = (
        t("admin.director_all", lang)
        if o.whole_organisation
        else ", ".join(safe_mrkdwn(n) for n in o.area_names)
    )
    blocks: list[dict[str, Any]] = [
        _section(f"*{t('admin.director_title', lang, where=where)}*", block_id=Admin.DIRECTOR),
        _section(f"*{t('admin.director_escalated', lang, count=o.escalated_total)}*"),
    ]
    if not o.escalated:
        blocks.append(_context(t("admin.director_none_escalated", lang)))
    for item in o.escalated:
        blocks.append(_section(item_summary(item, lang, limit=300)))
        details = []
        if item.escalated_at is not None:
            details.append(
                t("admin.director_escalated_on", lang, date=local_time(item.escalated_at, tz))
            )
        if not item.anonymous:
            details.append(t("admin.director_by", lang, user=f"<@{item.author_id}>"))
        if details:
            blocks.append(_context(" · ".join(details)))
        blocks.extend((answers or {}).get(item.id, ()))
    if o.escalated_total > len(o.escalated):
        blocks.append(
            _context(t("admin.director_more", lang, count=o.escalated_total - len(o.escalated)))
        )
    start = o.month_start.astimezone(ZoneInfo(tz)) if o.month_start else None
    new = " · ".join(
        f"{KIND_EMOJI.get(kind, '')} {t(f'admin.kind_plural.{kind}', lang)}: {count}"
        for kind, count in o.new_by_kind.items()
    )
    blocks.append(
        _section(
            f"*{t('admin.director_month', lang, date=f'{start:%d.%m.}' if start else '')}*\n"
            + t(
                "admin.director_month_text",
                lang,
                new=new,
                resolved=o.resolved,
                escalated=o.escalated_this_month,
            )
        )
    )
    blocks.append(_context(t("admin.director_digest_hint", lang)))
    return blocks
