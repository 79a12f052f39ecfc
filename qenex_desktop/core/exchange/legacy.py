"""Import of the original QENEX databases (filled in below)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.errors import LegacyImportError


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


class LegacyImporter:
    def __init__(self, database: Database, audit: AuditLog, clock: Clock) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock

    def run(
        self, actor: ActiveSession, *, qenex_os_db: Path | None, defi_db: Path | None, dry_run: bool
    ) -> ImportReport:
        raise LegacyImportError("Not available yet.")
