"""The fake Slack Web API and the request signer, exercised over real HTTP with slack_sdk."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from sandbox import (
    FakeSlack,
    SlackSender,
    fill,
    render_call,
    render_message,
    render_view,
)

SECRET = "sandbox-signing-secret"


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


MODAL: dict[str, Any] = {
    "type": "modal",
    "callback_id": "report",
    "private_metadata": "case-7",
    "title": {"type": "plain_text", "text": "Report a barrier"},
    "submit": {"type": "plain_text", "text": "Send"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {
            "type": "input",
            "block_id": "what",
            "label": {"type": "plain_text", "text": "What happened?"},
            "hint": {"type": "plain_text", "text": "Two sentences are enough"},
            "element": {
                "type": "plain_text_input",
                "action_id": "text",
                "multiline": True,
                "max_length": 500,
            },
        },
        {
            "type": "input",
            "block_id": "unit",
            "label": {"type": "plain_text", "text": "Which unit?"},
            "element": {
                "type": "static_select",
                "action_id": "pick",
                "options": [
                    {"text": {"type": "plain_text", "text": "Børn & Unge"}, "value": "bu"},
                    {"text": {"type": "plain_text", "text": "Ældre"}, "value": "ae"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "tags",
            "optional": True,
            "label": {"type": "plain_text", "text": "Tags"},
            "element": {
                "type": "checkboxes",
                "action_id": "tags",
                "options": [
                    {"text": {"type": "plain_text", "text": "IT"}, "value": "it"},
                    {"text": {"type": "plain_text", "text": "Jura"}, "value": "law"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "who",
            "optional": True,
            "label": {"type": "plain_text", "text": "Who else?"},
            "element": {"type": "multi_users_select", "action_id": "people"},
        },
        {
            "type": "input",
            "block_id": "when",
            "optional": True,
            "label": {"type": "plain_text", "text": "When?"},
            "element": {"type": "datepicker", "action_id": "day"},
        },
    ],
}


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.add_channel("C1", "barrierer", is_member=True)
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-sandbox", base_url=fake.base_url)


def api_error(call: Any, **kwargs: Any) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        call(**kwargs)
    return caught.value


# -- Web API basics ------------------------------------------------------------------------------


def test_auth_and_team(client: WebClient) -> None:
    auth = client.auth_test()
    assert (auth["team_id"], auth["user_id"], auth["bot_id"]) == ("T0TVAERS", "U0BOT", "B0TVAERS")
    assert auth["team"] == "Tværby Kommune"
    assert auth["url"] == "https://tvaerby-kommune.slack.com/"
    assert client.team_info()["team"]["domain"] == "tvaerby-kommune"


def test_post_message_stores_and_answers_like_slack(fake: FakeSlack, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1", text="hej", blocks=[section("*hej*")])
    reply = client.chat_postMessage(channel="C1", text="svar", thread_ts=first["ts"])
    assert first["channel"] == "C1"
    assert first["message"]["user"] == "U0BOT"
    assert first["message"]["blocks"][0]["block_id"]  # Slack fills in block_ids
    assert float(reply["ts"]) > float(first["ts"])
    assert reply["message"]["thread_ts"] == first["ts"]
    stored = fake.messages("C1")
    assert [m["text"] for m in stored] == ["hej", "svar"]
    assert stored[0]["reply_count"] == 1
    thread = client.conversations_replies(channel="C1", ts=first["ts"])["messages"]
    assert [m["ts"] for m in thread] == [first["ts"], reply["ts"]]
    call = fake.last("chat.postMessage")
    assert call is not None and call.args["thread_ts"] == first["ts"] and call.team_id == "T0TVAERS"


def test_update_delete_permalink_and_reactions(fake: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="v1")["ts"]
    updated = client.chat_update(channel="C1", ts=ts, text="v2")
    assert updated["message"]["text"] == "v2" and fake.messages("C1")[0]["edited"]
    link = client.chat_getPermalink(channel="C1", message_ts=ts)["permalink"]
    assert link == f"https://tvaerby-kommune.slack.com/archives/C1/p{ts.replace('.', '')}"
    client.reactions_add(channel="C1", timestamp=ts, name="eyes")
    assert api_error(client.reactions_add, channel="C1", timestamp=ts, name="eyes").response[
        "error"
    ] == ("already_reacted")
    client.reactions_remove(channel="C1", timestamp=ts, name="eyes")
    err = api_error(client.reactions_remove, channel="C1", timestamp=ts, name="eyes")
    assert err.response["error"] == "no_reaction"
    client.chat_delete(channel="C1", ts=ts)
    assert fake.messages("C1") == []
    err = api_error(client.chat_update, channel="C1", ts=ts, text="v3")
    assert err.response["error"] == "message_not_found"


def test_channel_rules(fake: FakeSlack, client: WebClient) -> None:
    fake.add_channel("C2", "old", is_member=True, is_archived=True)
    fake.add_channel("C3", "open")
    fake.add_channel("G1", "secret", is_private=True)
    fake.add_channel("C4", "archived-open", is_archived=True)
    post = client.chat_postMessage
    assert api_error(post, channel="C404", text="x").response["error"] == "channel_not_found"
    assert api_error(post, channel="C2", text="x").response["error"] == "is_archived"
    assert api_error(post, channel="C3", text="x").response["error"] == "not_in_channel"
    assert api_error(post, channel="G1", text="x").response["error"] == "channel_not_found"
    join = client.conversations_join
    assert api_error(join, channel="G1").response["error"] == "channel_not_found"
    fake.add_channel("G2", "mine", is_private=True, is_member=True)
    err = api_error(join, channel="G2")
    assert err.response["error"] == "method_not_supported_for_channel_type"
    assert api_error(join, channel="C4").response["error"] == "is_archived"
    assert join(channel="C3")["channel"]["is_member"] is True
    assert post(channel="C3", text="nu virker det")["ok"]
    assert client.conversations_info(channel="C3")["channel"]["name"] == "open"


def test_dm_by_user_id_and_stable_conversations_open(fake: FakeSlack, client: WebClient) -> None:
    dm = client.conversations_open(users="U1")["channel"]["id"]
    assert dm.startswith("D")
    assert client.conversations_open(users="U1")["channel"]["id"] == dm
    assert client.conversations_open(users=["U2"])["channel"]["id"] != dm
    posted = client.chat_postMessage(channel="U1", text="hej")
    assert posted["channel"] == dm
    assert (
        [m["text"] for m in fake.messages(dm)]
        == ["hej"]
        == [m["text"] for m in fake.messages("U1")]
    )
    ephemeral = client.chat_postEphemeral(channel="C1", user="U1", text="kun til dig")
    assert ephemeral["message_ts"]


def test_users(fake: FakeSlack, client: WebClient) -> None:
    fake.add_user("U1", name="mette", email="mette@tvaerby.dk", real_name="Mette Hansen")
    user = client.users_info(user="U1")["user"]
    assert user["profile"]["email"] == "mette@tvaerby.dk"
    assert user["tz"] == "Europe/Copenhagen"
    assert user["tz_offset"] in (3600, 7200)
    assert user["tz_label"].startswith("Central European")
    assert user["is_bot"] is False and user["deleted"] is False
    found = client.users_lookupByEmail(email="METTE@tvaerby.dk")["user"]
    assert found["id"] == "U1"
    err = api_error(client.users_lookupByEmail, email="nobody@tvaerby.dk")
    assert err.response["error"] == "users_not_found"
    assert api_error(client.users_info, user="U404").response["error"] == "user_not_found"
    ids = [m["id"] for page in client.users_list(limit=1) for m in page["members"]]
    assert ids == ["U0BOT", "USLACKBOT", "U1"]


def test_usergroups(fake: FakeSlack, client: WebClient) -> None:
    fake.add_usergroup("S1", "ledere", ["U1", "U2"])
    groups = client.usergroups_list(include_users=True)["usergroups"]
    assert groups[0]["handle"] == "ledere" and groups[0]["users"] == ["U1", "U2"]
    assert client.usergroups_users_list(usergroup="S1")["users"] == ["U1", "U2"]


# -- views ----------------------------------------------------------------------------------------


def test_views_open_update_push_publish(fake: FakeSlack, client: WebClient) -> None:
    err = api_error(client.views_open, trigger_id="made.up.trigger", view=MODAL)
    assert err.response["error"] == "invalid_trigger_id"
    trigger = fake.new_trigger_id(user_id="U1")
    view = client.views_open(trigger_id=trigger, view={**MODAL, "external_id": "x1"})["view"]
    assert view["id"].startswith("V") and view["hash"] and view["state"] == {"values": {}}
    assert view["callback_id"] == "report" and view["private_metadata"] == "case-7"
    again = api_error(client.views_open, trigger_id=trigger, view=MODAL)
    assert again.response["error"] == "exchanged_trigger_id"

    stale = api_error(client.views_update, view_id=view["id"], hash="0.stale", view=MODAL)
    assert stale.response["error"] == "hash_conflict"
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=MODAL)["view"]
    assert updated["id"] == view["id"] and updated["hash"] != view["hash"]
    by_external = client.views_update(external_id="x1", view=MODAL)["view"]
    assert by_external["id"] == view["id"]

    pushed = client.views_push(trigger_id=fake.new_trigger_id(view_id=view["id"]), view=MODAL)[
        "view"
    ]
    assert pushed["previous_view_id"] == view["id"] and pushed["root_view_id"] == view["id"]

    home = {"type": "home", "blocks": [section("Velkommen")]}
    published = client.views_publish(user_id="U1", view=home)["view"]
    assert fake.home_view("U1") == published
    republished = client.views_publish(user_id="U1", view=home, hash=published["hash"])["view"]
    assert republished["id"] == published["id"]
    assert set(fake.views) == {view["id"], pushed["id"], published["id"]}
    assert fake.invalid_calls() == [fake.calls[0]]  # only the made-up trigger_id


# -- validation -----------------------------------------------------------------------------------


def test_fifty_one_blocks_are_rejected(fake: FakeSlack, client: WebClient) -> None:
    err = api_error(client.chat_postMessage, channel="C1", text="x", blocks=[section("b")] * 51)
    assert err.response["error"] == "invalid_blocks"
    assert any("50" in m for m in err.response["response_metadata"]["messages"])
    assert fake.invalid_calls() == fake.calls_to("chat.postMessage")
    assert client.chat_postMessage(channel="C1", text="x", blocks=[section("b")] * 50)["ok"]


def test_long_section_nested_limits_and_long_text(fake: FakeSlack, client: WebClient) -> None:
    post = client.chat_postMessage
    assert api_error(post, channel="C1", text="x", blocks=[section("x" * 3001)]).response[
        "error"
    ] == ("invalid_blocks")
    button = {
        "type": "actions",
        "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "k" * 76}, "action_id": "a"}
        ],
    }
    assert api_error(post, channel="C1", text="x", blocks=[button]).response["error"] == (
        "invalid_blocks"
    )
    assert api_error(post, channel="C1", text="x", blocks=[section("")]).response["error"] == (
        "invalid_blocks"
    )
    assert api_error(post, channel="C1", text="x" * 40_001).response["error"] == "msg_too_long"
    no_text = api_error(client.api_call, api_method="chat.postMessage", json={"channel": "C1"})
    assert no_text.response["error"] == "no_text"
    errors = [error for call in fake.invalid_calls() for error in call.errors]
    assert any("3000" in e for e in errors) and any("75" in e for e in errors)


def test_missing_channel_is_invalid_arguments(fake: FakeSlack, client: WebClient) -> None:
    err = api_error(client.api_call, api_method="chat.postMessage", json={"text": "x"})
    assert err.response["error"] == "invalid_arguments"
    assert err.response["response_metadata"]["messages"] == [
        "[ERROR] missing required field: channel"
    ]
    assert fake.invalid_calls()[0].errors == ["[ERROR] missing required field: channel"]


def test_view_limits(fake: FakeSlack, client: WebClient) -> None:
    too_long = {
        **MODAL,
        "blocks": [
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "L"},
                "element": {"type": "plain_text_input", "action_id": "a", "max_length": 3001},
            }
        ],
    }
    err = api_error(client.views_open, trigger_id=fake.new_trigger_id(), view=too_long)
    assert err.response["error"] == "invalid_arguments"
    assert any("max_length" in m for m in err.response["response_metadata"]["messages"])
    title = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    err = api_error(client.views_open, trigger_id=fake.new_trigger_id(), view=title)
    assert err.response["error"] == "invalid_arguments"
    many = {"type": "home", "blocks": [section("b")] * 101}
    assert api_error(client.views_publish, user_id="U1", view=many).response["error"] == (
        "invalid_arguments"
    )


def test_lenient_mode_records_but_answers_ok() -> None:
    with FakeSlack(strict=False) as fake:
        fake.add_channel("C1", "x", is_member=True)
        client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)
        assert client.chat_postMessage(channel="C1", text="x", blocks=[section("x" * 3001)])["ok"]
        assert client.views_open(trigger_id="not-issued", view=MODAL)["ok"]
        assert len(fake.invalid_calls()) == 2


def test_unknown_method_is_recorded(fake: FakeSlack, client: WebClient) -> None:
    err = api_error(client.api_call, api_method="bookmarks.add", params={"channel_id": "C1"})
    assert err.response["error"] == "unknown_method"
    assert fake.last("bookmarks.add") is not None and fake.invalid_calls()


# -- auth and workspaces --------------------------------------------------------------------------


def test_tokens_and_multiple_workspaces(fake: FakeSlack, client: WebClient) -> None:
    fake.add_token("xoxb-other", "T0OTHER", team_name="Andeby Kommune")
    fake.add_channel("C1", "andet", is_member=True, team_id="T0OTHER")
    other = WebClient(token="xoxb-other", base_url=fake.base_url)
    auth = other.auth_test()
    assert auth["team_id"] == "T0OTHER" and auth["user_id"] != "U0BOT"
    other.chat_postMessage(channel="C1", text="fra Andeby")
    client.chat_postMessage(channel="C1", text="fra Tværby")
    assert [m["text"] for m in fake.messages("C1", team_id="T0OTHER")] == ["fra Andeby"]
    assert [m["text"] for m in fake.messages("C1", team_id="T0TVAERS")] == ["fra Tværby"]
    assert fake.last("chat.postMessage").team_id == "T0TVAERS"  # type: ignore[union-attr]

    fake.revoke_token("xoxb-other")
    assert api_error(other.auth_test).response["error"] == "token_revoked"
    stranger = WebClient(token="xoxb-nope", base_url=fake.base_url)
    assert api_error(stranger.auth_test).response["error"] == "invalid_auth"
    anonymous = WebClient(base_url=fake.base_url)
    assert api_error(anonymous.auth_test).response["error"] == "not_authed"


def test_oauth_v2_access(fake: FakeSlack) -> None:
    fake.set_oauth_client("123.456", "s3cret")
    fake.add_oauth_code("code-1", "T0NEW", "Nyby Kommune", user_id="U0ADMIN")
    anonymous = WebClient(base_url=fake.base_url)
    err = api_error(anonymous.oauth_v2_access, client_id="123.456", client_secret="no", code="x")
    assert err.response["error"] == "bad_client_secret"
    grant = anonymous.oauth_v2_access(client_id="123.456", client_secret="s3cret", code="code-1")
    assert grant["token_type"] == "bot" and grant["team"] == {"id": "T0NEW", "name": "Nyby Kommune"}
    assert grant["authed_user"]["id"] == "U0ADMIN" and grant["app_id"] == "A0TVAERS"
    installed = WebClient(token=grant["access_token"], base_url=fake.base_url)
    assert installed.auth_test()["user_id"] == grant["bot_user_id"]
    again = api_error(
        anonymous.oauth_v2_access, client_id="123.456", client_secret="s3cret", code="code-1"
    )
    assert again.response["error"] == "invalid_code"


# -- faults ---------------------------------------------------------------------------------------


def test_rate_limited_call_is_retried_and_delivered_once(fake: FakeSlack) -> None:
    client = WebClient(
        token="xoxb-sandbox",
        base_url=fake.base_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    fake.fail("chat.postMessage", status=429, retry_after=0)
    assert client.chat_postMessage(channel="C1", text="én gang")["ok"]
    assert [c.http_status for c in fake.calls_to("chat.postMessage")] == [429, 200]
    assert [m["text"] for m in fake.messages("C1")] == ["én gang"]


def test_429_server_errors_and_error_codes(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=7)
    err = api_error(client.chat_postMessage, channel="C1", text="x")
    assert err.response.status_code == 429 and err.response.headers["Retry-After"] == "7"
    assert err.response["error"] == "ratelimited"
    fake.fail("users.info", status=503, times=2)
    for _ in range(2):
        assert api_error(client.users_info, user="U0BOT").response.status_code == 503
    assert client.users_info(user="U0BOT")["ok"]
    fake.fail("*", error="fatal_error")
    assert api_error(client.auth_test).response["error"] == "fatal_error"
    assert [c.http_status for c in fake.calls] == [429, 503, 503, 200, 200]


def test_latency_delays_every_answer_and_changes_nothing_else(fake: FakeSlack) -> None:
    client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)
    fake.latency = 0.25
    started = time.monotonic()
    assert client.chat_postMessage(channel="C1", text="langsomt")["ok"]
    hook = WebhookClient(fake.new_response_url(channel_id="C1", user_id="U0BOT"))
    assert hook.send(text="også langsomt").status_code == 200
    assert time.monotonic() - started >= 0.5  # two calls, each a quarter of a second late
    assert [m["text"] for m in fake.messages("C1")] == ["langsomt"]
    assert [c.args["text"] for c in fake.calls_to("response_url")] == ["også langsomt"]


def test_rate_limit_bucket_and_clear(fake: FakeSlack, client: WebClient) -> None:
    fake.rate_limit("chat.postMessage", per_second=1)
    assert client.chat_postMessage(channel="C1", text="1")["ok"]
    err = api_error(client.chat_postMessage, channel="C1", text="2")
    assert err.response.status_code == 429 and int(err.response.headers["Retry-After"]) >= 1
    fake.clear_faults()
    assert client.chat_postMessage(channel="C1", text="3")["ok"]


# -- files ----------------------------------------------------------------------------------------


def test_files_upload_v2_end_to_end(fake: FakeSlack, client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C1", text="rapport")["ts"]
    result = client.files_upload_v2(
        channel="C1",
        content=b"\x89PNG-bytes",
        filename="x.png",
        title="Kort over tværgående sager",
        alt_txt="Et kort",
        thread_ts=parent,
        initial_comment="Her er kortet",
    )
    file_id = result["file"]["id"]
    # Like Slack, sharing completes asynchronously: the answer has no shares yet.
    assert result["file"]["shares"] == {}
    stored = fake.files[file_id]
    assert stored["content"] == b"\x89PNG-bytes"
    assert (stored["title"], stored["alt_txt"]) == ("Kort over tværgående sager", "Et kort")
    assert (stored["channel"], stored["thread_ts"]) == ("C1", parent)
    share = fake.messages("C1")[-1]
    assert share["text"] == "Her er kortet" and share["files"][0]["id"] == file_id
    assert share["thread_ts"] == parent
    info = client.files_info(file=file_id)["file"]
    assert info["shares"]["public"]["C1"][0]["ts"] == share["ts"]
    assert [c.method for c in fake.calls[-4:]] == [
        "files.getUploadURLExternal",
        "upload_url",
        "files.completeUploadExternal",
        "files.info",
    ]


# -- response_url and concurrency -----------------------------------------------------------------


def test_response_url_is_recorded_and_applied(fake: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="Godkend?", blocks=[section("Godkend?")])["ts"]
    url = fake.new_response_url(channel_id="C1", message_ts=ts)
    assert url.startswith(fake.root_url + "/response/")
    answer = WebhookClient(url).send(text="Godkendt ✅", replace_original=True)
    assert answer.status_code == 200
    call = fake.last("response_url")
    assert call is not None and call.args["url"] == url and call.args["replace_original"] is True
    assert fake.messages("C1")[0]["text"] == "Godkendt ✅"
    assert "blocks" not in fake.messages("C1")[0]  # replaced as a whole
    WebhookClient(url).send(text="Til alle", response_type="in_channel")
    assert [m["text"] for m in fake.messages("C1")] == ["Godkendt ✅", "Til alle"]
    bad = WebhookClient(url).send(blocks=[section("x" * 3001)])
    assert bad.status_code == 400 and bad.body == "invalid_blocks"
    assert WebhookClient(fake.root_url + "/response/nope").send(text="x").status_code == 404


def test_concurrent_posts_get_unique_ts(fake: FakeSlack) -> None:
    client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)

    def post(n: int) -> None:
        for i in range(5):
            client.chat_postMessage(channel="C1", text=f"{n}-{i}")

    threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamps = [m["ts"] for m in fake.messages("C1")]
    assert len(stamps) == len(set(stamps)) == 40


def test_wait_for(fake: FakeSlack, client: WebClient) -> None:
    timer = threading.Timer(0.05, lambda: client.chat_postMessage(channel="C1", text="senere"))
    timer.start()
    call = fake.wait_for(lambda: fake.last("chat.postMessage"), timeout=2)
    assert call is not None and call.args["text"] == "senere"
    assert fake.wait_for_call("chat.postMessage", lambda c: c.args["text"] == "senere")
    with pytest.raises(AssertionError, match=r"chat\.postMessage"):
        fake.wait_for(lambda: fake.last("views.open").args["view"], timeout=0.05)  # type: ignore[union-attr]


# -- the signer -----------------------------------------------------------------------------------


class _App:
    """A tiny app that checks signatures with slack_sdk and keeps what it received."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        verifier = SignatureVerifier(SECRET)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                valid = verifier.is_valid_request(body, dict(self.headers.items()))
                owner.received.append({"body": body, "headers": dict(self.headers.items())})
                self.send_response(200 if valid else 401)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack/events"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[_App]:
    server = _App()
    yield server
    server.close()


