"""Background operations: every core call the GUI makes goes through here.

A widget asks ``ops.run(call, on_done=..., trigger=button)``; the call runs on a worker thread of
a QThreadPool (the network, Argon2 and long queries never run on the GUI thread), the result or
the error comes back by a queued signal on the GUI thread, the triggering widget is disabled
meanwhile, and ``ops.busy_changed`` drives the status bar's busy indicator. What the call changed
is what the core reports for it (``core.changes.collect`` around the call, on the worker): once it
ends, ``ops.changed`` announces exactly that set, so every view that shows that kind of data
refreshes itself. ``changes=`` adds what the ledger cannot see (preferences, a node started).

Errors: a ``QenexError`` is something the person can act on. When its ``field`` names one of the
``fields`` the caller passed (a ``FieldError`` label), it is shown inline there; otherwise in a
message box. Any other exception is a bug: it is logged with its traceback and shown as one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from qenex_desktop.core import changes as core_changes
from qenex_desktop.core.changes import Changed
from qenex_desktop.core.errors import NotLoggedInError, QenexError
from qenex_desktop.gui import gc_guard

_log = logging.getLogger(__name__)


class InlineErrorTarget(Protocol):
    """A place next to a field that can show an error (``widgets.FieldError``)."""

    def show_error(self, message: str) -> None: ...

    def clear_error(self) -> None: ...


Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Pending:
    name: str
    on_done: Done | None
    on_error: Failed | None
    changes: Changed
    trigger: QWidget | None
    owner: QObject | None
    fields: Mapping[str, InlineErrorTarget]
    quiet: bool
    started: float
    latest: str | None = None
    background: bool = False


class _Relay(QObject):
    """Lives on the GUI thread; workers emit on it, so the slots run on the GUI thread."""

    finished = Signal(int, object)
    failed = Signal(int, object)
    #: What one unit of work of a running operation committed (``core.changes``), as it commits.
    committed = Signal(object)


class _Job(QRunnable):
    def __init__(self, op_id: int, call: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.op_id = op_id
        self.call = call
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        with core_changes.collect(on_commit=self.relay.committed.emit):
            try:
                result = self.call()
            except BaseException as exc:  # every failure goes back to the GUI thread, none is lost
                self.relay.failed.emit(self.op_id, exc)
                return
        self.relay.finished.emit(self.op_id, result)


def _alive(obj: QObject | None) -> bool:
    return obj is None or shiboken6.isValid(obj)


class Operations(QObject):
    """The one thin layer between widgets and the core (see the module docstring)."""

    #: What a finished operation changed; views connect here and refresh what they show.
    changed = Signal(object)
    #: How many operations run now (0 = idle).
    busy_changed = Signal(int)
    #: A message shown to the person (inline or boxed): for the status bar and for tests.
    error_shown = Signal(str)
    #: An operation found no live session (it expired or was ended elsewhere): the app locks.
    session_lost = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        # Workers must never be the ones that collect Qt garbage (see gc_guard).
        gc_guard.collect_on_gui_thread()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        # Each unit of work's changes are announced as it commits (queued, so before the result).
        self._relay.committed.connect(self._announce, Qt.ConnectionType.QueuedConnection)
        self._pending: dict[int, _Pending] = {}
        #: For ``run(latest=key)``: the newest operation of each key; older ones are not shown.
        self._newest: dict[str, int] = {}
        self._ids = 0
        self._ids_guard = threading.Lock()
        #: When True, errors that would open a message box are only logged and signalled
        #: (screenshot mode, benchmarks): nothing may block the run.
        self.headless = False
        self.last_error: str | None = None
        #: The widget message boxes are parented to.
        self.dialog_parent: QWidget | None = None
        #: After ``shutdown`` nothing new starts (a late timer must not start work at exit).
        self._closed = False

    # -- starting ----------------------------------------------------------------------------

    def run(
        self,
        call: Callable[[], Any],
        *,
        name: str = "operation",
        on_done: Done | None = None,
        on_error: Failed | None = None,
        changes: Changed = Changed.NONE,
        trigger: QWidget | None = None,
        owner: QObject | None = None,
        fields: Mapping[str, InlineErrorTarget] | None = None,
        quiet: bool = False,
        latest: str | None = None,
        background: bool = False,
    ) -> int:
        """Run ``call()`` on a worker thread; returns an id (for tests and logs).

        ``latest``: a key for reads that refresh one view. Workers run in parallel, so an older read
        can finish after a newer one; its result (or error) is then dropped, never shown over the newer.

        ``owner``: when this object is deleted before the call ends, the callbacks are skipped.
        ``quiet``: errors go to ``on_error`` (or the log) only: for timers and background refreshes.
        ``background``: not counted as "Working…" (a poll every second must not blink the status bar).
        """
        if self._closed:
            _log.debug("%s not started: the app is closing", name)
            return -1
        with self._ids_guard:
            self._ids += 1
            op_id = self._ids
        for target in (fields or {}).values():
            target.clear_error()
        if trigger is not None:
            trigger.setEnabled(False)
        self._pending[op_id] = _Pending(
            name,
            on_done,
            on_error,
            changes,
            trigger,
            owner,
            fields or {},
            quiet,
            time.perf_counter(),
            latest,
            background,
        )
        if latest is not None:
            self._newest[latest] = op_id
        self.busy_changed.emit(self.busy)
        self.pool.start(_Job(op_id, call, self._relay))
        return op_id

    def supersede(self, latest: str) -> None:
        """The inputs behind ``latest`` changed: an answer still on its way for it is dropped."""
        self._newest[latest] = 0  # no operation has id 0

    @property
    def busy(self) -> int:
        """Operations a person is waiting for (background polls not counted)."""
        return sum(1 for pending in self._pending.values() if not pending.background)

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Process events until no operation runs (tests, screenshots, shutdown); False on timeout."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        deadline = time.monotonic() + timeout_s
        while self._pending and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if self._pending:
                time.sleep(0.005)
        return not self._pending

    # -- finishing ---------------------------------------------------------------------------

    def _finish(self, op_id: int) -> _Pending | None:
        pending = self._pending.pop(op_id, None)
        if pending is None:
            return None
        if pending.trigger is not None and shiboken6.isValid(pending.trigger):
            pending.trigger.setEnabled(True)
        self.busy_changed.emit(self.busy)
        _log.debug("%s took %.3f s", pending.name, time.perf_counter() - pending.started)
        return pending

    def _superseded(self, op_id: int, pending: _Pending) -> bool:
        if pending.latest is None:
            return False
        if self._newest.get(pending.latest) == op_id:
            del self._newest[pending.latest]
            return False
        _log.debug("%s result dropped: a newer one was started", pending.name)
        return True

    @Slot(int, object)
    def _on_finished(self, op_id: int, result: Any) -> None:
        pending = self._finish(op_id)
        if pending is None:
            return
        if _alive(pending.owner) and not self._superseded(op_id, pending):
            try:
                if pending.on_done is not None:
                    pending.on_done(result)
            except Exception as exc:
                self._report_bug(pending.name + " (result handler)", exc)
        self._announce(pending.changes)  # what the ledger cannot see; its own changes went as committed

    def _announce(self, changed: Changed) -> None:
        if changed:
            self.changed.emit(changed)

    @Slot(int, object)
    def _on_failed(self, op_id: int, error: BaseException) -> None:
        pending = self._finish(op_id)
        if pending is None:
            return
        if self._superseded(op_id, pending):
            return
        if not _alive(pending.owner):
            if not isinstance(error, QenexError):
                _log.error("%s failed", pending.name, exc_info=error)
            return
        if isinstance(error, QenexError):
            self.show_error(error, pending.fields, quiet=pending.quiet or pending.on_error is not None)
        else:
            self._report_bug(pending.name, error, quiet=pending.quiet)
        if isinstance(error, NotLoggedInError):
            self.session_lost.emit()
        if pending.on_error is not None:
            try:
                pending.on_error(error)
            except Exception as exc:
                self._report_bug(pending.name + " (error handler)", exc)

    # -- showing errors ----------------------------------------------------------------------

    def show_error(
        self,
        error: QenexError,
        fields: Mapping[str, InlineErrorTarget] | None = None,
        *,
        quiet: bool = False,
    ) -> None:
        """Inline next to its field when there is one, else a (non-blocking) message box."""
        self.last_error = error.message
        target = (fields or {}).get(error.field or "")
        if target is None and fields and "*" in fields:
            target = fields["*"]
        if target is not None:
            target.show_error(error.message)
        elif not quiet:
            self._message_box(QMessageBox.Icon.Warning, self.tr("Not done"), error.message)
        self.error_shown.emit(error.message)

    def _report_bug(self, name: str, error: BaseException, *, quiet: bool = False) -> None:
        _log.error("%s failed unexpectedly", name, exc_info=error)
        message = self.tr("Something went wrong ({name}): {error}\nDetails are in the log file.").format(
            name=name, error=f"{type(error).__name__}: {error}"
        )
        self.last_error = message
        if not quiet:
            self._message_box(QMessageBox.Icon.Critical, self.tr("Unexpected error"), message)
        self.error_shown.emit(message)

    def _message_box(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        if self.headless:
            return
        parent = self.dialog_parent if _alive(self.dialog_parent) else None
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("operationErrorBox")
        box.open()  # window-modal but not blocking: the event loop keeps running

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Start nothing new, and wait (bounded) for what runs."""
        self._closed = True
        self.pool.waitForDone(timeout_ms)
