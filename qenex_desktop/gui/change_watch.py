"""Changes made outside this window (the CLI, a second window) reach its views within a second or two.

Every state change writes an audit entry, so once a second (on a worker, never the GUI thread)
the watcher reads the entries after the newest it has seen - a primary-key range, cheap at any
size - and announces what those written by *other* processes changed (``core.changes``): this
window's own changes were announced already, by the operation that made them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from qenex_desktop.core import changes
from qenex_desktop.core.changes import Changed

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.gui.operations import Operations

POLL_MS = 1000
#: A look that finds more entries than this (a large import elsewhere) refreshes everything.
MAX_ENTRIES = 1000


class ExternalChangeWatcher(QObject):
    def __init__(self, ops: Operations, parent: QObject | None = None, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.ops = ops
        self.core: QenexCore | None = None
        self._seen: int | None = None  # the newest entry id looked at
        self._looking = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.look)

    def watch(self, core: QenexCore) -> None:
        """Start on an opened core: from now on, entries other processes write are announced."""
        changes.own_entries.tracking = True
        # What this process wrote before now is at or below the baseline read next, or was written
        # to another ledger (a window opened before on another data dir): either way never "own"
        # again; kept, an old id would hide the other process's entry that reuses the number.
        changes.own_entries.forget()
        self.core = core
        self._seen = None
        self._timer.start()
        self.look()

    def stop(self) -> None:
        self._timer.stop()
        self.core = None

    def look(self) -> None:
        core = self.core
        if core is None or self._looking:
            return
        seen = self._seen
        ledger = str(core.db.path)
        self._looking = True

        def read() -> tuple[int, Changed]:
            with core.db.read() as session:
                if seen is None:
                    return core.audit.newest_id(session), Changed.NONE  # the baseline: from now on
                entries = core.audit.events_after(session, seen, limit=MAX_ENTRIES + 1)
            if not entries:
                return seen, Changed.NONE
            if len(entries) > MAX_ENTRIES:
                changes.own_entries.take(ledger, (entry_id for entry_id, _event in entries))
                return entries[-1][0], Changed.everything()
            return entries[-1][0], changes.foreign_changes(ledger, entries)

        self.ops.run(
            read,
            name="external changes",
            on_done=self._looked,
            on_error=self._failed,
            owner=self,
            quiet=True,
            background=True,
        )

    def _looked(self, result: tuple[int, Changed]) -> None:
        self._looking = False
        newest, changed = result
        self._seen = newest
        if changed:
            self.ops.changed.emit(changed)

    def _failed(self, _error: BaseException) -> None:
        self._looking = False  # a busy ledger or a closed core: the next tick tries again
