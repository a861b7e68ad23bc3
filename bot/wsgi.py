"""WSGI entry point: `gunicorn bot.wsgi:app`. Routes /slack/* to Bolt and answers /healthz."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.db import ping
from bot.inbound import is_signed_by_slack, malformed
from bot.runtime import runtime_of

log = logging.getLogger(__name__)

# Slack's own payloads are far smaller; a larger body is refused before anything parses it.
MAX_BODY_BYTES = 1_000_000
EVENTS_PATH = "/slack/events"

StartResponse = Callable[..., Any]


def create_wsgi_app(bolt_app: App) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Wrap a built Bolt app as a WSGI application with /healthz and a body-size limit."""
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)
    runtime = runtime_of(bolt_app)
    engine = runtime.engine
    verify = not runtime.settings.socket_mode

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            healthy = ping(engine)
            status = "200 OK" if healthy else "503 Service Unavailable"
            body = {"status": "ok" if healthy else "database unavailable"}
            return _json(start_response, status, body)
        if path.startswith("/slack/"):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY_BYTES:
                return _json(start_response, "413 Payload Too Large", {"error": "body too large"})
            if path == EVENTS_PATH and method == "POST":
                raw = _read(environ, length)
                # The signature first, on the raw bytes: an unsigned body is not even parsed.
                if not verify or not is_signed_by_slack(
                    secret=runtime.settings.slack_signing_secret,
                    body=raw,
                    timestamp=_header(environ, "HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                    signature=_header(environ, "HTTP_X_SLACK_SIGNATURE"),
                ):
                    log.info("refused a request without a valid Slack signature")
                    return _json(start_response, "401 Unauthorized", {"error": "invalid request"})
                problem = malformed(raw, environ.get("CONTENT_TYPE") or "")
                if problem:
                    log.info("refused a signed request: %s", problem)
                    return _json(start_response, "400 Bad Request", {"error": "malformed body"})
                environ = {
                    **environ,
                    "wsgi.input": io.BytesIO(raw),
                    "CONTENT_LENGTH": str(len(raw)),
                }
            try:
                return slack(environ, start_response)
            except ValueError:
                # Bolt parses the body before anything else; a broken one (malformed JSON in
                # `payload`, bad encoding) is the sender's fault, not a server error.
                log.info("refused a request whose body could not be parsed")
                return _json(start_response, "400 Bad Request", {"error": "malformed body"})
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return application


def _read(environ: dict[str, Any], length: int) -> bytes:
    stream = environ.get("wsgi.input")
    return stream.read(length) if stream is not None and length > 0 else b""


def _header(environ: dict[str, Any], key: str) -> str | None:
    value = environ.get(key)
    return value if isinstance(value, str) else None


def _json(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


@cache
def _default_app() -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    from bot.bootstrap import prepare

    bolt_app, _runtime = prepare(migrate_schema=False)
    return create_wsgi_app(bolt_app)


def __getattr__(name: str) -> Any:
    # Built on first access, so importing this module (tests, tools) needs no environment.
    if name == "app":
        return _default_app()
    raise AttributeError(name)
