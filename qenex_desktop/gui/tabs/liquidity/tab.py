"""The Liquidity tab: pools, your positions, create a pool, add and remove liquidity, price chart.

Tables are ``RowTableModel``s filled by one background read (``tables``). The add and remove
panels (``actions``: the deposit that follows the pool's ratio, the remove preview, the review
before anything moves) show the pool selected here. The writes run through the operations layer;
the changes they report refresh every ledger view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.charts import TimeChart
from qenex_desktop.gui.column_fit import fit_to_contents
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import percent_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import RowTableModel
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.tabs.liquidity.actions import LiquidityActions
from qenex_desktop.gui.tabs.liquidity.onchain import (
    CHAIN,
    ChainLiquiditySnapshot,
    OnchainLiquidityPanel,
    install_venue,
    offer,
    read_chain_liquidity,
)
from qenex_desktop.gui.tabs.liquidity.tables import (
    LiquiditySnapshot,
    install_pool_flip,
    pair,
    pool_columns,
    position_columns,
    read_liquidity,
)
from qenex_desktop.gui.widgets import (
    EmptyStack,
    EmptyState,
    TableStack,
    heading,
    make_table,
)

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import PoolInfo, Position, PricePoint


#: After the tab's first frame, the price chart is built (then drawn in the next).
CHART_DELAY_MS = 30


class LiquidityTab(TabBase):
    key = "liquidity"
    relevant = (
        Changed.POOLS
        | Changed.POSITIONS
        | Changed.BALANCES
        | Changed.TOKENS
        | Changed.ACCOUNTS
        | Changed.SESSION
        | Changed.NETWORKS
        | Changed.TRANSACTIONS
    )

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: LiquiditySnapshot | None = None
        self.selected_id: int | None = None
        self.last_dialog: QWidget | None = None
        self.history: list[PricePoint] = []

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.create_pool_button = QPushButton(icon("add"), self.tr("Create pool…"))
        self.create_pool_button.clicked.connect(lambda _c=False: self.open_create_pool())
        self.create_token_button = QPushButton(icon("token"), self.tr("Create token…"))
        self.create_token_button.clicked.connect(lambda _c=False: self.open_create_token())
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        bar.addWidget(self.create_pool_button)
        bar.addWidget(self.create_token_button)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        #: The venue choice (issue 16): the ledger's pools, or the network's Uniswap V2 (onchain.py).
        self.venue = install_venue(bar, 0)
        self.venue.currentIndexChanged.connect(lambda _i: self._show_venue())
        self.chain_snapshot: ChainLiquiditySnapshot | None = None
        self.onchain = OnchainLiquidityPanel(ctx)
        self.onchain.transacted.connect(self.refresh)

        self.empty = EmptyState(
            self.tr("No pools yet"),
            self.tr(
                "A pool holds two tokens and lets anyone swap between them; you earn its fee for the "
                "liquidity you provide. Create two tokens, then a pool seeded with both."
            ),
            icon_name="liquidity",
        )
        self.empty_pool = self.empty.add_button(self.tr("Create pool…"), "add")
        self.empty_pool.clicked.connect(lambda _c=False: self.open_create_pool())
        self.empty_token = self.empty.add_button(self.tr("Create token…"), "token")
        self.empty_token.clicked.connect(lambda _c=False: self.open_create_token())
        self.content = self._build_content()
        self.stack = EmptyStack(self.empty, self.content)
        self.stack.addWidget(self.onchain)
        layout.addWidget(self.stack, 1)

    # -- building ------------------------------------------------------------------------------

    def _build_content(self) -> QWidget:
        """Pools across the top; below, the selected pool's price chart beside its add/remove
        panel and your positions."""
        outer = QSplitter(Qt.Orientation.Vertical)
        pools_box = QWidget()
        pools_layout = QVBoxLayout(pools_box)
        pools_layout.setContentsMargins(0, 0, 0, 0)
        pools_layout.addWidget(heading(self.tr("Pools")))
        self.pools_model: RowTableModel[PoolInfo] = RowTableModel(pool_columns(self.tr))
        self.pools_view = make_table(self.pools_model)
        self.pools_view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.pools_view.setMinimumHeight(110)
        fit_to_contents(self.pools_view)
        install_pool_flip(self)
        pools_layout.addWidget(self.pools_view)
        outer.addWidget(pools_box)

        below = QSplitter(Qt.Orientation.Horizontal)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        self.pool_title = heading(self.tr("Pick a pool"))
        chart_layout.addWidget(self.pool_title)
        self._chart_layout = chart_layout
        self._chart: TimeChart | None = None
        self._refilling = False
        chart_layout.addStretch(1)  # the chart's place until it is built
        # Built after the tab's first paint, and drawn a step later: a plot costs ~25 ms to make
        # and ~35 ms to paint, which on top of the tab's own first frame stalled it past 50 ms.
        QTimer.singleShot(CHART_DELAY_MS, self, self._build_chart)
        below.addWidget(chart_box)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.panels = LiquidityActions(self.ctx)
        self.panels.account.chosen.connect(lambda _name: self._show_panels(changed=False))
        account_row = QHBoxLayout()
        account_label = QLabel(self.tr("&Account"))
        account_label.setBuddy(self.panels.account)
        account_row.addWidget(account_label)
        account_row.addWidget(self.panels.account, 1)
        side_layout.addLayout(account_row)
        side_layout.addWidget(self.panels)
        side_layout.addWidget(heading(self.tr("Your positions")))
        self.positions_model: RowTableModel[Position] = RowTableModel(position_columns(self.tr))
        self.positions_stack = TableStack(
            self.positions_model,
            self.tr("You provide no liquidity yet. Pick a pool above and add both of its tokens."),
        )
        self.positions_view, self.positions_empty = self.positions_stack.view, self.positions_stack.empty
        self.positions_view.setWordWrap(True)
        fit_to_contents(self.positions_view)
        # "Value now" is two lines (one per token): every row is two lines high, measured once, not
        # each row's cells on every refresh
        rows = self.positions_view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.positions_view.fontMetrics().lineSpacing() + 10)
        side_layout.addWidget(self.positions_stack, 1)
        below.addWidget(side)
        below.setStretchFactor(0, 1)
        below.setStretchFactor(1, 1)
        below.setSizes([560, 520])
        outer.addWidget(below)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 3)
        outer.setSizes([180, 480])
        return outer

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        core = self.ctx.core
        self.ctx.ops.run(
            lambda: read_liquidity(core),
            name="pools",
            latest="pools",
            on_done=self._show,
            trigger=self.refresh_button,
            owner=self,
            quiet=True,
        )
        self.ctx.ops.run(
            lambda: read_chain_liquidity(core),
            name="on-chain pools",
            latest="on-chain pools",
            on_done=self._show_chain,
            owner=self,
            quiet=True,
        )

    def on_chain(self) -> bool:
        return self.venue.currentData() == CHAIN

    def _show_chain(self, chain: ChainLiquiditySnapshot | None) -> None:
        self.chain_snapshot = chain
        offer(self.venue, chain)
        if chain is not None:
            self.onchain.show_snapshot(chain)
        self._show_venue()

    def _show_venue(self) -> None:
        """The chosen venue's page: the on-chain panel, or the ledger's pools (or its empty state)."""
        on_chain = self.on_chain()
        for button in (self.create_pool_button, self.create_token_button):
            button.setVisible(not on_chain)
        if on_chain:
            self.stack.setCurrentWidget(self.onchain)
        else:
            self.stack.show_content(bool(self.snapshot and self.snapshot.pools))

    def _show(self, snapshot: LiquiditySnapshot) -> None:
        self.snapshot = snapshot
        has_pools = bool(snapshot.pools)
        if not self.on_chain():
            self.stack.show_content(has_pools)
        if not has_pools:
            self.empty.set_text(
                self.tr("No pools yet"),
                self.tr(
                    "A pool holds two tokens and lets anyone swap between them; you earn its fee for the "
                    "liquidity you provide. {next}"
                ).format(
                    next=self.tr("Create a pool seeded with two of your tokens.")
                    if len(snapshot.tokens) >= 2
                    else self.tr("You need two tokens first: create them, then the pool.")
                ),
            )
        self.panels.account.show_accounts(list(snapshot.accounts))
        self.create_pool_button.setEnabled(len(snapshot.tokens) >= 2)
        self.empty_pool.setEnabled(len(snapshot.tokens) >= 2)
        keep = self.selected_id
        self.pools_model.set_rows(snapshot.pools)
        self.positions_stack.set_rows(snapshot.positions)
        ids = [p.id for p in snapshot.pools]
        if not has_pools:
            self.selected_id = None
            return
        self._refilling = True  # the selection below is shown once, by the call after it
        try:
            self.pools_view.selectRow(ids.index(keep) if keep in ids else 0)
        finally:
            self._refilling = False
        self._selection_changed(force=True)  # "changed" when it is not the pool shown before

    def selected_pool(self) -> PoolInfo | None:
        if self.snapshot is None or self.selected_id is None:
            return None
        return next((p for p in self.snapshot.pools if p.id == self.selected_id), None)

    def _selection_changed(self, *, force: bool = False) -> None:
        if self._refilling:
            return
        rows = self.pools_view.selectionModel().selectedRows()
        pool = self.pools_model.row_at(rows[0]) if rows else None
        if pool is None:
            return
        changed = pool.id != self.selected_id
        self.selected_id = pool.id
        if not (changed or force):
            return
        self.pool_title.setText(
            self.tr("{pair} pool · fee {fee}").format(pair=pair(pool), fee=percent_text(pool.fee_bps))
        )
        self._show_panels(changed=changed)
        self._load_history(pool)

    def _show_panels(self, *, changed: bool) -> None:
        """The add/remove panels for the selected pool and the chosen account's holdings and share."""
        pool, snapshot, account = self.selected_pool(), self.snapshot, self.panels.account.account()
        if pool is None or snapshot is None:
            return
        position = snapshot.position(pool.id, account)
        self.panels.show_pool(pool, position, snapshot.held(account), changed=changed)

    @property
    def chart(self) -> TimeChart:
        """The pool's price chart, built now if its timer has not fired yet."""
        if self._chart is None:
            self._build_chart()
        assert self._chart is not None
        return self._chart

    def _build_chart(self) -> None:
        if self._chart is not None:
            return
        chart = TimeChart(
            self.tr("Price"),
            self.tr("Price"),
            empty_text=self.tr("Pick a pool to see its price over time."),
            include_zero=False,
        )
        chart.plot.setUpdatesEnabled(False)  # its first paint in a frame of its own
        layout = self._chart_layout
        layout.takeAt(layout.count() - 1)  # the stretch that held its place
        layout.addWidget(chart, 1)
        self._chart = chart
        QTimer.singleShot(0, chart.plot, lambda: chart.plot.setUpdatesEnabled(True))

    def showEvent(self, event: QShowEvent) -> None:
        if self.panels.account.follow_prefs():  # chosen in the Swap tab since
            self._show_panels(changed=False)
        super().showEvent(event)

    def _load_history(self, pool: PoolInfo) -> None:
        exchange = self.ctx.core.exchange
        self.chart.plot.getPlotItem().setLabel(
            "left", self.tr("Price"), units=f"{pool.quote_symbol} per {pool.base_symbol}"
        )
        self.chart.plot.getPlotItem().setTitle(self.tr("{pair} price").format(pair=pair(pool)))
        base_first = pool.base_is_token0
        self.ctx.ops.run(
            lambda: exchange.price_history(pool.symbol0, pool.symbol1),
            name="price history",
            latest="price history",
            on_done=lambda points: self._show_history(points, base_first=base_first),
            owner=self,
            quiet=True,
        )

    def _show_history(self, points: list[PricePoint], *, base_first: bool = True) -> None:
        """The price of one base token in quote tokens (``PricePoint.price`` is token1 per token0:
        a pool listed token1 first draws its inverse; an empty side draws nothing)."""
        self.history = points
        # drawing only: the price is decimal text from the core; a float is fine for pixels
        prices = [(p.at_ms, float(p.price)) for p in points if p.price != "0"]
        self.chart.set_series("price", prices if base_first else [(t, 1 / v) for t, v in prices])

    # -- dialogs -------------------------------------------------------------------------------

    def open_create_token(self) -> None:
        from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog

        dialog = CreateTokenDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def open_create_pool(self) -> None:
        from qenex_desktop.gui.dialogs.create_pool import CreatePoolDialog

        snapshot = self.snapshot
        if snapshot is None or len(snapshot.tokens) < 2:
            return
        dialog = CreatePoolDialog(self.ctx, snapshot.tokens, snapshot.held(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def screenshot_pages(self) -> list[tuple[str, Callable[[], None]]]:
        """More pictures for the screenshot run: a deposit typed, then the remove preview."""

        panels = self.panels

        def add() -> None:
            panels.setCurrentIndex(0)
            panels.amount_a.setText("5")
            panels.amount_a.edited.emit()

        def remove() -> None:
            panels.setCurrentIndex(1)
            panels.slider.setValue(40)

        def onchain() -> None:  # tab-liquidity-onchain: the venue choice, the pools, a deposit typed
            self.venue.setCurrentIndex(1)
            pool = self.onchain.selected()
            if pool is not None:
                edit = self.onchain.amount_a if pool.side_a.symbol == "QXC" else self.onchain.amount_b
                edit.setText("10")
                edit.edited.emit()

        pages = [("add", add), ("remove", remove)]
        return pages + ([("onchain", onchain)] if self.chain_snapshot is not None else [])

    def set_locked(self, locked: bool) -> None:
        self.pools_model.hide_secrets(locked)
        self.positions_model.hide_secrets(locked)
        super().set_locked(locked)
