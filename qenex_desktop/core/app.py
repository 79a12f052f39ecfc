"""The core as one object: what the GUI and the CLI hold and call.

Subsystems that pull in heavy imports (web3 for the chain) are built on first use, so a quick
CLI command does not pay for them.
"""

from __future__ import annotations

import logging
from functools import cached_property

from keyring.backend import KeyringBackend

from qenex_desktop.core import db as _db
from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.clock import Clock, SystemClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import migrate
from qenex_desktop.core.instrumentation import Instrumentation
from qenex_desktop.core.logging_setup import configure_file_logging
from qenex_desktop.core.security.keyring_store import SessionTokenStore, select_backend

_log = logging.getLogger(__name__)


class QenexCore:
    def __init__(
        self,
        config: AppConfig,
        *,
        clock: Clock | None = None,
        keyring_backend: KeyringBackend | None = None,
        run_migrations: bool = True,
        log_to_file: bool = True,
    ) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        config.data_dir.mkdir(parents=True, exist_ok=True)
        if log_to_file:
            configure_file_logging(config.log_dir)
        self.db = _db.Database(config.database_path, config.database)
        if run_migrations:
            migrate.upgrade(self.db)
        self.instrumentation = Instrumentation(self.clock)
        self.audit = AuditLog(self.clock)
        self._keyring_backend = keyring_backend

    @cached_property
    def token_store(self) -> SessionTokenStore:
        backend = self._keyring_backend or select_backend(self.config.keyring_file)
        return SessionTokenStore(backend, self.config.data_dir)

    @cached_property
    def auth(self) -> AuthService:
        return AuthService(
            self.db, self.audit, self.clock, self.config.security, self.token_store, self.instrumentation
        )

    def require_session(self) -> ActiveSession:
        return self.auth.require_session()

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.db)

    def close(self) -> None:
        self.db.dispose()
