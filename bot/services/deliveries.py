"""The delivery ledger: everything the bot posts on a schedule or a click is posted once.

The rule (the weekly prompts' rule, bot.services.reflection / jobs.weekly_prompts):

1. claim first: a `deliveries` row keyed by what is delivered ("thread-root:12") is inserted and
   committed before Slack is called; a second clock or a double click finds it and posts nothing;
2. no blind retry of a post: the client waits out 429s (not posted) and retries nothing else;
3. an unknown outcome (5xx, timeout, reset) is settled by looking for the message by its
   metadata in the channel, DM or thread: found → sent; surely absent → failed, so a later run
   may post it; unreadable → unknown, never resent;
4. Slack refusing the token (revoked, invalid_auth, account_inactive) raises TokenRefused, which
   stops the workspace's job at once; the scheduler records it for the admins' App Home.

Rows are kept: they hold no user text (keys name ids, errors are Slack's error codes).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Delivery
from bot.slack_client import Retries, derive

log = logging.getLogger(__name__)

EVENT_TYPE = "tvaers_delivery"
# Slack errors meaning the token is no good: the workspace's job stops at once.
TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked"})
# How far back a DM or channel is read when looking for a post after an unknown outcome.
LOOK_LIMIT = 100
# A clicked delivery (an export) is sent once within this window: a double click, or Slack
# retrying the request, has one effect; a deliberate click later sends again.
CLICK_WINDOW = timedelta(seconds=60)


class State(enum.StrEnum):
    """Where one delivery stands."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"  # surely not posted: may be claimed again
    UNKNOWN = "unknown"  # may have been posted: never resent


class TokenRefused(RuntimeError):
    """Slack refused the workspace's token: its job stops; the admins are told in App Home."""

    def __init__(self, error: str) -> None:
        super().__init__(f"Slack refused the token ({error}); reinstall Tværs")
        self.error = error


@dataclass(frozen=True)
class Result:
    """What became of one delivery: state, and where it is when sent."""

    state: State
    channel: str | None = None
    ts: str | None = None
    error: str | None = None
    fresh: bool = True  # False: claimed before (by another clock or click); nothing done now

    @property
    def sent(self) -> bool:
        return self.state is State.SENT

    @property
    def refused(self) -> bool:
        """Surely not posted (the claim is failed and may be taken again)."""
        return self.state is State.FAILED


def post_client(client: WebClient) -> WebClient:
    """The client for posts: 429s are waited out (Slack did not post), nothing else retried."""
    return derive(client, Retries.POSTS)


def marker(key: str) -> dict[str, Any]:
    """Message metadata that lets the bot find its own post later."""
    return {"event_type": EVENT_TYPE, "event_payload": {"key": key}}


