"""Auto-lock: notices when nobody has touched the app for a while.

An application-wide event filter records the time of the last key or mouse input (it does no
more work than an isinstance check per event); a slow timer compares it with the limit and emits ``idle``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, check_interval_ms: int = 5000) -> None:
        super().__init__(parent)
        self.limit_s = 0.0
        self.last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)
        self._armed = False

    def set_limit_minutes(self, minutes: int) -> None:
        """0 turns auto-lock off."""
        self.limit_s = minutes * 60.0
        self.touch()
        if minutes > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def arm(self, armed: bool) -> None:
        """Only an unlocked app can go idle (a locked one has nothing to lock)."""
        self._armed = armed
        self.touch()

    def touch(self) -> None:
        self.last_input = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance, not event.type(): this runs for every event of the app, and turning the
        # type into a Python enum costs far more than the check (keys, mouse, wheel, touch, hover).
        if isinstance(event, QInputEvent):
            self.last_input = time.monotonic()
        return False

    def check(self) -> None:
        if self._armed and self.limit_s > 0 and time.monotonic() - self.last_input >= self.limit_s:
            self._armed = False
            self.idle.emit()
