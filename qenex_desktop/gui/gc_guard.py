"""Python's cyclic garbage collector, run on the GUI thread only.

Automatic collection runs on whichever thread happens to allocate when a threshold is crossed. When
that is a worker and the garbage holds Qt objects made on the GUI thread, their C++ destructors run
on the worker: unsafe in Qt, and seen here as a deadlock (the worker waiting for the GIL inside
``~QObject`` while the GUI thread waited for a Qt lock the worker held). So while the app runs,
automatic collection is off and a timer on the GUI thread collects instead. Reference counting
still frees at once everything that is not in a cycle; only cycles wait for the timer.

The timer is short (``COLLECT_EVERY_MS``): a collection scans what was allocated since the last,
and at one a second a busy second's objects took one 30-100 ms scan of the young generations
(bench/tab_first_visit.py on a 10k ledger); ten a second keep each under ~10 ms. Once the window
has loaded everything heavy (``settle``, at a quiet moment), what exists then is collected once and
frozen: the modules, classes and tabs that live as long as the app are not scanned again by every
full collection after it.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

COLLECT_EVERY_MS = 100

_collector: MainThreadCollector | None = None


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(COLLECT_EVERY_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()
        gc.disable()

    def collect(self) -> int:
        """Collect the oldest generation whose threshold was crossed, as automatic collection would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        crossed = [g for g in range(3) if thresholds[g] and counts[g] > thresholds[g]]
        return gc.collect(max(crossed)) if crossed else 0


def settle() -> None:
    """Collect everything now and keep what survives out of later collections (``gc.freeze``): once,
    after start-up's heavy imports and builds, at a moment nobody types or clicks (a full collection
    of the whole heap is ~0.1 s then, and never again)."""
    gc.collect()
    gc.freeze()


def collect_on_gui_thread() -> None:
    """Install the collector (once per application); call it from the GUI thread."""
    global _collector
    app = QCoreApplication.instance()
    if app is None:
        return
    if _collector is None or not shiboken6.isValid(_collector):
        _collector = MainThreadCollector(app)


def restore_automatic_collection() -> None:
    """Collect now on this (GUI) thread and switch automatic collection back on (tests, shutdown)."""
    global _collector
    if _collector is not None and shiboken6.isValid(_collector):
        _collector.timer.stop()
        _collector.deleteLater()
    _collector = None
    gc.unfreeze()  # what ``settle`` froze can be collected again (a test's window, once closed)
    gc.collect()
    gc.enable()
