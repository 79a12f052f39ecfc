"""The core as one object: what the GUI and the CLI hold and call.

Subsystems that pull in heavy imports (web3 for the chain) are built on first use, so a quick
CLI command does not pay for them; each is built exactly once even when several threads touch it
first at the same time (``built_once``: the GUI's workers do, and one wallet means Lock wipes every key).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from qenex_desktop.core import db as _db
from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.audit_trail import AuditTrail
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.clock import Clock, SystemClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import migrate
from qenex_desktop.core.instrumentation import Instrumentation, SampleBuffer
from qenex_desktop.core.logging_setup import configure_file_logging
from qenex_desktop.core.once import built_once
from qenex_desktop.core.private_files import tighten_tree
from qenex_desktop.core.security.keyring_store import PlaintextFile, SessionTokenStore, select_backend

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from qenex_desktop.core.chain.node import LocalNodeManager
    from qenex_desktop.core.chain.service import ChainService
    from qenex_desktop.core.contacts.book import ContactBook
    from qenex_desktop.core.exchange.service import ExchangeService
    from qenex_desktop.core.keys.service import WalletService
    from qenex_desktop.core.monitoring.service import MonitoringService

_log = logging.getLogger(__name__)


class QenexCore:
    def __init__(
        self,
        config: AppConfig,
        *,
        clock: Clock | None = None,
        keyring_backend: KeyringBackend | PlaintextFile | None = None,
        run_migrations: bool = True,
        log_to_file: bool = True,
        defer_monitoring: bool = False,
    ) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        tighten_tree(config.data_dir)  # ledger, logs, node records: the user's only (0700 / 0600)
        if log_to_file:
            configure_file_logging(config.log_dir)
        self.db = _db.Database(config.database_path, config.database)
        if run_migrations:
            migrate.upgrade(self.db)
        self.instrumentation = Instrumentation(self.clock)
        self.audit = AuditLog(self.clock)
        #: The audit log as the GUI and the CLI read it (pages, verify, export).
        self.audit_trail = AuditTrail(self.db, self.audit)
        self._keyring_backend = keyring_backend
        #: ``defer_monitoring`` (the CLI): operations are kept here until the monitoring core is
        #: built, then handed to it; ``close()`` builds it only when there are some. A command that
        #: runs no operation (a balance, a list) never imports the monitoring core.
        self._early_samples: SampleBuffer | None = None
        if defer_monitoring:
            self._early_samples = SampleBuffer()
            self.instrumentation.subscribe(self._early_samples)

    @built_once
    def token_store(self) -> SessionTokenStore:
        backend = self._keyring_backend or select_backend(self.config.keyring_file)
        return SessionTokenStore(backend, self.config.data_dir)

    @built_once
    def auth(self) -> AuthService:
        service = AuthService(
            self.db, self.audit, self.clock, self.config.security, self.token_store, self.instrumentation
        )
        service.password_change_hooks.append(self._reseal_wallet_keys)
        return service

    def _reseal_wallet_keys(
        self, session: Session, profile_id: int, old_password: str, new_password: str
    ) -> None:
        """Password-change hook: the wallet's keys are re-encrypted in the same transaction."""
        from qenex_desktop.core.keys.crypto import wipe
        from qenex_desktop.core.keys.sealing import reseal_profile_secrets

        opened = reseal_profile_secrets(
            session, profile_id, old_password, new_password, self.config.security.argon2, self.clock.now_ms()
        )
        if opened is None:
            return
        wallet = self.__dict__.get("wallet")
        if wallet is not None:
            wallet.rekey_after_commit(session, opened)
        else:
            wipe(opened.key)

    @built_once
    def wallet(self) -> WalletService:
        """Keys: create/import/export, unlock/lock (the GUI locks it on auto-lock and Ctrl+L)."""
        from qenex_desktop.core.keys.service import WalletService

        return WalletService(
            self.db, self.audit, self.clock, self.auth, self.config.security.argon2, self.instrumentation
        )

    @built_once
    def contacts(self) -> ContactBook:
        """The address book and transaction labels (BIP-329 in ``core.contacts.bip329``)."""
        from qenex_desktop.core.contacts.book import ContactBook

        return ContactBook(self.db, self.audit, self.clock, self.auth, self.instrumentation)

    @built_once
    def chain(self) -> ChainService:
        """Networks, balances, sends, transaction tracking, history, QXC deploy (web3; built on first use)."""
        from qenex_desktop.core.chain.service import ChainService

        return ChainService(self.db, self.audit, self.clock, self.auth, self.wallet, self.instrumentation)

    @built_once
    def node(self) -> LocalNodeManager:
        """The local Hardhat node of the embedded defaults: ``ensure_running()``, ``status()``, ``stop()``."""
        from qenex_desktop.core.chain.node import LocalNodeManager

        return LocalNodeManager(self.config.data_dir, self.chain, self.instrumentation)

    @built_once
    def exchange(self) -> ExchangeService:
        """The local exchange: tokens, ledger accounts, pools, swaps, liquidity, price history."""
        from qenex_desktop.core.exchange.service import ExchangeService

        return ExchangeService(self.db, self.audit, self.clock, self.auth, self.instrumentation)

    @built_once
    def monitoring(self) -> MonitoringService:
        """Metrics, system samples, health checks, analytics; recording starts when this is built."""
        from qenex_desktop.core.monitoring.service import MonitoringService

        service = MonitoringService(
            self.db,
            self.audit,
            self.clock,
            self.instrumentation,
            token_store=lambda: self.token_store,
            chain=lambda: self.chain,
            chain_ready=lambda: "chain" in self.__dict__,
            active_profile=lambda: self.auth.require_session().profile_id,
        )
        early, self._early_samples = self._early_samples, None
        if early is not None:
            self.instrumentation.unsubscribe(early)
            for sample in early.samples:
                service.recorder(sample)
        return service

    def require_session(self) -> ActiveSession:
        return self.auth.require_session()

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.db)

    def close(self) -> None:
        if self._early_samples is not None and self._early_samples.samples:
            _ = self.monitoring  # the deferred operations are recorded after all
        monitoring = self.__dict__.get("monitoring")
        if monitoring is not None:
            monitoring.close()  # writes the buffered metric points before the ledger closes
        wallet = self.__dict__.get("wallet")
        if wallet is not None:
            wallet.lock()
        self.db.dispose()
