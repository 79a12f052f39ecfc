"""Bring a ledger file to the newest schema, on every start, safely from two processes at once."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from qenex_desktop.core.db.engine import Database


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("qenex_desktop.core.db") / "migrations"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    with database.read_engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> None:
    """Upgrade under the write lock (BEGIN IMMEDIATE): a second process waits, then finds nothing to do."""
    config = alembic_config()
    with database.write_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
