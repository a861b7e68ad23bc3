"""gunicorn settings for the `web` process (Procfile); override any with GUNICORN_CMD_ARGS."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '3000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "8"))
worker_class = "gthread"
timeout = 30
accesslog = None  # request lines carry no user text, but nothing needs them either


def on_starting(server):  # type: ignore[no-untyped-def]
    """Migrate once in the master before any worker starts serving."""
    from bot.__main__ import migrate_from_env

    migrate_from_env()
