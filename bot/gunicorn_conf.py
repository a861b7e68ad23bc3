"""gunicorn settings. `python -m bot serve` (the Procfile's web) takes workers, threads and the
timeout from here; `gunicorn -c python:bot.gunicorn_conf bot.wsgi:app` uses all of it."""

import os


def _count(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip() or str(default)
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise SystemExit(f"Tværs cannot start: {name} must be a whole number from 1 to 64.")
    return int(text)


bind = f"0.0.0.0:{os.environ.get('PORT', '3000')}"
workers = _count("WEB_CONCURRENCY", 2)
threads = _count("WEB_THREADS", 8)
worker_class = "gthread"
timeout = 30
accesslog = None  # request lines carry no user text, but nothing needs them either


def on_starting(server):  # type: ignore[no-untyped-def]
    """Migrate once in the master before any worker starts serving."""
    from bot.bootstrap import migrate_from_env

    migrate_from_env()
