"""Config fails fast with one clear line, and never shows secrets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.config import ConfigError, load_settings, secret_values
from tests.conftest import ROOT

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-abc", "SLACK_SIGNING_SECRET": "s3cr3t-signing"}


def test_defaults_fill_everything_but_the_slack_secrets() -> None:
    settings = load_settings(GOOD)
    assert settings.database_url == "sqlite:///tvaers.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert (settings.port, settings.language, settings.timezone) == (
        3000,
        "da",
        "Europe/Copenhagen",
    )
    assert not settings.socket_mode


def test_repr_hides_every_secret() -> None:
    env = {**GOOD, "DATABASE_URL": "postgresql+psycopg://tv:pw-hemmelig@db:5432/tvaers"}
    settings = load_settings(env)
    shown = repr(settings)
    for secret in ("xoxb-1-abc", "s3cr3t-signing", "pw-hemmelig"):
        assert secret not in shown
    assert "pw-hemmelig" in secret_values(settings)
    assert "pw-hemmelig" not in settings.safe_database_url


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({**GOOD, "SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({**GOOD, "PORT": "eighty"}, "PORT"),
        ({**GOOD, "BOT_LANGUAGE": "de"}, "BOT_LANGUAGE"),
        ({**GOOD, "BOT_TIMEZONE": "Europe/Tvaerby"}, "BOT_TIMEZONE"),
        ({**GOOD, "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({**GOOD, "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({**GOOD, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({**GOOD, "SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({**GOOD, "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_ID"),
    ],
)
def test_a_bad_setting_names_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    message = str(caught.value)
    assert names in message
    assert "\n" not in message


def test_socket_mode_needs_no_signing_secret() -> None:
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1-x"})
    assert settings.socket_mode


def test_heroku_style_postgres_url_gets_the_psycopg_driver() -> None:
    settings = load_settings({**GOOD, "DATABASE_URL": "postgres://u:p@h:5432/d"})
    assert settings.database_url.startswith("postgresql+psycopg://")


def test_api_url_gets_its_trailing_slash() -> None:
    settings = load_settings({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"


def test_dotenv_never_overrides_the_real_environment(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file\n")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    settings = load_settings(dotenv_path=tmp_path / ".env")
    assert settings.slack_bot_token == "xoxb-from-env"
    assert settings.slack_signing_secret == "file"


def test_starting_without_a_token_prints_one_line_and_exits_non_zero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,  # no .env here
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "SLACK_BOT_TOKEN" in lines[0] and "Traceback" not in result.stderr


def test_every_setting_read_is_documented_in_env_example_and_readme() -> None:
    import re

    source = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r'\(env, "([A-Z_]+)"', source)) | {"WEB_CONCURRENCY", "WEB_THREADS"}
    assert {"SLACK_CLIENT_ID", "TOKEN_ENCRYPTION_KEY", "RETENTION_MONTHS"} <= names
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in sorted(names):
        assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), f".env.example lacks {name}"
        assert f"`{name}`" in readme, f"the README's settings do not explain {name}"
