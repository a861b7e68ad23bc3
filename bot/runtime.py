"""Runtime: what listeners and jobs need beyond the Slack request (settings, database, tokens).

Its own module, so handlers, jobs and the OAuth pages can name it without importing the app
that registers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.installations import EncryptedInstallationStore
from bot.later import Runner
from bot.slack_client import make_client


@dataclass(frozen=True)
class Runtime:
    """What listeners and jobs need beyond the Slack request: settings, database, tokens."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    # OAuth mode: every workspace's bot token, encrypted in the database. None: one token.
    installations: EncryptedInstallationStore | None = None
    # Single-workspace mode: the workspace SLACK_BOT_TOKEN belongs to, once asked.
    _token_team: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # What listeners hand on to run after Slack has its answer (bot.later).
    later: Runner = field(default_factory=Runner, compare=False, repr=False)

    def client_for(self, team_id: str, default: WebClient) -> WebClient | None:
        """The client acting in one workspace, or None when there is no token for it: its own
        stored token in OAuth mode; with one SLACK_BOT_TOKEN, that token for its own workspace
        only (a database may still hold another workspace's rows)."""
        if self.installations is not None:
            bot = self.installations.latest_bot(team_id)
            return None if bot is None else make_client(self.settings, token=bot.bot_token)
        if "team" not in self._token_team:
            try:
                self._token_team["team"] = str(default.auth_test()["team_id"])
            except (SlackApiError, OSError, KeyError):
                return default  # cannot tell now; the job's own calls will say what is wrong
        return default if self._token_team["team"] == team_id else None


def runtime_of(app: Any) -> Runtime:
    """The Runtime a built app (bot.app.build_app) was made with."""
    runtime = getattr(app, "runtime", None)
    if not isinstance(runtime, Runtime):
        raise TypeError("not an app made by build_app()")
    return runtime
