"""The monthly digest: at 08:00 local time on the month's first working day, last month's digest
to each digest channel.

Runs every hour on the hour (`python -m jobs run monthly-digest --at 2026-12-01T08:00:00+01:00`
runs it as if it were that moment). Each run, for every workspace:

1. works out the newest month that is due (from 08:00 on the first working day of the next
   month in the workspace's calendar and time zone), and never a month before the workspace's
   first item or prompt: a new workspace's first digest is for its first month with data;
2. for the workspace's digest channel and each area's own channel, claims (workspace, channel,
   month) in the database and commits, and only then posts: a second clock, or a re-run, finds
   the claim and posts nothing (and says so);
3. posts the digest, then the chart in its thread (files_upload_v2).

Missed runs catch up: a clock that was down on the 1st posts when it comes back, and a channel
that already had digests also gets up to MAX_CATCH_UP months it missed. A new channel starts
with the latest month, not with history.

Exactly once over at least once: Slack's chat.postMessage has no idempotency key, so the post is
never retried blindly. A refusal (Slack answered ok: false, or rate limits outlasted) means
nothing was posted: the claim is marked failed and a later run tries again. No usable answer
(timeout, reset, 5xx) is settled by looking for the digest in the channel by its message
metadata (bot.services.deliveries): found, it was posted; surely not there, a later run posts
it; the channel cannot be read, the claim is marked unknown and never sent again. A claim whose
run died before it recorded anything is treated as unknown.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import cache

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.services import deliveries
from bot.services import digest as service
from bot.services.calendar import WorkCalendar, calendar_for
from bot.services.org import installed_workspaces
from bot.texts import t
from bot.views.digest import digest_message, month_label, thread_links
from jobs.summary import NeedsAttention, Part, Summary, joined, part

log = logging.getLogger(__name__)

# The clock's trigger: every hour on the hour, so 08:00 on the first working day is one of them.
TRIGGER: dict[str, object] = {"trigger": "cron", "minute": 0}
CATCH_UP_AFTER = timedelta(hours=1)


@cache
def _defaults() -> Settings:
    """Language and time zone for workspaces without their own (the clock validated these)."""
    from bot.config import load_settings

    return load_settings(require_slack=False, dotenv_path=None)


def post_monthly_digests(
    session: Session, client: WebClient, now: datetime, *, team_id: str | None = None
) -> str:
    """Post every due monthly digest once; say what was posted and what already had been."""
    defaults = _defaults()
    sender = deliveries.post_client(client)
    reports: list[str] = []
    for workspace in installed_workspaces(session=session, team_id=team_id):
        tz = workspace.timezone or defaults.timezone
        lang = workspace.language or defaults.language
        calendar = calendar_for(session=session, team_id=workspace.team_id)
        due = service.latest_due_month(now, tz, calendar)
        since = service.first_month(session=session, team_id=workspace.team_id, tz=tz)
        for target in service.targets(session=session, team_id=workspace.team_id):
            months = service.months_to_post(
                session=session,
                team_id=workspace.team_id,
                channel_id=target.channel_id,
                due=due,
                since=since,
            )
            if not months:
                reports.append(
                    Summary(
                        f"nothing to post to {_where(target)} yet: "
                        + (
                            "no items and no prompts so far"
                            if since is None
                            else f"first month {since}"
                        ),
                        [
                            part("digest_nothing_yet", **_at(target))
                            if since is None
                            else part("digest_first_month", **_at(target), month=since)
                        ],
                    )
                )
            for month in months:
                report = _post_one(
                    session, sender, workspace.team_id, target, month, now, lang, tz, due, calendar
                )
                if report:
                    reports.append(report)
    if not reports:
        return Summary(
            "no workspace has a digest channel set; nothing was posted",
            [part("digest_no_channel")],
        )
    summary = joined(reports, "; ")
    return (
        NeedsAttention(summary) if any(isinstance(r, NeedsAttention) for r in reports) else summary
    )


def _where(target: service.Target) -> str:
    return target.channel_id + (f" ({target.area_name})" if target.area_name else "")


def _at(target: service.Target) -> dict[str, str | int]:
    """The target as values of a summary's part: its channel, and its area's name."""
    return {"channel": target.channel_id, "area": target.area_name or ""}


def _post_one(
    session: Session,
    client: WebClient,
    team_id: str,
    target: service.Target,
    month: str,
    now: datetime,
    lang: str,
    tz: str,
    due: str,
    calendar: WorkCalendar,
) -> str | None:
    """Claim, build, post and record one digest; a line for the summary (None: nothing new)."""
    claim = service.claim(
        session=session,
        team_id=team_id,
        channel_id=target.channel_id,
        month=month,
        area_id=target.area_id,
        now=now,
    )
    if claim is None:
        if month != due:
            return None  # an older month posted long ago is not news
        return _already(session, team_id, target, month)
    session.commit()  # the claim is durable before anything reaches Slack
    try:
        period = service.period_for(month, tz=tz, now=now)
        digest = service.build_digest(
            session=session, team_id=team_id, period=period, area_id=target.area_id
        )
        message = digest_message(digest, lang=lang, links=_links(client, digest))
    except Exception:
        # Nothing was sent: give the claim back so the next run tries again, then fail loudly.
        service.release(session=session, claim_row=claim)
        session.commit()
        raise
    # An hourly clock posts within the hour; anything later was a missed run caught up.
    late = " (caught up)" if now - service.post_time(month, tz, calendar) >= CATCH_UP_AFTER else ""
    # Through the ledger's post: no blind retry, and an unknown outcome is looked for in the
    # channel by the message's metadata before it counts as "may have been posted".
    result = deliveries.post(
        client,
        key=claim.key,
        channel=target.channel_id,
        message={"unfurl_links": False, "unfurl_media": False, **message},
    )
    if result.state is deliveries.State.UNKNOWN:
        error = str(result.error)
        deliveries.record(session, claim, result, now)
        session.commit()
        log.warning(
            "digest %s to %s: no clear answer (%s); not sent again", month, target.channel_id, error
        )
        return NeedsAttention(
            f"{month} to {_where(target)}: may have been posted ({error}) and the channel "
            "cannot be read; not retried",
            [part("digest_unknown", month=month, **_at(target), error=error)],
        )
    if result.refused:
        error = str(result.error)
        deliveries.record(session, claim, result, now)
        session.commit()
        if error in deliveries.TOKEN_ERRORS:
            raise deliveries.TokenRefused(error)
        log.warning("digest %s to %s refused: %s", month, target.channel_id, error)
        return NeedsAttention(
            f"{month} to {_where(target)}: Slack refused it ({error}); the next run tries again",
            [part("digest_refused", month=month, **_at(target), error=error)],
        )
    ts = str(result.ts or "")
    deliveries.record(session, claim, result, now)
    session.commit()
    chart = _upload_chart(session, client, team_id, target, period, lang, ts, digest)
    session.commit()
    posted = [part("digest_posted", month=month, **_at(target))]
    if late:
        posted.append(part("digest_caught_up"))
    return Summary(f"{month} posted to {_where(target)}{late}{chart}", posted + list(chart.parts))


def _already(session: Session, team_id: str, target: service.Target, month: str) -> str:
    claim = service.existing_claim(
        session=session, team_id=team_id, channel_id=target.channel_id, month=month
    )
    where = {"month": month, **_at(target)}
    if claim is None:
        return Summary(
            f"{month} to {_where(target)}: claimed by another run just now; nothing posted",
            [part("digest_claimed_elsewhere", **where)],
        )
    if claim.state == deliveries.State.SENT.value:
        when = f" at {claim.sent_at:%Y-%m-%d %H:%M} UTC" if claim.sent_at else ""
        return Summary(
            f"{month} was already posted to {_where(target)}{when}; nothing posted",
            [part("digest_already", **where)],
        )
    if claim.state == deliveries.State.FAILED.value:
        return Summary(
            f"{month} to {_where(target)}: Slack refused it {claim.attempts} times "
            f"({claim.error}); given up",
            [part("digest_given_up", **where, count=claim.attempts, error=str(claim.error))],
        )
    return Summary(
        f"{month} to {_where(target)}: a run at {claim.claimed_at:%Y-%m-%d %H:%M} UTC may have "
        f"posted it ({claim.state}); nothing posted, to be safe",
        [part("digest_maybe_posted", **where, state=claim.state)],
    )


def _links(client: WebClient, digest: service.Digest) -> dict[int, str]:
    """Thread links for the listed items: one chat.getPermalink gives the workspace's URL."""
    threads = [(i.thread_channel, i.thread_ts) for i in digest.needs if i.thread_channel]
    channel, ts = next(((c, ts) for c, ts in threads if c and ts), (None, None))
    if channel is None or ts is None:
        return {}
    try:
        answer = client.chat_getPermalink(channel=channel, message_ts=ts)
    except SlackApiError as exc:
        log.info("no thread links in the digest (%s)", exc.response.get("error"))
        return {}
    base = str(answer.get("permalink") or "").split("/archives/")[0]
    return thread_links(digest, base or None)


