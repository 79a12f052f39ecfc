"""The main window's status bar: busy, network, block, node health and lock state, at the right;
messages (what an operation said, a welcome back) at the left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar

from qenex_desktop.gui.colours import GREEN, GREY, RED, text_style

if TYPE_CHECKING:
    from qenex_desktop.core.chain.client import NodeStatus


class StatusBar:
    def __init__(self, window: QMainWindow) -> None:
        self.bar = window.statusBar()
        tr = window.tr
        self.tr = tr
        self.network_label = QLabel(tr("No network"))
        self.block_label = QLabel("")
        self.node_label = QLabel("")
        self.lock_label = QLabel("")
        self.busy_label = QLabel("")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(80)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.hide()
        for widget in (
            self.busy_bar,
            self.busy_label,
            self.network_label,
            self.block_label,
            self.node_label,
            self.lock_label,
        ):
            self.bar.addPermanentWidget(widget)

    def message(self, text: str, timeout_ms: int = 0) -> None:
        self.bar.showMessage(text, timeout_ms)

    def show_busy(self, count: int) -> None:
        """How many operations a person waits for (0: idle)."""
        self.busy_bar.setVisible(count > 0)
        self.busy_label.setText(self.tr("Working…") if count else "")

    def show_locked(self, locked: bool) -> None:
        self.lock_label.setText(self.tr("Locked") if locked else self.tr("Unlocked"))
        self.lock_label.setStyleSheet(text_style(GREY if locked else GREEN))

    def show_node_starting(self) -> None:
        self.node_label.setText(self.tr("Node starting…"))

    def show_node(self, network: str, status: NodeStatus) -> None:
        """The active network and what the last probe of its node found."""
        self.network_label.setText(network)
        self.network_label.setToolTip(status.url)
        if status.reachable:
            self.block_label.setText(self.tr("Block {n}").format(n=status.block_number))
            latency = f"{(status.latency_s or 0) * 1000:.0f} ms"
            self.node_label.setText(self.tr("Node OK ({latency})").format(latency=latency))
            self.node_label.setStyleSheet(text_style(GREEN))
            self.node_label.setToolTip(self.tr("Chain id {id}").format(id=status.chain_id))
        else:
            self.block_label.setText(self.tr("Block —"))
            self.node_label.setText(self.tr("Node unreachable"))
            self.node_label.setStyleSheet(text_style(RED))
            self.node_label.setToolTip(status.error or "")