def test_signature_matches_slack_sdk(receiver: _App, fake: FakeSlack) -> None:
    sender = SlackSender(receiver.url, SECRET, fake=fake)
    body = b"token=x&text=hello"
    headers = sender.sign(body, timestamp=int(time.time()))
    assert SignatureVerifier(SECRET).is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )
    assert sender.post(body, "application/x-www-form-urlencoded").status == 200
    assert sender.post(body, "application/x-www-form-urlencoded", signature="v0=bad").status == 401
    stale = int(time.time()) - 600
    assert sender.post(body, "application/x-www-form-urlencoded", timestamp=stale).status == 401
    assert SlackSender(receiver.url, "wrong-secret").command("x", user_id="U1").status == 401


def test_an_early_413_is_returned_not_raised() -> None:
    # Apps refuse oversized bodies before reading them; the sender must still see the 413.
    listener = socket.create_server(("127.0.0.1", 0))

    def answer_early() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n")

    worker = threading.Thread(target=answer_early, daemon=True)
    worker.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/slack/events"
    with listener:
        response = SlackSender(url, SECRET).post(b"x" * 1_100_000, "application/json")
    worker.join(timeout=5)
    assert response.status == 413


def test_command_payload(receiver: _App, fake: FakeSlack) -> None:
    fake.add_user("U1", name="mette")
    sender = SlackSender(receiver.url, SECRET, fake=fake)
    assert sender.command("ny sag", user_id="U1").status == 200
    form = {k: v[0] for k, v in parse_qs(receiver.received[-1]["body"].decode()).items()}
    assert form["command"] == "/barriere" and form["text"] == "ny sag"
    assert form["user_name"] == "mette" and form["team_domain"] == "tvaerby-kommune"
    assert form["response_url"].startswith(fake.root_url + "/response/")
    # The trigger_id is one the fake issued, so the bot's views.open is accepted.
    client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)
    assert client.views_open(trigger_id=form["trigger_id"], view=MODAL)["ok"]


