"""Logging set-up: one format, and filters that keep secrets and what users typed out of logs.

Our own code never logs a request body or user text, at any level. Bolt does, in a few messages
(an invalid signature, an unhandled request, a listener with a missing argument), at INFO and
WARNING; BodyFilter cuts every such message off where the body would start. It sits on Bolt's
base logger (Bolt copies it to each logger it makes) and on our handler, which also masks any CPR
number a message might still hold.
"""

from __future__ import annotations

import logging
import re

from bot.services.guard import mask as mask_cpr

_TOKEN = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")


class SecretFilter(logging.Filter):
    """Replace tokens and known secrets in log messages with a placeholder."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _TOKEN.sub("[token]", message)
        for secret in self.secrets:
            cleaned = cleaned.replace(secret, "[secret]")
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class BodyFilter(logging.Filter):
    """Withhold the request or response body Bolt and slack_sdk quote in some of their messages."""

    # Where such a message starts quoting: everything from here on is the body.
    _QUOTES = re.compile(
        r"(?:request body:|Request body:|body:|\bbody=|Unhandled request \(|for the request \()",
    )

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("slack_bolt", "slack_sdk", "tvaers.bolt")):
            return True
        message = record.getMessage()
        found = self._QUOTES.search(message)
        if found:
            record.msg, record.args = message[: found.end()] + " [withheld]", None
        return True


class CprFilter(logging.Filter):
    """Mask a CPR number in any message, whoever logged it (a last line of defence)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = mask_cpr(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# These libraries log whole request and response bodies at DEBUG, i.e. what users typed.
_CHATTY = ("slack_sdk", "slack_bolt", "urllib3")
# SQLAlchemy logs every statement at INFO and their parameters (user text) at DEBUG.
_SQL = ("sqlalchemy.engine", "sqlalchemy.pool")


def setup_logging(level: str = "INFO", secrets: list[str] | None = None) -> None:
    """Configure the root logger once, with the secret filter on its handler."""
    root = logging.getLogger()
    root.setLevel(level)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    for name in _SQL:
        logging.getLogger(name).setLevel(logging.WARNING)
    if not any(getattr(h, "_tvaers", False) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        stream._tvaers = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    ours = (SecretFilter, BodyFilter, CprFilter)
    for handler in root.handlers:
        handler.filters = [f for f in handler.filters if not isinstance(f, ours)]
        handler.addFilter(BodyFilter())
        handler.addFilter(SecretFilter(secrets or []))
        handler.addFilter(CprFilter())
