"""What a factory needs from the widget's context (a Protocol: the context module imports us)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from qenex_desktop.gui.operations.runner import Operations

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore


class OpsContext(Protocol):
    """``GuiContext`` as the factories see it: the core to call and the runner to call it on."""

    core: QenexCore
    ops: Operations
