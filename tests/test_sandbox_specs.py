"""The sandbox against Slack's own specifications in ../shared/slack-specs.

(1) The fake's required-argument table agrees with the Web API OpenAPI spec and is enforced.
(2) What the signer sends carries every top-level key of Slack's payload samples.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import REQUIRED_ARGS, FakeSlack, SlackSender

SPECS = Path(__file__).resolve().parents[2] / "shared" / "slack-specs"
if not SPECS.is_dir():
    pytest.skip(f"{SPECS} not present (a fresh clone)", allow_module_level=True)

OPENAPI = SPECS / "web-api" / "slack_web_openapi_v2_without_examples.json"
SAMPLES = SPECS / "payload-samples"

# The spec dates from 2021: these methods came later (see the specs README).
NOT_IN_SPEC = {
    "files.getUploadURLExternal",
    "files.completeUploadExternal",
    "apps.connections.open",
}
# Arguments Slack requires today that the stale spec marks optional, or does not list.
STALE_OPTIONAL = {("views.update", "view")}
NEWER_ARGUMENTS = {("views.open", "interactivity_pointer"), ("views.push", "interactivity_pointer")}

# block_actions: keys Slack sends only for an action on a message, or only inside a view.
MESSAGE_ONLY = {"message", "channel", "response_url", "state"}
VIEW_ONLY = {"view"}


def spec_parameters() -> dict[str, dict[str, bool]]:
    """method -> {parameter: required} from the OpenAPI document, token excluded."""
    paths = json.loads(OPENAPI.read_text(encoding="utf-8"))["paths"]
    result: dict[str, dict[str, bool]] = {}
    for path, operations in paths.items():
        params: dict[str, bool] = {}
        for operation in operations.values():
            for param in operation.get("parameters", []):
                if param["name"] != "token":
                    params[param["name"]] = params.get(param["name"], False) or bool(
                        param.get("required", False)
                    )
        result[path.lstrip("/")] = params
    return result


SPEC = spec_parameters()


def sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.add_channel("C1", "barrierer", is_member=True)
        yield server


# -- (1) required arguments -----------------------------------------------------------------------


def test_table_covers_every_method_the_fake_answers(fake: FakeSlack) -> None:
    assert set(REQUIRED_ARGS) == set(fake.supported_methods)
    missing = {method for method in REQUIRED_ARGS if method not in SPEC}
    assert missing == NOT_IN_SPEC


@pytest.mark.parametrize("method", sorted(set(REQUIRED_ARGS) - NOT_IN_SPEC))
def test_required_arguments_match_the_spec(method: str) -> None:
    spec = SPEC[method]
    groups = REQUIRED_ARGS[method]
    named = {name for group in groups for name in group}
    spec_required = {name for name, required in spec.items() if required}
    assert spec_required <= named, f"{method}: spec requires {spec_required - named}"
    for group in groups:
        for name in group:
            assert name in spec or (method, name) in NEWER_ARGUMENTS, f"{method}: {name}?"
        # A group is satisfied by any one member, so it only requires something when none of
        # its members is required by the spec.
        required_by_spec = any(spec.get(name) for name in group)
        stale = any((method, name) in STALE_OPTIONAL for name in group)
        assert required_by_spec or stale, f"{method}: requires {group}, optional in the spec"


@pytest.mark.parametrize("method", sorted(m for m, groups in REQUIRED_ARGS.items() if groups))
def test_required_arguments_are_enforced(fake: FakeSlack, method: str) -> None:
    client = WebClient(token=fake.bot_token, base_url=fake.base_url)
    with pytest.raises(SlackApiError) as caught:
        client.api_call(method, params={})
    expected = [
        f"[ERROR] missing required field: {' or '.join(group)}" for group in REQUIRED_ARGS[method]
    ]
    assert caught.value.response["error"] == "invalid_arguments"
    assert caught.value.response["response_metadata"]["messages"] == expected
    fake.clear_calls()


# -- (2) payload samples --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sender(fake: FakeSlack) -> SlackSender:
    return SlackSender("http://127.0.0.1:9/slack/events", "secret", fake=fake)


@pytest.fixture(scope="module")
def modal(fake: FakeSlack) -> dict[str, Any]:
    client = WebClient(token=fake.bot_token, base_url=fake.base_url)
    view = {
        "type": "modal",
        "callback_id": "report",
        "title": {"type": "plain_text", "text": "Report"},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [
            {
                "type": "input",
                "block_id": "what",
                "label": {"type": "plain_text", "text": "What?"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "more",
                        "text": {"type": "plain_text", "text": "More"},
                    }
                ],
            },
        ],
    }
    opened: dict[str, Any] = client.views_open(trigger_id=fake.new_trigger_id(), view=view)["view"]
    return opened


def test_fake_views_carry_every_view_key(modal: dict[str, Any]) -> None:
    expected = set(sample("ViewSubmissionPayload")["view"])
    assert expected <= set(modal), f"missing {expected - set(modal)}"


def test_slash_command(sender: SlackSender) -> None:
    fields = sender.command_payload("ny sag", user_id="U1")
    expected = set(sample("SlashCommandPayload"))
    assert expected <= set(fields), f"missing {expected - set(fields)}"
    assert all(isinstance(value, str) for value in fields.values())  # it is a form post


def test_block_actions(fake: FakeSlack, sender: SlackSender, modal: dict[str, Any]) -> None:
    client = WebClient(token=fake.bot_token, base_url=fake.base_url)
    message = client.chat_postMessage(
        channel="C1",
        text="Ny sag",
        blocks=[
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "claim",
                        "text": {"type": "plain_text", "text": "Tag den"},
                        "value": "7",
                    }
                ],
            }
        ],
    )["message"]
    on_message = sender.block_action_payload(
        user_id="U1", action_id="claim", message=message, channel_id="C1"
    )
    in_view = sender.block_action_payload(user_id="U1", action_id="more", view=modal)
    expected = sample("BlockActionPayload")
    assert set(expected) - VIEW_ONLY <= set(on_message)
    assert set(expected) - MESSAGE_ONLY <= set(in_view)
    assert not VIEW_ONLY & set(on_message) and not MESSAGE_ONLY & set(in_view)
    for payload in (on_message, in_view):
        assert set(expected["user"]) <= set(payload["user"])
        action_keys = {"action_id", "block_id", "type", "action_ts", "text"}
        assert action_keys <= set(payload["actions"][0]) <= set(expected["actions"][0])
    assert on_message["actions"][0]["value"] == "7"  # the "More" button has no value


def test_view_submission_and_view_closed(sender: SlackSender, modal: dict[str, Any]) -> None:
    submitted = sender.view_submission_payload(modal, user_id="U1", answers={"what": "x"})
    expected = set(sample("ViewSubmissionPayload"))
    assert expected <= set(submitted), f"missing {expected - set(submitted)}"
    assert set(sample("ViewSubmissionPayload")["view"]) <= set(submitted["view"])
    assert set(submitted["view"]["state"]) == {"values"}


@pytest.mark.parametrize(
    "name",
    [
        "AppHomeOpenedPayload",
        "AppUninstalledPayload",
        "MessagePayload",
        "MessageChangedPayload",
        "TokensRevokedPayload",
    ],
)
def test_event_envelopes(sender: SlackSender, name: str) -> None:
    expected = sample(name)
    envelope = sender.event_envelope({"type": expected["event"]["type"]})
    assert set(expected) <= set(envelope), f"missing {set(expected) - set(envelope)}"
    assert set(expected["authorizations"][0]) <= set(envelope["authorizations"][0])
