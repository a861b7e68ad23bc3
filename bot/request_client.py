"""The Web API client a listener gets: it ends the request's transaction before calling Slack.

Slack answers in hundreds of milliseconds. A transaction left open across that wait holds its
locks (on SQLite, the process's one writer lock) and every other request waits too. So before
each Web API call made on a request's behalf, what the request wrote so far is committed; the
next statement begins a fresh transaction. Objects stay readable (expire_on_commit=False).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from slack_sdk.webhook import WebhookClient, WebhookResponse
from sqlalchemy.orm import Session

from bot.slack_client import derive

_request_session: ContextVar[Session | None] = ContextVar("tvaers_request_session", default=None)


@contextmanager
def request_session(session: Session) -> Iterator[None]:
    """Mark `session` as the current request's while the request is handled in this thread."""
    token = _request_session.set(session)
    try:
        yield
    finally:
        _request_session.reset(token)


def end_transaction() -> None:
    """Commit the current request's work before the bot waits on the network (a Web API call,
    a response_url): nothing is held while Slack answers."""
    session = _request_session.get()
    if session is not None and session.in_transaction():
        session.commit()


def post_to_response_url(url: str, message: dict[str, Any], *, replace: bool) -> int:
    """Post `message` to a response_url once the request's work is committed; Slack's HTTP
    status (200: taken; a response_url expires after 30 minutes)."""
    end_transaction()
    response = WebhookClient(url, timeout=5).send_dict({**message, "replace_original": replace})
    return response.status_code


class RequestRespond(Respond):
    """Bolt's respond(), ending the request's transaction before it posts to the response_url."""

    def __call__(self, *args: Any, **kwargs: Any) -> WebhookResponse:
        end_transaction()
        return super().__call__(*args, **kwargs)


class RequestClient(WebClient):
    """A WebClient that commits the current request's session before every call."""

    @classmethod
    def like(cls, client: WebClient) -> RequestClient:
        """The same client (token, URL, timeout, retries) with this behaviour."""
        return derive(client, cls=cls)

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        """End the request's transaction, then call Slack."""
        end_transaction()
        return super().api_call(api_method, **kwargs)
