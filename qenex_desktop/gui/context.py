"""What every tab and dialog holds: the core, the operations layer, the preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.prefs import Preferences

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore


@dataclass
class GuiContext:
    core: QenexCore
    ops: Operations
    prefs: Preferences
    #: Screenshot and benchmark runs: no blocking boxes, no local node started.
    headless: bool = False
    #: Set by the main window: balances are hidden while the app is locked.
    locked: bool = True
    #: The username of the unlocked session (for password prompts and titles).
    username: str | None = None
    extras: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The monitoring core records operations from the moment it is built (it is lazy on the
        # core): build it at once, off the GUI thread, so every operation of this run is measured,
        # not only those after the Monitoring tab was first opened.
        if hasattr(type(self.core), "monitoring"):
            core = self.core
            self.ops.run(lambda: core.monitoring.recording, name="start monitoring", quiet=True)

    def has_exchange(self) -> bool:
        """The exchange core (another part of the app) may not be built into this version yet."""
        return hasattr(type(self.core), "exchange")