def _upload_chart(
    session: Session,
    client: WebClient,
    team_id: str,
    target: service.Target,
    period: service.Period,
    lang: str,
    ts: str,
    digest: service.Digest,
) -> Summary:
    """The charts in the digest's thread, effect first, then activity (output); a note for the
    summary."""
    effect_error = _upload_effect_chart(client, target, period, lang, ts, digest)
    effect_note = f" (effect chart not uploaded: {effect_error})" if effect_error else ""
    effect_parts: list[Part] = (
        [part("digest_effect_chart_failed", error=effect_error)] if effect_error else []
    )
    data = service.chart_data(
        session=session, team_id=team_id, period=period, area_id=target.area_id
    )
    if not data.drawable:
        return Summary(
            effect_note + " (no chart: nothing to draw)", [*effect_parts, part("digest_no_chart")]
        )
    label = month_label(period.month, lang)
    scope = target.area_name or digest.workspace_name or t("digest.scope_all_unnamed", lang)
    suffix = f"-{target.area_id}" if target.area_id is not None else ""
    # matplotlib is imported where a chart is drawn, never by a web worker that only answers.
    from bot.charts import render_chart

    chart = render_chart(
        data,
        lang=lang,
        title=t("digest.chart_title", lang, month=label),
        scope=scope,
        filename=f"tvaers-{period.month}{suffix}.png",
    )
    try:
        client.files_upload_v2(
            channel=target.channel_id,
            thread_ts=ts,
            file=chart.png,
            filename=chart.filename,
            title=chart.title,
            alt_txt=chart.alt_text,
            initial_comment=t("digest.chart_comment", lang, month=label),
            request_file_info=False,
        )
    except SlackApiError as exc:
        error = exc.response.get("error")
        log.warning("the digest's chart was not uploaded (%s)", error)
        return Summary(
            effect_note + f" (chart not uploaded: {error})",
            [*effect_parts, part("digest_chart_failed", error=str(error))],
        )
    return Summary(" with its chart" + effect_note, [part("digest_with_chart"), *effect_parts])


