"""A resumable scan of the chain, run in the background in short steps on a worker.

The transfer history scan (Activity tab) and the on-chain pool index (Monitoring tab) are both
resumable in the core (each block range moves its cursor in the unit of work that stores what it
found), so each is cut into steps: one after the other while blocks are behind, then one every
``IDLE_MS`` to keep up with new blocks. A step never runs on the GUI thread, never two at once and
never while the app is locked; a node that does not answer pauses the scan (the subclass says so in
its label) and the next step tries again.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from qenex_desktop.core.errors import QenexError
from qenex_desktop.gui.context import GuiContext

_log = logging.getLogger(__name__)
#: Block ranges one step reads.
RANGES_PER_STEP = 8
#: Between steps while the scan is behind, and once it has caught up.
BUSY_MS = 50
IDLE_MS = 10_000


class BackgroundScan(QObject):
    #: The worker's name for a step (log lines, the operations list).
    step_name = "scan"

    def __init__(self, ctx: GuiContext, label: QLabel) -> None:
        super().__init__(label)
        self.ctx = ctx
        self.label = label
        self.running = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.step)

    def work(self) -> Any:
        """One step's work, on the worker (a core call that reads at most ``RANGES_PER_STEP``)."""
        raise NotImplementedError

    def finished(self, result: Any) -> bool:
        """Show a step's result (GUI thread); True when the scan has caught up with the head."""
        raise NotImplementedError

    def paused(self, error: BaseException) -> None:
        """Say in the label that the scan is paused by ``error``."""
        raise NotImplementedError

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
        self.running = True
        self.ctx.ops.run(
            self.work,
            name=self.step_name,
            on_done=self._done,
            on_error=self._failed,
            owner=self,
            quiet=True,
            background=True,
        )

    def _done(self, result: Any) -> None:
        self.running = False
        caught_up = self.finished(result)
        self.timer.start(IDLE_MS if caught_up else BUSY_MS)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if not isinstance(error, QenexError):  # a bug: into the log file with its traceback
            _log.error("%s failed", self.step_name, exc_info=error)
        self.paused(error)
        self.timer.start(IDLE_MS)
