"""Migrations reach head, round-trip through base, and match the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from bot.db import current_revisions, downgrade, migrate
from bot.models import Base


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
