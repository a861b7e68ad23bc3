"""WebClient construction: every client the bot makes honours SLACK_API_URL and retries sanely."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings

log = logging.getLogger(__name__)

# A fan-out to 2,000 managers at Slack's ~1 message/second/channel tier hits 429 often;
# each retry waits for Retry-After, so ten tries ride out a long burst without giving up.
RATE_LIMIT_RETRIES = 10


def make_client(settings: Settings, token: str | None = None, *, timeout: int = 10) -> WebClient:
    """A WebClient for the configured API URL, with rate-limit, 5xx and connection retries."""
    return WebClient(
        token=token if token is not None else settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


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
