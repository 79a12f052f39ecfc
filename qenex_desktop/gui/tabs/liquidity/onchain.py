"""The Liquidity tab's on-chain venue ("<network>: Uniswap V2"), offered when the active network has
a V2 deployment: its pools among WETH, QXC and the imported tokens (reserves, price, your LP share
and what it is worth), a deposit whose other side follows the pool's price as you type
(``amm.quote`` on the reserves on screen), and a removal of a part of your LP tokens. Add
liquidity… and Remove liquidity… (or Return in a field) open the on-chain review
(``dialogs.onchain_liquidity``): the ledger review's rows, then the exact approvals and the router's
call as steps with progress.

``read_chain_liquidity`` runs on a worker (the tab reads it beside the ledger); ``install_venue``
puts the venue choice in the tab's bar and this panel in its stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core import amm
from qenex_desktop.core.chain.v2.liquidity import Position, V2Liquidity
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.errors import QenexError, ValidationError
from qenex_desktop.core.exchange.swaps import DEFAULT_SLIPPAGE_BPS
from qenex_desktop.core.validation import format_amount, parse_slippage_bps
from qenex_desktop.gui.dialogs.confirm_liquidity import lp_text, share_text
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.widgets import FieldError, TableStack, heading

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.gui.context import GuiContext
    from qenex_desktop.gui.dialogs.onchain_liquidity import OnchainLiquidityDialog

LEDGER = "ledger"
CHAIN = "chain"
PPM = 1_000_000


@dataclass(frozen=True)
class ChainLiquiditySnapshot:
    network: str
    address: str
    pools: list[Position]
    #: What the account holds, by asset ("ETH" or the token's address), in base units.
    held: dict[str, int]
    #: (asset, symbol, decimals) of ETH and the network's tokens: what a new pool may hold.
    assets: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def venue_name(self) -> str:
        return f"{self.network}: Uniswap V2"


def read_chain_liquidity(core: QenexCore) -> ChainLiquiditySnapshot | None:
    """Worker thread: the active network's V2 pools and the first wallet account's holdings, or
    None (no V2 there, no wallet account, or its node does not answer now)."""
    network = core.chain.network()
    session = core.auth.current_session(touch=False)
    if not network.has_v2 or session is None:
        return None
    accounts = core.wallet.accounts(session.profile_id)
    if not accounts:
        return None
    address = accounts[0].address
    try:
        pools = V2Liquidity(V2Swaps(V2Venue(core.chain))).pools(address)
        found = core.chain.balances(address)
    except QenexError:
        return None
    balances = [found[0].eth, *found[0].tokens] if found else []
    held = {a.asset: a.units for a in balances}
    assets = [(a.asset, a.symbol, a.decimals) for a in balances]
    return ChainLiquiditySnapshot(network.name, address, pools, held, assets)


def pair_text(p: Position) -> str:
    return f"{p.side_a.symbol}/{p.side_b.symbol}"


def price_text(p: Position) -> str:
    if p.reserve_a == 0:
        return "—"
    units = p.reserve_b * 10**p.side_a.decimals // p.reserve_a
    return f"1 {p.side_a.symbol} = {amount_text(units, p.side_b.decimals)} {p.side_b.symbol}"


def _columns() -> list[Column[Position]]:
    return [
        Column("Pool", pair_text, tooltip=lambda p: p.pair, full=lambda p: p.pair, kind="address"),
        Column(
            "Reserves",
            lambda p: (
                f"{amount_text(p.reserve_a, p.side_a.decimals)} {p.side_a.symbol} + "
                f"{amount_text(p.reserve_b, p.side_b.decimals)} {p.side_b.symbol}"
            ),
            numeric=True,
        ),
        Column("Price", price_text),
        Column(
            "Your share",
            lambda p: (
                f"{share_text(p.shares * PPM // p.total_supply if p.total_supply else 0)} "
                f"({lp_text(p.shares)})"
            ),
            numeric=True,
            secret=True,
            tooltip=lambda p: (
                f"{amount_text(p.amount_a, p.side_a.decimals)} {p.side_a.symbol} + "
                f"{amount_text(p.amount_b, p.side_b.decimals)} {p.side_b.symbol}"
            ),
        ),
    ]


class OnchainLiquidityPanel(QWidget):
    """The on-chain page of the Liquidity tab, shown while its venue choice says so."""

    #: A review dialog closed after its transaction: the tab reads the pools again.
    transacted = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.snapshot: ChainLiquiditySnapshot | None = None
        self.dialog: OnchainLiquidityDialog | None = None
        self.create_dialog: QWidget | None = None
        self._following = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading(self.tr("Uniswap V2 pools"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        self.create_button = QPushButton(icon("add"), self.tr("Create pool…"))
        self.create_button.setObjectName("onchainCreatePoolButton")
        self.create_button.clicked.connect(lambda _c=False: self.open_create())
        top.addWidget(self.create_button)
        layout.addLayout(top)
        self.model: RowTableModel[Position] = RowTableModel(_columns(), self)
        self.table = TableStack(
            self.model, self.tr("No Uniswap V2 pools among your tokens on this network yet.")
        )
        self.table.view.setObjectName("onchainPoolsTable")
        self.table.view.setTabKeyNavigation(False)
        self.table.view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self._build_add(), 1)
        row.addWidget(self._build_remove(), 1)
        layout.addLayout(row)

    def _build_add(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(heading(self.tr("Add liquidity")))
        self.label_a, self.label_b = QLabel("—"), QLabel("—")
        self.amount_a = AmountEdit(field="amount_a", placeholder="0.0")
        self.amount_b = AmountEdit(field="amount_b", placeholder="0.0")
        self.amount_a.setObjectName("onchainAmountA")
        self.amount_b.setObjectName("onchainAmountB")
        self.amount_a.edited.connect(lambda: self._follow(first=True))
        self.amount_b.edited.connect(lambda: self._follow(first=False))
        for edit in (self.amount_a, self.amount_b):
            edit.returnPressed.connect(self.add)
        form.addRow(self.label_a, self.amount_a)
        form.addRow("", self.amount_a.error)
        form.addRow(self.label_b, self.amount_b)
        form.addRow("", self.amount_b.error)
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        form.addRow("", self.held_label)
        self.add_error = FieldError()
        form.addRow("", self.add_error)
        self.add_button = QPushButton(icon("add"), self.tr("Add liquidity…"))
        self.add_button.setObjectName("onchainAddButton")
        self.add_button.clicked.connect(lambda _c=False: self.add())
        form.addRow("", self.add_button)
        return box

    def _build_remove(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(heading(self.tr("Remove liquidity")))
        self.percent = QSpinBox()
        self.percent.setObjectName("onchainPercent")
        self.percent.setRange(1, 100)
        self.percent.setValue(50)
        self.percent.setSuffix("%")
        self.percent.valueChanged.connect(lambda _v: self._preview())
        self.percent.lineEdit().returnPressed.connect(self.remove)
        form.addRow(self.tr("Part of your position"), self.percent)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        form.addRow(self.tr("You receive"), self.preview)
        self.remove_error = FieldError()
        form.addRow("", self.remove_error)
        self.remove_button = QPushButton(icon("remove"), self.tr("Remove liquidity…"))
        self.remove_button.setObjectName("onchainRemoveButton")
        self.remove_button.clicked.connect(lambda _c=False: self.remove())
        form.addRow("", self.remove_button)
        return box

    # -- showing -------------------------------------------------------------------------------

    def show_snapshot(self, snapshot: ChainLiquiditySnapshot) -> None:
        keep = self.selected()
        self.snapshot = snapshot
        self.title.setText(self.tr("{venue} pools").format(venue=snapshot.venue_name))
        self.table.set_rows(snapshot.pools)
        pairs = [p.pair for p in snapshot.pools]
        if pairs:
            self.table.view.selectRow(pairs.index(keep.pair) if keep and keep.pair in pairs else 0)
        self._selected(force=True)

    def selected(self) -> Position | None:
        rows = self.table.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _selected(self, *, force: bool = False) -> None:
        pool = self.selected()
        old = (self.amount_a.symbol, self.amount_b.symbol)
        enabled = pool is not None
        self.add_button.setEnabled(enabled)
        if pool is None:
            self.held_label.setText("")
            self._preview()
            return
        a, b = pool.side_a, pool.side_b
        self.label_a.setText(a.symbol)
        self.label_b.setText(b.symbol)
        self.amount_a.set_token(a.symbol, a.decimals)
        self.amount_b.set_token(b.symbol, b.decimals)
        if force or old != (a.symbol, b.symbol):
            self.amount_a.clear()
            self.amount_b.clear()
        held = self.snapshot.held if self.snapshot else {}
        self.held_label.setText(
            self.tr("You hold {x} {a} and {y} {b}.").format(
                x=amount_text(held.get(a.asset, 0), a.decimals),
                a=a.symbol,
                y=amount_text(held.get(b.asset, 0), b.decimals),
                b=b.symbol,
            )
        )
        self._preview()

    def _follow(self, *, first: bool) -> None:
        pool = self.selected()
        source, target = (self.amount_a, self.amount_b) if first else (self.amount_b, self.amount_a)
        target.error.clear_error()
        if pool is None or self._following:
            return
        r_in, r_out = (pool.reserve_a, pool.reserve_b) if first else (pool.reserve_b, pool.reserve_a)
        units = source.units()
        if units is None:
            target.clear()
            return
        try:
            follow = amm.quote(units, r_in, r_out)
        except QenexError as exc:
            source.error.show_error(exc.message)
            return
        self._following = True
        target.setText(format_amount(follow, target.decimals))
        self._following = False

    def _preview(self) -> None:
        pool = self.selected()
        if pool is None or pool.shares == 0:
            self.preview.setText(self.tr("You have no share of this pool; add liquidity first."))
            self.remove_button.setEnabled(False)
            return
        burn = pool.shares * self.percent.value() * 100 // amm.BPS
        if burn == 0:
            self.preview.setText(self.tr("That part is less than one LP base unit."))
            self.remove_button.setEnabled(False)
            return
        out_a, out_b = (burn * r // pool.total_supply for r in (pool.reserve_a, pool.reserve_b))
        self.preview.setText(
            self.tr("≈ {x} {a} and {y} {b} for {n}").format(
                x=amount_text(out_a, pool.side_a.decimals),
                a=pool.side_a.symbol,
                y=amount_text(out_b, pool.side_b.decimals),
                b=pool.side_b.symbol,
                n=lp_text(burn),
            )
        )
        self.remove_button.setEnabled(True)

    # -- the review ----------------------------------------------------------------------------

    def _slippage_bps(self) -> int:
        try:
            return parse_slippage_bps(self.ctx.prefs.slippage_percent)
        except ValidationError:
            return DEFAULT_SLIPPAGE_BPS

    def add(self) -> OnchainLiquidityDialog | None:
        pool = self.selected()
        if pool is None or not self.add_button.isEnabled():
            return None
        amount_a = self.amount_a.check()
        if amount_a is None:
            self.amount_a.setFocus()
            return None
        amount_b = self.amount_b.units()  # empty: the pool's price decides it
        return self._open(
            {
                "kind": "add",
                "token_a": pool.side_a.asset,
                "token_b": pool.side_b.asset,
                "amount_a": amount_a,
                "amount_b": amount_b,
                "slippage_bps": self._slippage_bps(),
            }
        )

    def remove(self) -> OnchainLiquidityDialog | None:
        pool = self.selected()
        if pool is None or not self.remove_button.isEnabled():
            return None
        return self._open(
            {
                "kind": "remove",
                "token_a": pool.side_a.asset,
                "token_b": pool.side_b.asset,
                "share_bps": self.percent.value() * 100,
                "slippage_bps": self._slippage_bps(),
            }
        )

    def open_create(self) -> QWidget | None:
        """The new pool's two assets and amounts; its Review… opens the on-chain review."""
        from qenex_desktop.gui.dialogs.onchain_create_pool import OnchainCreatePoolDialog

        snapshot = self.snapshot
        if snapshot is None or len(snapshot.assets) < 2:
            return None
        pooled = {frozenset((p.side_a.asset, p.side_b.asset)) for p in snapshot.pools}
        dialog = OnchainCreatePoolDialog(snapshot.assets, snapshot.held, pooled, self._slippage_bps(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.review_requested.connect(self._open)
        dialog.open()
        self.create_dialog = dialog
        return dialog

    def _open(self, request: dict[str, object]) -> OnchainLiquidityDialog:
        from qenex_desktop.gui.dialogs.onchain_liquidity import OnchainLiquidityDialog

        dialog = OnchainLiquidityDialog(self.ctx, request, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _closed(self, dialog: OnchainLiquidityDialog) -> None:
        if dialog.finished_tx is not None:
            self.amount_a.clear()
            self.amount_b.clear()
            self.transacted.emit()
        if self.dialog is dialog:
            self.dialog = None


def install_venue(bar: QHBoxLayout, at: int) -> QComboBox:
    """The venue choice in the tab's bar (at index ``at``): "Local ledger", and the network's
    Uniswap V2 once ``offer`` finds one; hidden while there is only the ledger."""
    venue = QComboBox()
    venue.setObjectName("liquidityVenue")
    venue.setAccessibleName(venue.tr("Venue"))
    venue.addItem(venue.tr("Local ledger"), LEDGER)
    venue.hide()
    bar.insertWidget(at, venue)
    return venue


def offer(venue: QComboBox, chain: ChainLiquiditySnapshot | None) -> None:
    """The venue list as read: the on-chain entry when the network has V2 (kept chosen if it was)."""
    chosen = venue.currentData()
    venue.blockSignals(True)
    while venue.count() > 1:
        venue.removeItem(1)
    if chain is not None:
        venue.addItem(chain.venue_name, CHAIN)
    venue.setCurrentIndex(1 if chain is not None and chosen == CHAIN else 0)
    venue.blockSignals(False)
    venue.setVisible(chain is not None)
