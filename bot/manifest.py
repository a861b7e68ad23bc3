"""The Slack app manifest for Socket Mode, made from manifest.yml (the HTTP one).

`python -m bot.manifest` writes manifest.socket.yml beside manifest.yml; tests check that the
two agree and that both validate against Slack's manifest schema.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    "# Slack app manifest for Tværs in Socket Mode (no public URL: the bot connects to Slack).\n"
    "# Made from manifest.yml by `python -m bot.manifest`; do not edit by hand. Create the app\n"
    "# from it at api.slack.com/apps → Create New App → From an app manifest, as is.\n"
)


def socket_mode(manifest: dict[str, Any]) -> dict[str, Any]:
    """The same app with Socket Mode on and no request or redirect URLs (none is called)."""
    result = copy.deepcopy(manifest)
    settings = result["settings"]
    settings["socket_mode_enabled"] = True
    settings.get("event_subscriptions", {}).pop("request_url", None)
    settings.get("interactivity", {}).pop("request_url", None)
    for command in result.get("features", {}).get("slash_commands", []):
        command.pop("url", None)
    # Socket Mode is for one workspace (no OAuth install), so there is nothing to redirect to.
    result.get("oauth_config", {}).pop("redirect_urls", None)
    return result


def render(manifest: dict[str, Any]) -> str:
    """manifest.socket.yml's text for this HTTP manifest."""
    body = yaml.safe_dump(socket_mode(manifest), allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


def main() -> None:
    """Write manifest.socket.yml from manifest.yml."""
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    (ROOT / "manifest.socket.yml").write_text(render(manifest), encoding="utf-8")
    print("wrote manifest.socket.yml")


if __name__ == "__main__":
    main()
