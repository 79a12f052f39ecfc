"""A second process on the same ledger, the way the GUI and the CLI share one file.

Run by ``multiprocessing`` (spawn) from test_database.py; reports back through a queue so the
test sees any error, in particular "database is locked", instead of a silent exit code.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit import Category
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.security.keyring_store import _plaintext_file_backend

PASSWORD = "lantern orbit velvet 42"


def run(data_dir: str, keyring_file: str, name: str, rounds: int, barrier: Any, results: Any) -> None:
    try:
        config = AppConfig(
            data_dir=Path(data_dir),
            keyring_file=Path(keyring_file),
            security=SecuritySettings(argon2=Argon2Parameters.fast_for_tests()),
        )
        barrier.wait(timeout=60)  # both open (and migrate) a fresh file at the same moment
        core = QenexCore(
            config, keyring_backend=_plaintext_file_backend(config.keyring_file), log_to_file=False
        )
        core.auth.create_profile(name, PASSWORD)
        barrier.wait(timeout=60)
        for index in range(rounds):
            core.auth.login(name, PASSWORD)
            with core.db.write() as session:
                core.audit.append(
                    session, category=Category.MONEY, event="test.write", actor=name, details={"n": index}
                )
            with core.db.read() as session:
                core.audit.entries(session, limit=5)
            core.auth.logout()
        core.close()
        results.put((name, "ok", ""))
    except BaseException as exc:  # report everything: the point is that nothing surfaces
        results.put((name, type(exc).__name__, f"{exc}\n{traceback.format_exc()}"))
