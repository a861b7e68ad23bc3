"""Bolt listeners, one module per surface; each module has register(app, runtime)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from handlers import (
    admin,
    admin_days,
    admin_org,
    barrier,
    decisions,
    digest,
    effect_source,
    goals,
    home,
    privacy,
    reflection,
    suggest,
    threads,
)

if TYPE_CHECKING:
    from bot.runtime import Runtime


def register(app: App, runtime: Runtime) -> None:
    """Register every surface's listeners on the app."""
    for module in (
        home,
        barrier,
        suggest,
        threads,
        decisions,
        admin,
        admin_org,
        admin_days,
        goals,
        effect_source,
        reflection,
        digest,
        privacy,
    ):
        module.register(app, runtime)