def test_block_action_clicks_a_real_button(receiver: _App, fake: FakeSlack) -> None:
    client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)
    blocks = [
        section("Ny sag"),
        {
            "type": "actions",
            "block_id": "case",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Tag den"},
                    "action_id": "claim",
                    "value": "7",
                    "style": "primary",
                }
            ],
        },
    ]
    message = client.chat_postMessage(channel="C1", text="Ny sag", blocks=blocks)["message"]
    sender = SlackSender(receiver.url, SECRET, fake=fake)
    sender.block_action(user_id="U1", action_id="claim", message=message, channel_id="C1")
    payload = json.loads(parse_qs(receiver.received[-1]["body"].decode())["payload"][0])
    action = payload["actions"][0]
    assert (action["type"], action["value"], action["block_id"]) == ("button", "7", "case")
    assert payload["container"]["message_ts"] == message["ts"]
    assert payload["channel"] == {"id": "C1", "name": "barrierer"}
    assert "view" not in payload
    with pytest.raises(LookupError, match="claim"):
        sender.block_action(user_id="U1", action_id="nope", message=message, channel_id="C1")


def test_view_submission_and_fill(receiver: _App, fake: FakeSlack) -> None:
    client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)
    view = client.views_open(trigger_id=fake.new_trigger_id(), view=MODAL)["view"]
    values = fill(view, {"what": "Ingen adgang", "unit": "Ældre", "tags": ["it"], "who": ["U2"]})
    assert values["what"]["text"] == {"type": "plain_text_input", "value": "Ingen adgang"}
    assert values["unit"]["pick"]["selected_option"]["value"] == "ae"
    assert values["tags"]["tags"]["selected_options"][0]["value"] == "it"
    assert values["who"]["people"]["selected_users"] == ["U2"]
    assert values["when"]["day"] == {"type": "datepicker", "selected_date": None}
    with pytest.raises(LookupError):
        fill(view, {"what": "x", "unit": "nope"})
    with pytest.raises(KeyError):
        fill(view, {"what": "x", "unit": "bu", "missing": "x"})
    with pytest.raises(ValueError, match="required"):
        fill(view, {"what": "x"})
    sender = SlackSender(receiver.url, SECRET, fake=fake)
    assert sender.view_submission(view, user_id="U1", answers={"what": "x", "unit": "bu"}).status
    payload = json.loads(parse_qs(receiver.received[-1]["body"].decode())["payload"][0])
    assert payload["type"] == "view_submission" and payload["view"]["id"] == view["id"]
    assert payload["view"]["state"]["values"]["unit"]["pick"]["selected_option"]["value"] == "bu"


