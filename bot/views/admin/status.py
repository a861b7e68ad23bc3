"""The admins' status: job runs, this week's prompts, waiting items, sources and channels."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.models import JobRun
from bot.services.admin import JobStatus
from bot.slack_text import safe_mrkdwn
from bot.texts import TEXTS, prose_date, t, tn
from bot.views.admin.common import channel_ref, fit, local_time
from bot.views.admin.overview import AdminOverview
from bot.views.digest import month_label
from bot.views.effect import period_label, source_status_lines

STUCK_AFTER_HOURS = 6


def status_text(o: AdminOverview, lang: str) -> str:
    """The status lines: connection, jobs, prompts, waiting items, sources, channels."""
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
    return fit(lines)


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
