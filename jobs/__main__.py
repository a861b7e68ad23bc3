"""`python -m jobs` is the clock process; `python -m jobs run NAME [--at ISO]` runs one job now."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime


def main(argv: list[str] | None = None) -> int:
    """Run the clock, or one job."""
    from bot.config import ConfigError
    from jobs import JOBS

    parser = argparse.ArgumentParser(prog="python -m jobs", description="Tværs scheduled jobs")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run one job now and print what it did")
    run.add_argument("name", choices=sorted(JOBS))
    run.add_argument("--at", help="run as if it were this moment (ISO 8601 with offset)")
    args = parser.parse_args(argv)
    at = None
    if getattr(args, "at", None):
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            parser.error(f"--at must be ISO 8601, e.g. 2026-12-07T09:05:00+01:00; got {args.at!r}")
        if at.tzinfo is None:
            parser.error("--at needs a UTC offset, e.g. 2026-12-07T09:05:00+01:00")
        at = at.astimezone(UTC)
    try:
        from bot.bootstrap import prepare

        app, runtime = prepare()
        from jobs.scheduler import JobFailed, build_scheduler, run_job

        if args.command == "run":
            try:
                print(run_job(args.name, runtime, app.client, at))
            except JobFailed as exc:
                # Which workspaces failed, and why, is recorded for their admins (App Home).
                print(f"Tværs: {exc}", file=sys.stderr)
                return 1
            except Exception as exc:  # one line, no traceback: the message may quote data
                print(f"Tværs: job {args.name} failed ({type(exc).__name__})", file=sys.stderr)
                return 1
            return 0
        print("Tværs clock started; jobs: " + ", ".join(sorted(JOBS)), flush=True)
        build_scheduler(runtime, app.client, blocking=True).start()
        return 0
    except ConfigError as exc:
        print(f"Tværs cannot start: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