def test_event_envelope_and_retry_headers(receiver: _App, fake: FakeSlack) -> None:
    sender = SlackSender(receiver.url, SECRET, fake=fake)
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    assert sender.event(event, event_id="Ev1", retry_num=1, retry_reason="http_timeout").status
    received = receiver.received[-1]
    envelope = json.loads(received["body"])
    assert envelope["type"] == "event_callback" and envelope["event_id"] == "Ev1"
    assert envelope["authorizations"][0]["user_id"] == "U0BOT"
    assert envelope["event"]["event_ts"]
    assert received["headers"]["X-Slack-Retry-Num"] == "1"
    assert received["headers"]["X-Slack-Retry-Reason"] == "http_timeout"
    assert sender.url_verification("abc").status == 200
    assert json.loads(receiver.received[-1]["body"])["challenge"] == "abc"


# -- rendering ------------------------------------------------------------------------------------


def test_render_message_and_view(fake: FakeSlack, client: WebClient) -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Ny barriere"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Børn &amp; Unge* &lt;-&gt; Ældre"},
            "fields": [{"type": "mrkdwn", "text": "*Status*\nÅben"}],
        },
        {"type": "divider"},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Tag den"}},
                {"type": "button", "text": {"type": "plain_text", "text": "Afvis"}},
            ],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Oprettet af <@U1>"}]},
    ]
    text = render_message({"channel": "C1", "text": "fallback", "blocks": json.dumps(blocks)})
    assert text.splitlines()[0] == "### Ny barriere"
    assert "*Børn & Unge* <-> Ældre" in text
    assert "- *Status*" in text and "---" in text and "[Tag den] [Afvis]" in text
    assert "Oprettet af <@U1>" in text and "fallback" not in text
    assert render_message({"text": "a &amp; b"}) == "a & b"

    view = render_view(MODAL)
    assert view.startswith("## Report a barrier")
    assert "**What happened?**" in view and "_Two sentences are enough_" in view
    assert "Børn & Unge | Ældre" in view and "[ ] Jura" in view and "[Cancel] [Send]" in view

    client.chat_postMessage(channel="C1", text="hej", blocks=blocks)
    entry = render_call(fake.calls[-1])
    assert entry.startswith("**chat.postMessage** → #C1") and "> ### Ny barriere" in entry


def test_a_fault_after_processing_posts_and_still_answers_500() -> None:
    from slack_sdk.errors import SlackApiError

    with FakeSlack() as fake:
        fake.add_user("U0ANNA", name="Anna")
        client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)
        fake.fail("chat.postMessage", status=500, processed=True)
        with pytest.raises(SlackApiError):
            client.chat_postMessage(
                channel="U0ANNA",
                text="hej",
                metadata={"event_type": "probe", "event_payload": {"n": 1}},
            )
        dm = client.conversations_open(users="U0ANNA")["channel"]["id"]
        history = client.conversations_history(channel=dm, include_all_metadata=True)
        [message] = history["messages"]
        assert message["text"] == "hej"
        assert message["metadata"]["event_payload"] == {"n": 1}
        plain = client.conversations_history(channel=dm)
        assert "metadata" not in plain["messages"][0]
