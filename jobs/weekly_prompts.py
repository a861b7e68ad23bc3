"""The weekly-prompts tick: send each due manager this week's reflection once, then reminders.

Runs every few minutes (`python -m jobs` is the clock; `python -m jobs run weekly-prompts --at
2026-12-07T09:05:00+01:00` runs one tick as if it were that moment). Every tick:

1. marks claims whose sender died as "unknown" (never resent; see bot.services.reflection);
2. asks Slack (users.info) for the time zone of managers close to their slot whose zone is not
   known yet, and keeps it on the person;
3. finds the managers whose prompt is due and unsent (own day and time, own time zone, closed days
   moved, paused managers left alone, late ones caught up in working hours until the cut-off);
4. sends them on a few threads: each prompt is claimed in the database and committed *before*
   chat.postMessage, and its channel and ts are committed right after;
5. does the same for the one reminder, in the prompt's thread.

Rate limits: a 429 makes every sending thread wait out Retry-After (a shared pause, so the
threads do not keep hammering), and the message is then tried again: a 429 means Slack did not
post it. Nothing else is retried blindly; see the module docstring of bot.services.reflection.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import cache
from typing import Any, TypeVar
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.models import PromptState, ReflectionPrompt
from bot.services import reflection
from bot.services.deliveries import TOKEN_ERRORS, TokenRefused
from bot.services.reflection import Due, Policy, ReminderDue
from bot.slack_client import Retries, derive
from bot.views import reflection as views
from jobs.summary import Summary, part

log = logging.getLogger(__name__)

SEND_WORKERS = 4  # parallel chat.postMessage calls; Slack's latency, not the CPU, is the limit
# How long one message may wait out rate limits before it is left for the next tick.
MAX_RATE_LIMITED_SECONDS = 300.0

T = TypeVar("T")


@cache
def default_policy() -> Policy:
    """The policy from the environment, read once (the clock validated it when it started)."""
    from bot.config import load_settings

    return Policy.from_settings(load_settings(require_slack=False, dotenv_path=None))


class Outcome(enum.Enum):
    """What became of one send."""

    SENT = "sent"
    REFUSED = "refused"  # Slack refused for certain: nothing was posted
    UNKNOWN = "unknown"  # no usable answer: it may have been posted
    LOST = "lost"  # another clock claimed it first
    STOPPED = "stopped"  # Slack refused the token: nothing more is sent this run
    ERROR = "error"  # the database failed around the send


class Pacer:
    """Shared by the sending threads: after a 429 every thread waits out Retry-After."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until = 0.0
        self.rate_limited = 0

    def wait(self) -> None:
        """Sleep until no Retry-After is pending."""
        while True:
            with self._lock:
                delay = self._until - time.monotonic()
            if delay <= 0:
                return
            time.sleep(delay)

    def back_off(self, seconds: float) -> None:
        """Slack said 429: nobody sends for `seconds`."""
        with self._lock:
            self.rate_limited += 1
            self._until = max(self._until, time.monotonic() + seconds)


def _retry_after(error: SlackApiError) -> float:
    headers = error.response.headers or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except ValueError:
                break
    return 1.0


def send_client(client: WebClient) -> WebClient:
    """The job's client without blind retries: a retried post that had reached Slack doubles."""
    return derive(client, Retries.PACED)


def post(client: WebClient, pacer: Pacer, **args: Any) -> tuple[Outcome, dict[str, Any] | str]:
    """chat.postMessage once, waiting out rate limits; (SENT, response) or (outcome, error)."""
    started = time.monotonic()
    while True:
        pacer.wait()
        try:
            response = client.chat_postMessage(**args)
        except SlackApiError as exc:
            status = exc.response.status_code
            error = str(exc.response.get("error") or f"http_{status}")
            if status == 429:
                # Not posted: wait as Slack asks and try again, unless that takes too long (the
                # next tick tries again; a claim must not look abandoned while it waits).
                wait = _retry_after(exc)
                if time.monotonic() - started + wait > MAX_RATE_LIMITED_SECONDS:
                    return Outcome.REFUSED, "ratelimited"
                pacer.back_off(wait)
                continue
            if status >= 500:
                return Outcome.UNKNOWN, error
            return Outcome.REFUSED, error
        except URLError as exc:
            # Refused connections never reached Slack; anything else may have.
            if isinstance(exc.reason, ConnectionRefusedError):
                return Outcome.REFUSED, "connection_refused"
            return Outcome.UNKNOWN, type(exc.reason).__name__
        except OSError as exc:  # timeout, reset, remote disconnected: the request may have landed
            return Outcome.UNKNOWN, type(exc).__name__
        return Outcome.SENT, dict(response.data) if isinstance(response.data, dict) else {}


