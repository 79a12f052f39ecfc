"""Add or remove liquidity on the network's Uniswap V2: the review (the ledger's rows: what goes in
or comes out, the LP shares minted or burned, your share of the pool before and after, the pool's
price, the minimums under the slippage), then its steps with progress: each exact approval the
router needs (the deposited tokens, or the pool's LP token for a removal), waited for, then the
router's ``addLiquidity``/``removeLiquidity`` (their ETH forms with ETH).

On open the plan is read on a worker (``V2Liquidity.prepare_add``/``prepare_remove``: the pool's
reserves, the deadline on the chain's clock) and which approvals are short. The primary button
(Return) signs; every step is tracked like a send (Activity). A router refusal shows its decoded
reason. Escape closes while nothing is signing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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

from qenex_desktop.core import amm
from qenex_desktop.core.chain.decode import decode_call
from qenex_desktop.core.chain.types import TokenInfo
from qenex_desktop.core.chain.v2.liquidity import Approval, LiquidityPlan, V2Liquidity
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.gui.colours import GREEN, RED, text_style
from qenex_desktop.gui.dialogs.confirm_liquidity import lp_text, share_text
from qenex_desktop.gui.dialogs.send_preview import describe_call
from qenex_desktop.gui.formatting import full_amount_text, percent_text
from qenex_desktop.gui.widgets import FieldError, heading, settle_return_key, show_signing_refusal

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TxInfo
    from qenex_desktop.gui.context import GuiContext

PPM = 1_000_000


def _ppm(shares: int, total: int) -> int:
    return shares * PPM // total if total > 0 else 0


def review_rows(plan: LiquidityPlan) -> dict[str, str]:
    """(row name -> text) of a plan, worded as the ledger's review."""
    a, b, pool = plan.side_a, plan.side_b, plan.pool
    adding = plan.kind == "add"
    amounts = (
        f"{full_amount_text(plan.amount_a, a.decimals)} {a.symbol}\n"
        f"{full_amount_text(plan.amount_b, b.decimals)} {b.symbol}"
    )
    minimums = (
        f"{full_amount_text(plan.min_a, a.decimals)} {a.symbol}\n"
        f"{full_amount_text(plan.min_b, b.decimals)} {b.symbol}"
    )
    if adding:
        total_after, owned_after = pool.total_supply + plan.shares, pool.owned + plan.shares
        if pool.total_supply == 0:
            total_after += amm.MINIMUM_LIQUIDITY  # the pair locks the first 1,000 shares
    else:
        total_after, owned_after = pool.total_supply - plan.shares, pool.owned - plan.shares
    before = share_text(_ppm(pool.owned, pool.total_supply))
    after = share_text(_ppm(owned_after, total_after))
    if pool.reserve_a and pool.reserve_b:
        units = pool.reserve_b * 10**a.decimals // pool.reserve_a  # 1 A in B's base units, rounded down
        price = f"1 {a.symbol} = {full_amount_text(units, b.decimals)} {b.symbol}"
    else:
        price = "a new pool: these amounts set its price"
    return {
        "You deposit" if adding else "You receive": amounts,
        "LP shares minted" if adding else "LP shares burned": lp_text(plan.shares, full=True),
        "Your LP shares after": lp_text(owned_after, full=True),
        "Your share of the pool": f"{before} → {after}",
        "Pool price": price,
        "Minimum deposited" if adding else "Minimum received": minimums,
    }


