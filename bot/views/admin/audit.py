"""The audit log: its lines in the admin section and the modal with the latest changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.ids import Admin
from bot.models import AuditLog
from bot.services.admin import SYNC_ACTOR, USERGROUP_ID
from bot.slack_text import safe_mrkdwn
from bot.texts import t, tn
from bot.views.admin.common import channel_ref, fit, local_time, weekday_name
from bot.views.blocks import context as _context
from bot.views.blocks import modal as _modal
from bot.views.blocks import section as _section


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


def audit_text(entries: Sequence[AuditLog], tz: str, lang: str) -> str:
    """The latest audit entries as the admin section lists them."""
    lines = [f"*{t('admin.audit_title', lang)}*"]
    if not entries:
        lines.append(t("admin.audit_empty", lang))
    lines += [audit_line(entry, tz, lang) for entry in entries]
    return fit(lines)


def audit_modal(*, entries: Sequence[AuditLog], tz: str, lang: str) -> dict[str, Any]:
    """The latest changes, newest first (read only)."""
    blocks: list[dict[str, Any]] = []
    chunk: list[str] = []
    for entry in entries:
        chunk.append(audit_line(entry, tz, lang))
        if len(chunk) == 10:
            blocks.append(_section(fit(chunk)))
            chunk = []
    if chunk:
        blocks.append(_section(fit(chunk)))
    if not blocks:
        blocks.append(_section(t("admin.audit_empty", lang)))
    blocks.append(_context(tn("admin.audit_limit", lang, len(entries))))
    return _modal(Admin.AUDIT_MODAL, t("admin.audit_title", lang), blocks, lang)