def claim(
    session: Session,
    *,
    team_id: str,
    key: str,
    kind: str,
    now: datetime,
    ref_id: int | None = None,
    channel_id: str | None = None,
    max_attempts: int | None = None,
) -> Delivery | None:
    """Claim one delivery (flushed, not committed); None when it was claimed before and is not
    surely unposted. A failed one (surely not posted) is taken again, compare-and-set, unless
    it already had `max_attempts`. `channel_id`: where it goes, when that is known before."""
    row = Delivery(
        team_id=team_id, key=key, kind=kind, ref_id=ref_id, channel_id=channel_id, claimed_at=now
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        pass
    taken = session.execute(
        update(Delivery)
        .where(
            Delivery.team_id == team_id,
            Delivery.key == key,
            Delivery.state == State.FAILED.value,
            true() if max_attempts is None else Delivery.attempts < max_attempts,
        )
        .values(state=State.CLAIMED.value, claimed_at=now, attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None
    return session.scalar(select(Delivery).where(Delivery.team_id == team_id, Delivery.key == key))


def claim_window(
    session: Session,
    *,
    team_id: str,
    key: str,
    kind: str,
    now: datetime,
    window: timedelta,
) -> Delivery | None:
    """Claim a clicked delivery once per `window` (a double click has one effect, a later click
    sends again): the key carries the window's number, and the previous window is checked."""
    seconds = int(window.total_seconds())
    bucket = int(now.timestamp()) // seconds
    previous = session.scalar(
        select(Delivery).where(
            Delivery.team_id == team_id,
            Delivery.key == f"{key}@{bucket - 1}",
            Delivery.claimed_at > now - window,
            Delivery.state != State.FAILED.value,
        )
    )
    if previous is not None:
        return None
    return claim(session, team_id=team_id, key=f"{key}@{bucket}", kind=kind, now=now)


def existing(session: Session, *, team_id: str, key: str) -> Delivery | None:
    """The ledger row of this delivery, if any."""
    return session.scalar(select(Delivery).where(Delivery.team_id == team_id, Delivery.key == key))


def record(session: Session, row: Delivery, result: Result, now: datetime) -> None:
    """Keep what became of a claimed delivery."""
    row.state = result.state.value
    row.error = result.error
    if result.channel:
        row.channel_id = result.channel
    if result.ts:
        row.ts = result.ts
    if result.sent:
        row.sent_at = now


def stale(session: Session, *, team_id: str, kind: str, before: datetime) -> list[Delivery]:
    """Claims of this kind left without an outcome by a sender that died before `before`."""
    return list(
        session.scalars(
            select(Delivery).where(
                Delivery.team_id == team_id,
                Delivery.kind == kind,
                Delivery.state == State.CLAIMED.value,
                Delivery.claimed_at < before,
            )
        )
    )


def _error(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or f"http_{exc.response.status_code}")


def send(
    session: Session,
    client: WebClient,
    *,
    team_id: str,
    key: str,
    kind: str,
    now: datetime,
    channel: str,
    thread_ts: str | None = None,
    ref_id: int | None = None,
    message: dict[str, Any],
) -> Result:
    """Claim, commit, chat.postMessage once, settle an unknown outcome, record, commit.

    `channel` may be a user id (the app's DM with them). Raises TokenRefused when Slack refuses
    the token (the claim is marked failed: nothing was posted).
    """
    row = claim(session, team_id=team_id, key=key, kind=kind, now=now, ref_id=ref_id)
    if row is None:
        found = existing(session, team_id=team_id, key=key)
        state = State(found.state) if found is not None else State.CLAIMED
        return Result(
            state,
            found.channel_id if found else None,
            found.ts if found else None,
            fresh=False,
        )
    session.commit()  # the claim is durable before Slack hears of it
    result = post(client, key=key, channel=channel, thread_ts=thread_ts, message=message)
    record(session, row, result, now)
    session.commit()
    if result.error in TOKEN_ERRORS:
        raise TokenRefused(result.error or "")
    return result


def post(
    client: WebClient,
    *,
    key: str,
    channel: str,
    thread_ts: str | None = None,
    message: dict[str, Any],
) -> Result:
    """chat.postMessage once with the delivery's metadata; an unknown outcome is looked up."""
    args = dict(message)
    args["metadata"] = marker(key)
    if thread_ts:
        args["thread_ts"] = thread_ts
    unknown: str
    try:
        answer = post_client(client).chat_postMessage(channel=channel, **args)
        return Result(State.SENT, str(answer.get("channel") or channel), str(answer["ts"]))
    except SlackApiError as exc:
        if exc.response.status_code < 500:
            return Result(State.FAILED, error=_error(exc))
        unknown = _error(exc)
    except URLError as exc:
        if isinstance(exc.reason, ConnectionRefusedError):
            return Result(State.FAILED, error="connection_refused")
        unknown = type(exc.reason).__name__
    except OSError as exc:  # timeout, reset, remote disconnected: the request may have landed
        unknown = type(exc).__name__
    return settle(client, key=key, channel=channel, thread_ts=thread_ts, error=unknown)


def settle(
    client: WebClient, *, key: str, channel: str, thread_ts: str | None, error: str
) -> Result:
    """After an unknown outcome: found → SENT, surely absent → FAILED, unreadable → UNKNOWN."""
    found = find(client, key=key, channel=channel, thread_ts=thread_ts)
    if found is None:
        log.warning(
            "no answer from Slack for a post (%s) and it cannot be looked for; not sent again",
            error,
        )
        return Result(State.UNKNOWN, error=error[:64])
    if found:
        return Result(State.SENT, found["channel"], found["ts"])
    return Result(State.FAILED, error=error[:64])


def find(
    client: WebClient, *, key: str, channel: str, thread_ts: str | None
) -> dict[str, str] | None:
    """Where the post with this key is: {channel, ts}; {} when surely absent; None if unknown."""
    try:
        where = channel
        if where.startswith(("U", "W")):  # a user id: the app's DM with them
            where = str(client.conversations_open(users=channel)["channel"]["id"])
        if thread_ts:
            answer = client.conversations_replies(
                channel=where, ts=thread_ts, limit=1000, include_all_metadata=True
            )
        else:
            answer = client.conversations_history(
                channel=where, limit=LOOK_LIMIT, include_all_metadata=True
            )
    except (SlackApiError, OSError, URLError) as exc:
        log.warning("could not look for a post (%s)", type(exc).__name__)
        return None
    for found in answer.get("messages") or []:
        meta = found.get("metadata") or {}
        if (
            meta.get("event_type") == EVENT_TYPE
            and (meta.get("event_payload") or {}).get("key") == key
        ):
            return {"channel": where, "ts": str(found["ts"])}
    return {}


def call_once(
    session: Session,
    *,
    team_id: str,
    key: str,
    kind: str,
    now: datetime,
    window: timedelta,
    work: Callable[[], None],
) -> bool:
    """A clicked delivery that is not a message (a file): claimed per window, then `work`.

    False when a double click already has it. A failure in `work` marks the claim unknown (a
    file upload that failed half-way may have been shared) and is raised.
    """
    row_id = claim_click(session, team_id=team_id, key=key, kind=kind, now=now, window=window)
    if row_id is None:
        return False
    session.commit()
    run_claimed(session, row_id, now=now, work=work)
    return True


def claim_click(
    session: Session,
    *,
    team_id: str,
    key: str,
    kind: str,
    now: datetime,
    window: timedelta = CLICK_WINDOW,
) -> int | None:
    """Claim a clicked delivery (claim_window); its row's id for run_claimed, or None when a
    double click already has it. Commit before the work."""
    row = claim_window(session, team_id=team_id, key=key, kind=kind, now=now, window=window)
    if row is None:
        return None
    session.flush()
    return row.id


def run_claimed(session: Session, row_id: int, *, now: datetime, work: Callable[[], None]) -> None:
    """Do a claimed delivery's `work` and record what became of it: sent; failed when Slack
    refused it (4xx); unknown when it may have gone half-way (raised either way)."""
    row = session.get(Delivery, row_id)
    if row is None:
        return  # the workspace was removed meanwhile
    try:
        work()
    except SlackApiError as exc:
        error = _error(exc)
        state = State.FAILED if exc.response.status_code < 500 else State.UNKNOWN
        record(session, row, Result(state, error=error), now)
        session.commit()
        raise
    except Exception:
        record(session, row, Result(State.UNKNOWN, error="error"), now)
        session.commit()
        raise
    record(session, row, Result(State.SENT), now)
    session.commit()


def file_to_dm(
    session: Session,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    key: str,
    kind: str,
    now: datetime,
    file: bytes,
    filename: str,
    title: str,
    comment: str,
) -> bool:
    """Send one file to the person's DM with the app, once per click window (call_once);
    False when a double click already sent it. A SlackApiError is raised to the caller."""

    def upload() -> None:
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        post_client(client).files_upload_v2(
            channel=channel,
            file=file,
            filename=filename,
            title=title,
            initial_comment=comment,
            # files.info would need files:read; the upload's own answer is enough.
            request_file_info=False,
        )

    return call_once(
        session, team_id=team_id, key=key, kind=kind, now=now, window=CLICK_WINDOW, work=upload
    )
