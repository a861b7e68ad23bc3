"""Copies of JSON data: what Slack's payloads, views and messages are."""

from __future__ import annotations

import copy
import json
from typing import TypeVar

T = TypeVar("T")


def copy_json(value: T) -> T:
    """A deep copy of `value`; through JSON when it is JSON (several times faster than
    copy.deepcopy, which the sandbox did tens of thousands of times a test run)."""
    try:
        copied: T = json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return copy.deepcopy(value)
    return copied
