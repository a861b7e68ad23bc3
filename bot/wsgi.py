"""WSGI entry point: `gunicorn bot.wsgi:app`. Routes /slack/* to Bolt and answers /healthz."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import runtime_of
from bot.db import ping

log = logging.getLogger(__name__)

# Slack's own payloads are far smaller; a larger body is refused before anything parses it.
MAX_BODY_BYTES = 1_000_000

StartResponse = Callable[..., Any]


def create_wsgi_app(bolt_app: App) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Wrap a built Bolt app as a WSGI application with /healthz and a body-size limit."""
    slack = SlackRequestHandler(bolt_app, path="/slack/events")
    engine = runtime_of(bolt_app).engine

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
            try:
                return slack(environ, start_response)
            except ValueError:
                # Bolt parses the body before anything else; a broken one (malformed JSON in
                # `payload`, bad encoding) is the sender's fault, not a server error.
                log.info("refused a request whose body could not be parsed")
                return _json(start_response, "400 Bad Request", {"error": "malformed body"})
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return application


def _json(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


@cache
def _default_app() -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    from bot.__main__ import prepare

    bolt_app, _runtime = prepare(migrate_schema=False)
    return create_wsgi_app(bolt_app)


def __getattr__(name: str) -> Any:
    # Built on first access, so importing this module (tests, tools) needs no environment.
    if name == "app":
        return _default_app()
    raise AttributeError(name)
