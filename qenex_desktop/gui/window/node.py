"""The local node from the window: started on the built-in network once unlocked (it deploys QXC
and funds your account), and by Tools → Start / Stop local node. Stop asks first (the chain's state
ends with the node). Every call runs as an operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.window.status import StatusBar

#: A local node started or stopped: every chain read may answer differently now.
NODE_CHANGES = Changed.NETWORKS | Changed.BALANCES | Changed.TOKENS | Changed.TRANSACTIONS


class LocalNodeControl(QObject):
    def __init__(
        self,
        ops: Operations,
        status: StatusBar,
        context: Callable[[], GuiContext | None],
        on_failed: Callable[[], None],
        *,
        enabled: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.status = status
        self._context = context
        self._on_failed = on_failed
        #: Start the node by itself on the built-in network (off in tests and screenshot runs).
        self.enabled = enabled
        #: This run started a node (and so may stop it).
        self.started_here = False
        #: "Stop the local node?" while it is open (tests press its keys).
        self.confirm_box: QMessageBox | None = None

    def start_if_default(self) -> None:
        """On the embedded default network, start the local node in the background."""
        ctx = self._context()
        if ctx is None or ctx.locked or not self.enabled:
            return
        core = ctx.core

        def is_default() -> bool:
            return core.chain.network().is_builtin

        self.ops.run(
            is_default,
            name="network check",
            on_done=lambda builtin: self.start() if builtin else None,
            quiet=True,
            owner=self,
        )

    def start(self) -> None:
        ctx = self._context()
        if ctx is None:
            return
        core = ctx.core
        self.status.message(self.tr("Starting the local node, deploying QXC, funding your account…"))
        self.status.show_node_starting()

        def started(status: Any) -> None:
            self.started_here = self.started_here or status.started_here
            self.status.message(status.message, 10_000)

        def failed(error: BaseException) -> None:
            self.status.message(self.tr("Local node: {error}").format(error=error), 30_000)
            self._on_failed()

        self.ops.run(
            lambda: core.node.ensure_running(fund_profile=True),
            name="local node",
            on_done=started,
            on_error=failed,
            changes=NODE_CHANGES,  # a node up (or a new chain) changes what every chain read says
            quiet=True,
            owner=self,
        )

    def stop(self) -> None:
        """Ask first: the local chain's state ends with its node. Cancel (or Escape) leaves it running."""
        ctx = self._context()
        if ctx is None:
            return
        parent = self.parent()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Stop local node"))
        box.setText(self.tr("Stop the local node?"))
        box.setInformativeText(
            self.tr(
                "The local chain lives only while its node runs. Stopping it ends the chain's state: "
                "the balances, the deployed contracts (QXC too) and the transactions on it. The next "
                "start begins a new, empty chain; this wallet keeps its keys, and lists the old chain's "
                "transactions as stale."
            )
        )
        stop_button = box.addButton(self.tr("Stop node"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Return keeps the chain unless the person moved to Stop node
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._answered(box.clickedButton() is stop_button))
        self.confirm_box = box
        box.open()

    def _answered(self, stop: bool) -> None:
        self.confirm_box = None
        if stop:
            self._stop_now()

    def _stop_now(self) -> None:
        ctx = self._context()
        if ctx is None:
            return

        def stopped(was_ours: bool) -> None:
            self.status.message(
                self.tr("Stopped the local node: its chain has ended.")
                if was_ours
                else self.tr("This app started no local node."),
                8000,
            )

        self.ops.run(ctx.core.node.stop, name="stop node", on_done=stopped, changes=NODE_CHANGES)
