"""Swap on the network's Uniswap V2, in two steps shown with their progress: approve the router
(exactly this swap's amount; unlimited only when ticked, with a warning), then the swap itself.

On open the swap is planned on a worker (``V2Swaps.prepare``: quote, deadline on the chain's
clock, whether the allowance is short). The primary button signs: step 1 (when needed) waits for
its approval to confirm, then step 2 sends the router's swap and shows how it ended: confirmed
with what was received, or failed with the router's reason (``INSUFFICIENT_OUTPUT_AMOUNT``,
``EXPIRED``). Both are tracked like sends (Activity). Escape closes while nothing is signing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.chain.decode import decode_call
from qenex_desktop.core.chain.types import TokenInfo
from qenex_desktop.core.chain.v2.swap import SwapPlan, V2Swaps
from qenex_desktop.core.chain.v2.venue import ChainQuote, V2Venue
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.colours import AMBER, GREEN, RED, text_style
from qenex_desktop.gui.dialogs.send_preview import describe_call
from qenex_desktop.gui.widgets import FieldError, heading, settle_return_key, show_signing_refusal

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TxInfo
    from qenex_desktop.gui.context import GuiContext

UNLIMITED_WARNING = (
    "An unlimited approval lets the router take every {symbol} this account will ever hold, not only "
    "this swap's amount. Leave it off unless you trade often and trust the router."
)


class OnchainSwapDialog(QDialog):
    def __init__(
        self, ctx: GuiContext, request: dict[str, Any], details: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request = request  # prepare()'s arguments: tokens, amount, slippage, deadline
        self.swaps = V2Swaps(V2Venue(ctx.core.chain))
        self.plan: SwapPlan | None = None
        self.running = False
        self.finished_swap: TxInfo | None = None
        self.setWindowTitle(self.tr("Swap on-chain"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Review the on-chain swap")))
        form = QFormLayout()
        #: The account that pays and receives, and the network (a person with several accounts must
        #: see which one this signs from).
        self.from_label = QLabel(self.tr("Planning…"))
        self.from_label.setObjectName("swapSender")
        self.from_label.setWordWrap(True)
        self.from_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("From"), self.from_label)
        for name, value in details.items():
            label = QLabel(value)
            label.setWordWrap(True)
            form.addRow(name, label)
        self.does = QLabel(self.tr("Planning…"))
        self.does.setObjectName("decodedCall")
        self.does.setWordWrap(True)
        form.addRow(self.tr("What it does"), self.does)
        self.approval = QLabel(self.tr("Planning…"))
        self.approval.setWordWrap(True)
        form.addRow(self.tr("Approval"), self.approval)
        self.unlimited = QCheckBox(self.tr("Approve an unlimited amount (not recommended)"))
        self.unlimited.toggled.connect(lambda _on: self.prepare())
        form.addRow("", self.unlimited)
        self.warning = QLabel("")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(text_style(AMBER))
        self.warning.hide()
        form.addRow("", self.warning)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Profile password"))
        self.password_error = FieldError()
        self.needs_password = not ctx.core.wallet.vault.is_unlocked()
        if self.needs_password:
            form.addRow(self.tr("Password"), self.password)
            form.addRow("", self.password_error)
        layout.addLayout(form)
        self.step1 = QLabel("")
        self.step2 = QLabel(self.tr("2. Swap: waiting"))
        for step in (self.step1, self.step2):
            step.setWordWrap(True)
            layout.addWidget(step)
        self.progress = QProgressBar()
        self.progress.setRange(0, 2)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.swap_button = QPushButton(self.tr("Approve and swap"))
        self.swap_button.setEnabled(False)
        buttons.addButton(self.swap_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.swap_button.clicked.connect(lambda _c=False: self.start())
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        settle_return_key(self, self.swap_button)
        self.prepare()

    # -- planning ------------------------------------------------------------------------------------

    def prepare(self) -> None:
        self.plan = None
        self.swap_button.setEnabled(False)
        request = {**self.request, "unlimited_approval": self.unlimited.isChecked()}
        wallet = self.ctx.core.wallet
        self.ctx.ops.run(
            lambda: (self.swaps.prepare(**request), {a.address: a.name for a in wallet.accounts()}),
            name="plan on-chain swap",
            latest=f"onchain plan {id(self)}",
            on_done=self._planned,
            on_error=self._failed,
            owner=self,
            quiet=True,
        )

    def _planned(self, planned: tuple[SwapPlan, dict[str, str]]) -> None:
        plan, names = planned
        self.plan = plan
        side = plan.quote.side_in
        name = names.get(plan.sender, self.tr("Account"))
        self.from_label.setText(
            self.tr("{name} ({address}) on {network}").format(
                name=name, address=plan.sender, network=plan.quote.network
            )
        )
        # the router call that will be signed, read back from its calldata (no I/O)
        ends = {
            s.address: TokenInfo(s.address, s.symbol, s.symbol, s.decimals, False)
            for s in (plan.quote.side_in, plan.quote.side_out)
            if not s.is_eth
        }
        router = plan.quote.deployment.router
        self.does.setText(
            describe_call(decode_call(router, plan.value, plan.call_data, tokens=ends.get), self)
        )
        if plan.approve_amount == 0:
            self.approval.setText(self.tr("Not needed"))
            self.step1.setText(self.tr("1. Approve: not needed"))
            self.swap_button.setText(self.tr("Swap"))
            self.progress.setRange(0, 1)
        else:
            amount = (
                self.tr("unlimited")
                if plan.unlimited
                else f"{format_amount(plan.approve_amount, side.decimals)} {side.symbol}"
            )
            self.approval.setText(self.tr("The router, for {amount}").format(amount=amount))
            self.step1.setText(self.tr("1. Approve {symbol}: waiting").format(symbol=side.symbol))
            self.swap_button.setText(self.tr("Approve and swap"))
            self.progress.setRange(0, 2)
        self.warning.setText(self.tr(UNLIMITED_WARNING).format(symbol=side.symbol))
        self.warning.setVisible(plan.unlimited)
        self.swap_button.setEnabled(not self.running and self.finished_swap is None)

    # -- signing -------------------------------------------------------------------------------------

    def start(self) -> None:
        plan = self.plan
        if plan is None or self.running:
            return
        self.running = True
        self.error.clear_error()
        self.password_error.clear_error()
        for widget in (self.swap_button, self.unlimited, self.password, self.close_button):
            widget.setEnabled(False)
        password = self.password.text() if self.needs_password else None
        if plan.approve_amount == 0:
            self._submit(plan, password)
            return
        self.step1.setText(
            self.tr("1. Approve {s}: signing and waiting…").format(s=plan.quote.side_in.symbol)
        )
        self.ctx.ops.run(
            lambda: self.swaps.approve(plan, password=password),
            name="approve",
            on_done=lambda tx: self._approved(plan, password, tx),
            on_error=self._failed,
            owner=self,
            quiet=True,
        )

    def _approved(self, plan: SwapPlan, password: str | None, tx: TxInfo | None) -> None:
        self.step1.setText(self.tr("1. Approve: confirmed ({hash})").format(hash=tx.tx_hash if tx else ""))
        self.step1.setStyleSheet(text_style(GREEN))
        self.progress.setValue(1)
        self._submit(plan, password)

    def _submit(self, plan: SwapPlan, password: str | None) -> None:
        self.step2.setText(self.tr("2. Swap: signing and waiting…"))
        self.ctx.ops.run(
            lambda: self._swap_and_read(plan, password),
            name="on-chain swap",
            on_done=self._swapped,
            on_error=self._failed,
            owner=self,
            quiet=True,
        )

    def _swap_and_read(self, plan: SwapPlan, password: str | None) -> tuple[TxInfo, int | None]:
        tx = self.swaps.submit(plan, password=password)
        return tx, self.swaps.received(plan, tx)

    def _swapped(self, result: tuple[TxInfo, int | None]) -> None:
        tx, received = result
        self.running = False
        self.finished_swap = tx
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Close"))
        self.progress.setValue(self.progress.maximum())
        side = self.plan.quote.side_out if self.plan else None
        if tx.status == "confirmed" and received is not None and side is not None:
            got = f"{format_amount(received, side.decimals)} {side.symbol}"
            self.step2.setText(self.tr("2. Swap: confirmed, received {got}").format(got=got))
            self.step2.setStyleSheet(text_style(GREEN))
        elif tx.status == "pending":
            self.step2.setText(
                self.tr("2. Swap: pending ({hash}); the Activity tab follows it").format(hash=tx.tx_hash)
            )
        else:
            reason = tx.revert_reason or tx.status
            self.step2.setText(self.tr("2. Swap: {status}: {reason}").format(status=tx.status, reason=reason))
            self.step2.setStyleSheet(text_style(RED))

    def _failed(self, error: BaseException) -> None:
        self.running = False
        for widget in (self.unlimited, self.password, self.close_button):
            widget.setEnabled(True)
        show_signing_refusal(error, self.password_error, self.error)
        self.swap_button.setEnabled(self.plan is not None)

    def reject(self) -> None:
        if not self.running:  # never closed while a step signs or waits
            super().reject()


def swap_onchain_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """The screenshot run's picture of the two steps (``dialog-swap-onchain-steps``): 10 QXC for
    ETH on the active network's Uniswap V2 (quoted on a worker); none when it has no V2 or its
    node does not answer."""
    request: dict[str, Any] = {"token_in": "QXC", "token_out": "ETH", "amount_in": "10", "slippage_bps": 50}
    venue = V2Venue(ctx.core.chain)
    found: list[ChainQuote] = []
    ctx.ops.run(
        lambda: venue.quote("QXC", "ETH", amount_in="10", slippage_bps=50),
        name="on-chain swap screenshot",
        on_done=found.append,
        on_error=lambda _error: None,
        quiet=True,
    )
    ctx.ops.wait_idle(30)
    if not found:
        return []
    quote = found[0]
    side_in, side_out = quote.side_in, quote.side_out
    details = {
        window.tr("Venue"): f"{quote.network}: Uniswap V2",
        window.tr("You pay"): f"{format_amount(quote.amount_in, side_in.decimals)} {side_in.symbol}",
        window.tr("You receive"): f"{format_amount(quote.amount_out, side_out.decimals)} {side_out.symbol}",
        window.tr("Minimum received"): f"{format_amount(quote.limit, side_out.decimals)} {side_out.symbol}",
        window.tr("Route"): " → ".join(quote.path_symbols),
    }
    return [("dialog-swap-onchain-steps", OnchainSwapDialog(ctx, request, details, window))]
