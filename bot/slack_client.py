"""The one WebClient factory: every client the bot makes honours SLACK_API_URL and retries by a
policy chosen for its purpose.

* READS (the default): a 5xx or a dropped connection is retried, a 429 waited out; calls that
  post (chat.postMessage, a file shared) are never retried after an answer that may follow the
  deed: Slack may have carried one out before it answered 500, so a retry posts it twice.
* POSTS: only a 429 is waited out (Slack did not post); nothing else is retried. Posts go through
  the delivery ledger (bot.services.deliveries), which looks before it posts again.
* PACED: nothing is retried at all; the caller paces itself and waits out a 429 on its own
  terms (the weekly prompts' fan-out, which must not look abandoned while it waits).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest

from bot.config import Settings

log = logging.getLogger(__name__)

# A fan-out to 2,000 managers at Slack's ~1 message/second/channel tier hits 429 often;
# each retry waits for Retry-After, so ten tries ride out a long burst without giving up.
RATE_LIMIT_RETRIES = 10


# Web API methods that post or share: never retried after an answer that may follow the deed.
POSTING_METHODS = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.scheduleMessage",
        "chat.meMessage",
        "files.completeUploadExternal",
        "files.upload",
    }
)


def posts(request: HttpRequest) -> bool:
    """True when the request is a Web API call that posts something."""
    return request.url.rstrip("/").rsplit("/", 1)[-1] in POSTING_METHODS


class ReadConnectionRetryHandler(ConnectionErrorRetryHandler):
    """Retries a dropped connection, except for a post (it may have landed)."""

    def _can_retry(self, *, request: HttpRequest, **kwargs: Any) -> bool:
        return not posts(request) and super()._can_retry(request=request, **kwargs)


class ReadServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries a 500/503, except for a post (Slack may have posted before answering)."""

    def _can_retry(self, *, request: HttpRequest, **kwargs: Any) -> bool:
        return not posts(request) and super()._can_retry(request=request, **kwargs)


class Retries(enum.Enum):
    """A client's retry policy, by its purpose (see the module's docstring)."""

    READS = "reads"
    POSTS = "posts"
    PACED = "paced"


def retry_handlers(policy: Retries) -> list[RetryHandler]:
    """The retry handlers of a policy."""
    if policy is Retries.PACED:
        return []
    if policy is Retries.POSTS:
        return [RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]
    return [
        ReadConnectionRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ReadServerErrorRetryHandler(max_retry_count=2),
    ]


def make_client(
    settings: Settings,
    token: str | None = None,
    *,
    timeout: int = 10,
    policy: Retries = Retries.READS,
) -> WebClient:
    """A WebClient for the configured API URL with the policy's retries."""
    return WebClient(
        token=token if token is not None else settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=retry_handlers(policy),
    )


Client = TypeVar("Client", bound=WebClient)


def derive(
    client: WebClient,
    policy: Retries | None = None,
    *,
    cls: type[Client] = WebClient,  # type: ignore[assignment]
) -> Client:
    """The same client (token, URL, timeout, TLS, proxy, headers, team) as `cls`, with the
    policy's retries (`None` keeps the client's own)."""
    handlers = list(client.retry_handlers) if policy is None else retry_handlers(policy)
    copy = cls(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=dict(client.headers),
        logger=client.logger,
        retry_handlers=handlers,
    )
    copy.default_params = dict(client.default_params)  # the team_id, when Bolt set one
    return copy


def email_lookup(client: WebClient) -> Callable[[str], str | None]:
    """A function resolving an e-mail address to a Slack user id (None when Slack has none)."""

    def lookup(email: str) -> str | None:
        try:
            return str(client.users_lookupByEmail(email=email)["user"]["id"])
        except SlackApiError as exc:
            if exc.response.get("error") != "users_not_found":
                log.warning("users.lookupByEmail failed: %s", exc.response.get("error"))
            return None

    return lookup
