"""The transfer history scan, in the background (``gui.background_scan``: short steps on a
worker, resumable): "Scanning blocks 1200–1800…" while behind, then "Transfers scanned to block N".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from qenex_desktop.core.chain.types import ScanProgress
from qenex_desktop.gui.background_scan import BUSY_MS, IDLE_MS, RANGES_PER_STEP, BackgroundScan
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import count_text

__all__ = ["BUSY_MS", "IDLE_MS", "HistoryScan"]


class HistoryScan(BackgroundScan):
    step_name = "history scan"

    def __init__(self, ctx: GuiContext, label: QLabel, on_found: Callable[[], None]) -> None:
        super().__init__(ctx, label)
        self.on_found = on_found
        self.last: ScanProgress | None = None

    def work(self) -> ScanProgress:
        return self.ctx.core.chain.scan_history(max_ranges=RANGES_PER_STEP)

    def finished(self, result: ScanProgress) -> bool:
        self.last = result
        if result.done:
            self.label.setText(
                self.tr("Transfers scanned to block {head}").format(head=count_text(result.head))
            )
        else:
            self.label.setText(
                self.tr("Scanning blocks {low}–{head}…").format(
                    low=count_text(result.lowest_cursor), head=count_text(result.head)
                )
            )
        self.label.setToolTip(
            self.tr(
                "Incoming token transfers are found by scanning the chain's Transfer events of your "
                "addresses, a few block ranges at a time, then every few seconds for new blocks."
            )
        )
        if result.new_transfers:
            self.on_found()
        return result.done

    def paused(self, error: BaseException) -> None:
        self.label.setText(self.tr("Transfer scan paused"))
        self.label.setToolTip(self.tr("{error}\nIt tries again in a few seconds.").format(error=error))
