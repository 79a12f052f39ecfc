"""The Activity tab: every transaction, newest first: on-chain (tracked) and local-ledger ones.

A pending on-chain row can be sped up or cancelled: the review (dialogs/speed_up.py) shows the new
fees first, and nothing is signed until the person confirms them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.changes import Changed
from qenex_desktop.core.errors import QenexError
from qenex_desktop.gui.colours import TX_STATUS
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import amount_text, short_hex
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel, address_column, time_column
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.widgets import EmptyState, TableStack, fit_columns

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.gui.dialogs.speed_up import ReplacementReview

_KINDS = {
    "send_eth": "Send ETH",
    "send_token": "Send token",
    "deploy": "Deploy contract",
    "cancel": "Cancel",
    "speed_up": "Speed up",
    "faucet": "Faucet",
}


@dataclass(frozen=True)
class ActivityRow:
    created_at: int
    source: str  # "On-chain" | "Ledger"
    kind: str
    status: str
    amount: str
    from_address: str | None
    to_address: str | None
    reference: str  # tx hash or ledger id
    detail: str

    @property
    def replaceable(self) -> bool:
        """A pending on-chain transaction: it can be sped up or cancelled."""
        return self.source == "On-chain" and self.status == "pending"


#: The exchange's state changes, as the audit log records them (one entry per change).
LEDGER_EVENTS = {
    "exchange.token_created": "Create token",
    "exchange.minted": "Mint",
    "exchange.burned": "Burn",
    "exchange.transfer": "Transfer",
    "exchange.swap": "Swap",
    "exchange.pool_created": "Create pool",
    "exchange.liquidity_added": "Add liquidity",
    "exchange.liquidity_removed": "Remove liquidity",
}


def _units(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _ledger_amount(event: str, details: dict[str, Any], decimals: dict[str, int]) -> str:
    def text(symbol: Any, amount: Any) -> str:
        name = str(symbol)
        return f"{amount_text(_units(amount), decimals.get(name, 0))} {name}"

    if event == "exchange.swap":
        path = list(details.get("path") or ["?"])
        return f"{text(path[0], details.get('amount_in'))} → {text(path[-1], details.get('amount_out'))}"
    if "pair" in details:
        pair = list(details.get("pair") or [])
        amounts = list(details.get("amounts") or [])
        return " + ".join(text(sym, amounts[i] if i < len(amounts) else 0) for i, sym in enumerate(pair))
    if event == "exchange.token_created":
        return text(details.get("symbol"), details.get("supply"))
    return text(details.get("symbol"), details.get("amount"))


def _ledger_rows(core: QenexCore) -> list[ActivityRow]:
    """The exchange's local-ledger transactions of this profile, read from the audit log (which
    records every ledger change in the same transaction as the change itself)."""
    username = core.auth.require_session().username
    try:
        decimals = {t.symbol: t.decimals for t in core.exchange.list_tokens()}
    except QenexError:  # any other exception is a bug: the operations layer reports it
        decimals = {}
    rows = []
    for record in core.audit_trail.of_events(LEDGER_EVENTS, actor=username, limit=1000):
        details, event, entry_id, created_at = record.details, record.event, record.id, record.created_at
        if details is None:  # not text the app writes: the Audit tab and verify show it
            continue
        account = str(details.get("account") or details.get("from") or "")
        rows.append(
            ActivityRow(
                created_at=created_at,
                source="Ledger",
                kind=LEDGER_EVENTS[event],
                status="confirmed",
                amount=_ledger_amount(event, details, decimals),
                from_address=account or None,
                to_address=str(details["to"]) if details.get("to") else None,
                reference=f"audit #{entry_id}",
                detail=f"pool {details['pool_id']}" if "pool_id" in details else "",
            )
        )
    return rows


def read_activity(core: QenexCore, include_stale: bool) -> list[ActivityRow]:
    rows = []
    for tx in core.chain.transactions(limit=1000, include_stale=include_stale):
        amount = f"{amount_text(tx.amount, tx.decimals)} {tx.symbol}" if tx.kind != "deploy" else ""
        detail = tx.revert_reason or tx.last_error or ""
        if tx.stale:
            detail = "stale: from a chain this node no longer serves. " + detail
        if tx.contract_address:
            detail = f"contract {tx.contract_address} " + detail
        if tx.kind == "faucet":  # incoming: the local chain's dev account paid this account
            detail = f"Faucet: {amount}, received from the local chain's dev account. " + detail
        rows.append(
            ActivityRow(
                created_at=tx.created_at,
                source="On-chain",
                kind=_KINDS.get(tx.kind, tx.kind),
                status=tx.status + (" (stale)" if tx.stale else ""),
                amount=amount,
                from_address=tx.from_address,
                to_address=tx.recipient or tx.to_address,
                reference=tx.tx_hash,
                detail=detail.strip(),
            )
        )
    rows += _ledger_rows(core)
    rows.sort(key=lambda r: r.created_at, reverse=True)
    return rows


class ActivityTab(TabBase):
    key = "activity"
    relevant = Changed.TRANSACTIONS | Changed.BALANCES | Changed.NETWORKS | Changed.ACCOUNTS | Changed.SESSION

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.summary = QLabel()
        bar.addWidget(self.summary)
        bar.addStretch(1)
        self.stale_box = QCheckBox(self.tr("Show transactions of old (reset) chains"))
        self.stale_box.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.stale_box)
        self.speed_up_button = QPushButton(icon("speedup"), self.tr("Speed up…"))
        self.speed_up_button.setToolTip(
            self.tr("Send the selected pending transaction again with higher fees")
        )
        self.speed_up_button.clicked.connect(lambda: self.replace(cancel=False))
        self.cancel_button = QPushButton(icon("cancel"), self.tr("Cancel transaction…"))
        self.cancel_button.setToolTip(
            self.tr("Replace the selected pending transaction by 0 ETH to yourself")
        )
        self.cancel_button.clicked.connect(lambda: self.replace(cancel=True))
        for button in (self.speed_up_button, self.cancel_button):
            button.setEnabled(False)
            bar.addWidget(button)
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.model: RowTableModel[ActivityRow] = RowTableModel(
            [
                time_column(self.tr("Time"), lambda r: r.created_at),
                Column(self.tr("Where"), lambda r: r.source),
                Column(self.tr("What"), lambda r: r.kind),
                Column(
                    self.tr("Status"),
                    lambda r: r.status,
                    color=lambda r: TX_STATUS.get(r.status.split(" ")[0]),
                ),
                Column(self.tr("Amount"), lambda r: r.amount, numeric=True, secret=True),
                address_column(self.tr("From"), lambda r: r.from_address),
                address_column(self.tr("To"), lambda r: r.to_address),
                Column(
                    self.tr("Transaction"),
                    lambda r: short_hex(r.reference),
                    tooltip=lambda r: r.reference,
                    full=lambda r: r.reference if r.reference.startswith("0x") else None,
                    kind="hash",
                ),
                Column(self.tr("Details"), lambda r: r.detail, tooltip=lambda r: r.detail),
            ]
        )
        self.empty = EmptyState(
            self.tr("No activity yet"),
            self.tr(
                "Sends, swaps and deploys show here with their status, from pending to confirmed. "
                "Start with Send… in the Wallet tab, or receive tokens at your address."
            ),
            icon_name="activity",
        )
        self.stack = TableStack(self.model, self.empty)
        self.view = self.stack.view
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.stack, 1)
        #: The speed-up or cancel being reviewed (its dialog, while open, is ``review.dialog``).
        self.review: ReplacementReview | None = None

    def refresh(self) -> None:
        core = self.ctx.core
        include_stale = self.stale_box.isChecked()
        self.ctx.ops.run(
            lambda: read_activity(core, include_stale),
            name="activity",
            latest="activity",
            on_done=self._show,
            on_error=self._failed,
            trigger=self.refresh_button,
            owner=self,
            quiet=True,
        )

    def _show(self, rows: list[ActivityRow]) -> None:
        self.stack.set_rows(rows)
        fit_columns(self.view)
        self._update_buttons()
        pending = sum(1 for r in rows if r.status == "pending")
        self.summary.setText(self.tr("{n} transactions, {p} pending").format(n=len(rows), p=pending))

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(self.tr("Activity could not be read: {error}").format(error=error))

    def selected(self) -> ActivityRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.speed_up_button, self.cancel_button):
            button.setEnabled(row is not None and row.replaceable and not self.ctx.locked)

    def replace(self, *, cancel: bool) -> None:
        """Review a speed-up (or cancel) of the selected pending transaction, then sign it if confirmed."""
        from qenex_desktop.gui.dialogs.speed_up import review_replacement

        row = self.selected()
        if row is None or not row.replaceable:
            return
        trigger = self.cancel_button if cancel else self.speed_up_button
        self.review = review_replacement(self.ctx, self, row.reference, cancel=cancel, trigger=trigger)

    def set_locked(self, locked: bool) -> None:
        self.model.hide_secrets(locked)
        super().set_locked(locked)
        self._update_buttons()
