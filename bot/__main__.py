"""Command line: `python -m bot [serve|migrate|demo|import-org|export-org|import-effect|new-key|
rotate-keys] ...`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.app import installation_store
from bot.bootstrap import migrate_from_env, prepare
from bot.bootstrap import settings_from_env as _settings
from bot.config import ConfigError
from bot.db import make_engine, migrate
from bot.logs import setup_logging

log = logging.getLogger("bot")


def _check_token(app: App) -> None:
    try:
        identity = app.client.auth_test()
    except SlackApiError as exc:
        raise ConfigError(
            f"Slack refused SLACK_BOT_TOKEN ({exc.response.get('error')}); copy a fresh Bot User "
            "OAuth Token from api.slack.com/apps → OAuth & Permissions."
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot reach Slack at SLACK_API_URL ({exc}).") from None
    log.info("connected to workspace %s as %s", identity.get("team"), identity.get("user"))


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the bot: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on $PORT."""
    # Checks WEB_CONCURRENCY and WEB_THREADS (one clear line) before anything starts, and before
    # gunicorn reads WEB_CONCURRENCY itself.
    from bot import gunicorn_conf

    app, runtime = prepare()
    settings = runtime.settings
    if settings.oauth_mode:
        log.info("OAuth mode: workspaces install Tværs at /slack/install")
    else:
        _check_token(app)
    scheduler = None
    if not args.no_scheduler:
        from jobs.scheduler import build_scheduler

        scheduler = build_scheduler(runtime, app.client)
    if settings.socket_mode:
        from bot.socket_mode import SocketModeRunner

        assert settings.slack_app_token is not None
        runner = SocketModeRunner(
            app, settings.slack_app_token, scheduler=scheduler, health_port=settings.port
        )
        return runner.run()
    from gunicorn.app.base import BaseApplication

    from bot.wsgi import create_wsgi_app

    wsgi = create_wsgi_app(app)
    # With the scheduler in this process, one worker runs it exactly once; without it (a
    # separate clock runs the jobs) as many workers as WEB_CONCURRENCY asks for.
    workers = 1 if scheduler is not None else gunicorn_conf.workers

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"0.0.0.0:{settings.port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", gunicorn_conf.threads)
            self.cfg.set("worker_class", gunicorn_conf.worker_class)
            self.cfg.set("timeout", gunicorn_conf.timeout)
            # The app was built (and the database checked) before forking: each worker must
            # open its own database connections, never share the parent's.
            self.cfg.set("post_fork", lambda _server, _worker: runtime.engine.dispose(close=False))
            if scheduler is not None:
                self.cfg.set("post_worker_init", lambda _worker: scheduler.start())

        def load(self):  # type: ignore[no-untyped-def]
            return wsgi

    log.info(
        "serving HTTP on port %s at POST /slack/events (%d worker(s) × %d threads)",
        settings.port,
        workers,
        gunicorn_conf.threads,
    )
    _Server().run()
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Migrate the database to the newest schema."""
    migrate_from_env()
    return 0


def cmd_import_org(args: argparse.Namespace) -> int:
    """Import the organisation from a YAML file."""
    from bot.db import make_session_factory, session_scope
    from bot.services.org_import import OrgFileError, apply_org, format_report, parse_org_file
    from bot.slack_client import email_lookup, make_client

    settings = _settings(require_slack=False)
    path = Path(args.file)
    try:
        spec = parse_org_file(path.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"Cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    except OrgFileError as exc:
        print(f"{path} was not imported; nothing was changed:", file=sys.stderr)
        for error in exc.errors:
            print(f"  {path.name}: {error}", file=sys.stderr)
        return 1
    engine = make_engine(settings.database_url)
    migrate(engine)
    team_id = spec.team_id
    client = None
    if settings.oauth_mode:
        if team_id is None:
            raise ConfigError(
                "the file has no workspace.team_id: in OAuth mode every workspace has its own "
                "organisation, so name it in the file (workspace: team_id: T…)."
            )
        bot = installation_store(settings, engine).latest_bot(team_id)
        if bot is None:
            print(
                f"{team_id} has not installed Tværs yet: e-mail addresses are not looked up.",
                file=sys.stderr,
            )
        else:
            client = make_client(settings, token=bot.bot_token)
    elif settings.slack_bot_token:
        client = make_client(settings)
        try:
            token_team = str(client.auth_test()["team_id"])
        except SlackApiError as exc:
            raise ConfigError(
                f"Slack refused SLACK_BOT_TOKEN ({exc.response.get('error')}); nothing was changed."
            ) from None
        except OSError as exc:
            raise ConfigError(f"cannot reach Slack at SLACK_API_URL ({exc}).") from None
        if team_id is not None and team_id != token_team:
            # Imported anyway, the organisation would sit in a workspace no one sees.
            print(
                f"{path} was not imported; nothing was changed: its workspace team_id {team_id} "
                f"is not SLACK_BOT_TOKEN's workspace {token_team} (leave team_id out).",
                file=sys.stderr,
            )
            return 1
        team_id = token_team
    if team_id is None:
        raise ConfigError(
            "the file has no workspace.team_id, and SLACK_BOT_TOKEN is not set to look it up."
        )
    lookup = email_lookup(client) if client is not None else None
    with session_scope(make_session_factory(engine)) as session:
        report = apply_org(session=session, spec=spec, team_id=team_id, lookup_email=lookup)
    print(format_report(report))
    return 0


def cmd_export_org(args: argparse.Namespace) -> int:
    """Write the organisation in the import-org YAML format (to a file or stdout)."""
    from sqlalchemy import select

    from bot.db import make_session_factory, session_scope
    from bot.models import Workspace
    from bot.services.org_export import ExportError, export_org

    settings = _settings(require_slack=False)
    engine = make_engine(settings.database_url)
    migrate(engine)
    with session_scope(make_session_factory(engine)) as session:
        team_id = args.team_id
        if team_id is None:
            teams = list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))
            if len(teams) != 1:
                known = ", ".join(teams) or "none"
                print(
                    f"Name the workspace with --team-id (workspaces in the database: {known}).",
                    file=sys.stderr,
                )
                return 2
            team_id = teams[0]
        try:
            text = export_org(session=session, team_id=team_id)
        except ExportError as exc:
            print(f"Nothing exported: {exc}.", file=sys.stderr)
            return 2
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Wrote the organisation of {team_id} to {args.out}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import_effect(args: argparse.Namespace) -> int:
    """Import effect indicator values (goal, indicator, month, value) from a CSV file."""
    from sqlalchemy import select

    from bot.db import make_session_factory, session_scope
    from bot.models import Workspace
    from bot.services.effect import EffectFileError, format_effect_report, import_effect

    settings = _settings(require_slack=False)
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        print(f"Cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"{path} is not UTF-8 text; save it as CSV UTF-8 and try again.", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    migrate(engine)
    with session_scope(make_session_factory(engine)) as session:
        workspaces = {w.team_id: w for w in session.scalars(select(Workspace))}
        team_id = args.team_id
        if team_id is None and len(workspaces) == 1:
            team_id = next(iter(workspaces))
        if team_id not in workspaces:
            known = ", ".join(sorted(workspaces)) or "none; import the organisation first"
            print(f"Name the workspace with --team-id (workspaces: {known}).", file=sys.stderr)
            return 2
        tz = workspaces[team_id].timezone or settings.timezone
        try:
            report = import_effect(session=session, team_id=team_id, text=text, tz=tz)
        except EffectFileError as exc:
            print(f"{path} was not imported; nothing was changed:", file=sys.stderr)
            for error in exc.errors:
                print(f"  {path.name}: {error}", file=sys.stderr)
            return 1
    print(format_effect_report(report))
    return 0


def cmd_new_key(_args: argparse.Namespace) -> int:
    """Print a fresh key for TOKEN_ENCRYPTION_KEY."""
    from bot.installations import new_key

    print(new_key())
    return 0


def cmd_rotate_keys(_args: argparse.Namespace) -> int:
    """Re-encrypt every stored Slack token with the first key in TOKEN_ENCRYPTION_KEY."""
    from bot.installations import TokenKeyError

    settings = _settings(require_slack=False)
    if not settings.oauth_mode or not settings.token_encryption_key:
        raise ConfigError(
            "rotate-keys needs SLACK_CLIENT_ID and TOKEN_ENCRYPTION_KEY (new key first, then the "
            "old one: TOKEN_ENCRYPTION_KEY=new,old)."
        )
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        count = installation_store(settings, engine).rotate_keys()
    except TokenKeyError as exc:
        print(f"Nothing was changed: {exc}.", file=sys.stderr)
        return 1
    print(
        f"Re-encrypted {count} stored secret(s) with the first key in TOKEN_ENCRYPTION_KEY. "
        "Once every process runs with the new key first, the old key can be removed."
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the offline demo against the local stand-in for Slack.

    The demo and the stand-in live in sandbox/, beside the product: they are in a source
    checkout, not in the installed package (this is the one place bot/ imports them).
    """
    try:
        from sandbox.demo import run_demo
    except ModuleNotFoundError as exc:
        if exc.name not in ("sandbox", "sandbox.demo"):
            raise
        print(
            "The demo runs from a source checkout of Tværs: run `python -m bot demo` in the "
            "repository's root folder.",
            file=sys.stderr,
        )
        return 2

    setup_logging("WARNING")
    out = run_demo(Path(args.out) if args.out else None, socket_mode=args.socket_mode)
    print(f"The demo is written to {out} (start with {out / 'README.md'}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Tværs Slack bot")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="run the bot (default)")
    serve.add_argument("--no-scheduler", action="store_true", help="leave jobs to `python -m jobs`")
    sub.add_parser("migrate", help="migrate the database to the newest schema")
    demo = sub.add_parser("demo", help="run the offline demo (no Slack needed)")
    demo.add_argument("--out", help="folder for what each person saw (default: a new temp folder)")
    demo.add_argument(
        "--socket-mode", action="store_true", help="reach the bot over Socket Mode instead of HTTP"
    )
    imp = sub.add_parser("import-org", help="import units, people and goals from a YAML file")
    imp.add_argument("file")
    exp = sub.add_parser("export-org", help="write the organisation as an import-org YAML file")
    exp.add_argument("--out", help="file to write (default: standard output)")
    exp.add_argument("--team-id", help="workspace to export (needed when there are several)")
    eff = sub.add_parser(
        "import-effect", help="import effect indicator values (goal, indicator, month, value)"
    )
    eff.add_argument("file")
    eff.add_argument("--team-id", help="workspace to import into (needed when there are several)")
    sub.add_parser("new-key", help="print a new key for TOKEN_ENCRYPTION_KEY")
    sub.add_parser(
        "rotate-keys", help="re-encrypt stored tokens with the first key in TOKEN_ENCRYPTION_KEY"
    )
    args = parser.parse_args(argv)
    command = args.command or "serve"
    if command == "serve" and not hasattr(args, "no_scheduler"):
        args.no_scheduler = False
    handler = {
        "serve": cmd_serve,
        "migrate": cmd_migrate,
        "demo": cmd_demo,
        "import-org": cmd_import_org,
        "export-org": cmd_export_org,
        "import-effect": cmd_import_effect,
        "new-key": cmd_new_key,
        "rotate-keys": cmd_rotate_keys,
    }[command]
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"Tværs cannot start: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
