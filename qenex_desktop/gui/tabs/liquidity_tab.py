"""The Liquidity tab (a placeholder: its contents arrive with the exchange and monitoring parts)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.tabs.base import TabBase
from qenex_desktop.gui.widgets import EmptyState


class LiquidityTab(TabBase):
    key = "liquidity"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.empty = EmptyState(
            self.tr("Liquidity arrives with the exchange"),
            self.tr(PLACEHOLDER_TEXT),
            icon_name="liquidity",
        )
        layout.addWidget(self.empty)


PLACEHOLDER_TEXT = (
    "This version of QENEX Desktop does not include it yet. Meanwhile, use the Wallet tab to hold, "
    "send and receive ETH, QXC and other tokens."
)
