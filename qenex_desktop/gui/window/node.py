"""The local node from the window: started on the built-in network once unlocked (it deploys QXC
and funds your account), and by Tools → Start / Stop local node. Every call runs as an operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

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
        ctx = self._context()
        if ctx is None:
            return

        def stopped(was_ours: bool) -> None:
            self.status.message(
                self.tr("Stopped the local node.")
                if was_ours
                else self.tr("This app started no local node."),
                8000,
            )

        self.ops.run(ctx.core.node.stop, name="stop node", on_done=stopped, changes=NODE_CHANGES)
