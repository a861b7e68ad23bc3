"""Cross-unit threads: which items belong together, who is asked, follow-ups and their answers.

The job (jobs/cross_unit_threads/) and the follow-up buttons (handlers/threads.py) call these
functions; nothing here talks to Slack. Every post is claimed in the database first: a group by
its key (and each item by its primary key in cross_unit_thread_items, so an item is in one thread
at most, ever), a follow-up by a conditional UPDATE, an answer by a compare-and-set on the
thread's outcome. Two clocks, or two people clicking at once, therefore have one effect.
"""

from __future__ import annotations

from bot.services.items import OPEN_STATUSES
from bot.services.threads.answers import (
    GROWING_OUTCOMES,
    Answer,
    answer,
    can_answer,
    open_items,
    resolution_note,
)
from bot.services.threads.channel import (
    ChannelNotice,
    admin_notice,
    channel_problem,
    clear_channel_problems,
    record_channel_problem,
)
from bot.services.threads.claims import (
    STALE_CLAIM,
    ThreadGone,
    claim_group,
    claim_period,
    get_thread,
    group_key,
    grow,
    mark_posted,
    release,
    release_stale_claims,
    thread_items,
    thread_of_items,
    ungrow,
)
from bot.services.threads.follow_ups import (
    NOTIFY_GRACE,
    claim_directors_notice,
    claim_follow_up,
    directors_pending,
    due_follow_ups,
    skip_follow_up,
    unclaim_directors_notice,
    unclaim_follow_up,
)
from bot.services.threads.pairing import (
    PAIRING_MEMORY,
    PairSuggestion,
    pair_suggestions,
    record_pair,
)
from bot.services.threads.people import (
    MAX_MENTIONS_PER_UNIT,
    Card,
    CardItem,
    Contact,
    UnitPeople,
    card,
    contacts,
    directors_to_tell,
    may_answer,
)
from bot.services.threads.planning import ThreadOptions, candidate, item_unit_ids, plan
from bot.services.threads.replies import anchor_ts, count_reply, mark_root_deleted

__all__ = [
    "GROWING_OUTCOMES",
    "MAX_MENTIONS_PER_UNIT",
    "NOTIFY_GRACE",
    "OPEN_STATUSES",
    "PAIRING_MEMORY",
    "STALE_CLAIM",
    "Answer",
    "Card",
    "CardItem",
    "ChannelNotice",
    "Contact",
    "PairSuggestion",
    "ThreadGone",
    "ThreadOptions",
    "UnitPeople",
    "admin_notice",
    "anchor_ts",
    "answer",
    "can_answer",
    "candidate",
    "card",
    "channel_problem",
    "claim_directors_notice",
    "claim_follow_up",
    "claim_group",
    "claim_period",
    "clear_channel_problems",
    "contacts",
    "count_reply",
    "directors_pending",
    "directors_to_tell",
    "due_follow_ups",
    "get_thread",
    "group_key",
    "grow",
    "item_unit_ids",
    "mark_posted",
    "mark_root_deleted",
    "may_answer",
    "open_items",
    "pair_suggestions",
    "plan",
    "record_channel_problem",
    "record_pair",
    "release",
    "release_stale_claims",
    "resolution_note",
    "skip_follow_up",
    "thread_items",
    "thread_of_items",
    "unclaim_directors_notice",
    "unclaim_follow_up",
    "ungrow",
]