class Sender:
    """Claims, sends and records, each send in its own short transactions."""

    def __init__(
        self, client: WebClient, factory: sessionmaker[Session], now: datetime, workers: int
    ) -> None:
        self.client = send_client(client)
        self.factory = factory
        self.now = now
        self.workers = workers
        self.pacer = Pacer()
        # Slack's error once it refused the token: the other sends stop before claiming.
        self.refused_token: str | None = None

    def _stop_on_token(self, outcome: Outcome, result: dict[str, Any] | str) -> None:
        if outcome is Outcome.REFUSED and isinstance(result, str) and result in TOKEN_ERRORS:
            self.refused_token = result

    def run(self, items: Sequence[T], send: Callable[[T], Outcome]) -> Counter[Outcome]:
        """Send every item on a few threads; count the outcomes."""
        if not items:
            return Counter()
        with ThreadPoolExecutor(
            max_workers=max(1, min(self.workers, len(items))), thread_name_prefix="tvaers-send"
        ) as pool:
            return Counter(pool.map(lambda item: self._guarded(send, item), items))

    def _guarded(self, send: Callable[[T], Outcome], item: T) -> Outcome:
        try:
            return send(item)
        except SQLAlchemyError:
            # The claim (or its record) failed: nothing was posted, or the claim stays and is
            # judged "unknown" later. Either way never a double; the next tick carries on.
            log.exception("the database failed around a weekly send; carrying on")
            return Outcome.ERROR

    def prompt(self, due: Due) -> Outcome:
        """Claim one prompt, commit, post it to the manager's DM, record channel and ts."""
        if self.refused_token is not None:
            return Outcome.STOPPED
        with self.factory() as session:
            prompt = reflection.claim(session=session, due=due, now=self.now)
            if prompt is None:
                session.rollback()
                return Outcome.LOST
            message = views.prompt_message(prompt=prompt, name=due.name, lang=due.lang, pause=None)
            prompt_id = prompt.id
            session.commit()  # the claim is durable before Slack hears of it
            outcome, result = post(
                self.client,
                self.pacer,
                channel=due.user_id,
                metadata=_marker(prompt_id),
                **message,
            )
            if outcome is Outcome.UNKNOWN:
                # A 5xx or a lost answer: look in the DM before deciding. Found: it was posted.
                # Certainly not there: nothing was posted, so a later tick may send it.
                found = find_posted(self.client, due.user_id, prompt_id)
                if found is not None:
                    outcome, result = (Outcome.SENT, found) if found else (Outcome.REFUSED, result)
            if outcome is Outcome.SENT:
                assert isinstance(result, dict)
                reflection.record_sent(
                    session=session,
                    prompt_id=prompt_id,
                    channel_id=str(result["channel"]),
                    ts=str(result["ts"]),
                    now=self.now,
                )
            elif outcome is Outcome.REFUSED:
                log.warning("Slack refused %s's weekly prompt (%s)", due.user_id, result)
                self._stop_on_token(outcome, result)
                reflection.record_refused(session=session, prompt_id=prompt_id, error=str(result))
            else:
                log.warning(
                    "no answer from Slack for %s's weekly prompt (%s); it may have been posted, "
                    "so it is not sent again",
                    due.user_id,
                    result,
                )
                reflection.record_unknown(session=session, prompt_id=prompt_id, error=str(result))
            session.commit()
            return outcome

    def reminder(self, due: ReminderDue) -> Outcome:
        """Claim the one reminder, commit, post it in the prompt's thread, record it."""
        if self.refused_token is not None:
            return Outcome.STOPPED
        with self.factory() as session:
            if not reflection.claim_reminder(
                session=session, prompt_id=due.prompt_id, now=self.now
            ):
                session.rollback()
                return Outcome.LOST
            prompt = session.get(ReflectionPrompt, due.prompt_id)
            assert prompt is not None
            message = views.reminder_message(prompt=prompt, lang=due.lang)
            session.commit()
            outcome, result = post(
                self.client, self.pacer, channel=due.channel_id, thread_ts=due.thread_ts, **message
            )
            state = {
                Outcome.SENT: PromptState.SENT,
                Outcome.REFUSED: PromptState.FAILED,
            }.get(outcome, PromptState.UNKNOWN)
            ts = str(result["ts"]) if isinstance(result, dict) else None
            if outcome is not Outcome.SENT:
                log.warning("the reminder to %s was not sent (%s)", due.user_id, result)
                self._stop_on_token(outcome, result)
            reflection.record_reminder(
                session=session, prompt_id=due.prompt_id, state=state, ts=ts, now=self.now
            )
            session.commit()
            return outcome


PROMPT_EVENT = "tvaers_weekly_prompt"


def _marker(prompt_id: int) -> dict[str, Any]:
    """Message metadata that lets the bot recognise its own prompt in the DM later."""
    return {"event_type": PROMPT_EVENT, "event_payload": {"prompt_id": prompt_id}}


def find_posted(client: WebClient, user_id: str, prompt_id: int) -> dict[str, Any] | None:
    """The prompt's channel and ts if it is in the DM, {} if it is surely not, None if unknown."""
    try:
        channel = str(client.conversations_open(users=user_id)["channel"]["id"])
        history = client.conversations_history(channel=channel, limit=50, include_all_metadata=True)
    except (SlackApiError, OSError, URLError) as exc:
        log.warning("could not look for a weekly prompt in the DM (%s)", type(exc).__name__)
        return None
    for message in history.get("messages") or []:
        meta = message.get("metadata") or {}
        if (
            meta.get("event_type") == PROMPT_EVENT
            and (meta.get("event_payload") or {}).get("prompt_id") == prompt_id
        ):
            return {"channel": channel, "ts": str(message["ts"])}
    return {}


