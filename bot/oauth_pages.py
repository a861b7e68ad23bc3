"""OAuth mode's web pages and callbacks: the install page, and what a finished install does.

Bolt runs the flow (state, cookie, oauth.v2.access, storing the installation); this module says
it in the workspace's language and makes the workspace live again after a reinstall.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.db import session_scope
from bot.services.org import ensure_workspace
from bot.slack_client import make_client
from bot.texts import t

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;
color:#1d1c1d}}a.button{{display:inline-block;background:#1d4e89;color:#fff;padding:.7rem 1.2rem;
border-radius:.4rem;text-decoration:none;font-weight:600}}</style>
</head><body><h1>{title}</h1>{body}</body></html>
"""


def page(lang: str, title: str, paragraphs: list[str], link: tuple[str, str] | None) -> str:
    """A small self-contained HTML page; every piece of text is escaped here."""
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    if link is not None:
        href, label = link
        body += f'<p><a class="button" href="{html.escape(href)}">{html.escape(label)}</a></p>'
    return _PAGE.format(lang=lang, title=html.escape(title), body=body)


def _html(status: int, text: str) -> BoltResponse:
    return BoltResponse(
        status=status, body=text, headers={"Content-Type": "text/html; charset=utf-8"}
    )


class TvaersOAuthFlow(OAuthFlow):
    """Bolt's OAuth flow with the install page in the bot's language, and a clear page instead
    of a server error when the database cannot be reached."""

    language: str = "da"

    def handle_installation(self, request: BoltRequest) -> BoltResponse:
        """GET /slack/install (issuing a state needs the database)."""
        try:
            return super().handle_installation(request)
        except SQLAlchemyError:
            return self._database_down()

    def handle_callback(self, request: BoltRequest) -> BoltResponse:
        """GET /slack/oauth_redirect (consuming the state needs the database)."""
        try:
            return super().handle_callback(request)
        except SQLAlchemyError:
            return self._database_down()

    def _database_down(self) -> BoltResponse:
        log.warning("an installation step could not reach the database")
        lang = self.language
        text = page(
            lang,
            t("install.failed_title", lang),
            [t("error.db_unavailable", lang)],
            (self.settings.install_path, t("install.retry", lang)),
        )
        return _html(503, text)

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        """The page at /slack/install: what Tværs is, and the "Add to Slack" button."""
        lang = self.language
        return page(
            lang,
            t("install.page_title", lang),
            [t("install.page_intro", lang), t("install.page_note", lang)],
            (url, t("install.button", lang)),
        )


def callback_options(runtime: Runtime) -> CallbackOptions:
    """What happens when Slack sends the installer back: a page, and the workspace made live."""
    default_lang = runtime.settings.language

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        team_id = installation.team_id or ""
        team = installation.team_name or installation.enterprise_name or team_id
        lang = default_lang
        if team_id:
            try:
                with session_scope(runtime.session_factory) as session:
                    # A reinstall within the grace period keeps the workspace and its data.
                    workspace = ensure_workspace(session=session, team_id=team_id, name=team)
                    lang = workspace.language or lang
            except SQLAlchemyError:
                # The token is stored; the workspace row is made on first contact instead.
                log.warning("could not record the installation in %s", team_id)
        log.info("installed in workspace %s", team_id or installation.enterprise_id)
        _welcome(runtime, installation.bot_token, installation.user_id, team, lang)
        link = f"https://slack.com/app_redirect?app={installation.app_id}&team={team_id}"
        text = page(
            lang,
            t("install.done_title", lang),
            [t("install.done", lang, team=team)],
            (link, t("install.open", lang)),
        )
        return _html(200, text)

    def failure(args: FailureArgs) -> BoltResponse:
        lang = default_lang
        log.info("an installation did not finish: %s", args.reason)
        if args.reason == "access_denied":
            paragraphs = [t("install.cancelled", lang)]
        else:
            paragraphs = [t("install.failed", lang, reason=args.reason)]
        text = page(
            lang,
            t("install.failed_title", lang),
            paragraphs,
            (args.settings.install_path, t("install.retry", lang)),
        )
        return _html(args.suggested_status_code, text)

    return CallbackOptions(success=success, failure=failure)


def _welcome(runtime: Runtime, token: str | None, user_id: str, team: str, lang: str) -> None:
    """A short DM to whoever installed the app, pointing at App Home."""
    if not token or not user_id:
        return
    client = make_client(runtime.settings, token=token)
    try:
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        client.chat_postMessage(channel=channel, text=t("install.welcome", lang, team=team))
    except (SlackApiError, OSError) as exc:  # the install itself succeeded; the DM is a courtesy
        log.info("could not welcome the installer (%s)", type(exc).__name__)
