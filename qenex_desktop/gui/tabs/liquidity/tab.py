"""The Liquidity tab: pools, your positions, create a pool, add and remove liquidity, price chart.

Tables are ``RowTableModel``s filled by one background read (``tables``). Typing a deposit makes
the other side follow the pool's ratio (``amm.quote`` on the reserves on screen, as Uniswap's);
the slider of the remove panel previews what burning that part of your shares pays
(``amm.burn_amounts``). The writes run through the operations layer; the changes they report
refresh every ledger view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core import amm
from qenex_desktop.core.changes import Changed
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.charts import TimeChart
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text, percent_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import RowTableModel
from qenex_desktop.gui.operations import exchange as exchange_ops
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.tabs.liquidity.tables import (
    LiquiditySnapshot,
    fit_to_contents,
    pair,
    pool_columns,
    position_columns,
    read_liquidity,
)
from qenex_desktop.gui.widgets import (
    EmptyStack,
    EmptyState,
    FieldError,
    TableStack,
    heading,
    make_table,
    status_message,
)

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import LiquidityResult, PoolInfo, Position, PricePoint


class LiquidityTab(TabBase):
    key = "liquidity"
    relevant = (
        Changed.POOLS
        | Changed.POSITIONS
        | Changed.BALANCES
        | Changed.TOKENS
        | Changed.ACCOUNTS
        | Changed.SESSION
    )

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: LiquiditySnapshot | None = None
        self.selected_id: int | None = None
        self.last_result: LiquidityResult | None = None
        self.last_dialog: QWidget | None = None
        self.history: list[PricePoint] = []
        self._following = False

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
        pools_layout.addWidget(self.pools_view)
        outer.addWidget(pools_box)

        below = QSplitter(Qt.Orientation.Horizontal)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        self.pool_title = heading(self.tr("Pick a pool"))
        chart_layout.addWidget(self.pool_title)
        self.chart = TimeChart(
            self.tr("Price"),
            self.tr("Price"),
            empty_text=self.tr("Pick a pool to see its price over time."),
            include_zero=False,
        )
        chart_layout.addWidget(self.chart, 1)
        below.addWidget(chart_box)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.action_tabs = QTabWidget()
        self.action_tabs.addTab(self._build_add(), icon("add"), self.tr("Add liquidity"))
        self.action_tabs.addTab(self._build_remove(), icon("remove"), self.tr("Remove liquidity"))
        side_layout.addWidget(self.action_tabs)
        side_layout.addWidget(heading(self.tr("Your positions")))
        self.positions_model: RowTableModel[Position] = RowTableModel(position_columns(self.tr))
        self.positions_stack = TableStack(
            self.positions_model,
            self.tr("You provide no liquidity yet. Pick a pool above and add both of its tokens."),
        )
        self.positions_view, self.positions_empty = self.positions_stack.view, self.positions_stack.empty
        self.positions_view.setWordWrap(True)
        fit_to_contents(self.positions_view)
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

    def _build_add(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.add_label_a = QLabel("—")
        self.add_label_b = QLabel("—")
        self.amount_a = AmountEdit(field="amount_a", placeholder="0.0")
        self.amount_b = AmountEdit(field="amount_b", placeholder="0.0")
        self.amount_a.edited.connect(lambda: self._follow(first=True))
        self.amount_b.edited.connect(lambda: self._follow(first=False))
        self.amount_a_error = self.amount_a.error
        self.amount_b_error = self.amount_b.error
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        self.add_error = FieldError()
        self.add_button = QPushButton(icon("add"), self.tr("Add liquidity"))
        self.add_button.clicked.connect(lambda _c=False: self.add())
        form.addRow(self.add_label_a, self.amount_a)
        form.addRow("", self.amount_a_error)
        form.addRow(self.add_label_b, self.amount_b)
        form.addRow("", self.amount_b_error)
        form.addRow("", self.held_label)
        form.addRow("", self.add_error)
        form.addRow("", self.add_button)
        return page

    def _build_remove(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setValue(50)
        self.slider.setPageStep(25)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(25)
        self.slider.valueChanged.connect(lambda _v: self._update_preview())
        self.percent_label = QLabel("50%")
        self.percent_label.setMinimumWidth(40)
        row.addWidget(self.slider, 1)
        row.addWidget(self.percent_label)
        form.addRow(self.tr("Part of your position"), row)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        form.addRow(self.tr("You receive"), self.preview_label)
        self.remove_error = FieldError()
        form.addRow("", self.remove_error)
        self.remove_button = QPushButton(icon("remove"), self.tr("Remove liquidity"))
        self.remove_button.clicked.connect(lambda _c=False: self.remove())
        form.addRow("", self.remove_button)
        return page

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

    def _show(self, snapshot: LiquiditySnapshot) -> None:
        self.snapshot = snapshot
        has_pools = bool(snapshot.pools)
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
        self.create_pool_button.setEnabled(len(snapshot.tokens) >= 2)
        self.empty_pool.setEnabled(len(snapshot.tokens) >= 2)
        keep = self.selected_id
        self.pools_model.set_rows(snapshot.pools)
        self.positions_stack.set_rows(snapshot.positions)
        self.positions_view.resizeRowsToContents()
        ids = [p.id for p in snapshot.pools]
        if has_pools:
            row = ids.index(keep) if keep in ids else 0
            self.pools_view.selectRow(row)
        self.selected_id = keep if keep in ids else (ids[0] if ids else None)
        self._selection_changed(force=True)

    def selected_pool(self) -> PoolInfo | None:
        if self.snapshot is None or self.selected_id is None:
            return None
        return next((p for p in self.snapshot.pools if p.id == self.selected_id), None)

    def _selection_changed(self, *, force: bool = False) -> None:
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
        self.add_label_a.setText(pool.symbol0)
        self.add_label_b.setText(pool.symbol1)
        self.amount_a.set_token(pool.symbol0, pool.decimals0)
        self.amount_b.set_token(pool.symbol1, pool.decimals1)
        if changed:
            self.amount_a.clear()
            self.amount_b.clear()
        for target in (self.amount_a_error, self.amount_b_error, self.add_error, self.remove_error):
            target.clear_error()
        held = self.snapshot.held() if self.snapshot else {}
        self.held_label.setText(
            self.tr("You hold {a} {x} and {b} {y}.").format(
                a=amount_text(held.get(pool.symbol0, 0), pool.decimals0),
                x=pool.symbol0,
                b=amount_text(held.get(pool.symbol1, 0), pool.decimals1),
                y=pool.symbol1,
            )
        )
        self._update_preview()
        self._load_history(pool)

    def _load_history(self, pool: PoolInfo) -> None:
        exchange = self.ctx.core.exchange
        self.chart.plot.getPlotItem().setLabel(
            "left", self.tr("Price"), units=f"{pool.symbol1} per {pool.symbol0}"
        )
        self.chart.plot.getPlotItem().setTitle(self.tr("{pair} price").format(pair=pair(pool)))
        self.ctx.ops.run(
            lambda: exchange.price_history(pool.symbol0, pool.symbol1),
            name="price history",
            latest="price history",
            on_done=self._show_history,
            owner=self,
            quiet=True,
        )

    def _show_history(self, points: list[PricePoint]) -> None:
        self.history = points
        # drawing only: the price is decimal text from the core; a float is fine for pixels
        self.chart.set_series("price", [(p.at_ms, float(p.price)) for p in points])

    # -- add -----------------------------------------------------------------------------------

    def _follow(self, *, first: bool) -> None:
        """The other deposit follows the pool's ratio as you type (rounded down, like the core).
        The typed field has re-checked its own text; the other one's error spoke of its old text."""
        pool = self.selected_pool()
        source, target = (self.amount_a, self.amount_b) if first else (self.amount_b, self.amount_a)
        target.error.clear_error()
        if pool is None or self._following:
            return
        r_in, r_out = (pool.reserve0, pool.reserve1) if first else (pool.reserve1, pool.reserve0)
        units = source.units()
        if units is None:
            target.clear()  # empty, or its error says why
            return
        try:
            follow = amm.quote(units, r_in, r_out)
        except QenexError as exc:
            source.error.show_error(exc.message)
            target.clear()
            return
        self._following = True
        target.setText(format_amount(follow, target.decimals))
        self._following = False

    def add(self) -> None:
        pool = self.selected_pool()
        if pool is None:
            return
        exchange_ops.add_liquidity(
            self.ctx,
            pool.symbol0,
            pool.symbol1,
            self.amount_a.text(),
            self.amount_b.text(),
            amount_a_error=self.amount_a_error,
            amount_b_error=self.amount_b_error,
            general_error=self.add_error,
            on_done=self._added,
            trigger=self.add_button,
            owner=self,
        )

    def _added(self, result: LiquidityResult) -> None:
        self.last_result = result
        self.amount_a.clear()
        self.amount_b.clear()
        status_message(
            self,
            self.tr("Added {x} {a} and {y} {b}: {n} new shares.").format(
                x=result.amount_a_text,
                a=result.symbol_a,
                y=result.amount_b_text,
                b=result.symbol_b,
                n=result.shares,
            ),
        )

    # -- remove --------------------------------------------------------------------------------

    def _update_preview(self) -> None:
        percent = self.slider.value()
        self.percent_label.setText(f"{percent}%")
        pool = self.selected_pool()
        position = self.snapshot.position(pool.id) if (self.snapshot and pool) else None
        if pool is None or position is None or position.shares <= 0:
            self.preview_label.setText(
                self.tr("You have no share of this pool in {account}; add liquidity first.").format(
                    account=DEFAULT_ACCOUNT
                )
            )
            self.remove_button.setEnabled(False)
            return
        burn = position.shares * percent * 100 // amm.BPS  # the core's share of a percentage, in bps
        if burn <= 0:
            self.preview_label.setText(self.tr("Move the slider to pick how much to take out."))
            self.remove_button.setEnabled(False)
            return
        try:
            out0, out1 = amm.burn_amounts(burn, pool.reserve0, pool.reserve1, pool.total_shares)
        except QenexError as exc:  # too few shares to pay out anything: the core would refuse it
            self.preview_label.setText(exc.message)
            self.remove_button.setEnabled(False)
            return
        self.preview_label.setText(
            self.tr("≈ {a} {x} and {b} {y}").format(
                a=amount_text(out0, pool.decimals0),
                x=pool.symbol0,
                b=amount_text(out1, pool.decimals1),
                y=pool.symbol1,
            )
        )
        self.preview_label.setToolTip(
            self.tr("Burns {n} of your {m} pool shares.").format(n=burn, m=position.shares)
        )
        self.remove_button.setEnabled(True)

    def remove(self) -> None:
        pool = self.selected_pool()
        if pool is None:
            return
        exchange_ops.remove_liquidity(
            self.ctx,
            pool.symbol0,
            pool.symbol1,
            str(self.slider.value()),
            error=self.remove_error,
            on_done=self._removed,
            trigger=self.remove_button,
            owner=self,
        )

    def _removed(self, result: LiquidityResult) -> None:
        self.last_result = result
        status_message(
            self,
            self.tr("Took out {x} {a} and {y} {b}.").format(
                x=result.amount_a_text, a=result.symbol_a, y=result.amount_b_text, b=result.symbol_b
            ),
        )

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

        def add() -> None:
            self.action_tabs.setCurrentIndex(0)
            self.amount_a.setText("5")
            self._follow(first=True)

        def remove() -> None:
            self.action_tabs.setCurrentIndex(1)
            self.slider.setValue(40)

        return [("add", add), ("remove", remove)]

    def set_locked(self, locked: bool) -> None:
        self.pools_model.hide_secrets(locked)
        self.positions_model.hide_secrets(locked)
        super().set_locked(locked)
