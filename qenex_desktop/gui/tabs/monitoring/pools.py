"""The Pools page: per pool, the window's swaps, volume, fees, TVL and price change, with charts
of the price, volume and fees earned (both sides valued in the quote token at the pool's price).

Each pool is shown as the person ordered it (``PoolRef.base_*``: "QXC/USD" prices one QXC in USD),
not in the core's sorted token order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from qenex_desktop.gui.charts import ChartPacer, TimeChart
from qenex_desktop.gui.formatting import amount_text, count_text, percent_text
from qenex_desktop.gui.tabs.monitoring.page import ChartPage
from qenex_desktop.gui.tabs.monitoring.reads import valued_in_quote

if TYPE_CHECKING:
    from qenex_desktop.core.monitoring.pools import PoolRef, PoolSummary, Venue
    from qenex_desktop.gui.tabs.monitoring.reads import PoolsData


def pool_label(pool: PoolRef) -> str:
    """The menu's name of a pool: the pair, and where it trades when that is on a chain."""
    if pool.venue == "ledger":
        return pool.name
    return f"{pool.name} · {pool.network}: Uniswap V2"


class PoolsPage(ChartPage):
    def __init__(self, pacer: ChartPacer, parent: QWidget | None = None) -> None:
        super().__init__(pacer, parent)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Pool")))
        self.pool_combo = QComboBox()
        self.pool_combo.setMinimumContentsLength(16)
        # the whole name: "QXC/ETH · Local Hardhat: Uniswap V2" is told apart by its end
        self.pool_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.pool_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row.addWidget(self.pool_combo)
        row.addStretch(1)
        #: What the background pool index (``pool_index.PoolIndexer``) has read.
        self.index_label = QLabel(self.tr("On-chain pool index starting…"))
        self.index_label.setObjectName("poolIndexProgress")
        row.addWidget(self.index_label)
        self.body.addLayout(row)
        box = QGroupBox(self.tr("In this window"))
        summary = QHBoxLayout(box)
        self.pool_summary = QLabel(self.tr("No pools yet: create one in the Liquidity tab."))
        self.pool_summary.setWordWrap(True)
        self.pool_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.addWidget(self.pool_summary)
        self.body.addWidget(box)

    @property
    def pool_key(self) -> tuple[Venue, int] | None:
        """(venue, id) of the pool shown: ledger and on-chain pools may share an id."""
        chosen = self.pool_combo.currentData()
        return (chosen[0], int(chosen[1])) if chosen is not None else None

    def steps(self) -> Iterator[None]:
        no_pool = self.tr("No pools yet: create one in the Liquidity tab, then swap through it.")
        self.pool_price_chart = TimeChart(
            self.tr("Price"), self.tr("Price"), empty_text=no_pool, include_zero=False
        )
        yield
        self.pool_volume_chart = TimeChart(
            self.tr("Volume"), self.tr("Swapped in"), empty_text=no_pool, bars=True, zero_is_empty=True
        )
        yield
        self.pool_fees_chart = TimeChart(
            self.tr("Fees earned"), self.tr("Fees"), empty_text=no_pool, bars=True, zero_is_empty=True
        )
        yield
        grid = QGridLayout()
        grid.addWidget(self.pool_price_chart, 0, 0, 1, 2)
        grid.addWidget(self.pool_volume_chart, 1, 0)
        grid.addWidget(self.pool_fees_chart, 1, 1)
        self.body.addLayout(grid, 1)

    def _offer_pools(self, data: PoolsData) -> None:
        """The menu lists the pools there are; the one shown (or picked) stays picked."""
        combo = self.pool_combo
        ids = [p.key for p in data.pools]
        if [combo.itemData(i) for i in range(combo.count())] == ids:
            return
        combo.blockSignals(True)
        current = combo.currentData()
        combo.clear()
        for pool in data.pools:
            combo.addItem(pool_label(pool), pool.key)
        if data.history is not None:
            combo.setCurrentIndex(ids.index(data.history.pool.key))
        elif current in ids:
            combo.setCurrentIndex(ids.index(current))
        combo.blockSignals(False)

    def show_data(self, data: PoolsData) -> None:
        self._offer_pools(data)
        history, summary = data.history, data.summary
        if history is None or summary is None:
            for chart in (self.pool_price_chart, self.pool_volume_chart, self.pool_fees_chart):
                self.pacer.run(chart.title, chart.clear)
            self.pool_summary.setText(self.tr("No pools yet: create one in the Liquidity tab."))
            return
        pool = history.pool
        self._label_charts(pool)
        # drawing only: the core's series is token1 per token0; a pool listed token1 first, its inverse
        price = history.price if pool.base_is_token0 else [(t, 1 / v) for t, v in history.price if v]
        self.pacer.run(self.pool_price_chart.title, lambda: self.pool_price_chart.set_series("price", price))
        start, end = data.now_ms - history.window_ms, data.now_ms
        volume = valued_in_quote(history.volume, history)
        self.plot(self.pool_volume_chart, [("volume", volume, 1)], start, end)
        self.plot(self.pool_fees_chart, [("fees", valued_in_quote(history.fees, history), 2)], start, end)
        if summary.swaps == 0:
            for chart in (self.pool_volume_chart, self.pool_fees_chart):
                chart.set_empty_text(self.tr("No swaps through this pool in this window."))
        self.pool_summary.setText(self._summary_text(pool, summary))

    def _label_charts(self, pool: PoolRef) -> None:
        item = self.pool_price_chart.plot.getPlotItem()
        item.setTitle(self.tr("{pair} price").format(pair=pool.name))
        item.setLabel("left", self.tr("Price"), units=f"{pool.quote_symbol} per {pool.base_symbol}")
        for chart, what in (
            (self.pool_volume_chart, self.tr("Volume")),
            (self.pool_fees_chart, self.tr("Fees earned")),
        ):
            chart_item = chart.plot.getPlotItem()
            chart_item.setTitle(
                self.tr("{what}, both sides valued in {s}").format(what=what, s=pool.quote_symbol)
            )
            chart_item.setLabel("left", what, units=pool.quote_symbol)

    def _summary_text(self, pool: PoolRef, summary: PoolSummary) -> str:
        """Base first, as the pool is listed; the price change is of one base token; TVL in quote."""
        bps = summary.base_price_change_bps
        change = (
            self.tr("no price change data")
            if bps is None
            else self.tr("price {sign}{p}").format(sign="+" if bps >= 0 else "-", p=percent_text(abs(bps)))
        )
        base_first = pool.base_is_token0
        volume = (summary.volume0, summary.volume1) if base_first else (summary.volume1, summary.volume0)
        fees = (summary.fees0, summary.fees1) if base_first else (summary.fees1, summary.fees0)
        b, q = pool.base_decimals, pool.quote_decimals
        return self.tr(
            "{swaps} swaps · volume {v0} {s0} + {v1} {s1} · fees {f0} {s0} + {f1} {s1} · "
            "TVL {tvl} {s1} · {change} · fee {fee}"
        ).format(
            swaps=count_text(summary.swaps),
            v0=amount_text(volume[0], b),
            v1=amount_text(volume[1], q),
            f0=amount_text(fees[0], b),
            f1=amount_text(fees[1], q),
            tvl=amount_text(summary.tvl_in_quote, q),
            s0=pool.base_symbol,
            s1=pool.quote_symbol,
            change=change,
            fee=percent_text(pool.fee_bps),
        )
