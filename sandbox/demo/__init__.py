"""The offline demo: the real app on the Slack sandbox, walking Tværby Kommune through its month.

Everything goes over real HTTP exactly as in production: signed requests to POST /slack/events,
Web API calls to the local stand-in. What each person would have seen is written as Markdown.
"""

from __future__ import annotations

from sandbox.demo.run import run_demo

__all__ = ["run_demo"]