def _settle_stale_claims(
    session: Session, client: WebClient, now: datetime, policy: Policy, team_id: str | None
) -> int:
    """A sender that died mid-send left claims without an outcome: the DM tells which landed."""
    stale = reflection.stale_claims(session=session, now=now, policy=policy, team_id=team_id)
    session.commit()  # nothing is held open while Slack is asked
    settled = 0
    for prompt_id, user_id in stale:
        found = find_posted(client, user_id, prompt_id)
        if found:
            reflection.record_sent(
                session=session,
                prompt_id=prompt_id,
                channel_id=found["channel"],
                ts=found["ts"],
                now=now,
            )
        elif found is not None:
            # Surely not in the DM: nothing was posted, so it may be sent (within the cut-off).
            reflection.record_refused(session=session, prompt_id=prompt_id, error="sender_died")
        else:
            continue  # cannot tell: expire_stale_claims marks it unknown, never resent
        settled += 1
    session.commit()
    return settled


def _time_zone(client: WebClient, user_id: str) -> str | None:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") in TOKEN_ERRORS:
            raise TokenRefused(str(exc.response.get("error"))) from None
        log.info(
            "users.info for %s failed (%s); the workspace's zone is used",
            user_id,
            exc.response.get("error"),
        )
        return None
    tz = user.get("tz") if isinstance(user, dict) else None
    return str(tz) if tz else None


def send_weekly_prompts(
    session: Session,
    client: WebClient,
    now: datetime,
    *,
    policy: Policy | None = None,
    workers: int = SEND_WORKERS,
    team_id: str | None = None,
) -> str:
    """One tick: due prompts out (each exactly once), then due reminders; returns a summary.

    With `team_id`, only that workspace (whose token `client` carries); otherwise every one.
    """
    policy = policy or default_policy()
    scope: dict[str, Any] = {"session": session, "now": now, "policy": policy, "team_id": team_id}
    factory = sessionmaker(bind=session.get_bind(), expire_on_commit=False)
    settled = _settle_stale_claims(session, client, now, policy, team_id)
    stale = reflection.expire_stale_claims(**scope)
    lookups = reflection.people_without_tz(**scope)
    session.commit()  # nothing is held open while Slack is asked
    zones = {(team_id, user_id): _time_zone(client, user_id) for team_id, user_id in lookups}
    for (team_id, user_id), tz in zones.items():
        if tz:
            reflection.store_tz(session=session, team_id=team_id, user_id=user_id, tz=tz)
    plan = reflection.plan_prompts(**scope)
    session.commit()
    sender = Sender(client, factory, now, workers)
    prompts = sender.run(plan.due, sender.prompt)
    if sender.refused_token is not None:
        # A revoked token or invalid_auth: every further call would fail the same way. The
        # workspace's run stops and is recorded as failed for its admins (App Home).
        raise TokenRefused(sender.refused_token)
    reminders_due = reflection.plan_reminders(**scope)
    session.commit()
    reminders = sender.run(reminders_due, sender.reminder)
    if sender.refused_token is not None:
        raise TokenRefused(sender.refused_token)
    parts = [
        f"prompts: {prompts[Outcome.SENT]} sent",
        f"{prompts[Outcome.REFUSED]} refused (retried later)",
        f"{prompts[Outcome.UNKNOWN]} without answer",
        f"{prompts[Outcome.LOST]} taken by another clock",
        f"{plan.waiting} waiting for working hours",
        f"{plan.paused} paused",
        f"{plan.missed} missed (past the cut-off)",
        f"{plan.given_up} given up",
        f"reminders: {reminders[Outcome.SENT]} sent",
        f"time zones looked up: {len(lookups)}",
        f"stale claims: {settled} settled from the DM, {stale} left unknown",
        f"429s: {sender.pacer.rate_limited}",
    ]
    errors = prompts[Outcome.ERROR] + reminders[Outcome.ERROR]
    if errors:
        parts.append(f"database errors: {errors}")
    # For the admins: what was sent, and only the rest that happened.
    shown = [part("prompts_sent", count=prompts[Outcome.SENT])]
    for key, count in (
        ("prompts_refused", prompts[Outcome.REFUSED]),
        ("prompts_unknown", prompts[Outcome.UNKNOWN]),
        ("prompts_lost", prompts[Outcome.LOST]),
        ("prompts_waiting", plan.waiting),
        ("prompts_paused", plan.paused),
        ("prompts_missed", plan.missed),
        ("prompts_given_up", plan.given_up),
        ("reminders_sent", reminders[Outcome.SENT]),
        ("zones_looked_up", len(lookups)),
        ("claims_settled", settled),
        ("claims_unknown", stale),
        ("rate_limited", sender.pacer.rate_limited),
        ("database_errors", errors),
    ):
        if count:
            shown.append(part(key, count=count))
    return Summary("; ".join(parts), shown)
