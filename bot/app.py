"""build_app(): the Bolt app with its middleware, error handler and every listener registered."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import make_engine, make_session_factory
from bot.errors import TvaersError
from bot.inbound import ENVELOPE_HEADER, is_signed_by_slack, slack_headers
from bot.installations import (
    BOT_SCOPES,
    EncryptedInstallationStore,
    Keyring,
    SignedStateStore,
    StoredBotAuthorize,
)
from bot.later import Tell, pending
from bot.logs import BodyFilter
from bot.models import ProcessedEvent
from bot.request_client import RequestClient, RequestRespond, request_session
from bot.runtime import Runtime, runtime_of
from bot.slack_client import make_client
from bot.slack_text import clean_input, safe_mrkdwn
from bot.texts import count_of, prose_date, t

__all__ = ["Runtime", "TvaersApp", "build_app", "installation_store", "runtime_of"]

log = logging.getLogger(__name__)


class TvaersApp(App):
    """A Bolt app that gives every request its own database session and transaction.

    Bolt's global middleware is not nested around the listener (each one returns before the
    next runs), so the session is opened here, around the whole dispatch. With
    process_before_response the listener finishes inside dispatch, so its work is committed
    before Slack gets the response, or rolled back when anything failed.
    """

    def __init__(self, *, runtime: Runtime, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.runtime = runtime

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        """Handle one request inside one unit of work, once it is known to come from Slack."""
        if not self._from_slack(req):
            # Before any middleware, listener or error handler: nothing may act on, answer to
            # (response_url, trigger_id) or log a body nobody vouched for.
            log.info("refused a request without a valid Slack signature")
            return BoltResponse(
                status=401,
                body='{"error": "invalid request"}',
                headers={"content-type": ["application/json;charset=utf-8"]},
            )
        req.context["verified"] = True
        # Text that no database can store must not reach a listener (it would be a 500).
        req.body = clean_input(req.body)
        session = self.runtime.session_factory()
        req.context["session"] = session
        req.context["settings"] = self.runtime.settings
        req.context["runtime"] = self.runtime
        try:
            with request_session(session):
                response = super().dispatch(req)
            if req.context.get("rollback") or response.status >= 500:
                session.rollback()
                _forget_mark(session, req.context)
            else:
                session.commit()
                # What the listener handed on starts now that its work is committed (bot.later).
                self.runtime.later.start(
                    pending(req.context), self.runtime.session_factory, self._teller(req)
                )
            return response
        except _DB_ERRORS as error:
            # The commit itself failed: tell the user, with their own text, instead of a 500.
            session.rollback()
            log.warning("database unavailable at commit (%s)", type(error).__name__)
            lang = req.context.get("lang") or self.runtime.settings.language
            message = _db_down_message(req.body, lang)
            answer = _answer_with(message, req.body, None, None, None, lang)
            return answer or BoltResponse(status=500)
        finally:
            session.close()

    def _init_context(self, req: BoltRequest) -> None:
        # Bolt makes a client per request; ours ends the request's transaction before each
        # Web API call, so no database lock is held while Slack answers (bot.request_client).
        super()._init_context(req)
        client = RequestClient.like(req.context["client"])
        req.context["client"] = client
        if req.context.response_url:
            req.context["respond"] = RequestRespond(
                response_url=req.context.response_url, proxy=client.proxy, ssl=client.ssl
            )

    def _teller(self, req: BoltRequest) -> Tell:
        """How work after the answer tells the user it failed: an ephemeral message through
        the request's response_url (a command, a click in a message); otherwise only the log."""
        context, body = req.context, req.body
        url = context.response_url

        def tell(error: BaseException) -> None:
            lang = context.get("lang") or self.runtime.settings.language
            message = _message_for(error, body, lang)
            if url:
                WebhookClient(url, timeout=10).send(
                    text=message, response_type="ephemeral", replace_original=False
                )

        return tell

    def _from_slack(self, req: BoltRequest) -> bool:
        # Socket Mode requests come over the app's own authenticated WebSocket: nothing to sign.
        if req.mode == "socket_mode":
            return True
        if self.runtime.settings.socket_mode:
            return False  # an HTTP request to an app that only listens on Socket Mode
        timestamp, signature = slack_headers(req.headers)
        return is_signed_by_slack(
            secret=self.runtime.settings.slack_signing_secret,
            body=req.raw_body.encode("utf-8"),
            timestamp=timestamp,
            signature=signature,
        )