class OnchainLiquidityDialog(QDialog):
    """``request``: ``kind`` ("add" or "remove") and the arguments of ``prepare_add``/``prepare_remove``."""

    def __init__(self, ctx: GuiContext, request: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request = dict(request)
        self.kind = str(self.request.pop("kind"))
        self.liquidity = V2Liquidity(V2Swaps(V2Venue(ctx.core.chain)))
        self.plan: LiquidityPlan | None = None
        self.needs: list[Approval] = []
        self.running = False
        self.finished_tx: TxInfo | None = None
        adding = self.kind == "add"
        self.setWindowTitle(
            self.tr("Add liquidity on-chain") if adding else self.tr("Remove liquidity on-chain")
        )
        self.setObjectName("onchainLiquidityDialog")
        layout = QVBoxLayout(self)
        self.title = heading(
            self.tr("Review: add liquidity") if adding else self.tr("Review: remove liquidity")
        )
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.form = QFormLayout()
        self.rows: dict[str, QLabel] = {}
        self.planning = QLabel(self.tr("Reading the pool…"))
        self.form.addRow("", self.planning)
        layout.addLayout(self.form)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Profile password"))
        self.password_error = FieldError()
        self.needs_password = not ctx.core.wallet.vault.is_unlocked()
        if self.needs_password:
            password_form = QFormLayout()
            password_form.addRow(self.tr("Password"), self.password)
            password_form.addRow("", self.password_error)
            layout.addLayout(password_form)
        self.steps_box = QVBoxLayout()
        layout.addLayout(self.steps_box)
        self.steps: list[QLabel] = []
        self.step_heads: list[str] = []
        #: Steps confirmed: a retry after a failure starts at the first one not done.
        self.done_steps = 0
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.error = FieldError(lines=2)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go_button = QPushButton(self.tr("Add liquidity") if adding else self.tr("Remove liquidity"))
        self.go_button.setEnabled(False)
        buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.go_button.clicked.connect(lambda _c=False: self.start())
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        settle_return_key(self, self.go_button)
        self._plan()

    # -- planning ------------------------------------------------------------------------------------

    def _plan(self) -> None:
        liquidity, request, kind = self.liquidity, self.request, self.kind

        chain, wallet = self.ctx.core.chain, self.ctx.core.wallet

        def plan() -> tuple[LiquidityPlan, list[Approval], str, str]:
            made = liquidity.prepare_add(**request) if kind == "add" else liquidity.prepare_remove(**request)
            names = {account.address: account.name for account in wallet.accounts()}
            return made, liquidity.needed_approvals(made), chain.network().name, names.get(made.sender, "")

        self.ctx.ops.run(
            plan,
            name="plan on-chain liquidity",
            latest=f"onchain liquidity {id(self)}",
            on_done=self._planned,
            on_error=self._failed,
            owner=self,
            quiet=True,
        )

    def _planned(self, result: tuple[LiquidityPlan, list[Approval], str, str]) -> None:
        plan, needs, network, account = result
        self.plan, self.needs = plan, needs
        a, b = plan.side_a, plan.side_b
        verb = (
            self.tr("Add liquidity to the {pair} pool")
            if plan.kind == "add"
            else self.tr("Remove liquidity from the {pair} pool")
        )
        self.title.setText(verb.format(pair=f"{a.symbol}/{b.symbol}"))
        self.planning.setText(
            self.tr("{network}: Uniswap V2, slippage {p}").format(
                network=network,
                p=percent_text(self.request.get("slippage_bps", 0)),
            )
        )
        # the router call that will be signed, read back from its calldata (no I/O)
        ends = {s.address: TokenInfo(s.address, s.symbol, s.symbol, s.decimals, False) for s in (a, b)}
        call = decode_call(plan.deployment.router, plan.value, plan.call_data, tokens=ends.get)
        paying = f"{account or self.tr('Account')} ({plan.sender})"  # who signs, pays and receives
        rows = {"From": paying, **review_rows(plan), "What it does": describe_call(call, self)}
        for name, value in rows.items():
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows[name] = label
            self.form.addRow(self.tr(name), label)
        for n, need in enumerate(needs, start=1):
            amount = f"{full_amount_text(need.amount, need.decimals)} {need.symbol}"
            self._step(self.tr("{n}. Approve {amount} for the router").format(n=n, amount=amount))
        action = self.tr("Add liquidity") if plan.kind == "add" else self.tr("Remove liquidity")
        self._step(self.tr("{n}. {action}").format(n=len(needs) + 1, action=action))
        self.progress.setRange(0, len(needs) + 1)
        if needs:
            self.go_button.setText(
                self.tr("Approve and add") if plan.kind == "add" else self.tr("Approve and remove")
            )
        self.go_button.setEnabled(True)
        self.go_button.setFocus()

    def _step(self, head: str) -> None:
        label = QLabel()
        label.setWordWrap(True)
        self.steps.append(label)
        self.step_heads.append(head)
        self.steps_box.addWidget(label)
        self._set_step(len(self.steps) - 1, self.tr("waiting"))

    def _set_step(self, index: int, state: str, colour: str | None = None) -> None:
        self.steps[index].setText(f"{self.step_heads[index]}: {state}")
        self.steps[index].setStyleSheet(text_style(colour) if colour else "")

    # -- signing -------------------------------------------------------------------------------------

    def start(self) -> None:
        plan = self.plan
        if self.finished_tx is not None:
            self.accept()
            return
        if plan is None or self.running:
            return
        self.running = True
        self.error.clear_error()
        self.password_error.clear_error()
        for widget in (self.go_button, self.password, self.close_button):
            widget.setEnabled(False)
        self._next(plan, self.password.text() if self.needs_password else None, self.done_steps)

    def _next(self, plan: LiquidityPlan, password: str | None, index: int) -> None:
        """Step ``index``: an approval while some are left, then the router's call."""
        self._set_step(index, self.tr("signing and waiting…"))
        if index < len(self.needs):
            need = self.needs[index]
            self.ctx.ops.run(
                lambda: self.liquidity.approve(plan, need, password=password),
                name="approve",
                on_done=lambda tx: self._approved(plan, password, index, tx),
                on_error=self._failed,
                owner=self,
                quiet=True,
            )
            return
        self.ctx.ops.run(
            lambda: self.liquidity.submit(plan, password=password),
            name="on-chain liquidity",
            on_done=self._done,
            on_error=self._failed,
            owner=self,
            quiet=True,
        )

    def _approved(self, plan: LiquidityPlan, password: str | None, index: int, tx: TxInfo) -> None:
        self._set_step(index, self.tr("confirmed ({hash})").format(hash=tx.tx_hash), GREEN)
        self.done_steps = index + 1
        self.progress.setValue(index + 1)
        self._next(plan, password, index + 1)

    def _done(self, tx: TxInfo) -> None:
        self.running = False
        self.finished_tx = tx
        last = len(self.steps) - 1
        if tx.status == "confirmed":
            self._set_step(last, self.tr("confirmed in block {block}").format(block=tx.block_number), GREEN)
        else:
            self._set_step(
                last,
                self.tr("{status} ({hash}); the Activity tab follows it").format(
                    status=tx.status, hash=tx.tx_hash
                ),
            )
        self.progress.setValue(self.progress.maximum())
        self.close_button.setEnabled(True)
        self.go_button.setText(self.tr("Done"))
        self.go_button.setEnabled(True)
        self.go_button.setFocus()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        for widget in (self.password, self.close_button):
            widget.setEnabled(True)
        show_signing_refusal(error, self.password_error, self.error, self.password)
        if self.done_steps < len(self.steps) and self.plan is not None:
            self._set_step(self.done_steps, self.tr("stopped"), RED)
        self.go_button.setEnabled(self.plan is not None and self.finished_tx is None)

    def reject(self) -> None:
        if not self.running:  # never closed while a step signs or waits
            super().reject()


def liquidity_onchain_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """The screenshot run's picture of the on-chain review and its steps
    (``dialog-liquidity-onchain-steps``): 10 QXC into the QXC/ETH pool of the active network's
    Uniswap V2 at its price, planned on a worker; none when it has no V2 or its node does not answer."""
    request: dict[str, Any] = {
        "kind": "add", "token_a": "QXC", "token_b": "ETH", "amount_a": "10", "slippage_bps": 50,
    }  # fmt: skip
    dialog = OnchainLiquidityDialog(ctx, request, window)
    ctx.ops.wait_idle(30)
    if dialog.plan is None:
        dialog.deleteLater()
        return []
    return [("dialog-liquidity-onchain-steps", dialog)]
