"""The daily privacy job: expire old free text, and delete uninstalled workspaces' data."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import load_settings
from bot.db import forget_erased
from bot.services.privacy import ERASED_TABLES, expire_free_text, purge_uninstalled
from jobs.summary import Summary, part

log = logging.getLogger(__name__)


def retention(session: Session, client: WebClient, now: datetime) -> str:
    """Remove free text older than RETENTION_MONTHS; purge workspaces past their grace period."""
    settings = load_settings(require_slack=False)
    erased = expire_free_text(session=session, now=now, months=settings.retention_months)
    purged = purge_uninstalled(session=session, now=now, grace_days=settings.uninstall_grace_days)
    if erased.items or erased.reflections or erased.replies or purged:
        # A purge touched every table; expiry only the ones with free text.
        forget_erased(session, *(() if purged else ERASED_TABLES))
    summary = f"older than {settings.retention_months} months: {erased.line()}"
    parts = [
        part("expired_items", count=erased.items, months=settings.retention_months),
        part("expired_reflections", count=erased.reflections),
        part("expired_replies", count=erased.replies),
    ]
    if purged:
        # Counted, not named: this line is shown to every workspace's admins.
        log.warning("deleted all data of uninstalled workspace(s) %s", ", ".join(purged))
        summary += f"; deleted all data of {len(purged)} uninstalled workspace(s)"
        parts.append(part("purged_workspaces", count=len(purged)))
    return Summary(summary, parts)