def build_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    engine: Engine | None = None,
) -> TvaersApp:
    """Create the Bolt app for these settings; `client` and `engine` may be given by tests."""
    engine = engine or make_engine(settings.database_url)
    store = installation_store(settings, engine) if settings.oauth_mode else None
    runtime = Runtime(settings, engine, make_session_factory(engine), store)
    client = client or make_client(settings)
    app = TvaersApp(
        # Named, so Bolt does not walk the call stack for a file name (~70 ms per app).
        name="tvaers",
        runtime=runtime,
        logger=_bolt_logger(),
        client=client,
        signing_secret=settings.slack_signing_secret or "socket-mode-needs-no-signing-secret",
        # TvaersApp.dispatch checks every signature itself, before Bolt sees the request:
        # Bolt's own check raises on a timestamp that is not a number, and logs the body.
        request_verification_enabled=False,
        # The listener finishes before the HTTP response goes out, so the request's session
        # lives exactly as long as the listener; listeners stay well inside Slack's 3 seconds.
        process_before_response=True,
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        **(_oauth_arguments(runtime, store, client) if store is not None else {}),
    )
    app.use(_dedup_middleware(runtime))
    app.error(_error_handler(runtime))

    import handlers

    handlers.register(app, runtime)
    return app


def installation_store(settings: Settings, engine: Engine) -> EncryptedInstallationStore:
    """The OAuth installation store for these settings (tokens encrypted with their key)."""
    assert settings.slack_client_id and settings.token_encryption_key
    return EncryptedInstallationStore(
        settings.slack_client_id, engine, Keyring(settings.token_encryption_key)
    )


def _oauth_arguments(
    runtime: Runtime, store: EncryptedInstallationStore, client: WebClient
) -> dict[str, Any]:
    """Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, on our own stores."""
    from bot.oauth_pages import TvaersOAuthFlow, callback_options

    settings = runtime.settings
    assert settings.slack_client_secret and settings.slack_state_secret
    flow = TvaersOAuthFlow(
        client=client,
        logger=_bolt_logger(),
        settings=OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=list(BOT_SCOPES),
            installation_store=store,
            installation_store_bot_only=True,
            state_store=SignedStateStore(runtime.engine, settings.slack_state_secret),
            callback_options=callback_options(runtime),
            logger=_bolt_logger(),
        ),
    )
    flow.language = settings.language
    return {
        "oauth_flow": flow,
        "authorize": StoredBotAuthorize(store),
        "user_facing_authorize_error_message": t(
            "install.not_installed",
            settings.language,
            days=count_of("day", settings.language, settings.uninstall_grace_days),
        ),
    }


def _bolt_logger() -> logging.Logger:
    """Bolt's logger, never below INFO: at DEBUG Bolt logs whole bodies, i.e. what users typed."""
    bolt = logging.getLogger("tvaers.bolt")
    bolt.setLevel(max(logging.INFO, logging.getLogger().getEffectiveLevel()))
    if not any(isinstance(f, BodyFilter) for f in bolt.filters):
        # Bolt copies its base logger's filters to every logger it makes: its messages that quote
        # a body (an unhandled request, say) are cut off before the body.
        bolt.addFilter(BodyFilter())
    return bolt


