"""TOKEN_ENCRYPTION_KEY: OAuth settings fail fast, tokens never lie in the clear, and rotating the
key (new,old → rotate-keys → new) keeps every workspace working, run as an admin would."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stdout

import pytest
import yaml
from sqlalchemy import text

from bot.__main__ import main
from bot.app import build_app, installation_store
from bot.config import ConfigError, load_settings, secret_values
from bot.installations import BOT_SCOPES, Keyring, TokenKeyError, new_key
from tests.conftest import (
    CLIENT_SECRET,
    OAUTH_ENV,
    ROOT,
    SIGNING_SECRET,
    STATE_SECRET,
    TOKEN_KEY,
    OAuthApp,
)


def test_oauth_settings_switch_on_oauth_mode_and_stay_out_of_repr() -> None:
    settings = load_settings(OAUTH_ENV)
    assert settings.oauth_mode and settings.slack_bot_token is None
    shown = repr(settings)
    for secret in (CLIENT_SECRET, STATE_SECRET, TOKEN_KEY, SIGNING_SECRET):
        assert secret not in shown
        assert secret in secret_values(settings)


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"SLACK_CLIENT_SECRET": None}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_STATE_SECRET": None}, "SLACK_STATE_SECRET"),
        ({"TOKEN_ENCRYPTION_KEY": None}, "python -m bot new-key"),
        ({"TOKEN_ENCRYPTION_KEY": "too-short"}, "TOKEN_ENCRYPTION_KEY"),
        ({"TOKEN_ENCRYPTION_KEY": f"{TOKEN_KEY},not-a-key"}, "TOKEN_ENCRYPTION_KEY"),
        ({"SLACK_SIGNING_SECRET": None}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "not both"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN"),
        ({"SLACK_CLIENT_ID": None, "SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_CLIENT_ID is not"),
    ],
)
def test_a_half_configured_oauth_mode_names_what_is_missing(
    change: dict[str, str | None], names: str
) -> None:
    env = {**OAUTH_ENV, **change}
    with pytest.raises(ConfigError) as caught:
        load_settings({k: v for k, v in env.items() if v is not None})
    assert names in str(caught.value) and "\n" not in str(caught.value)


def test_new_key_prints_a_key_that_works() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["new-key"]) == 0
    key = out.getvalue().strip()
    keyring = Keyring(key)
    assert keyring.decrypt(keyring.encrypt("xoxb-æøå")) == "xoxb-æøå"
    assert key != new_key()


def test_the_scopes_asked_for_at_install_are_the_manifests() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert sorted(BOT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])


def _cli(
    app: OAuthApp, key: str, *args: str, module: str = "bot"
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TOKEN_"))}
    env.update(
        OAUTH_ENV,
        TOKEN_ENCRYPTION_KEY=key,
        DATABASE_URL=app.settings.database_url,
        SLACK_API_URL=app.fake.base_url,
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _ciphertexts(app: OAuthApp) -> list[str]:
    with app.engine.connect() as connection:
        return sorted(
            str(value)
            for table in ("slack_bots", "slack_installations")
            for (value,) in connection.execute(text(f"SELECT bot_token FROM {table}"))
        )


def test_rotating_the_key_keeps_every_workspace_working(oauth_app: OAuthApp) -> None:
    aarhus = oauth_app.install("T0AARHUS", "Aarhus Kommune")
    odense = oauth_app.install("T0ODENSE", "Odense Kommune")
    before = _ciphertexts(oauth_app)
    new = new_key()

    # Step 1: the new key first, the old one after it. Everything still reads.
    both = oauth_app.settings.with_overrides(token_encryption_key=f"{new},{TOKEN_KEY}")
    store = installation_store(both, oauth_app.engine)
    assert store.readable()
    assert store.latest_bot("T0AARHUS").bot_token == aarhus  # type: ignore[union-attr]

    # Step 2: `python -m bot rotate-keys` re-encrypts every stored token under the new key.
    done = _cli(oauth_app, f"{new},{TOKEN_KEY}", "rotate-keys")
    assert done.returncode == 0, done.stderr
    assert "Re-encrypted 4 stored secret(s)" in done.stdout  # two workspaces × two tables
    after = _ciphertexts(oauth_app)
    assert len(after) == 4 and not set(after) & set(before)
    assert all("xoxb-" not in value for value in after)

    # Step 3: the old key is dropped; the new one alone reads every token...
    only_new = installation_store(
        oauth_app.settings.with_overrides(token_encryption_key=new), oauth_app.engine
    )
    assert only_new.readable()
    assert only_new.latest_bot("T0ODENSE").bot_token == odense  # type: ignore[union-attr]
    # ...and a clock started with it runs the jobs for both workspaces.
    clock = _cli(oauth_app, new, "run", "channel-check", module="jobs")
    assert clock.returncode == 0, clock.stderr
    # The app built with the new key serves both workspaces with their own tokens.
    app = build_app(
        oauth_app.settings.with_overrides(token_encryption_key=new), engine=oauth_app.engine
    )
    client = app.runtime.client_for("T0AARHUS", app.client)
    assert client is not None and client.token == aarhus

    # The old key alone no longer reads anything: the clock stops with one clear line.
    stale = _cli(oauth_app, TOKEN_KEY, "run", "channel-check", module="jobs")
    assert stale.returncode == 2
    last = stale.stderr.strip().splitlines()[-1]
    assert last.startswith("Tværs cannot start: TOKEN_ENCRYPTION_KEY cannot decrypt")
    assert "Traceback" not in stale.stderr
    with pytest.raises(TokenKeyError):
        installation_store(oauth_app.settings, oauth_app.engine).latest_bot("T0AARHUS")


def test_rotating_without_the_old_key_changes_nothing(oauth_app: OAuthApp) -> None:
    oauth_app.install("T0AARHUS", "Aarhus Kommune")
    before = _ciphertexts(oauth_app)
    refused = _cli(oauth_app, new_key(), "rotate-keys")
    assert refused.returncode == 1
    assert "Nothing was changed" in refused.stderr and "TOKEN_ENCRYPTION_KEY" in refused.stderr
    assert _ciphertexts(oauth_app) == before


def test_a_bad_web_concurrency_stops_serve_with_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TOKEN_"))}
    env.update(
        OAUTH_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
        PYTHONPATH=str(ROOT),
        WEB_CONCURRENCY="zwei",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--no-scheduler"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last == "Tværs cannot start: WEB_CONCURRENCY must be a whole number from 1 to 64."
    assert "Traceback" not in done.stderr
