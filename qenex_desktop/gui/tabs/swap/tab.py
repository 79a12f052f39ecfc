"""The Swap tab: two ledger tokens, an amount on either side, a live quote, confirm, swap.

Typing restarts a 250 ms timer; when it fires, the quote is computed on a worker thread (the
operations layer) and an answer that arrives after newer typing is dropped (``ops.supersede``),
so the figures on screen always belong to what is typed. An amount that does not parse is said
under its field at once and never sent for a quote; a refusal of the core lands under the field
it names (``QenexError.field``). The swap itself runs in the background; the change it reports
makes every view of ledger balances refresh, this tab's table included. The widgets are the
form's (``form.SwapForm``); this module is what typing, quoting and swapping do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from qenex_desktop.core.changes import Changed
from qenex_desktop.core.errors import QenexError, ValidationError
from qenex_desktop.core.validation import format_amount, parse_slippage_bps
from qenex_desktop.gui.account_choice import core_account
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import exchange as exchange_ops
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.tabs.swap.form import SwapForm, fill_combo
from qenex_desktop.gui.tabs.swap.onchain import CHAIN, LEDGER, ChainSnapshot, as_swap_quote, read_chain
from qenex_desktop.gui.tabs.swap.quote import (
    ExchangeSnapshot,
    full_rate,
    quote_rows,
    read_exchange,
)
from qenex_desktop.gui.widgets import EmptyStack, EmptyState, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.v2.venue import ChainQuote
    from qenex_desktop.core.exchange import SwapQuote, SwapResult

QUOTE_DELAY_MS = 250


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
        self.snapshot: ExchangeSnapshot | ChainSnapshot | None = None
        self.ledger_snapshot: ExchangeSnapshot | None = None
        #: The active network's Uniswap V2 venue (None: it has none, or its node did not answer).
        self.chain_snapshot: ChainSnapshot | None = None
        self.chain_quote: ChainQuote | None = None
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
        self.venue = QComboBox()  # "Local ledger", and "<network>: Uniswap V2" when it has one
        self.venue.setAccessibleName(self.tr("Venue"))
        self.venue.addItem(self.tr("Local ledger"), LEDGER)
        self.venue.hide()
        self.venue.currentIndexChanged.connect(lambda _i: self._show_venue())
        bar.addWidget(self.create_token_button)
        bar.addWidget(self.venue)
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
        self.form = SwapForm(ctx.prefs)
        self.setFocusProxy(self.form.amount_in)  # Ctrl+2 types the amount to pay
        self.venue.currentIndexChanged.connect(lambda _i: self.form.start_over())  # no amount carried over
        self._connect_form(self.form)
        self.stack = EmptyStack(self.empty, self.form)
        layout.addWidget(self.stack, 1)
        self._quote_timer = QTimer(self)
        self._quote_timer.setSingleShot(True)
        self._quote_timer.setInterval(QUOTE_DELAY_MS)
        self._quote_timer.timeout.connect(self.request_quote)

    def _connect_form(self, form: SwapForm) -> None:
        for combo in (form.token_in, form.token_out):
            combo.currentIndexChanged.connect(lambda _i: self._tokens_changed())
        form.amount_in.edited.connect(lambda: self._edited("exact_in"))
        form.amount_out.edited.connect(lambda: self._edited("exact_out"))
        form.amount_in.max_requested.connect(self.use_max)
        form.flip_button.clicked.connect(lambda _c=False: self.flip())
        form.slippage.textEdited.connect(lambda _t: self._schedule())
        form.swap_button.clicked.connect(lambda _c=False: self.review())
        form.account.chosen.connect(lambda _name: self._account_changed())
        form.account.return_pressed.connect(self._return_pressed)
        for edit in (form.amount_in, form.amount_out):
            edit.returnPressed.connect(self._return_pressed)  # Return reviews, it never swaps at once

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.form.take_slippage_default()
        core = self.ctx.core
        self.ctx.ops.run(
            lambda: (read_exchange(core), read_chain(core)),
            name="exchange tokens",
            latest="exchange tokens",
            on_done=self._show_snapshots,
            trigger=self.refresh_button,
            owner=self,
            quiet=True,
        )

    def on_chain(self) -> bool:
        return self.venue.currentData() == CHAIN

    def _show_snapshots(self, read: tuple[ExchangeSnapshot, ChainSnapshot | None]) -> None:
        """Both venues as read; the chosen one is shown (the on-chain one is offered when it exists)."""
        self.ledger_snapshot, self.chain_snapshot = read
        chain = self.chain_snapshot
        was_on_chain = self.on_chain()  # a refresh keeps the person's choice while it is offered
        self.venue.blockSignals(True)
        while self.venue.count() > 1:
            self.venue.removeItem(1)
        if chain is not None:
            self.venue.addItem(chain.venue_name, CHAIN)
            if was_on_chain:
                self.venue.setCurrentIndex(1)
        self.venue.blockSignals(False)
        self.venue.setVisible(chain is not None)
        self._show_venue()

    def _show_venue(self) -> None:
        snapshot = self.chain_snapshot if self.on_chain() else self.ledger_snapshot
        if snapshot is not None:
            self.ctx.ops.supersede(self._quote_key)
            self._show_snapshot(snapshot)

    def _show_snapshot(self, snapshot: ExchangeSnapshot | ChainSnapshot) -> None:
        self.snapshot = snapshot
        form = self.form
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
        fill_combo(form.token_in, symbols, 0)
        fill_combo(form.token_out, symbols, 1)
        if len(symbols) >= 2 and form.token_in.currentText() == form.token_out.currentText():
            # e.g. the first token was alone in both lists: receive another one by default
            form.token_out.blockSignals(True)
            form.token_out.setCurrentText(next(x for x in symbols if x != form.token_in.currentText()))
            form.token_out.blockSignals(False)
        self._pair = (form.token_in.currentText(), form.token_out.currentText())
        ledger = isinstance(snapshot, ExchangeSnapshot)
        form.account.setVisible(ledger)  # on chain the wallet's account pays
        form.account_label.setVisible(ledger)
        form.balances_heading.setText(self.tr("Your ledger balances" if ledger else "Your wallet balances"))
        if isinstance(snapshot, ExchangeSnapshot):
            form.account.show_accounts(list(snapshot.accounts))
        form.balances_model.set_rows(snapshot.balances)
        form.pool_hint.setVisible(snapshot.pool_count == 0)
        self._update_balances()
        self._schedule()

    # -- the ledger account --------------------------------------------------------------------

    def account(self) -> str:
        """The ledger account chosen (the one the balances, the review and the swap use)."""
        return self.form.account.account()

    def _account_changed(self) -> None:
        """Another account chosen (remembered for the Liquidity tab too): its balances shown and the
        quote on screen checked against them (the price does not depend on who pays)."""
        self._update_balances()
        self._check_held()

    def showEvent(self, event: QShowEvent) -> None:
        if self.form.account.follow_prefs():  # chosen in the Liquidity tab since
            self._account_changed()
        super().showEvent(event)

    def _update_balances(self) -> None:
        """The balances under both sides, and each amount field's token (its symbol and decimals)."""
        form = self.form
        for combo, amount, label in (
            (form.token_in, form.amount_in, form.balance_in),
            (form.token_out, form.amount_out, form.balance_out),
        ):
            token = self.snapshot.token(combo.currentText()) if self.snapshot else None
            if token is None or self.snapshot is None:
                label.setText("")
                continue
            held = amount_text(self.snapshot.main_balance(token.symbol, self.account()), token.decimals)
            label.setText(self.tr("Balance: {amount} {symbol}").format(amount=held, symbol=token.symbol))
            amount.set_token(token.symbol, token.decimals)

    # -- typing and quoting --------------------------------------------------------------------

    def _edited(self, kind: str) -> None:
        self.kind = kind
        other = self.form.amount_out if kind == "exact_in" else self.form.amount_in
        other.clear()
        self.form.result_label.hide()
        self._schedule()

    def _tokens_changed(self) -> None:
        """Picking the token of the other side swaps the two, as the other side cannot be the same."""
        token_in, token_out = self.form.token_in, self.form.token_out
        now_in, now_out = token_in.currentText(), token_out.currentText()
        before_in, before_out = self._pair
        if now_in == now_out and before_in != before_out:
            for combo in (token_in, token_out):
                combo.blockSignals(True)
            if now_in != before_in:
                token_out.setCurrentText(before_in)
            else:
                token_in.setCurrentText(before_out)
            for combo in (token_in, token_out):
                combo.blockSignals(False)
        self._pair = (token_in.currentText(), token_out.currentText())
        self._update_balances()
        self._schedule()

    def _schedule(self) -> None:
        """Something typed changed: forget the quote and its errors, re-price after a short pause.
        What is wrong with the typed amount itself shows at once (its field re-checks it)."""
        self.ctx.ops.supersede(self._quote_key)
        self.quote = None
        self.form.clear_errors()
        self._typed_edit().recheck()
        self._update_swap_button()
        self._quote_timer.start()

    def _typed_edit(self) -> AmountEdit:
        return self.form.amount_in if self.kind == "exact_in" else self.form.amount_out

    def request_quote(self) -> None:
        """Price what is typed now on a worker thread; an answer to older typing is dropped."""
        self._quote_timer.stop()
        if self.snapshot is None:
            return
        form, typed = self.form, self._typed_edit()
        text = typed.text().strip()
        token_in, token_out = form.token_in.currentText(), form.token_out.currentText()
        if not text or not token_in or not token_out or typed.units() is None:
            form.show_quote(None)  # nothing to price; a bad amount's field says what is wrong
            return
        try:
            slippage = parse_slippage_bps(form.slippage.text() or "0")
        except ValidationError as exc:
            form.slippage_error.show_error(exc.message)
            form.show_quote(None)
            return
        exchange = self.ctx.core.exchange
        side = {"amount_in": text} if self.kind == "exact_in" else {"amount_out": text}
        if isinstance(self.snapshot, ChainSnapshot):
            self._request_chain_quote(self.snapshot, token_in, token_out, slippage, side)
            return
        self.ctx.ops.run(
            lambda: exchange.quote_swap(token_in, token_out, slippage_bps=slippage, **side),
            name="quote",
            on_done=self._quoted,
            on_error=self._quote_failed,
            owner=self,
            quiet=True,
            latest=self._quote_key,  # an answer to older typing is dropped
        )

    def _request_chain_quote(
        self, chain: ChainSnapshot, token_in: str, token_out: str, slippage: int, side: dict[str, str]
    ) -> None:
        from qenex_desktop.core.chain.v2.venue import V2Venue

        venue, pair = V2Venue(self.ctx.core.chain), (chain.asset(token_in), chain.asset(token_out))
        self.ctx.ops.run(
            lambda: venue.quote(pair[0], pair[1], slippage_bps=slippage, **side),
            name="on-chain quote",
            on_done=lambda q: self._quoted_chain(q, token_in, token_out),
            on_error=self._quote_failed,
            owner=self,
            quiet=True,
            latest=self._quote_key,
        )

    def _quoted_chain(self, quote: ChainQuote, token_in: str, token_out: str) -> None:
        self.chain_quote = quote
        self._quoted(as_swap_quote(quote, token_in, token_out))

    def _quoted(self, quote: SwapQuote) -> None:
        self.quote = quote
        self.quotes_shown += 1
        form = self.form
        if quote.kind == "exact_in":
            form.amount_out.setText(quote.amount_out_text)
        else:
            form.amount_in.setText(quote.amount_in_text)
        form.show_quote(self.details(quote), quote.price_impact_bps, full_rate=full_rate(quote))
        self._check_held()

    def _check_held(self) -> None:
        """Under the amount to pay: whether the account that pays holds what the quote needs."""
        quote, snapshot, error = self.quote, self.snapshot, self.form.amount_in_error
        if quote is not None and snapshot is not None:
            need = quote.amount_in if quote.kind == "exact_in" else (quote.maximum_sold or quote.amount_in)
            held = snapshot.main_balance(quote.symbol_in, self.account())
            error.clear_error()  # a quote came back: the typed amount parsed
            if need > held:
                error.show_error(
                    self.tr("You have {held} {symbol} in {account}; this needs {need}.").format(
                        held=format_amount(held, quote.decimals_in),
                        symbol=quote.symbol_in,
                        account=snapshot.address if isinstance(snapshot, ChainSnapshot) else self.account(),
                        need=format_amount(need, quote.decimals_in),
                    )
                )
        self._update_swap_button()

    def _quote_failed(self, error: BaseException) -> None:
        self.quote = None
        self.form.show_quote(None)
        if isinstance(error, QenexError):
            self.ctx.ops.show_error(error, self.form.fields(), quiet=True)
        else:
            self.form.general_error.show_error(self.tr("The quote failed: {error}").format(error=error))
        self._update_swap_button()

    def details(self, quote: SwapQuote) -> dict[str, str]:
        """The quote's rows as text (the tab and the confirmation show the same words)."""
        decimals = {t.symbol: t.decimals for t in (self.snapshot.tokens if self.snapshot else [])}
        return quote_rows(quote, self.form.deadline.value(), decimals, self.tr)

    def _update_swap_button(self) -> None:
        ready = self.quote is not None and not self.form.amount_in_error.shown
        self.form.swap_button.setEnabled(ready)

    # -- actions ---------------------------------------------------------------------------------

    def use_max(self) -> None:
        token = self.snapshot.token(self.form.token_in.currentText()) if self.snapshot else None
        if token is None or self.snapshot is None:
            return
        held = self.snapshot.main_balance(token.symbol, self.account())
        self.form.amount_in.fill(held)  # as typed: re-prices

    def flip(self) -> None:
        form = self.form
        a, b = form.token_in.currentIndex(), form.token_out.currentIndex()
        typed_in, typed_out = form.amount_in.text(), form.amount_out.text()
        for combo in (form.token_in, form.token_out):
            combo.blockSignals(True)
        form.token_in.setCurrentIndex(b)
        form.token_out.setCurrentIndex(a)
        for combo in (form.token_in, form.token_out):
            combo.blockSignals(False)
        if self.kind == "exact_in":
            form.amount_out.setText(typed_in)
            form.amount_in.clear()
            self.kind = "exact_out"
        else:
            form.amount_in.setText(typed_out)
            form.amount_out.clear()
            self.kind = "exact_in"
        self._tokens_changed()

    def open_create_token(self) -> None:
        from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog

        dialog = CreateTokenDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def _return_pressed(self) -> None:
        if self.form.swap_button.isEnabled():
            self.review()

    def review(self) -> None:
        """Open the confirmation for the quote on screen (the button is off without one); a high
        price impact makes it ask for a tick or a typed word first (``confirm_swap``)."""
        from qenex_desktop.gui.dialogs.confirm_swap import ConfirmSwapDialog

        quote = self.quote
        if quote is None:
            self.request_quote()
            return
        if self.form.amount_in_error.shown:
            return  # not enough to pay: the line under the amount says so
        if isinstance(self.snapshot, ChainSnapshot):
            self.review_chain(self.snapshot, quote)
            return
        account = self.account()  # the one the dialog names is the one that pays
        dialog = ConfirmSwapDialog(quote, self.details(quote), self, account=account)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.execute(quote, account))
        dialog.open()
        self.confirm_dialog = dialog

    def review_chain(self, chain: ChainSnapshot, quote: SwapQuote) -> None:
        """The two-step dialog (approve, swap) for what is quoted on screen."""
        from qenex_desktop.gui.dialogs.onchain_swap import OnchainSwapDialog

        request = chain.swap_request(quote, self.form.deadline.value() * 60)
        details = {self.tr("Venue"): chain.venue_name, **self.details(quote)}
        dialog = OnchainSwapDialog(self.ctx, request, details, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        self.confirm_dialog = dialog

    def execute(self, quote: SwapQuote, account: str = "") -> None:
        """Run the reviewed ``quote`` on ``account`` (the one chosen now when none is given)."""
        deadline_ms = self.ctx.core.clock.now_ms() + self.form.deadline.value() * 60_000
        exchange_ops.swap(
            self.ctx,
            quote,
            deadline_ms,
            account=core_account(account or self.account()),
            fields=self.form.fields(),
            on_done=self._swapped,
            trigger=self.form.swap_button,
            owner=self,
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
        self.form.result_label.setText(text)
        self.form.result_label.show()
        status_message(self, text)
        self.ctx.ops.supersede(self._quote_key)
        self._quote_timer.start()  # the pool moved: price what is still typed again

    def screenshot_pages(self) -> list[tuple[str, Callable[[], None]]]:
        """More pictures for the screenshot run: the form with a quote for a typed amount."""

        def quoted() -> None:
            form = self.form
            symbols = [form.token_in.itemText(i) for i in range(form.token_in.count())]
            if "GOLD" in symbols and "USDX" in symbols:
                form.token_in.setCurrentText("USDX")
                form.token_out.setCurrentText("GOLD")
            form.amount_in.setText("25000")
            self._edited("exact_in")
            self.request_quote()

        def onchain() -> None:  # tab-swap-onchain: the venue choice and an on-chain quote
            self.venue.setCurrentIndex(1)
            self.form.token_in.setCurrentText("QXC")
            self.form.token_out.setCurrentText("ETH")
            self.form.amount_in.setText("10")
            self._edited("exact_in")
            self.request_quote()

        pages = [("quote", quoted)]
        return pages + ([("onchain", onchain)] if self.chain_snapshot is not None else [])

    def set_locked(self, locked: bool) -> None:
        self.form.balances_model.hide_secrets(locked)
        super().set_locked(locked)
