"""Cross-unit threads: bring the right managers together, follow up, and escalate.

`run` (weekly, CROSS_UNIT_SCHEDULE) opens a thread in the cross-unit channel for each new group
of related items, adds a note to a thread whose group grew, posts the follow-ups that are due,
and (when CROSS_UNIT_PAIRING is on) pairs managers once a month. `follow_up` (daily) only posts
due follow-ups and retries director DMs a button could not send.

Both @-mention people, so neither posts on a day that is not a working day in the workspace's
calendar (bot.services.calendar) and time zone: the run says so and posts nothing. A weekly run
that fell on a closed day (or a clock that was down) is done by the first daily pass on a
working day after it; each week's run is recorded, so it is done once.

Every post goes through the delivery ledger (bot.services.deliveries): claimed in the database
and committed before Slack is called, never retried blindly, and after an unknown outcome looked
for in the channel or thread before it may be posted again. No transaction is held open while
waiting for Slack (on SQLite that would hold the one writer lock). Slack refusing the token
stops the run at once (TokenRefused), recorded for the workspace's admins.
"""

from __future__ import annotations

from jobs.cross_unit_threads.runs import follow_up, run, weekly_trigger

__all__ = ["follow_up", "run", "weekly_trigger"]
