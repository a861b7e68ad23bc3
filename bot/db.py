"""Engine, session factory and migrations for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# An arbitrary constant: every Tværs process takes this PostgreSQL advisory lock to migrate,
# so a web worker and the clock starting together do not run the same migration twice.
_MIGRATION_LOCK_ID = 0x7476_6165_7273
_BUSY_TIMEOUT_S = 10.0


def make_engine(url: str, **overrides: Any) -> Engine:
    """Create an engine with the settings each backend needs to be safe under concurrency."""
    backend = make_url(url).get_backend_name()
    # Statement parameters stay out of error messages, and so out of logs: they hold user text.
    kwargs: dict[str, Any] = {"hide_parameters": True}
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": 15, "check_same_thread": False}
    elif backend == "postgresql":
        # A server restart leaves dead pooled connections; test each one before use.
        kwargs["pool_pre_ping"] = True
        # Fail fast when the database is down, so a user gets an answer within Slack's 3 s.
        kwargs["connect_args"] = {"connect_timeout": 2}
        # At least as many connections as a worker has threads (WEB_THREADS, 8): under load a
        # smaller pool opens and closes overflow connections for every burst.
        kwargs.update(pool_size=10, max_overflow=10, pool_timeout=2, pool_recycle=1800)
    kwargs.update(overrides)
    if backend == "sqlite":
        _private_sqlite_file(url)
    engine = create_engine(url, **kwargs)
    if backend == "sqlite":
        _SqliteWriterQueue(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 module begins transactions lazily and on its own terms, which breaks
    # SAVEPOINTs; taking transaction control lets SQLAlchemy emit BEGIN itself (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers and one writer work at once; busy_timeout waits for the writer lock
    # instead of failing at once; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(_BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten with zeros, not just unlinked: erased text must be gone
    # from the file's bytes, not only from queries.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class _SqliteWriterQueue:
    """Serialise this process's SQLite writes in-process, first come first served; reads wait
    on nothing.

    SQLite has one writer at a time. A transaction begins IMMEDIATE, taking the writer lock,
    at its first statement that writes (or its first savepoint), so a writer never fails
    half-way with "database is locked" when two try to upgrade a read lock at once. Until then
    each read runs on its own (WAL: it sees the last commit and waits for no writer), which is
    what PostgreSQL's READ COMMITTED gives the same code. Waiting on SQLite's own busy handler
    sleeps in growing steps (up to 100 ms), which makes a long tail under load; threads of one
    process queue on a lock instead and are woken at once. Other processes on the same file
    still wait through busy_timeout.
    """

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", self.begin)
        event.listen(engine, "before_cursor_execute", self.before_statement)
        event.listen(engine, "commit", self.end)
        event.listen(engine, "rollback", self.end)

    def begin(self, connection: Any) -> None:
        # Nothing yet: reads before the first write take no lock (before_statement).
        connection.info["tvaers_tx"] = "reading"

    def before_statement(
        self,
        connection: Any,
        cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if connection.info.get("tvaers_tx") != "reading" or _reads_only(statement):
            return
        # A leaked transaction must not freeze the process: after the busy timeout, go ahead
        # and let SQLite's own lock decide.
        acquired = self._lock.acquire(timeout=_BUSY_TIMEOUT_S)
        connection.info["tvaers_writer"] = acquired
        connection.info["tvaers_tx"] = "writing"
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.end(connection)
            raise

    def end(self, connection: Any) -> None:
        connection.info.pop("tvaers_tx", None)
        if connection.info.pop("tvaers_writer", False):
            self._lock.release()


def _reads_only(statement: str) -> bool:
    """A plain SELECT; anything else (a write, a savepoint, a WITH …) begins the writer."""
    return statement.lstrip()[:6].upper() == "SELECT"


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file (and its WAL and shared-memory files) readable by this user only."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        # Created empty here, private; SQLite gives its -wal and -shm files the main file's
        # permissions. A file from an older version is made private too.
        path.touch(mode=0o600, exist_ok=True)
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if name.exists():
                name.chmod(0o600)
    except OSError:  # e.g. a missing folder or a read-only mount: SQLite says what is wrong
        log.warning("could not make the database file private")


def forget_erased(session: Session, *tables: str) -> None:
    """Commit an erasure, then make the erased rows unreadable from the database's files too.

    SQLite (with secure_delete) has zeroed the rows in the pages it wrote; a TRUNCATE
    checkpoint copies those pages into the main file and empties the WAL, whose older frames
    still hold the text. PostgreSQL keeps dead row versions until VACUUM removes them; VACUUM
    cannot run inside a transaction, so it runs on its own connection (all tables when none
    are named). What PostgreSQL still keeps after that is in docs/privacy.md.
    """
    session.commit()
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        engine = engine.engine
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            busy, _log, _done = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if busy:
            log.warning("the WAL checkpoint after an erasure was blocked; it runs at the next one")
    elif engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables or ("",):
                connection.exec_driver_sql(f"VACUUM {table}".strip())


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on error, always close."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (the newest by default); safe from several processes."""
    from alembic import command

    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID}
            )
        command.upgrade(_alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema to `revision` ("base" removes every table)."""
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), revision)


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """The schema revisions the database is at (empty when it was never migrated)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))


def ping(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not healthy"; the caller only needs a yes/no
        log.warning("database ping failed", exc_info=False)
        return False