def _dedup_middleware(runtime: Runtime) -> Any:
    """Drop an event already handled: a Slack retry must not cause a second side effect."""

    def drop_duplicates(
        body: dict[str, Any],
        context: BoltContext,
        session: Session,
        request: BoltRequest,
        next: Any,
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        # Socket Mode delivers any envelope (a command, a click) again when its ack was late.
        envelope_ids = request.headers.get(ENVELOPE_HEADER) or []
        envelope_id = envelope_ids[0] if envelope_ids else None
        if not event_id and not envelope_id:
            return next()  # type: ignore[no-any-return]
        team_id = context.team_id or body.get("team_id") or ""
        if envelope_id and not event_id:
            try:
                with session.begin_nested():
                    session.add(
                        ProcessedEvent(team_id=team_id, event_key=f"envelope:{envelope_id}")
                    )
            except IntegrityError:
                log.info("dropped a repeated Socket Mode envelope")
                return BoltResponse(status=200, body="")
            return next()  # type: ignore[no-any-return]
        try:
            # Flushed in the request's own transaction: if the listener fails, the mark is
            # rolled back with its work (or, when a Web API call committed it on the way,
            # removed: _forget_mark) and Slack's retry gets a clean second chance.
            with session.begin_nested():
                session.add(ProcessedEvent(team_id=team_id, event_key=f"event:{event_id}"))
        except IntegrityError:
            log.info("dropped a repeated delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        context["event_mark"] = (team_id, f"event:{event_id}")
        return next()  # type: ignore[no-any-return]

    return drop_duplicates


def _forget_mark(session: Session, context: BoltContext) -> None:
    """After a failed event: drop its mark, in case a Web API call committed it on the way."""
    mark = context.get("event_mark")
    if mark is None:
        return
    team_id, key = mark
    try:
        session.execute(
            delete(ProcessedEvent).where(
                ProcessedEvent.team_id == team_id, ProcessedEvent.event_key == key
            )
        )
        session.commit()
    except _DB_ERRORS:
        session.rollback()  # the database is away: Slack's retry finds the mark and is dropped
        log.warning("could not forget a failed event's mark")


# Errors that mean "the database cannot be reached right now", not "the code is wrong".
_DB_ERRORS = (OperationalError, InterfaceError, PoolTimeout, ConnectionError)


def _error_handler(runtime: Runtime) -> Any:
    def on_error(
        error: Exception,
        body: dict[str, Any],
        context: BoltContext,
        response: BoltResponse | None,
        respond: Any,
        client: WebClient | None,
    ) -> BoltResponse | None:
        context["rollback"] = True
        if not context.get("verified"):
            # Never reached (dispatch refuses first), and must stay so: a body nobody vouched for
            # names a response_url and a trigger_id an attacker chose.
            log.error("an error for a request that was not verified (%s)", type(error).__name__)
            return BoltResponse(status=401, body="")
        lang = context.get("lang") or runtime.settings.language
        message = _message_for(error, body, lang)
        return _answer_with(message, body, response, respond, client, lang)

    return on_error


def _message_for(error: BaseException, body: dict[str, Any], lang: str) -> str:
    """What the user is told about an error (and the log line for it, without user text)."""
    if isinstance(error, TvaersError):
        log.info("refused a request: %s", error.key)
        # A day in the message reads as the user's language says it ("5. januar 2027").
        values = {
            name: prose_date(value, lang) if isinstance(value, date) else value
            for name, value in error.values.items()
        }
        return t(error.key, lang, **values)
    if isinstance(error, _DB_ERRORS):
        # The driver's message may quote the statement's parameters: keep it out of logs.
        log.warning("database unavailable while handling a request (%s)", type(error).__name__)
        return _db_down_message(body, lang)
    log.error("unhandled error in a listener", exc_info=error)
    return t("error.generic", lang)


def _db_down_message(body: dict[str, Any], lang: str) -> str:
    """Ask the user to try again, and give back what they typed so nothing is lost."""
    message = t("error.db_unavailable", lang)
    typed = (body.get("text") or "").strip()
    if typed:
        message += "\n" + t("error.your_text", lang, text=safe_mrkdwn(typed, limit=2900))
    return message


def _answer_with(
    message: str,
    body: dict[str, Any],
    response: BoltResponse | None,
    respond: Any,
    client: WebClient | None,
    lang: str,
) -> BoltResponse | None:
    """Tell the user what went wrong in the place they are looking."""
    kind = body.get("type")
    if body.get("command"):
        # The HTTP response to a slash command is shown to the user alone, in any channel.
        payload: dict[str, Any] = {"response_type": "ephemeral", "text": message}
        return _set_response(response, 200, payload)
    if kind == "view_submission":
        block_id = next(
            (
                b.get("block_id")
                for b in (body.get("view") or {}).get("blocks") or []
                if isinstance(b, dict) and b.get("type") == "input"
            ),
            None,
        )
        if block_id:
            # Keep the modal open with what the user typed, and say why it did not go through.
            payload = {
                "response_action": "errors",
                "errors": {block_id: message[:150]},
            }
            return _set_response(response, 200, payload)
    if kind == "block_actions" and body.get("response_url") and respond is not None:
        try:
            respond(text=message, response_type="ephemeral", replace_original=False)
        except Exception:  # the user cannot be told; the error is already logged
            log.warning("could not tell the user about an error")
        return _set_response(response, 200, None)
    if kind == "block_actions" and body.get("trigger_id") and client is not None:
        # A button in App Home or in a modal has no response_url: say it in a small modal.
        from bot.views.admin import notice_modal

        try:
            client.views_open(
                trigger_id=body["trigger_id"], view=notice_modal(text=message, lang=lang)
            )
        except Exception:  # the user cannot be told; the error is already logged
            log.warning("could not tell the user about an error")
        return _set_response(response, 200, None)
    return response


def _set_response(
    response: BoltResponse | None, status: int, payload: dict[str, Any] | None
) -> BoltResponse:
    body = json.dumps(payload) if payload is not None else ""
    headers: dict[str, str | Sequence[str]] = (
        {"content-type": ["application/json;charset=utf-8"]} if payload else {}
    )
    if response is None:
        return BoltResponse(status=status, body=body, headers=headers)
    response.status = status
    response.body = body
    response.headers = headers
    return response
