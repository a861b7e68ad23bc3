"""Offline Slack: a fake Web API server, a request signer playing Slack, and a Block Kit renderer.

Used by the tests and by the offline demo; nothing here is imported by the production bot.
"""

from sandbox.render import render_blocks, render_call, render_message, render_view, unescape
from sandbox.server import (
    REQUIRED_ARGS,
    Call,
    FakeSlack,
    block_errors,
    message_errors,
    view_errors,
)
from sandbox.signer import Response, SlackSender, fill

__all__ = [
    "REQUIRED_ARGS",
    "Call",
    "FakeSlack",
    "Response",
    "SlackSender",
    "block_errors",
    "fill",
    "message_errors",
    "render_blocks",
    "render_call",
    "render_message",
    "render_view",
    "unescape",
    "view_errors",
]
