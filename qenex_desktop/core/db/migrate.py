"""Bring a ledger file to the newest schema, on every start, safely from two processes at once.

Alembic (with its DDL dialects, ~130 ms to import) is loaded only when there is work for it: a
ledger already at the newest revision is recognised by one query and a look at the revision
files (``known_head``), so opening it costs no Alembic import.
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from qenex_desktop.core.db.engine import Database
from qenex_desktop.core.errors import SchemaTooNewError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory


def script_location() -> Path:
    """The migrations directory (``env.py``, ``versions/``); tests point it at a copy."""
    return Path(str(resources.files("qenex_desktop.core.db") / "migrations"))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    return config


def head_revision() -> str:
    """The newest revision as Alembic computes it (imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_head(location: Path | None = None) -> str | None:
    """The newest revision read from the revision files without importing Alembic, or None when
    that is not certain (a file it cannot read, a branch, a cycle); the caller then asks Alembic.

    Reads each ``versions/*.py`` file's module-level ``revision = "..."`` and ``down_revision = ...``
    literals (the form ``alembic revision`` writes); the head is the one revision no other revises.
    """
    versions = (location or script_location()) / "versions"
    parents: dict[str, str | None] = {}
    try:
        files = sorted(versions.glob("*.py"))
        for path in files:
            if path.name == "__init__.py":
                continue
            found = _revision_literals(path.read_text(encoding="utf-8"))
            if found is None or found[0] in parents:
                return None
            parents[found[0]] = found[1]
    except (OSError, SyntaxError, ValueError):
        return None
    heads = set(parents) - {parent for parent in parents.values() if parent is not None}
    if len(heads) != 1:
        return None
    (head,) = heads
    seen: set[str] = set()  # one line of history: walking down from the head meets every file
    current: str | None = head
    while current is not None:
        if current in seen or current not in parents:
            return None  # a cycle, or a revision that revises one with no file
        seen.add(current)
        current = parents[current]
    return head if len(seen) == len(parents) else None


def _revision_literals(source: str) -> tuple[str, str | None] | None:
    values: dict[str, object] = {}
    for node in ast.parse(source).body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id in {"revision", "down_revision"} and value is not None:
            values[target.id] = ast.literal_eval(value)
    revision, parent = values.get("revision"), values.get("down_revision", ...)
    if not isinstance(revision, str) or not (parent is None or isinstance(parent, str)):
        return None  # a merge (tuple of parents) or something unusual: let Alembic decide
    return revision, parent


def stored_revisions(database: Database) -> list[str]:
    """The rows of ``alembic_version`` (none for a new ledger), by one query, without Alembic."""
    with database.read_engine.connect() as connection:
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if exists is None:
            return []
        return [str(row[0]) for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]


def current_revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.read_engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> None:
    """Upgrade under the write lock (BEGIN IMMEDIATE): a second process waits, then finds nothing to do.

    Foreign keys are off while migrations run and checked before commit, as SQLite's table-rebuild
    procedure says (https://www.sqlite.org/lang_altertable.html): Alembic's batch mode rebuilds a
    table by copy-and-drop, and with foreign keys on, dropping the old copy of a parent table would
    cascade-delete its children (every session and key of every profile, for ``profiles``).

    A ledger already at the head (one row in ``alembic_version``, equal to ``known_head``) returns
    at once without importing Alembic; anything else takes Alembic's path below.
    """
    if revision == "head":
        head = known_head()
        if head is not None and stored_revisions(database) == [head]:
            return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

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
    from alembic.util.exc import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False
