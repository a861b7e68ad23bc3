"""OAuth mode end to end: "Add to Slack", tokens encrypted at rest, uninstall and reinstall,
the install flow's refusals, and jobs that run per workspace with each workspace's own token."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from bot.db import session_scope
from bot.installations import BOT_SCOPES
from bot.models import Item, JobRun, Person, ReflectionPrompt, Role, Workspace
from jobs.scheduler import JobFailed, run_job
from tests.conftest import CLIENT_ID, OAuthApp, http_get, start_install

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY_0905 = datetime(2026, 12, 7, 9, 5, tzinfo=CPH).astimezone(UTC)


def stored_secrets(app: OAuthApp) -> list[str]:
    """Every token column as it lies in the database."""
    with app.engine.connect() as connection:
        found = []
        for table in ("slack_bots", "slack_installations"):
            found += [str(v) for (v,) in connection.execute(text(f"SELECT bot_token FROM {table}"))]
        return found


def workspace(app: OAuthApp, team_id: str) -> Workspace | None:
    with app.session() as session:
        return session.get(Workspace, team_id)


def test_the_install_page_offers_add_to_slack_with_our_scopes_and_a_state(
    oauth_app: OAuthApp,
) -> None:
    status, page = http_get(f"{oauth_app.base_url}/slack/install")
    assert status == 200
    assert "Tilføj Tværs til Slack" in page and "Tilføj til Slack" in page
    link = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', page)
    assert link, page
    url = link.group(1).replace("&amp;", "&")
    assert f"client_id={CLIENT_ID}" in url
    assert "scope=" + ",".join(BOT_SCOPES) in url.replace("%3A", ":").replace("%2C", ",")
    state, cookie = start_install(oauth_app.base_url)
    assert cookie.startswith("slack-app-oauth-state=") and state in cookie


def test_add_to_slack_stores_an_encrypted_token_and_the_workspace_works_at_once(
    oauth_app: OAuthApp,
) -> None:
    fake = oauth_app.fake
    token = oauth_app.install("T0AARHUS", "Aarhus Kommune", user_id="U0IT")
    # At rest the token is ciphertext; in memory the store gives it back.
    secrets = stored_secrets(oauth_app)
    assert len(secrets) == 2 and all(token not in s and "xoxb-" not in s for s in secrets)
    with oauth_app.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM slack_bots"))
        dump = json.dumps([list(r) for r in rows], default=str)
    assert token not in dump
    ws = workspace(oauth_app, "T0AARHUS")
    assert ws is not None and ws.name == "Aarhus Kommune" and ws.uninstalled_at is None
    # The installer is welcomed in a DM, with the new workspace's own token.
    welcome = fake.messages("U0IT", team_id="T0AARHUS")
    assert welcome and "Tak fordi du installerede Tværs i Aarhus Kommune" in welcome[0]["text"]
    assert fake.last("chat.postMessage").token == token  # type: ignore[union-attr]

    sender = oauth_app.sender_for("T0AARHUS")
    fake.add_user("U0LEDER", name="Lene Leder", team_id="T0AARHUS")
    answer = sender.command("Bostøtten og jobcentret deler ikke kalender", user_id="U0LEDER")
    assert answer.status == 200 and "gemt" in answer.text
    with oauth_app.session() as session:
        item = session.scalars(select(Item)).one()
        assert (item.team_id, item.author_id) == ("T0AARHUS", "U0LEDER")
    # A command that calls the Web API does so with the workspace's stored token.
    sender.command("", user_id="U0LEDER")
    assert fake.last("views.open").token == token  # type: ignore[union-attr]


def test_uninstall_forgets_the_tokens_and_a_reinstall_brings_the_workspace_back(
    oauth_app: OAuthApp,
) -> None:
    fake = oauth_app.fake
    first = oauth_app.install("T0AARHUS", "Aarhus Kommune")
    sender = oauth_app.sender_for("T0AARHUS")
    fake.add_user("U0LEDER", name="Lene Leder", team_id="T0AARHUS")
    assert "gemt" in sender.command("Før afinstallationen", user_id="U0LEDER").text

    fake.revoke_token(first)
    assert sender.event({"type": "app_uninstalled"}).status == 200
    assert stored_secrets(oauth_app) == []
    ws = workspace(oauth_app, "T0AARHUS")
    assert ws is not None and ws.uninstalled_at is not None
    # Slack would not deliver this, but a late request gets a clear answer and stores nothing.
    assert sender.command("Efter afinstallationen", user_id="U0LEDER").status == 200
    told = fake.last("response_url")
    assert told is not None and "ikke (længere) installeret" in told.args["text"]
    with oauth_app.session() as session:
        assert [i.text for i in session.scalars(select(Item))] == ["Før afinstallationen"]

    second = oauth_app.install("T0AARHUS", "Aarhus Kommune")
    assert second != first
    ws = workspace(oauth_app, "T0AARHUS")
    assert ws is not None and ws.uninstalled_at is None
    assert "gemt" in sender.command("Efter geninstallationen", user_id="U0LEDER").text
    sender.command("mine", user_id="U0LEDER")
    with oauth_app.session() as session:
        texts = sorted(i.text for i in session.scalars(select(Item)))
    assert texts == ["Efter geninstallationen", "Før afinstallationen"]
    sender.command("", user_id="U0LEDER")
    assert fake.last("views.open").token == second  # type: ignore[union-attr]


def test_a_revoked_bot_token_is_deleted_like_an_uninstall(oauth_app: OAuthApp) -> None:
    oauth_app.install("T0AARHUS", "Aarhus Kommune")
    sender = oauth_app.sender_for("T0AARHUS")
    event = {"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}}
    assert sender.event(event).status == 200
    assert stored_secrets(oauth_app) == []
    ws = workspace(oauth_app, "T0AARHUS")
    assert ws is not None and ws.uninstalled_at is not None


def test_the_install_flow_refuses_what_it_did_not_start(oauth_app: OAuthApp) -> None:
    fake, base = oauth_app.fake, oauth_app.base_url
    fake.add_oauth_code("good-code", "T0AARHUS", "Aarhus Kommune")
    state, cookie = start_install(base)
    # No cookie: another browser (or a link someone was sent).
    status, page = http_get(f"{base}/slack/oauth_redirect?code=good-code&state={state}")
    assert status == 400 and "Installationen lykkedes ikke" in page and "/slack/install" in page
    # A state this app never signed, even with a matching cookie.
    forged = "abc.0123456789abcdef0123456789abcdef"
    status, _page = http_get(
        f"{base}/slack/oauth_redirect?code=good-code&state={forged}",
        cookie=f"slack-app-oauth-state={forged}",
    )
    assert status == 401
    for crafted in ("æøå.🙂", "", "."):
        status, _page = http_get(
            f"{base}/slack/oauth_redirect?code=good-code&state={quote(crafted)}",
            cookie=f"slack-app-oauth-state={quote(crafted)}",
        )
        assert status in (400, 401), crafted
    # The user pressed Cancel on Slack's page.
    status, page = http_get(
        f"{base}/slack/oauth_redirect?error=access_denied&state={state}", cookie=cookie
    )
    assert status == 200 and "Installationen blev afbrudt" in page
    # A code Slack does not know.
    state, cookie = start_install(base)
    status, _page = http_get(
        f"{base}/slack/oauth_redirect?code=wrong-code&state={state}", cookie=cookie
    )
    assert status == 401
    # The state of that attempt is spent: replaying it with the good code is refused too.
    status, _page = http_get(
        f"{base}/slack/oauth_redirect?code=good-code&state={state}", cookie=cookie
    )
    assert status == 401
    assert stored_secrets(oauth_app) == [] and workspace(oauth_app, "T0AARHUS") is None
    # And the real thing still works afterwards.
    state, cookie = start_install(base)
    status, page = http_get(
        f"{base}/slack/oauth_redirect?code=good-code&state={state}", cookie=cookie
    )
    assert status == 200 and "Tværs er installeret" in page


def _manager(app: OAuthApp, team_id: str, user_id: str) -> None:
    app.fake.add_user(user_id, name=user_id, team_id=team_id)
    with session_scope(app.sessions) as session:
        session.add(Person(team_id=team_id, user_id=user_id, name=user_id, role=Role.MANAGER))


def test_jobs_run_per_workspace_and_a_revoked_one_fails_alone_for_its_admins(
    oauth_app: OAuthApp,
) -> None:
    fake = oauth_app.fake
    aarhus = oauth_app.install("T0AARHUS", "Aarhus Kommune")
    odense = oauth_app.install("T0ODENSE", "Odense Kommune")
    _manager(oauth_app, "T0AARHUS", "U0AMANAGER")
    _manager(oauth_app, "T0ODENSE", "U0OMANAGER")
    # Aarhus's token dies without Slack telling us (no tokens_revoked event arrives).
    fake.revoke_token(aarhus)
    fake.clear_calls()

    runtime = oauth_app_runtime(oauth_app)
    with pytest.raises(JobFailed, match="T0AARHUS"):
        run_job("weekly-prompts", runtime, runtime_client(oauth_app), MONDAY_0905)
    # Odense's manager got the prompt, sent with Odense's token; nothing went out for Aarhus.
    posts = [c for c in fake.calls_to("chat.postMessage") if c.ok]
    assert [(c.token, c.team_id) for c in posts] == [(odense, "T0ODENSE")]
    with oauth_app.session() as session:
        prompts = [(p.team_id, p.user_id) for p in session.scalars(select(ReflectionPrompt))]
        assert prompts == [("T0ODENSE", "U0OMANAGER")]
        runs = {
            r.team_id: r
            for r in session.scalars(select(JobRun).where(JobRun.name == "weekly-prompts"))
        }
    assert runs["T0AARHUS"].ok is False and "token_revoked" in (runs["T0AARHUS"].summary or "")
    assert runs["T0ODENSE"].ok is True and "prompts: 1 sent" in (runs["T0ODENSE"].summary or "")

    # Each workspace's admins see their own runs only (App Home status).
    from bot.services.admin import job_status

    with oauth_app.session() as session:
        (aarhus_status,) = job_status(session=session, team_id="T0AARHUS", names=["weekly-prompts"])
        (odense_status,) = job_status(session=session, team_id="T0ODENSE", names=["weekly-prompts"])
    assert aarhus_status.last is not None and aarhus_status.last.ok is False
    assert odense_status.last is not None and odense_status.last.ok is True


def test_a_workspace_with_no_stored_token_is_reported_not_crashed(oauth_app: OAuthApp) -> None:
    oauth_app.install("T0ODENSE", "Odense Kommune")
    with session_scope(oauth_app.sessions) as session:
        session.add(Workspace(team_id="T0GHOST", name="Never installed here"))
    runtime = oauth_app_runtime(oauth_app)
    with pytest.raises(JobFailed, match="T0GHOST"):
        run_job("channel-check", runtime, runtime_client(oauth_app))
    with oauth_app.session() as session:
        ghost = session.scalars(select(JobRun).where(JobRun.team_id == "T0GHOST")).one()
        odense = session.scalars(select(JobRun).where(JobRun.team_id == "T0ODENSE")).one()
    assert ghost.ok is False and "reinstall" in (ghost.summary or "")
    assert odense.ok is True


def oauth_app_runtime(app: OAuthApp):  # type: ignore[no-untyped-def]
    """The Runtime of an OAuth app as the clock builds it (same settings, same database)."""
    from bot.app import build_app, runtime_of

    return runtime_of(build_app(app.settings, engine=app.engine))


def runtime_client(app: OAuthApp):  # type: ignore[no-untyped-def]
    """The clock's app-level client: in OAuth mode it carries no token of its own."""
    from bot.slack_client import make_client

    client = make_client(app.settings)
    assert client.token is None
    return client


