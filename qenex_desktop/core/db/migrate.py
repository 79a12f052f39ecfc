"""Bring a ledger file to the newest schema, on every start, safely from two processes at once."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from qenex_desktop.core.db.engine import Database
from qenex_desktop.core.errors import SchemaTooNewError


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
    """Upgrade under the write lock (BEGIN IMMEDIATE): a second process waits, then finds nothing to do.

    Foreign keys are off while migrations run and checked before commit, as SQLite's table-rebuild
    procedure says (https://www.sqlite.org/lang_altertable.html): Alembic's batch mode rebuilds a
    table by copy-and-drop, and with foreign keys on, dropping the old copy of a parent table would
    cascade-delete its children (every session and key of every profile, for ``profiles``).
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    with database.read_engine.connect() as connection:
        found = MigrationContext.configure(connection).get_current_revision()
    if found is not None and not _known(script, found):
        raise SchemaTooNewError(
            f"This ledger ({database.path}) was last opened by a newer QENEX Desktop (schema {found}); "
            "update the app to open it. Nothing was changed."
        )
    with database.write_engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction, so before BEGIN
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                before = MigrationContext.configure(connection).get_current_revision()
                command.upgrade(config, revision)
                if MigrationContext.configure(connection).get_current_revision() == before:
                    return  # nothing ran: skip the full-table check on every start
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(
                        f"migration to {revision} left {len(broken)} rows breaking a foreign key "
                        f"(first: {tuple(broken[0])}); nothing was changed"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False
