"""What the directors are owed: DMs about escalations a click could not send, and reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.directors import notify_directors, notify_item
from bot.services import decisions, deliveries
from bot.services import threads as service
from bot.views import decisions as decision_views
from jobs.cross_unit_threads.report import _Report


def _owed_directors(
    session: Session,
    client: WebClient,
    team_id: str,
    now: datetime,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    for thread in service.directors_pending(session=session, team_id=team_id, now=now):
        # Claimed first, like every post: a second clock finds the claim and DMs nobody.
        if not service.claim_directors_notice(session=session, thread=thread, now=now):
            session.commit()
            continue
        session.commit()
        notify_directors(
            session=session,
            client=client,
            thread=thread,
            escalated_ids=None,
            lang=lang,
            now=now,
            reachable=reachable,
        )
        if thread.directors_notified_at is None:
            # Not every director could be told: the next run tries again.
            service.unclaim_directors_notice(session=session, thread=thread)
        session.commit()
        if thread.directors_notified_at is not None:
            report.notified += 1
    before = now - service.NOTIFY_GRACE
    for escalation in decisions.items_pending(session=session, team_id=team_id, before=before):
        if not decisions.claim_item_notice(session=session, escalation=escalation, now=now):
            session.commit()
            continue
        session.commit()
        notify_item(
            session=session,
            client=client,
            escalation=escalation,
            lang=lang,
            now=now,
            reachable=reachable,
        )
        if escalation.notified_at is None:
            decisions.unclaim_item_notice(session=session, escalation=escalation)
        session.commit()
        if escalation.notified_at is not None:
            report.notified_items += 1


def _decision_reminders(
    session: Session,
    client: WebClient,
    team_id: str,
    now: datetime,
    today: date,
    options: service.ThreadOptions,
    lang: str,
    reachable: Callable[[str], bool],
    report: _Report,
) -> None:
    """One reminder to the directors of an escalation left undecided; one nudge to an owner
    whose date passed. Runs in the daily pass, so only on working days."""
    days = decisions.reminder_days(session=session, team_id=team_id, default=options.reminder_days)
    due = now - timedelta(days=days)
    for escalation in decisions.due_reminders(session=session, team_id=team_id, before=due):
        if not decisions.claim_reminder(session=session, escalation=escalation, now=now):
            session.commit()
            continue
        session.commit()
        items = decisions.items_of(session, escalation)
        directors = service.directors_to_tell(
            session=session, team_id=team_id, items=items, reachable=reachable
        )
        days = (now - escalation.raised_at).days
        message = decision_views.reminder(
            question=escalation.question,
            days=days,
            escalation_id=escalation.id,
            lang=lang,
        )
        for director in directors:
            deliveries.send(
                session,
                client,
                team_id=team_id,
                key=f"decision-reminder:{escalation.id}:{director}",
                kind="decision-reminder",
                ref_id=escalation.id,
                now=now,
                channel=director,
                message=message,
            )
        report.note(
            f"reminded the directors of escalation {escalation.id}",
            "escalation_reminded",
            id=escalation.id,
        )
    for decision in decisions.due_nudges(session=session, team_id=team_id, today=today):
        if not decisions.claim_nudge(session=session, decision=decision, now=now):
            session.commit()
            continue
        session.commit()
        assert decision.owner_id is not None
        deliveries.send(
            session,
            client,
            team_id=team_id,
            key=f"decision-nudge:{decision.id}",
            kind="decision-nudge",
            ref_id=decision.id,
            now=now,
            channel=decision.owner_id,
            message=decision_views.nudge(due_on=decision.due_on, note=decision.note, lang=lang),
        )
        report.note(
            f"nudged the owner of decision {decision.id}", "decision_nudged", id=decision.id
        )
