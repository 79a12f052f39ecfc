"""The Liquidity tab's add and remove panels: typing a deposit, the remove preview, then a review
before anything moves.

Typing a deposit makes the other side follow the pool's ratio (``amm.quote`` on the reserves on
screen, as Uniswap's); the slider previews what burning that part of your shares pays
(``amm.burn_amounts``). Add liquidity (the button, or Return in an amount) and Remove liquidity
first read a review on a worker (``core.exchange.review_*_liquidity`` through the operations
layer) and show it (``dialogs.confirm_liquidity``); only an accepted review runs the write, held
to the review's minimums under the slippage tolerance of Settings. After a remove the slider goes
back to 0%, so a second click takes nothing out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QTabWidget, QWidget

from qenex_desktop.core import amm
from qenex_desktop.core.errors import QenexError, ValidationError
from qenex_desktop.core.exchange.swaps import DEFAULT_SLIPPAGE_BPS
from qenex_desktop.core.validation import format_amount, parse_slippage_bps
from qenex_desktop.gui.account_choice import AccountChoice, core_account
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.confirm_liquidity import ConfirmLiquidityDialog, lp_text
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import exchange as exchange_ops
from qenex_desktop.gui.widgets import FieldError, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import LiquidityResult, PoolInfo, Position
    from qenex_desktop.core.exchange.liquidity_quote import LiquidityReview

#: Where the remove slider starts, and where it goes back to after a remove (nothing armed).
SLIDER_START = 50
SLIDER_AFTER_REMOVE = 0


class LiquidityActions(QTabWidget):
    """Add liquidity and Remove liquidity, for the pool the tab has selected (``show_pool``)."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pool: PoolInfo | None = None
        self.position: Position | None = None
        self.last_result: LiquidityResult | None = None
        self.last_review: LiquidityReview | None = None
        self.review_dialog: ConfirmLiquidityDialog | None = None
        self._following = False
        #: The ledger account the reviews and the writes use; the tab lays it out above the panels.
        self.account = AccountChoice(ctx.prefs, "liquidityAccount")
        self.account.return_pressed.connect(self.review_page)
        self.addTab(self._build_add(), icon("add"), self.tr("Add liquidity"))
        self.addTab(self._build_remove(), icon("remove"), self.tr("Remove liquidity"))

    # -- building ------------------------------------------------------------------------------

    def _build_add(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.add_label_a = QLabel("—")
        self.add_label_b = QLabel("—")
        self.amount_a = AmountEdit(field="amount_a", placeholder="0.0")
        self.amount_b = AmountEdit(field="amount_b", placeholder="0.0")
        self.amount_a.edited.connect(lambda: self._follow(first=True))
        self.amount_b.edited.connect(lambda: self._follow(first=False))
        for edit in (self.amount_a, self.amount_b):
            edit.returnPressed.connect(self.add)  # Return opens the review, never adds at once
        self.amount_a_error = self.amount_a.error
        self.amount_b_error = self.amount_b.error
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        self.add_error = FieldError()
        self.add_button = QPushButton(icon("add"), self.tr("Add liquidity…"))
        self.add_button.setToolTip(
            self.tr("Shows what you deposit and receive first; nothing moves until you confirm")
        )
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
        self.slider.setValue(SLIDER_START)
        self.slider.setPageStep(25)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(25)
        self.slider.valueChanged.connect(lambda _v: self.update_preview())
        self.percent_label = QLabel(f"{SLIDER_START}%")
        self.percent_label.setMinimumWidth(40)
        row.addWidget(self.slider, 1)
        row.addWidget(self.percent_label)
        form.addRow(self.tr("Part of your position"), row)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        form.addRow(self.tr("You receive"), self.preview_label)
        self.remove_error = FieldError()
        form.addRow("", self.remove_error)
        self.remove_button = QPushButton(icon("remove"), self.tr("Remove liquidity…"))
        self.remove_button.setToolTip(
            self.tr("Shows what you receive first; nothing moves until you confirm")
        )
        self.remove_button.clicked.connect(lambda _c=False: self.remove())
        form.addRow("", self.remove_button)
        return page

    # -- the selected pool ---------------------------------------------------------------------

    def show_pool(
        self, pool: PoolInfo, position: Position | None, held: dict[str, int], *, changed: bool
    ) -> None:
        """The tab selected ``pool`` (or re-read it): its tokens in the order the person chose
        (``PoolInfo.base_*`` first), your holdings, the preview. A flip of the pool on screen takes
        the typed amounts along with their tokens."""
        old = self.pool
        flipped = (
            not changed
            and old is not None
            and old.id == pool.id
            and old.base_is_token0 != pool.base_is_token0
        )
        typed = (self.amount_b.text(), self.amount_a.text()) if flipped else None
        self.pool, self.position = pool, position
        self.add_label_a.setText(pool.base_symbol)
        self.add_label_b.setText(pool.quote_symbol)
        self.amount_a.set_token(pool.base_symbol, pool.base_decimals)
        self.amount_b.set_token(pool.quote_symbol, pool.quote_decimals)
        if changed:
            self.amount_a.clear()
            self.amount_b.clear()
        elif typed is not None:
            self._following = True  # both sides move as they are: no re-following
            self.amount_a.setText(typed[0])
            self.amount_b.setText(typed[1])
            self._following = False
        for target in (self.amount_a_error, self.amount_b_error, self.add_error, self.remove_error):
            target.clear_error()
        self.held_label.setText(
            self.tr("You hold {a} {x} and {b} {y}.").format(
                a=amount_text(held.get(pool.base_symbol, 0), pool.base_decimals),
                x=pool.base_symbol,
                b=amount_text(held.get(pool.quote_symbol, 0), pool.quote_decimals),
                y=pool.quote_symbol,
            )
        )
        self.update_preview()

    def review_page(self) -> None:
        """Return on the account: the review of the page on screen (add, or remove)."""
        if self.currentIndex() == 0:
            self.add()
        else:
            self.remove()

    def _slippage_bps(self) -> int:
        """The slippage tolerance of Settings (the swaps' too); its default when that does not parse."""
        try:
            return parse_slippage_bps(self.ctx.prefs.slippage_percent)
        except ValidationError:
            return DEFAULT_SLIPPAGE_BPS

    # -- add -----------------------------------------------------------------------------------

    def _follow(self, *, first: bool) -> None:
        """The other deposit follows the pool's ratio as you type (rounded down, like the core).
        The typed field has re-checked its own text; the other one's error spoke of its old text."""
        pool = self.pool
        source, target = (self.amount_a, self.amount_b) if first else (self.amount_b, self.amount_a)
        target.error.clear_error()
        if pool is None or self._following:
            return
        r_in, r_out = (
            (pool.base_reserve, pool.quote_reserve) if first else (pool.quote_reserve, pool.base_reserve)
        )
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
        """Read the review of the typed deposit; the dialog it opens runs the add when accepted."""
        pool = self.pool
        if pool is None or not self.add_button.isEnabled():
            return
        amounts = (self.amount_a.text(), self.amount_b.text())
        exchange_ops.review_add_liquidity(
            self.ctx,
            pool.base_symbol,
            pool.quote_symbol,
            amounts,
            self._slippage_bps(),
            account=core_account(self.account.account()),
            amount_a_error=self.amount_a_error,
            amount_b_error=self.amount_b_error,
            general_error=self.add_error,
            on_done=lambda review: self._review(review, lambda: self._confirm_add(review, amounts)),
            trigger=self.add_button,
            owner=self,
        )

    def _confirm_add(self, review: LiquidityReview, amounts: tuple[str, str]) -> None:
        exchange_ops.add_liquidity(
            self.ctx,
            review.symbol_a,
            review.symbol_b,
            amounts[0],
            amounts[1],
            minimums=(review.min_a, review.min_b),
            account=core_account(review.account),
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
            self.tr("Added {x} {a} and {y} {b}: {n} minted.").format(
                x=self._amount(result.amount_a, result.symbol_a, result.amount_a_text),
                a=result.symbol_a,
                y=self._amount(result.amount_b, result.symbol_b, result.amount_b_text),
                b=result.symbol_b,
                n=lp_text(result.shares),
            ),
        )

    # -- remove --------------------------------------------------------------------------------

    def update_preview(self) -> None:
        percent = self.slider.value()
        self.percent_label.setText(f"{percent}%")
        pool, position = self.pool, self.position
        self.preview_label.setToolTip("")
        if pool is None or position is None or position.shares <= 0:
            self.preview_label.setText(
                self.tr("You have no share of this pool in {account}; add liquidity first.").format(
                    account=self.account.account()
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
            out_base, out_quote = amm.burn_amounts(
                burn, pool.base_reserve, pool.quote_reserve, pool.total_shares
            )
        except QenexError as exc:  # too few shares to pay out anything: the core would refuse it
            self.preview_label.setText(exc.message)
            self.remove_button.setEnabled(False)
            return
        self.preview_label.setText(
            self.tr("≈ {a} {x} and {b} {y}").format(
                a=amount_text(out_base, pool.base_decimals),
                x=pool.base_symbol,
                b=amount_text(out_quote, pool.quote_decimals),
                y=pool.quote_symbol,
            )
        )
        self.preview_label.setToolTip(
            self.tr("Burns {n} of your {m}.").format(
                n=lp_text(burn, full=True), m=lp_text(position.shares, full=True)
            )
        )
        self.remove_button.setEnabled(True)

    def remove(self) -> None:
        """Read the review of burning the slider's part; the dialog it opens runs the remove."""
        pool = self.pool
        if pool is None or not self.remove_button.isEnabled():
            return
        percent = str(self.slider.value())
        exchange_ops.review_remove_liquidity(
            self.ctx,
            pool.base_symbol,
            pool.quote_symbol,
            percent,
            self._slippage_bps(),
            account=core_account(self.account.account()),
            error=self.remove_error,
            on_done=lambda review: self._review(review, lambda: self._confirm_remove(review, percent)),
            trigger=self.remove_button,
            owner=self,
        )

    def _confirm_remove(self, review: LiquidityReview, percent: str) -> None:
        exchange_ops.remove_liquidity(
            self.ctx,
            review.symbol_a,
            review.symbol_b,
            percent,
            minimums=(review.min_a, review.min_b),
            account=core_account(review.account),
            error=self.remove_error,
            on_done=self._removed,
            trigger=self.remove_button,
            owner=self,
        )

    def _removed(self, result: LiquidityResult) -> None:
        self.last_result = result
        self.slider.setValue(SLIDER_AFTER_REMOVE)  # not armed for a second click
        status_message(
            self,
            self.tr("Took out {x} {a} and {y} {b}: {n} burned.").format(
                x=self._amount(result.amount_a, result.symbol_a, result.amount_a_text),
                a=result.symbol_a,
                y=self._amount(result.amount_b, result.symbol_b, result.amount_b_text),
                b=result.symbol_b,
                n=lp_text(result.shares),
            ),
        )

    def _amount(self, units: int, symbol: str, exact: str) -> str:
        """An amount for a message: grouped, a few significant digits, when the pool on screen
        says its decimals; else the core's exact text."""
        pool = self.pool
        decimals = {pool.symbol0: pool.decimals0, pool.symbol1: pool.decimals1} if pool else {}
        return amount_text(units, decimals[symbol]) if symbol in decimals else exact

    # -- the review ----------------------------------------------------------------------------

    def _review(self, review: LiquidityReview, confirmed: Callable[[], None]) -> None:
        """Show the review; ``confirmed()`` runs the write when the person accepts it."""
        self.last_review = review
        dialog = ConfirmLiquidityDialog(review, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(confirmed)
        dialog.finished.connect(lambda _r: setattr(self, "review_dialog", None))
        dialog.open()
        self.review_dialog = dialog
