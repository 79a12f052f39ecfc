"""The Swap tab: two ledger tokens, an amount on either side, a live quote, confirm, swap.

Typing restarts a 250 ms timer; when it fires, the quote is computed on a worker thread (the
operations layer) and a result that arrives after newer typing is dropped (a generation number),
so the figures on screen always belong to what is typed. A refusal lands under the field it
names (``QenexError.field``). The swap itself runs in the background; its change signal makes
every view of ledger balances refresh, this tab's table included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.changes import Changed
from qenex_desktop.core.errors import QenexError, ValidationError
from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.core.validation import format_amount, parse_slippage_bps
from qenex_desktop.gui.colours import AMBER, GREEN, RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text, percent_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.widgets import EmptyStack, EmptyState, FieldError, heading, make_table, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.exchange import Balance, SwapQuote, SwapResult, TokenInfo

QUOTE_DELAY_MS = 250
DEFAULT_DEADLINE_MIN = 20
IMPACT_AMBER_BPS = 100  # above 1%: think twice
IMPACT_RED_BPS = 500  # above 5%: most of the trade is lost to the pool's depth


@dataclass(frozen=True)
class ExchangeSnapshot:
    """What the exchange tabs need to draw their forms, read in one background operation."""

    tokens: list[TokenInfo]
    balances: list[Balance]
    pool_count: int

    def main_balance(self, symbol: str) -> int:
        return sum(b.amount for b in self.balances if b.symbol == symbol and b.account == DEFAULT_ACCOUNT)

    def held(self) -> dict[str, int]:
        return {t.symbol: self.main_balance(t.symbol) for t in self.tokens}


def read_exchange(core: QenexCore) -> ExchangeSnapshot:
    """Worker thread: tokens, your balances, how many pools there are."""
    exchange = core.exchange
    return ExchangeSnapshot(exchange.list_tokens(), exchange.balances(), len(exchange.list_pools()))


def impact_color(bps: int) -> str | None:
    if bps > IMPACT_RED_BPS:
        return RED
    if bps > IMPACT_AMBER_BPS:
        return AMBER
    return None


def balance_columns(tr: Callable[[str], str]) -> list[Column[Balance]]:
    return [
        Column(tr("Account"), lambda b: b.account),
        Column(tr("Token"), lambda b: b.symbol),
        Column(
            tr("Balance"),
            lambda b: amount_text(b.amount, b.decimals),
            tooltip=lambda b: f"{b.amount_text} {b.symbol}",
            numeric=True,
            secret=True,
        ),
    ]


def quote_rows(
    quote: SwapQuote, deadline_min: int, decimals: dict[str, int], tr: Callable[[str], str]
) -> dict[str, str]:
    """A quote as (row name -> text): rate, limit under the slippage, impact, route, fee, deadline."""
    rate = tr("1 {a} = {price} {b}").format(
        a=quote.symbol_in, price=quote.effective_price, b=quote.symbol_out
    )
    if quote.kind == "exact_in":
        limit_name = tr("Minimum received")
        limit = f"{format_amount(quote.minimum_received or 0, quote.decimals_out)} {quote.symbol_out}"
    else:
        limit_name = tr("Maximum sold")
        limit = f"{format_amount(quote.maximum_sold or 0, quote.decimals_in)} {quote.symbol_in}"
    limit += tr(" (slippage {p})").format(p=percent_text(quote.slippage_bps))
    fees = [
        f"{percent_text(hop.fee_bps)} = "
        f"{format_amount(hop.fee_amount, decimals.get(hop.symbol_in, quote.decimals_in))} {hop.symbol_in}"
        for hop in quote.hops
    ]
    return {
        tr("Rate"): rate,
        limit_name: limit,
        tr("Price impact"): percent_text(quote.price_impact_bps),
        tr("Route"): " → ".join(quote.path),
        tr("Fee"): "; ".join(fees),
        tr("Deadline"): tr("{n} minutes").format(n=deadline_min),
    }


class SwapTab(TabBase):
    key = "swap"
    relevant = (
        Changed.POOLS
        | Changed.BALANCES
        | Changed.TOKENS
        | Changed.ACCOUNTS
        | Changed.SESSION
        | Changed.SETTINGS
    )

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._quote_key = f"swap quote {id(self)}"  # ops.run(latest=...): older answers dropped
        self.snapshot: ExchangeSnapshot | None = None
        self.quote: SwapQuote | None = None
        self.last_result: SwapResult | None = None
        self.kind = "exact_in"
        self._pair = ("", "")
        self.quotes_shown = 0
        self.confirm_dialog: QWidget | None = None
        self.last_dialog: QWidget | None = None

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.create_token_button = QPushButton(icon("token"), self.tr("Create token…"))
        self.create_token_button.clicked.connect(lambda _c=False: self.open_create_token())
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        bar.addWidget(self.create_token_button)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)

        self.empty = EmptyState(
            self.tr("No tokens to swap yet"),
            self.tr(
                "Swaps trade one token of the local exchange ledger for another through a pool. "
                "Create two tokens, then create a pool for them in the Liquidity tab."
            ),
            icon_name="swap",
        )
        self.empty_create = self.empty.add_button(self.tr("Create token…"), "token")
        self.empty_create.clicked.connect(lambda _c=False: self.open_create_token())
        self.form = self._build_form()
        self.stack = EmptyStack(self.empty, self.form)
        layout.addWidget(self.stack, 1)

        self._quote_timer = QTimer(self)
        self._quote_timer.setSingleShot(True)
        self._quote_timer.setInterval(QUOTE_DELAY_MS)
        self._quote_timer.timeout.connect(self.request_quote)
        self._show_details(None)

    # -- building ------------------------------------------------------------------------------

    def _build_form(self) -> QWidget:
        page = QWidget()
        outer = QHBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)

        box = QGroupBox(self.tr("Swap"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.token_in = QComboBox()
        self.token_out = QComboBox()
        for combo in (self.token_in, self.token_out):
            combo.setMinimumWidth(110)
            combo.currentIndexChanged.connect(lambda _i: self._tokens_changed())
        self.amount_in = AmountEdit(field="amount_in", placeholder=self.tr("amount to pay"), max_button=True)
        self.amount_out = AmountEdit(field="amount_out", placeholder=self.tr("amount to receive"))
        self.amount_in.edited.connect(lambda: self._edited("exact_in"))
        self.amount_out.edited.connect(lambda: self._edited("exact_out"))
        assert self.amount_in.max_button is not None
        self.max_button = self.amount_in.max_button
        self.amount_in.max_requested.connect(self.use_max)
        self.balance_in = QLabel()
        self.balance_out = QLabel()
        self.flip_button = QToolButton()
        self.flip_button.setText("⇅")
        self.flip_button.setToolTip(self.tr("Swap the direction"))
        self.flip_button.clicked.connect(lambda _c=False: self.flip())
        self.amount_in_error = self.amount_in.error
        self.amount_out_error = self.amount_out.error
        self.token_in_error = FieldError()
        self.token_out_error = FieldError()

        row = 0
        grid.addWidget(QLabel(self.tr("You pay")), row, 0)
        grid.addWidget(self.amount_in, row, 1)
        grid.addWidget(self.token_in, row, 2)
        grid.addWidget(self.max_button, row, 3)
        row += 1
        grid.addWidget(self.balance_in, row, 1, 1, 3)
        row += 1
        grid.addWidget(self.amount_in_error, row, 1, 1, 3)
        row += 1
        grid.addWidget(self.token_in_error, row, 1, 1, 3)
        row += 1
        grid.addWidget(self.flip_button, row, 1, 1, 1, Qt.AlignmentFlag.AlignHCenter)
        row += 1
        grid.addWidget(QLabel(self.tr("You receive")), row, 0)
        grid.addWidget(self.amount_out, row, 1)
        grid.addWidget(self.token_out, row, 2)
        row += 1
        grid.addWidget(self.balance_out, row, 1, 1, 3)
        row += 1
        grid.addWidget(self.amount_out_error, row, 1, 1, 3)
        row += 1
        grid.addWidget(self.token_out_error, row, 1, 1, 3)
        row += 1

        settings = QHBoxLayout()
        self._slippage_default = self.ctx.prefs.slippage_percent
        self.slippage = QLineEdit(self._slippage_default)
        self.slippage.setMaximumWidth(70)
        self.slippage.setToolTip(
            self.tr("How far the price may move against you before the swap is refused (default in Settings)")
        )
        self.slippage.textEdited.connect(lambda _t: self._schedule())
        self.deadline = QSpinBox()
        self.deadline.setRange(1, 24 * 60)
        self.deadline.setSuffix(self.tr(" min"))
        try:
            minutes = int(self.ctx.prefs.value("trade/deadline_minutes", str(DEFAULT_DEADLINE_MIN)))
        except ValueError:
            minutes = DEFAULT_DEADLINE_MIN
        self.deadline.setValue(min(max(minutes, 1), 24 * 60))
        self.deadline.setToolTip(self.tr("The swap is refused if it cannot run within this time"))
        self.deadline.valueChanged.connect(
            lambda v: self.ctx.prefs.set_value("trade/deadline_minutes", str(v))
        )
        settings.addWidget(QLabel(self.tr("Slippage tolerance")))
        settings.addWidget(self.slippage)
        settings.addWidget(QLabel("%"))
        settings.addSpacing(16)
        settings.addWidget(QLabel(self.tr("Deadline")))
        settings.addWidget(self.deadline)
        settings.addStretch(1)
        grid.addLayout(settings, row, 0, 1, 4)
        row += 1
        self.slippage_error = FieldError()
        grid.addWidget(self.slippage_error, row, 0, 1, 4)
        row += 1

        details = QFormLayout()
        self.rate_label = QLabel()
        self.limit_name = QLabel(self.tr("Minimum received"))
        self.limit_label = QLabel()
        self.impact_label = QLabel()
        self.route_label = QLabel()
        self.fee_label = QLabel()
        for label in (self.rate_label, self.limit_label, self.route_label, self.fee_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.addRow(self.tr("Rate"), self.rate_label)
        details.addRow(self.limit_name, self.limit_label)
        details.addRow(self.tr("Price impact"), self.impact_label)
        details.addRow(self.tr("Route"), self.route_label)
        details.addRow(self.tr("Fee"), self.fee_label)
        grid.addLayout(details, row, 0, 1, 4)
        row += 1
        self.general_error = FieldError()
        grid.addWidget(self.general_error, row, 0, 1, 4)
        row += 1
        self.swap_button = QPushButton(icon("swap"), self.tr("Review swap…"))
        self.swap_button.setDefault(True)
        self.swap_button.clicked.connect(lambda _c=False: self.review())
        grid.addWidget(self.swap_button, row, 0, 1, 4)
        row += 1
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet(text_style(GREEN))
        self.result_label.hide()
        grid.addWidget(self.result_label, row, 0, 1, 4)
        row += 1
        grid.setRowStretch(row, 1)
        box.setMinimumWidth(440)
        splitter.addWidget(box)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(heading(self.tr("Your ledger balances")))
        self.balances_model: RowTableModel[Balance] = RowTableModel(balance_columns(self.tr))
        self.balances_view = make_table(self.balances_model)
        header = self.balances_view.horizontalHeader()
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents)
        ):
            header.setSectionResizeMode(column, mode)
        header.setStretchLastSection(True)
        self.balances_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_layout.addWidget(self.balances_view, 1)
        self.pool_hint = QLabel(
            self.tr("No pool yet: create one in the Liquidity tab, then swap here through it.")
        )
        self.pool_hint.setWordWrap(True)
        self.pool_hint.setStyleSheet(text_style(AMBER))
        self.pool_hint.hide()
        side_layout.addWidget(self.pool_hint)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])
        return page

    def fields(self) -> dict[str, FieldError]:
        """Where each refusal of the core is shown (``QenexError.field`` -> label)."""
        return {
            "amount_in": self.amount_in_error,
            "max_in": self.amount_in_error,
            "amount_out": self.amount_out_error,
            "min_out": self.amount_out_error,
            "token_in": self.token_in_error,
            "token_out": self.token_out_error,
            "slippage": self.slippage_error,
            "deadline": self.slippage_error,
            "*": self.general_error,
        }

    def _clear_errors(self) -> None:
        for target in set(self.fields().values()):
            target.clear_error()

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        default = self.ctx.prefs.slippage_percent
        if default != self._slippage_default:
            # a new default in Settings: take it, unless a value was typed here for this swap
            if self.slippage.text() == self._slippage_default:
                self.slippage.setText(default)
            self._slippage_default = default
        core = self.ctx.core
        self.ctx.ops.run(
            lambda: read_exchange(core),
            name="exchange tokens",
            latest="exchange tokens",
            on_done=self._show_snapshot,
            trigger=self.refresh_button,
            owner=self,
            quiet=True,
        )

    def _show_snapshot(self, snapshot: ExchangeSnapshot) -> None:
        self.snapshot = snapshot
        symbols = [t.symbol for t in snapshot.tokens]
        self.stack.show_content(len(symbols) >= 2)
        if len(symbols) == 1:
            self.empty.set_text(
                self.tr("One more token to swap"),
                self.tr(
                    "You have {symbol}. A swap needs a second token and a pool holding both: create "
                    "another token, then a pool in the Liquidity tab."
                ).format(symbol=symbols[0]),
            )
        self._fill_combo(self.token_in, symbols, 0)
        self._fill_combo(self.token_out, symbols, 1)
        if len(symbols) >= 2 and self.token_in.currentText() == self.token_out.currentText():
            # e.g. the first token was alone in both lists: receive another one by default
            self.token_out.blockSignals(True)
            self.token_out.setCurrentText(next(x for x in symbols if x != self.token_in.currentText()))
            self.token_out.blockSignals(False)
        self._pair = (self.token_in.currentText(), self.token_out.currentText())
        self.balances_model.set_rows(snapshot.balances)

        self.pool_hint.setVisible(snapshot.pool_count == 0)
        self._update_balances()
        self._schedule()

    @staticmethod
    def _fill_combo(combo: QComboBox, symbols: list[str], default_index: int) -> None:
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(symbols)
        if current in symbols:
            combo.setCurrentText(current)
        elif len(symbols) > default_index:
            combo.setCurrentIndex(default_index)
        combo.blockSignals(False)

    def _token(self, symbol: str) -> TokenInfo | None:
        if self.snapshot is None:
            return None
        return next((t for t in self.snapshot.tokens if t.symbol == symbol), None)

    def _held_text(self, symbol: str) -> str:
        token = self._token(symbol)
        if token is None or self.snapshot is None:
            return ""
        held = self.snapshot.main_balance(symbol)
        return self.tr("Balance: {amount} {symbol}").format(
            amount=amount_text(held, token.decimals), symbol=symbol
        )

    def _update_balances(self) -> None:
        """The balances under both sides, and each amount field's token (its symbol and decimals)."""
        for combo, amount, label in (
            (self.token_in, self.amount_in, self.balance_in),
            (self.token_out, self.amount_out, self.balance_out),
        ):
            label.setText(self._held_text(combo.currentText()))
            token = self._token(combo.currentText())
            if token is not None:
                amount.set_token(token.symbol, token.decimals)

    # -- typing and quoting --------------------------------------------------------------------

    def _edited(self, kind: str) -> None:
        self.kind = kind
        other = self.amount_out if kind == "exact_in" else self.amount_in
        other.clear()
        self.result_label.hide()
        self._schedule()

    def _tokens_changed(self) -> None:
        """Picking the token of the other side swaps the two, as the other side cannot be the same."""
        now_in, now_out = self.token_in.currentText(), self.token_out.currentText()
        before_in, before_out = self._pair
        if now_in == now_out and before_in != before_out:
            for combo in (self.token_in, self.token_out):
                combo.blockSignals(True)
            if now_in != before_in:
                self.token_out.setCurrentText(before_in)
            else:
                self.token_in.setCurrentText(before_out)
            for combo in (self.token_in, self.token_out):
                combo.blockSignals(False)
        self._pair = (self.token_in.currentText(), self.token_out.currentText())
        self._update_balances()
        self._schedule()

    def _schedule(self) -> None:
        """Something typed changed: forget the quote and its errors, re-price after a short pause.
        What is wrong with the typed amount itself shows at once (its field re-checks it)."""
        self.ctx.ops.supersede(self._quote_key)
        self.quote = None
        self._clear_errors()
        self._typed_edit().recheck()
        self._update_swap_button()
        self._quote_timer.start()

    def _typed_edit(self) -> AmountEdit:
        return self.amount_in if self.kind == "exact_in" else self.amount_out

    def _typed(self) -> str:
        return self._typed_edit().text().strip()

    def request_quote(self) -> None:
        """Price what is typed now on a worker thread; an answer to older typing is dropped."""
        self._quote_timer.stop()
        if self.snapshot is None:
            return
        text = self._typed()
        token_in, token_out = self.token_in.currentText(), self.token_out.currentText()
        if not text or not token_in or not token_out or self._typed_edit().units() is None:
            self._show_details(None)  # nothing to price; a bad amount's field says what is wrong
            return
        try:
            slippage = parse_slippage_bps(self.slippage.text() or "0")
        except ValidationError as exc:
            self.slippage_error.show_error(exc.message)
            self._show_details(None)
            return
        exchange = self.ctx.core.exchange
        if self.kind == "exact_in":
            call: Callable[[], SwapQuote] = lambda: exchange.quote_swap(  # noqa: E731
                token_in, token_out, amount_in=text, slippage_bps=slippage
            )
        else:
            call = lambda: exchange.quote_swap(  # noqa: E731
                token_in, token_out, amount_out=text, slippage_bps=slippage
            )
        self.ctx.ops.run(
            call,
            name="quote",
            on_done=self._quoted,
            on_error=self._quote_failed,
            owner=self,
            quiet=True,
            latest=self._quote_key,  # an answer to older typing is dropped
        )

    def _quoted(self, quote: SwapQuote) -> None:
        self.quote = quote
        self.quotes_shown += 1
        other = self.amount_out if quote.kind == "exact_in" else self.amount_in
        other.setText(quote.amount_out_text if quote.kind == "exact_in" else quote.amount_in_text)
        self._show_details(quote)
        if self.snapshot is not None:
            need = quote.amount_in if quote.kind == "exact_in" else (quote.maximum_sold or quote.amount_in)
            held = self.snapshot.main_balance(quote.symbol_in)
            if need > held:
                self.amount_in_error.show_error(
                    self.tr("You have {held} {symbol} in {account}; this needs {need}.").format(
                        held=format_amount(held, quote.decimals_in),
                        symbol=quote.symbol_in,
                        account=DEFAULT_ACCOUNT,
                        need=format_amount(need, quote.decimals_in),
                    )
                )
        self._update_swap_button()

    def _quote_failed(self, error: BaseException) -> None:
        self.quote = None
        self._show_details(None)
        if isinstance(error, QenexError):
            self.ctx.ops.show_error(error, self.fields(), quiet=True)
        else:
            self.general_error.show_error(self.tr("The quote failed: {error}").format(error=error))
        self._update_swap_button()

    def details(self, quote: SwapQuote) -> dict[str, str]:
        """The quote's rows as text (the tab and the confirmation show the same words)."""
        decimals = {t.symbol: t.decimals for t in (self.snapshot.tokens if self.snapshot else [])}
        return quote_rows(quote, self.deadline.value(), decimals, self.tr)

    def _show_details(self, quote: SwapQuote | None) -> None:
        if quote is None:
            for label in (
                self.rate_label,
                self.limit_label,
                self.impact_label,
                self.route_label,
                self.fee_label,
            ):
                label.setText("—")
            self.rate_label.setText(self.tr("— type an amount to pay or to receive; the quote shows here"))
            self.impact_label.setStyleSheet("")
            return
        rows = list(self.details(quote).values())
        self.rate_label.setText(rows[0])
        self.limit_name.setText(list(self.details(quote))[1])
        self.limit_label.setText(rows[1])
        self.impact_label.setText(rows[2])
        color = impact_color(quote.price_impact_bps)
        self.impact_label.setStyleSheet(text_style(color, bold=True) if color else "")
        if color == RED:
            self.impact_label.setText(rows[2] + self.tr(" — high: the pool is shallow for this amount"))
        self.route_label.setText(rows[3])
        self.fee_label.setText(rows[4])

    def _update_swap_button(self) -> None:
        ready = self.quote is not None and not self.amount_in_error.shown
        self.swap_button.setEnabled(ready)

    # -- actions ---------------------------------------------------------------------------------

    def use_max(self) -> None:
        if self.snapshot is None:
            return
        token = self._token(self.token_in.currentText())
        if token is None:
            return
        self.amount_in.fill(self.snapshot.main_balance(token.symbol))  # as typed: re-prices

    def flip(self) -> None:
        a, b = self.token_in.currentIndex(), self.token_out.currentIndex()
        typed_in, typed_out = self.amount_in.text(), self.amount_out.text()
        for combo in (self.token_in, self.token_out):
            combo.blockSignals(True)
        self.token_in.setCurrentIndex(b)
        self.token_out.setCurrentIndex(a)
        for combo in (self.token_in, self.token_out):
            combo.blockSignals(False)
        if self.kind == "exact_in":
            self.amount_out.setText(typed_in)
            self.amount_in.clear()
            self.kind = "exact_out"
        else:
            self.amount_in.setText(typed_out)
            self.amount_out.clear()
            self.kind = "exact_in"
        self._tokens_changed()

    def open_create_token(self) -> None:
        from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog

        dialog = CreateTokenDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def review(self) -> None:
        """Open the confirmation for the quote on screen (the button is off without one)."""
        from qenex_desktop.gui.dialogs.confirm_swap import ConfirmSwapDialog

        quote = self.quote
        if quote is None:
            self.request_quote()
            return
        if self.amount_in_error.shown:
            return  # not enough to pay: the line under the amount says so
        dialog = ConfirmSwapDialog(quote, self.details(quote), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.execute(quote))
        dialog.open()
        self.confirm_dialog = dialog

    def execute(self, quote: SwapQuote) -> None:
        exchange = self.ctx.core.exchange
        deadline_ms = self.ctx.core.clock.now_ms() + self.deadline.value() * 60_000
        if quote.kind == "exact_in":
            limit = quote.minimum_received or 0
            call: Callable[[], Any] = lambda: exchange.swap_exact_in(  # noqa: E731
                quote.symbol_in, quote.symbol_out, quote.amount_in, limit, deadline_ms=deadline_ms
            )
        else:
            cap = quote.maximum_sold or quote.amount_in
            call = lambda: exchange.swap_exact_out(  # noqa: E731
                quote.symbol_in, quote.symbol_out, quote.amount_out, cap, deadline_ms=deadline_ms
            )
        self.ctx.ops.run(
            call,
            name="swap",
            on_done=self._swapped,
            trigger=self.swap_button,
            owner=self,
            fields=self.fields(),
        )

    def _swapped(self, result: SwapResult) -> None:
        self.last_result = result
        text = self.tr("Swapped {a} {x} for {b} {y} (route {route}).").format(
            a=result.amount_in_text,
            x=result.symbol_in,
            b=result.amount_out_text,
            y=result.symbol_out,
            route=" → ".join(result.path),
        )
        self.quote = None
        self._update_swap_button()
        self.result_label.setText(text)
        self.result_label.show()
        status_message(self, text)
        self.ctx.ops.supersede(self._quote_key)
        self._quote_timer.start()  # the pool moved: price what is still typed again

    def screenshot_pages(self) -> list[tuple[str, Callable[[], None]]]:
        """More pictures for the screenshot run: the form with a quote for a typed amount."""

        def quoted() -> None:
            symbols = [self.token_in.itemText(i) for i in range(self.token_in.count())]
            if "GOLD" in symbols and "USDX" in symbols:
                self.token_in.setCurrentText("USDX")
                self.token_out.setCurrentText("GOLD")
            self.amount_in.setText("25000")
            self._edited("exact_in")
            self.request_quote()

        return [("quote", quoted)]

    def set_locked(self, locked: bool) -> None:
        self.balances_model.hide_secrets(locked)
        super().set_locked(locked)
