"""The on-chain pool index, in the background (``gui.background_scan``): the Uniswap V2 pairs of
your router calls, indexed from their events a few block ranges per step, so the Pools page draws
them next to the ledger's pools; new events refresh the page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from qenex_desktop.core.chain.v2.pool_index import PoolIndex, PoolIndexProgress
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.gui.background_scan import RANGES_PER_STEP, BackgroundScan
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import count_text


class PoolIndexer(BackgroundScan):
    step_name = "pool index"

    def __init__(self, ctx: GuiContext, label: QLabel, on_found: Callable[[], None]) -> None:
        super().__init__(ctx, label)
        self.setObjectName("PoolIndexer")
        self.on_found = on_found
        self.last: PoolIndexProgress | None = None

    def work(self) -> PoolIndexProgress:
        return PoolIndex(V2Venue(self.ctx.core.chain)).index(max_ranges=RANGES_PER_STEP)

    def finished(self, result: PoolIndexProgress) -> bool:
        self.last = result
        if result.pools == 0:
            self.label.setText(self.tr("On-chain pools: none traded through yet"))
        elif result.done:
            text = (
                self.tr("1 on-chain pool indexed to block {head}")
                if result.pools == 1
                else self.tr("{n} on-chain pools indexed to block {head}")
            )
            self.label.setText(text.format(n=count_text(result.pools), head=count_text(result.head)))
        else:
            self.label.setText(
                self.tr("Indexing on-chain pools: blocks {low}–{head}…").format(
                    low=count_text(result.lowest_block), head=count_text(result.head)
                )
            )
        self.label.setToolTip(
            self.tr(
                "The Uniswap V2 pools you swap through or provide to on the active network are read "
                "from their Sync, Swap, Mint and Burn events, a few block ranges at a time, then "
                "every few seconds for new blocks."
            )
        )
        if result.new_events:
            self.on_found()
        return result.done

    def paused(self, error: BaseException) -> None:
        self.label.setText(self.tr("On-chain pool index paused"))
        self.label.setToolTip(self.tr("{error}\nIt tries again in a few seconds.").format(error=error))
