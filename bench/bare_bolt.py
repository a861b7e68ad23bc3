"""The floor for bench_barriere.py: a Bolt app that only acknowledges `/barriere`.

The same server shape as Tværs's web process (gunicorn, gthread, the same settings file), the
same Bolt settings that matter for an answer (process_before_response, a signing secret, one
bot token), and nothing else: no database, no parsing, no CPR guard. What Tværs costs on top
of this floor is what its own quick path costs.

    gunicorn -c python:bot.gunicorn_conf bench.bare_bolt:app
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

bolt = App(
    name="bare",
    signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    # The sandbox's Web API, as Tværs's SLACK_API_URL points it there.
    client=WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    ),
    token_verification_enabled=False,
    process_before_response=True,
)


@bolt.command("/barriere")
def _acknowledge(ack: Ack) -> None:
    ack(response_type="ephemeral", text=":white_check_mark: Gemt.")


_slack = SlackRequestHandler(bolt)


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The WSGI application: /healthz answers at once, the rest goes to Bolt."""
    if environ.get("PATH_INFO") == "/healthz":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    return _slack(environ, start_response)  # type: ignore[no-any-return]
