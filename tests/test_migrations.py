"""Migrations reach head, round-trip through base, and match the models exactly."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from bot.db import current_revisions, downgrade, migrate
from bot.models import Base, Workspace


def test_head_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_downgrade_to_base_and_back_up(engine: Engine) -> None:
    head = current_revisions(engine)
    assert head
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert current_revisions(engine) == head
    assert {t.name for t in Base.metadata.sorted_tables} <= set(inspect(engine).get_table_names())


def test_migrating_twice_is_harmless(engine: Engine) -> None:
    head = current_revisions(engine)
    migrate(engine)
    assert current_revisions(engine) == head


def test_a_non_editable_install_ships_every_migration() -> None:
    # Containers and buildpacks `pip install .`: the migrations are package data, not packages.
    import tomllib
    from pathlib import PurePosixPath

    from tests.conftest import ROOT

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["bot"]
    bot = ROOT / "bot"
    for path in (bot / "migrations").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = PurePosixPath(path.relative_to(bot).as_posix())
            # As setuptools globs them: `*` does not cross a folder.
            assert any(relative.match(p) for p in patterns), relative


def test_digest_claims_move_onto_the_delivery_ledger_and_back(engine: Engine) -> None:
    # A workspace whose clock posted October's digest and had November's refused once.
    downgrade(engine, "0016")
    with Session(engine) as session:  # the workspaces table is the same at 0016 and at head
        session.add(Workspace(team_id="T0MIG"))
        session.commit()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO digest_claims (team_id, channel_id, month, state, attempts, error, "
                "claimed_at, posted_at, message_ts) VALUES "
                "('T0MIG', 'C0DIR', '2026-10', 'sent', 1, NULL, :at, :at, '1700000000.000100'), "
                "('T0MIG', 'C0DIR', '2026-11', 'failed', 2, 'not_in_channel', :at, NULL, NULL)"
            ),
            {"at": datetime(2026, 11, 2, 7, tzinfo=UTC)},
        )
    migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                'SELECT "key", kind, state, attempts, error, channel_id, ts FROM deliveries '
                "WHERE team_id = 'T0MIG' ORDER BY \"key\""
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("digest:C0DIR:2026-10", "digest", "sent", 1, None, "C0DIR", "1700000000.000100"),
        ("digest:C0DIR:2026-11", "digest", "failed", 2, "not_in_channel", "C0DIR", None),
    ]
    assert "digest_claims" not in inspect(engine).get_table_names()
    downgrade(engine, "0016")
    with engine.connect() as connection:
        back = connection.execute(
            text(
                "SELECT channel_id, month, state, attempts, message_ts FROM digest_claims "
                "WHERE team_id = 'T0MIG' ORDER BY month"
            )
        ).all()
        left = connection.execute(text("SELECT COUNT(*) FROM deliveries")).scalar_one()
    assert [tuple(row) for row in back] == [
        ("C0DIR", "2026-10", "sent", 1, "1700000000.000100"),
        ("C0DIR", "2026-11", "failed", 2, None),
    ]
    assert left == 0
    migrate(engine)
