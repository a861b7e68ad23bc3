"""The weekly reflection where the manager already is: the DM's buttons, modal and replies.

A reply written in the DM (top level or in the prompt's thread) is stored as part of that week's
answer and confirmed with a reaction, not a new message. Edits update it, deletes remove it;
bot messages and other subtypes are ignored. The prompt message is redrawn after every change,
so its buttons always fit (answered: edit and "Gem som barriere"; paused: resume).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.ids import Reflection
from handlers.reflection.buttons import (
    on_answer,
    on_pause,
    on_pause_date,
    on_resume,
    on_skip,
    on_submit,
    on_to_barrier,
)
from handlers.reflection.dm import _in_a_dm, on_dm_message
from handlers.reflection.home import (
    on_home_day,
    on_home_pause,
    on_home_pause_date,
    on_home_reset,
    on_home_resume,
    on_home_time,
)

if TYPE_CHECKING:
    from bot.runtime import Runtime


def register(app: App, runtime: Runtime) -> None:
    """Register the prompt's buttons, the modal, the App Home controls and DM messages."""
    app.action(Reflection.ANSWER)(on_answer)
    app.action(Reflection.SKIP)(on_skip)
    app.action(Reflection.PAUSE)(on_pause)
    app.action(Reflection.PAUSE_DATE)(on_pause_date)
    app.action(Reflection.RESUME)(on_resume)
    app.action(Reflection.TO_BARRIER)(on_to_barrier)
    app.view(Reflection.MODAL)(on_submit)
    app.action(Reflection.HOME_DAY)(on_home_day)
    app.action(Reflection.HOME_TIME)(on_home_time)
    app.action(Reflection.HOME_PAUSE)(on_home_pause)
    app.action(Reflection.HOME_PAUSE_DATE)(on_home_pause_date)
    app.action(Reflection.HOME_RESUME)(on_home_resume)
    app.action(Reflection.HOME_RESET)(on_home_reset)
    app.event("message", matchers=[_in_a_dm])(on_dm_message)
