"""Domain errors: raised by services, turned into a friendly message by the one error handler."""

from __future__ import annotations


class TvaersError(Exception):
    """An error the user should see, as the text under `key` in bot.texts."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, **values: object) -> None:
        super().__init__(key or self.key)
        if key is not None:
            self.key = key
        self.values = values


class NotAllowed(TvaersError):
    """The user may not do this."""

    key = "error.not_allowed"


class InputError(TvaersError):
    """The user's input cannot be used as it is; the message says what to change."""