def test_a_missing_channel_fails_one_workspaces_digest_and_only_its_admins_see_it(
    oauth_app: OAuthApp,
) -> None:
    fake = oauth_app.fake
    oauth_app.install("T0AARHUS", "Aarhus Kommune")
    oauth_app.install("T0ODENSE", "Odense Kommune")
    for team, channel in (("T0AARHUS", "C0SLETTET"), ("T0ODENSE", "C0ODIREKTION")):
        with session_scope(oauth_app.sessions) as session:
            session.get(Workspace, team).digest_channel = channel  # type: ignore[union-attr]
            admin = f"U0{team[3:]}ADMIN"
            session.add(Person(team_id=team, user_id=admin, name="Admin", role=Role.ADMIN))
            # A November item: the workspace's first digest is for November.
            november = datetime(2026, 11, 10, 10, 0, tzinfo=CPH)
            session.add(
                Item(
                    team_id=team,
                    author_id=admin,
                    kind="barrier",
                    text="Ventetid på tolk",
                    created_at=november,
                    updated_at=november,
                    status_changed_at=november,
                )
            )
        fake.add_user(f"U0{team[3:]}ADMIN", name="Admin", team_id=team)
    # Odense's channel exists; Aarhus's was deleted in Slack.
    fake.add_channel("C0ODIREKTION", "direktionen", is_member=True, team_id="T0ODENSE")

    runtime = oauth_app_runtime(oauth_app)
    first_of_december = datetime(2026, 12, 1, 8, 5, tzinfo=CPH).astimezone(UTC)
    summary = run_job("monthly-digest", runtime, runtime_client(oauth_app), first_of_december)
    assert "T0ODENSE: 2026-11 posted to C0ODIREKTION" in summary
    assert "T0AARHUS: 2026-11 to C0SLETTET: Slack refused it (channel_not_found)" in summary
    assert [m["text"][:20] for m in fake.messages("C0ODIREKTION", team_id="T0ODENSE")]

    def home(team: str) -> str:
        user = f"U0{team[3:]}ADMIN"
        sender = oauth_app.sender_for(team)
        assert sender.event({"type": "app_home_opened", "user": user, "tab": "home"}).status == 200
        return json.dumps(fake.home_view(user, team_id=team), ensure_ascii=False)

    aarhus, odense = home("T0AARHUS"), home("T0ODENSE")
    assert ":x: `monthly-digest` fejlede" in aarhus and "channel_not_found" in aarhus
    assert ":white_check_mark: `monthly-digest`" in odense and "C0ODIREKTION" in odense
    assert "C0SLETTET" not in odense and "C0ODIREKTION" not in aarhus
