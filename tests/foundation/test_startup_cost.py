"""Opening a ledger that is already up to date stays cheap: the head revision is read from the
revision files (it must equal Alembic's), and Alembic and eth-utils are not imported for it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import Database, migrate
from tests.conftest import PROJECT_ROOT, make_core

NEXT_REVISION = """
revision: str = "{revision}"
down_revision: str | None = "{parent}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
"""


def _copy_of_migrations(tmp_path: Path) -> Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.script_location(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    return scripts


def _add_revision(scripts: Path, revision: str, parent: str) -> None:
    (scripts / "versions" / f"{revision}_next.py").write_text(
        NEXT_REVISION.format(revision=revision, parent=parent)
    )


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    assert migrate.known_head() == migrate.head_revision()


def test_a_new_revision_file_becomes_the_known_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = _copy_of_migrations(tmp_path)
    _add_revision(scripts, "9999", migrate.head_revision())
    monkeypatch.setattr(migrate, "script_location", lambda: scripts)
    assert migrate.known_head() == "9999" == migrate.head_revision()


def test_two_heads_leave_the_decision_to_alembic(tmp_path: Path) -> None:
    scripts = _copy_of_migrations(tmp_path)
    head = migrate.head_revision()
    _add_revision(scripts, "9998", head)
    _add_revision(scripts, "9999", head)
    assert migrate.known_head(scripts) is None


def test_a_revision_of_a_missing_file_leaves_the_decision_to_alembic(tmp_path: Path) -> None:
    scripts = _copy_of_migrations(tmp_path)
    _add_revision(scripts, "9999", "0404")
    assert migrate.known_head(scripts) is None


def test_a_ledger_behind_the_head_is_still_upgraded(
    config: AppConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_core(config).close()
    scripts = _copy_of_migrations(tmp_path)
    _add_revision(scripts, "9999", migrate.head_revision())
    monkeypatch.setattr(migrate, "script_location", lambda: scripts)
    database = Database(config.database_path)
    try:
        migrate.upgrade(database)
        assert migrate.stored_revisions(database) == ["9999"]
        assert migrate.current_revision(database) == "9999"
    finally:
        database.dispose()


OPEN_AND_REPORT = """
import json, sys
from pathlib import Path
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
core = QenexCore(AppConfig.load(Path(sys.argv[1])))
session = core.auth.current_session()
core.close()
print(json.dumps({m: m in sys.modules for m in ("alembic", "eth_utils", "web3", "eth_account")}))
"""


def test_opening_an_up_to_date_ledger_imports_neither_alembic_nor_eth_utils(config: AppConfig) -> None:
    make_core(config).close()  # created and migrated to the head
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_REPORT, str(config.data_dir)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert imported == {"alembic": False, "eth_utils": False, "web3": False, "eth_account": False}
