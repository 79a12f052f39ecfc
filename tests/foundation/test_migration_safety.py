"""A migration that rebuilds a parent table (Alembic batch mode on SQLite) must not cascade-delete
its children. SQLite's own procedure (https://www.sqlite.org/lang_altertable.html, "making other
kinds of table schema changes"): foreign keys off during the rebuild, ``foreign_key_check`` before
commit."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import Database, migrate
from qenex_desktop.core.db.models import LoginSession
from tests.conftest import STRONG_PASSWORD, make_core

REBUILD_MIGRATION = """
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profiles", recreate="always"):
        pass
{extra}

def downgrade() -> None:
    pass
"""

ORPHAN = """
    op.execute("INSERT INTO login_sessions (profile_id, token_hash, created_at, last_used_at, "
               "idle_timeout_s, expires_at) VALUES (424242, 'x', 0, 0, 1, 1)")
"""


def _scripts_with(tmp_path: Path, extra: str) -> Path:
    """A copy of the migrations with one more revision; point ``migrate.script_location`` at it."""
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(str(resources.files("qenex_desktop.core.db") / "migrations")), scripts)
    head = migrate.head_revision()
    (scripts / "versions" / "9999_rebuild_profiles.py").write_text(
        REBUILD_MIGRATION.format(head=head, extra=extra)
    )
    return scripts


def _sessions(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(LoginSession)) or 0


def test_rebuilding_a_parent_table_keeps_its_children(
    config: AppConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = make_core(config)
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    core.close()
    scripts = _scripts_with(tmp_path, "")
    monkeypatch.setattr(migrate, "script_location", lambda: scripts)
    database = Database(config.database_path)
    try:
        assert _sessions(database) == 1
        migrate.upgrade(database)
        assert migrate.current_revision(database) == "9999"
        assert _sessions(database) == 1  # DROP TABLE of the old copy cascaded before this fix
        with database.write_engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on after
    finally:
        database.dispose()


def test_a_migration_that_breaks_foreign_keys_is_rolled_back(
    config: AppConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_core(config).close()
    before = migrate.head_revision()
    scripts = _scripts_with(tmp_path, ORPHAN)
    monkeypatch.setattr(migrate, "script_location", lambda: scripts)
    database = Database(config.database_path)
    try:
        with pytest.raises(RuntimeError, match="foreign key"):
            migrate.upgrade(database)
        assert migrate.current_revision(database) == before
        assert _sessions(database) == 0
    finally:
        database.dispose()