def _upload_effect_chart(
    client: WebClient,
    target: service.Target,
    period: service.Period,
    lang: str,
    ts: str,
    digest: service.Digest,
) -> str:
    """The effect chart, the digest's main picture, as the thread's first reply; '' when it
    was uploaded (or there is no value to draw), else Slack's error."""
    from bot.effect_chart import drawable, render_effect_chart

    if not drawable(digest.effect):
        return ""
    label = month_label(period.month, lang)
    scope = target.area_name or digest.workspace_name or t("digest.scope_all_unnamed", lang)
    suffix = f"-{target.area_id}" if target.area_id is not None else ""
    chart = render_effect_chart(
        digest.effect,
        lang=lang,
        title=t("digest.effect_chart_title", lang, month=label),
        scope=scope,
        filename=f"tvaers-effekt-{period.month}{suffix}.png",
    )
    try:
        client.files_upload_v2(
            channel=target.channel_id,
            thread_ts=ts,
            file=chart.png,
            filename=chart.filename,
            title=chart.title,
            alt_txt=chart.alt_text,
            initial_comment=t("digest.effect_chart_comment", lang),
            request_file_info=False,
        )
    except SlackApiError as exc:
        error = exc.response.get("error")
        log.warning("the digest's effect chart was not uploaded (%s)", error)
        return str(error)
    return ""
