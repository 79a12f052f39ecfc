"""What every tab and dialog holds: the core, the operations layer, the preferences."""

from __future__ import annotations

from dataclasses import dataclass
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
