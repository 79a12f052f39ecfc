"""The transfer history scan, in the background: a few block ranges per step, on a worker.

``core.chain.scan_history(max_ranges=...)`` is resumable (each range moves its cursor in the unit
of work that stores its transfers), so the scan is cut into short steps: one after the other while
blocks are behind ("Scanning blocks 1200–1800…"), then one every ``IDLE_MS`` to keep up with new
blocks. A step never runs on the GUI thread, never two at once, and never while the app is locked;
a node that does not answer pauses the scan (said in the label), and the next step tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from qenex_desktop.core.chain.types import ScanProgress
from qenex_desktop.core.errors import QenexError
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import count_text

_log = logging.getLogger(__name__)
#: Block ranges one step scans (each range is ``log_range_blocks`` blocks, two ``eth_getLogs``).
RANGES_PER_STEP = 8
#: Between steps while the scan is behind, and once it has caught up.
BUSY_MS = 50
IDLE_MS = 10_000


class HistoryScan(QObject):
    def __init__(self, ctx: GuiContext, label: QLabel, on_found: Callable[[], None]) -> None:
        super().__init__(label)
        self.ctx = ctx
        self.label = label
        self.on_found = on_found
        self.running = False
        self.last: ScanProgress | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.step)

    def start(self, delay_ms: int = 0) -> None:
        if not self.timer.isActive() and not self.running:
            self.timer.start(delay_ms)

    def stop(self) -> None:
        self.timer.stop()

    def step(self) -> None:
        """One step now (the timer's, or a test's); the next is planned when it ends."""
        if self.running:
            return
        if self.ctx.locked:
            self.timer.start(IDLE_MS)
            return
        chain = self.ctx.core.chain
        self.running = True
        self.ctx.ops.run(
            lambda: chain.scan_history(max_ranges=RANGES_PER_STEP),
            name="history scan",
            on_done=self._done,
            on_error=self._failed,
            owner=self,
            quiet=True,
            background=True,
        )

    def _done(self, progress: ScanProgress) -> None:
        self.running = False
        self.last = progress
        if progress.done:
            self.label.setText(
                self.tr("Transfers scanned to block {head}").format(head=count_text(progress.head))
            )
        else:
            self.label.setText(
                self.tr("Scanning blocks {low}–{head}…").format(
                    low=count_text(progress.lowest_cursor), head=count_text(progress.head)
                )
            )
        self.label.setToolTip(
            self.tr(
                "Incoming token transfers are found by scanning the chain's Transfer events of your "
                "addresses, a few block ranges at a time, then every few seconds for new blocks."
            )
        )
        if progress.new_transfers:
            self.on_found()
        self.timer.start(IDLE_MS if progress.done else BUSY_MS)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if not isinstance(error, QenexError):  # a bug: into the log file with its traceback
            _log.error("history scan failed", exc_info=error)
        self.label.setText(self.tr("Transfer scan paused"))
        self.label.setToolTip(self.tr("{error}\nIt tries again in a few seconds.").format(error=error))
        self.timer.start(IDLE_MS)
