"""The weekly reflection: who is due, the claim that makes each prompt go out once, the answers.

Exactly once
------------
Each week's prompt to each manager is one row in ``reflection_prompts`` with the unique key
``(team_id, user_id, kind, period)`` (period = the ISO week, "2026-W14"). A clock **claims** a
prompt by inserting that row (state ``claimed``) and committing, and only then calls
``chat.postMessage``; the DM channel and ``ts`` are recorded in a second commit (state ``sent``).
Two clocks that find the same manager due race on the unique key: one insert wins, the other
gets an IntegrityError and moves on (on PostgreSQL the loser's insert waits for the winner's
commit, then fails), so the manager gets one prompt however many clocks run.

What happens when the sender dies between claim and send
--------------------------------------------------------
Slack's chat.postMessage has no idempotency key, and the bot cannot tell "died just before the
request" from "died after Slack posted it but before the ts was recorded". We choose **at most
once** for that gap: a doubled prompt costs more trust than one missed week, and the gap is one
HTTP request per sending thread (each claim is made right before its own send, never in bulk),
so a crash or a deploy mid-fan-out leaves at most a handful of prompts in doubt; everything not
yet claimed is simply picked up by the next tick. Concretely:

* Slack answered ok → ``sent``.
* Slack refused for certain, so nothing was posted (HTTP 200 with ``ok: false``, HTTP 429 after
  waiting out Retry-After for too long, or the connection was refused) → ``retry``: a later tick
  re-claims the row with a guarded update (``state = 'retry'`` → ``claimed``, so again only one
  clock wins), up to MAX_ATTEMPTS and never after the catch-up cut-off (then ``failed``).
* No usable answer (timeout, connection reset, HTTP 5xx), or the process died → Slack may have
  posted it → ``unknown``, never sent again. A ``claimed`` row older than STALE_AFTER without a
  ``ts`` is such a death: the next tick marks it ``unknown`` and logs a warning naming the
  manager, so an operator can look. (A live sender that answers after all still records
  ``sent``.) STALE_AFTER is longer than the longest a live sender can take for one message.

The sender therefore uses a client without the blind connection and 5xx retries the bot's usual
client has (a retried post that had reached Slack would double it); rate limits are handled by
the job itself, which waits out Retry-After.

The reminder is claimed the same way, by a guarded update of ``reminder_state`` (NULL →
``claimed``) that is never reset: one reminder at most, ever.

If the clock was down, a prompt is caught up later, on a working day between 08:00 and 18:00
local time, until the catch-up cut-off (REFLECTION_CATCHUP_HOURS after its due time, default 48);
after that the week is recorded as ``missed`` and logged once. A manager who joins mid-week gets
that week's prompt the same way if the cut-off has not passed; weeks before someone's first
prompt are never reported as missed (a new install is not a down clock).

Replies in the DM
-----------------
A manager's message in the bot's DM belongs to the prompt whose thread it is in, or else (top
level) to the latest prompt they got. It is stored once: a Slack retry is dropped by the event-id
middleware, and a doubled delivery of the same message (same ``client_msg_id`` or channel + ts)
by a marker and by unique keys. Edits update it, deletes remove it. Text with a CPR number is
never stored.
"""

from __future__ import annotations

from bot.services.reflection.answers import (
    ANSWER_FIELDS,
    MAX_ANSWER,
    Answers,
    PromptGone,
    barrier_text,
    has_answer,
    latest_due,
    latest_prompt,
    own_prompt,
    save_answers,
    skip,
    validate_answers,
)
from bot.services.reflection.claims import (
    claim,
    expire_stale_claims,
    record_refused,
    record_sent,
    record_unknown,
    stale_claims,
)
from bot.services.reflection.home import (
    RECENT_ANSWERS,
    HomeReflection,
    PauseInfo,
    home_reflection,
    pause_info,
)
from bot.services.reflection.planning import Due, Plan, people_without_tz, plan_prompts, store_tz
from bot.services.reflection.policy import (
    DEFAULT_REMINDER_DAYS,
    KIND_WEEKLY,
    MAX_ATTEMPTS,
    STALE_AFTER,
    Policy,
)
from bot.services.reflection.prefs import (
    MAX_PAUSE_DAYS,
    PAUSE_WEEKS,
    get_prefs,
    is_paused,
    latest_pause_day,
    pause,
    pause_to,
    reset_slot,
    resume,
    set_time,
    set_weekday,
    slot_for,
    slot_of,
)
from bot.services.reflection.reminders import (
    ReminderDue,
    claim_reminder,
    plan_reminders,
    record_reminder,
)
from bot.services.reflection.replies import (
    DmMessage,
    ReplyOutcome,
    ReplyResult,
    add_reply,
    edit_reply,
    first_hint_today,
    prompt_for_message,
    remove_reply,
)

__all__ = [
    "ANSWER_FIELDS",
    "DEFAULT_REMINDER_DAYS",
    "KIND_WEEKLY",
    "MAX_ANSWER",
    "MAX_ATTEMPTS",
    "MAX_PAUSE_DAYS",
    "PAUSE_WEEKS",
    "RECENT_ANSWERS",
    "STALE_AFTER",
    "Answers",
    "DmMessage",
    "Due",
    "HomeReflection",
    "PauseInfo",
    "Plan",
    "Policy",
    "PromptGone",
    "ReminderDue",
    "ReplyOutcome",
    "ReplyResult",
    "add_reply",
    "barrier_text",
    "claim",
    "claim_reminder",
    "edit_reply",
    "expire_stale_claims",
    "first_hint_today",
    "get_prefs",
    "has_answer",
    "home_reflection",
    "is_paused",
    "latest_due",
    "latest_pause_day",
    "latest_prompt",
    "own_prompt",
    "pause",
    "pause_info",
    "pause_to",
    "people_without_tz",
    "plan_prompts",
    "plan_reminders",
    "prompt_for_message",
    "record_refused",
    "record_reminder",
    "record_sent",
    "record_unknown",
    "remove_reply",
    "reset_slot",
    "resume",
    "save_answers",
    "set_time",
    "set_weekday",
    "skip",
    "slot_for",
    "slot_of",
    "stale_claims",
    "store_tz",
    "validate_answers",
]
