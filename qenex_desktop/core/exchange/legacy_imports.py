"""Bringing the original QENEX programs' files in, and reading what they carried over (``legacy/``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.instrumentation import Instrumentation, operation

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.legacy import ImportReport, LegacyHistoryRecord


class LegacyImports:
    """``login`` is the login check (``SessionGate.check``); the importer runs its own units of work."""

    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        login: Callable[[], ActiveSession],
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self._login = login
        self.instrumentation = instrumentation

    @operation("exchange.import_legacy")
    def import_legacy(
        self, *, qenex_os_db: Path | None = None, defi_db: Path | None = None, dry_run: bool = False
    ) -> ImportReport:
        """Bring an original QENEX ``system.db`` and/or ``defi.db`` in, whole or not at all."""
        from qenex_desktop.core.exchange.legacy import LegacyImporter

        actor = self._login()
        importer = LegacyImporter(self.db, self.audit, self.clock)
        return importer.run(actor, qenex_os_db=qenex_os_db, defi_db=defi_db, dry_run=dry_run)

    def legacy_history(self, *, limit: int = 200, before_id: int | None = None) -> list[LegacyHistoryRecord]:
        """History carried over from the originals (read-only), newest first: rows about your
        imported profile and every row of the files you imported."""
        from qenex_desktop.core.exchange.legacy import read_history

        viewer = self._login()
        with self.db.read() as session:
            return read_history(session, viewer.profile_id, limit=limit, before_id=before_id)
