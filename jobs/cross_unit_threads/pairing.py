"""The month's pairing: two managers whose items relate are introduced in a group DM."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.services import deliveries
from bot.services import threads as service
from bot.views import threads as views
from jobs.cross_unit_threads.report import _Report

log = logging.getLogger(__name__)


def _pairing(
    session: Session,
    client: WebClient,
    team_id: str,
    now: datetime,
    options: service.ThreadOptions,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    period = f"{now:%Y-%m}"
    report.paired = 0
    if not service.claim_period(
        session=session, team_id=team_id, kind="pairing", period=period, now=now
    ):
        session.commit()
        report.note(f"pairing for {period} was done already", "pairing_done", month=period)
        return
    suggestions = service.pair_suggestions(
        session=session, team_id=team_id, options=options, now=now
    )
    session.commit()
    for pair in suggestions:
        if not (reachable(pair.user_a) and reachable(pair.user_b)):
            continue
        try:
            opened = client.conversations_open(users=f"{pair.user_a},{pair.user_b}")
            channel = str((opened.get("channel") or {}).get("id"))
        except SlackApiError as error:
            log.warning("could not introduce a pair (%s)", error.response.get("error"))
            continue
        result = deliveries.send(
            session,
            client,
            team_id=team_id,
            key=f"pairing:{period}:{pair.user_a}:{pair.user_b}",
            kind="pairing",
            now=now,
            channel=channel,
            message=views.pairing_intro(pair=pair, lang=lang),
        )
        if result.refused or not result.fresh:
            log.warning("could not introduce a pair (%s)", result.error)
            continue
        service.record_pair(
            session=session, team_id=team_id, period=period, pair=pair, channel_id=channel, now=now
        )
        session.commit()
        report.paired += 1
