"""Alembic environment: migrations run on a connection handed over by bot.db.migrate()."""

from alembic import context
from sqlalchemy import create_engine

from bot.models import Base

target_metadata = Base.metadata


def run() -> None:
    """Run migrations on the given connection (or on sqlalchemy.url for the alembic CLI)."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
        with engine.begin() as own_connection:
            _run_on(own_connection)
        return
    _run_on(connection)


def _run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # Batch mode rewrites ALTERs as copy-and-move on SQLite, which cannot ALTER much.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
