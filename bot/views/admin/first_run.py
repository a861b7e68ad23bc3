"""The first-run guide: App Home while no organisation exists."""

from __future__ import annotations

from typing import Any

from bot.ids import Admin, Home
from bot.texts import t
from bot.views.blocks import button as _button
from bot.views.blocks import context as _context
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section


def first_run_home(*, lang: str, can_claim: bool) -> dict[str, Any]:
    """App Home while no organisation exists: how to set it up, instead of an empty page."""
    start: dict[str, Any] = _section(
        t("admin.first_run_start", lang), block_id=f"{Admin.CLAIM}_section"
    )
    if can_claim:
        start["accessory"] = _button(
            t("admin.first_run_claim", lang), Admin.CLAIM, "claim", "primary"
        )
    blocks = [
        {
            "type": "header",
            "block_id": Home.HEADER,
            "text": _plain(t("admin.first_run_title", lang)),
        },
        _section(t("admin.first_run_intro", lang)),
        {"type": "divider"},
        start,
    ]
    if not can_claim:
        blocks.append(_context(t("admin.first_run_ask", lang)))
    # Slack first: the file is for bulk import, from someone with a shell on the server.
    blocks.append(_section(t("admin.first_run_file", lang)))
    blocks.append({"type": "divider"})
    # Whoever opens it is unknown to Tværs too: /barriere works for them all the same.
    blocks.append(_context(t("home.unknown_person", lang)))
    blocks.append(_context(t("admin.first_run_after", lang)))
    return {"type": "home", "blocks": blocks}
