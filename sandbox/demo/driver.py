"""The demo's hands: the people of Tværby Kommune using the running app, routed to the
transcript."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import runtime_of
from sandbox import FakeSlack, SlackSender, fill, render_message, render_view
from sandbox.demo.transcript import Transcript

CHANNELS = {"C0DIREKTION": "direktionen", "C0TVAERS": "tvaers", "C0GENERAL": "general"}


class Demo:
    """Drives the running app as the people of Tværby Kommune would."""

    def __init__(self, fake: FakeSlack, sender: SlackSender, transcript: Transcript) -> None:
        self.fake = fake
        self.sender = sender
        self.transcript = transcript
        self._mark = 0
        self.app: Any = None  # the running Bolt app, for jobs (set by run_demo)

    def _new_calls(self) -> list[Any]:
        calls = self.fake.calls
        new, self._mark = calls[self._mark :], len(calls)
        return new

    def _who(self, channel: str) -> str:
        """A user id for a DM (by user id or by its D… channel id), else "#channel"."""
        if channel.startswith("U"):
            return channel
        record = self.fake.channel(channel)
        if record is not None and record.get("is_im") and record.get("user"):
            return str(record["user"])
        return f"#{CHANNELS.get(channel, channel)}"

    def settle(self, actor: str | None = None, *, featured: Collection[str] | None = None) -> None:
        """Route every Web API call made since the last settle to the person who saw it.

        With `featured`, messages to anyone else go to their own file but not into the story
        (a fan-out to every manager would drown it).
        """
        for call in self._new_calls():
            args = call.args
            if call.method == "views.publish":
                self.transcript.show(args["user_id"], "opens App Home", render_view(args["view"]))
            elif call.method in ("views.open", "views.update", "views.push") and actor:
                self.transcript.show(actor, "sees a modal", render_view(args["view"]))
            elif call.method == "response_url" and actor:
                how = "sees (only visible to them)"
                if args.get("replace_original") in (True, "true"):
                    how = "sees the message update (only visible to them)"
                self.transcript.show(actor, how, render_message(args))
            elif call.method == "chat.postMessage":
                who = self._who(str(args.get("channel")))
                how = "gets a reply in a thread" if args.get("thread_ts") else "gets a message"
                story = featured is None or who in featured
                self.transcript.show(who, how, render_message(args), story=story)
            elif call.method == "chat.update" and call.ok:
                who = self._who(str(args.get("channel")))
                story = featured is None or who in featured
                self.transcript.show(
                    who, "sees a message update", render_message(args), story=story
                )
            elif call.method == "reactions.add" and call.ok:
                who = self._who(str(args.get("channel")))
                reacted = f"Tværs reacts to their message with :{args.get('name')}:"
                self.transcript.show(who, "sees a reaction", reacted)

    def command(self, user: str, text: str) -> dict[str, Any]:
        """The user types `/barriere <text>`; returns the last message they see (the related
        items that follow a saved item, else the answer; empty when a form opens)."""
        self.settle()
        before = len(self.fake.calls_to("response_url"))
        answer = self.sender.command(text, user_id=user)
        typed = f"`/barriere {text}`" if text else "`/barriere`"
        shown = render_message(answer.json()) if answer.body else "(a form opens)"
        self.transcript.show(user, f"types {typed} and sees (only visible to them)", shown)
        self.settle(user)
        followed = self.fake.calls_to("response_url")[before:]
        if followed:
            return dict(followed[-1].args)
        body: dict[str, Any] = answer.json() if answer.body else {}
        return body

    def home(self, user: str) -> None:
        """The user opens the bot's Home tab."""
        self.settle()
        event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
        self.sender.event(event)
        self.settle(user)

    def last_view(self) -> dict[str, Any]:
        """The last modal the bot opened, as Slack would hold it (with its id)."""
        call = self.fake.last("views.open")
        assert call is not None and call.ok, "the bot opened no modal"
        view: dict[str, Any] = call.response["view"]
        return view

    def submit(self, user: str, answers: dict[str, Any]) -> None:
        """The user fills the open modal and presses the submit button."""
        view = self.last_view()
        answer = self.sender.view_submission(view, user_id=user, values=fill(view, answers))
        if answer.body and answer.json().get("response_action") == "errors":
            errors = answer.json()["errors"]
            self.transcript.show(user, "sees the form refuse", "\n".join(errors.values()))
        self.settle(user)

    def job(self, name: str, at: datetime, *, featured: Collection[str] | None = None) -> str:
        """The clock runs a job as if at `at`; the story shows the command and its summary."""
        from jobs.scheduler import run_job

        self.settle()
        # As the clock runs it, so the admins' job status shows the run too.
        summary = run_job(name, runtime_of(self.app), self.app.client, at)
        local = at.astimezone(ZoneInfo("Europe/Copenhagen"))
        command = f"python -m jobs run {name} --at {local.isoformat(timespec='minutes')}"
        self.transcript.story.append(f"`{command}`\n\n```\n{summary}\n```\n")
        self.settle(featured=featured)
        return summary

    def click(self, user: str, message: dict[str, Any], action_id: str) -> None:
        """The user clicks a button in a message only they can see."""
        for block in message.get("blocks", []):
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                if element.get("action_id") == action_id:
                    self.sender.block_action(
                        user_id=user,
                        action_id=action_id,
                        value=element.get("value"),
                        block_id=block.get("block_id"),
                        message=message,
                        channel_id="C0GENERAL",
                    )
                    self.settle(user)
                    return
        raise LookupError(f"no {action_id} button in the message")


def _click_home(demo: Demo, user: str, action_id: str, option: str | None = None) -> None:
    """The user clicks a button (or picks an option) in their App Home."""
    demo.settle()
    view = demo.fake.home_view(user)
    assert view is not None, f"{user} has not opened App Home"
    demo.sender.block_action(user_id=user, action_id=action_id, view=view, selected_option=option)
    demo.settle(user)
