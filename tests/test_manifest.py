"""manifest.yml is a valid Slack app manifest and declares what the code uses."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SPECS


def _manifest() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


def test_manifest_validates_against_slacks_schema() -> None:
    schema_path = SPECS / "manifest" / "manifest.schema.1.0.0.json"
    if not schema_path.exists():
        pytest.skip("../shared/slack-specs is not beside this checkout")
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    manifest = _manifest()
    assert manifest["_metadata"]["major_version"] == 1
    jsonschema.validate(manifest, schema)


def test_manifest_declares_the_command_events_and_interactivity() -> None:
    manifest = _manifest()
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == {"/barriere"}
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    urls = {c["url"] for c in manifest["features"]["slash_commands"]}
    urls |= {
        settings["interactivity"]["request_url"],
        settings["event_subscriptions"]["request_url"],
    }
    assert {u.rsplit("/", 2)[-2:] == ["slack", "events"] for u in urls} == {True}
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True


def test_every_scope_is_explained_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for scope in _manifest()["oauth_config"]["scopes"]["bot"]:
        assert f"`{scope}`" in readme, f"README does not say why the app needs {scope}"
    for event in _manifest()["settings"]["event_subscriptions"]["bot_events"]:
        assert f"`{event}`" in readme, f"README does not say why the app subscribes to {event}"


def test_the_socket_mode_manifest_is_made_from_the_http_one_and_validates() -> None:
    from bot.manifest import render, socket_mode

    written = (ROOT / "manifest.socket.yml").read_text(encoding="utf-8")
    assert written == render(_manifest()), "run `python -m bot.manifest` after editing manifest.yml"
    made = yaml.safe_load(written)
    assert made["settings"]["socket_mode_enabled"] is True
    assert "https://" not in written
    assert made == socket_mode(_manifest())
    schema_path = SPECS / "manifest" / "manifest.schema.1.0.0.json"
    if not schema_path.exists():
        pytest.skip("../shared/slack-specs is not beside this checkout")
    import jsonschema

    jsonschema.validate(made, json.loads(schema_path.read_text(encoding="utf-8")))
