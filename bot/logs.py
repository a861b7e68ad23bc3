"""Logging set-up: one format, and a filter that scrubs secrets from every record."""

from __future__ import annotations

import logging
import re

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
    for handler in root.handlers:
        handler.filters = [f for f in handler.filters if not isinstance(f, SecretFilter)]
        handler.addFilter(SecretFilter(secrets or []))
