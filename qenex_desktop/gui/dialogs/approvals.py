"""Approvals: every token allowance the profile's accounts have given on the active network, and
its revoke (issue 16).

On open the allowances are found on a worker (``core.chain.v2.allowances.Allowances.scan``: the
tokens' Approval events, confirmed with ``allowance()``); a spender is named when known (the V2
router, QXC, an own account) and an unlimited allowance is flagged in amber. Revoke… (or Delete on
a row) opens the confirmation: what ``approve(spender, 0)`` ends, the password when the keys are
locked; Revoke signs it (tracked like a send, waited for), and the list is read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.chain.v2.allowances import Allowance, Allowances, AllowanceScan
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.colours import AMBER, GREEN, text_style
from qenex_desktop.gui.models import Column, RowTableModel, address_column
from qenex_desktop.gui.widgets import (
    FieldError,
    TableStack,
    fit_columns,
    heading,
    settle_return_key,
    show_signing_refusal,
)

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TxInfo
    from qenex_desktop.gui.context import GuiContext

UNLIMITED_TEXT = "Unlimited"


def amount_text(a: Allowance) -> str:
    return UNLIMITED_TEXT if a.unlimited else f"{format_amount(a.amount, a.decimals)} {a.symbol}"


def spender_text(a: Allowance) -> str:
    short = f"{a.spender[:6]}…{a.spender[-4:]}"
    return f"{a.spender_name} ({short})" if a.spender_name else a.spender


def _amount_tooltip(a: Allowance) -> str:
    if a.unlimited:
        return "Unlimited: the spender may take every such token this account will ever hold."
    return f"{format_amount(a.amount, a.decimals)} {a.symbol}"


def _columns() -> list[Column[Allowance]]:
    return [
        address_column("Account", lambda a: a.owner),
        Column(
            "Token", lambda a: a.symbol, tooltip=lambda a: a.token, full=lambda a: a.token, kind="address"
        ),
        Column(
            "Spender", spender_text, tooltip=lambda a: a.spender, full=lambda a: a.spender, kind="address"
        ),
        Column(
            "Allowance",
            amount_text,
            numeric=True,
            color=lambda a: AMBER if a.unlimited else None,
            tooltip=_amount_tooltip,
        ),
    ]


class ApprovalsDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None, *, scan: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.allowances = Allowances(ctx.core.chain)
        self.setWindowTitle(self.tr("Approvals"))
        self.setObjectName("approvalsDialog")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Token approvals")))
        note = QLabel(
            self.tr(
                "Contracts your accounts allowed to spend their tokens. Revoke the ones you no longer "
                "use, above all the unlimited ones."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model: RowTableModel[Allowance] = RowTableModel(_columns(), self)
        self.table = TableStack(self.model, self.tr("No allowances: no contract may spend your tokens."))
        self.table.view.setObjectName("approvalsTable")
        self.table.view.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        layout.addWidget(self.table, 1)
        self.status = QLabel(self.tr("Reading allowances…"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.error = FieldError()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.revoke_button = QPushButton(self.tr("Re&voke…"))
        self.revoke_button.setEnabled(False)
        row.addWidget(self.refresh_button)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        self.revoke_button.clicked.connect(lambda _c=False: self.ask_revoke())
        self.table.view.selectionModel().selectionChanged.connect(lambda *_a: self._selection())
        settle_return_key(self, None)
        if scan:
            self.refresh()

    def refresh(self) -> None:
        self.status.setText(self.tr("Reading allowances…"))
        self.error.clear_error()
        self.ctx.ops.run(
            self.allowances.scan,
            name="read allowances",
            latest=f"approvals {id(self)}",
            on_done=self.show_scan,
            on_error=self._failed,
            owner=self,
            quiet=True,
        )

    def show_scan(self, scan: AllowanceScan) -> None:
        self.table.set_rows(scan.allowances)
        fit_columns(self.table.view, max_width=300)
        unlimited = sum(1 for a in scan.allowances if a.unlimited)
        text = self.tr("{n} allowance(s) on {network}").format(n=len(scan.allowances), network=scan.network)
        if unlimited:
            text += self.tr("; {n} unlimited").format(n=unlimited)
        if not scan.complete:
            text += self.tr(" (blocks {a} to {b} read: older approvals are not shown)").format(
                a=scan.from_block, b=scan.to_block
            )
        self.status.setText(text + ".")
        if scan.allowances:
            self.table.view.selectRow(0)
        self._selection()

    def selected(self) -> Allowance | None:
        rows = self.table.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _selection(self) -> None:
        self.revoke_button.setEnabled(self.selected() is not None)

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        self.error.show_error(error.message if isinstance(error, QenexError) else str(error))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.selected() is not None:
            self.ask_revoke()
            return
        super().keyPressEvent(event)

    def ask_revoke(self) -> RevokeDialog | None:
        allowance = self.selected()
        if allowance is None:
            return None
        dialog = RevokeDialog(self.ctx, self.allowances, allowance, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog


class RevokeDialog(QDialog):
    """The confirmation of one revoke: what it ends, then ``approve(spender, 0)`` signed and waited for."""

    def __init__(
        self, ctx: GuiContext, allowances: Allowances, allowance: Allowance, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.allowances = allowances
        self.allowance = allowance
        self.running = False
        self.done_tx: TxInfo | None = None
        self.setWindowTitle(self.tr("Revoke an approval"))
        self.setObjectName("revokeDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Revoke this approval?")))
        form = QFormLayout()
        for name, value in (
            (self.tr("Account"), allowance.owner),
            (self.tr("Token"), f"{allowance.symbol} ({allowance.token})"),
            (self.tr("Spender"), spender_text(allowance) if allowance.spender_name else allowance.spender),
            (self.tr("Allowed now"), amount_text(allowance)),
            (self.tr("Sends"), f"approve({allowance.spender[:10]}…, 0) to {allowance.symbol}"),
        ):
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, label)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Profile password"))
        self.password_error = FieldError()
        self.needs_password = not ctx.core.wallet.vault.is_unlocked()
        if self.needs_password:
            form.addRow(self.tr("Password"), self.password)
            form.addRow("", self.password_error)
        layout.addLayout(form)
        self.step = QLabel(self.tr("It costs a network fee; the spender can take nothing afterwards."))
        self.step.setWordWrap(True)
        layout.addWidget(self.step)
        self.error = FieldError(lines=2)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.revoke_button = QPushButton(self.tr("Revoke"))
        buttons.addButton(self.revoke_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.revoke_button.clicked.connect(lambda _c=False: self.start())
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        settle_return_key(self, self.revoke_button)

    def start(self) -> None:
        if self.running:
            return
        if self.done_tx is not None:
            self.accept()
            return
        self.running = True
        self.error.clear_error()
        self.password_error.clear_error()
        for widget in (self.revoke_button, self.cancel_button, self.password):
            widget.setEnabled(False)
        password = self.password.text() if self.needs_password else None
        self.step.setText(self.tr("Signing approve(spender, 0) and waiting for it to confirm…"))
        allowance = self.allowance
        self.ctx.ops.run(
            lambda: self.allowances.revoke(allowance, password=password),
            name="revoke allowance",
            on_done=self._revoked,
            on_error=self._failed,
            owner=self,
            quiet=True,
        )

    def _revoked(self, tx: TxInfo) -> None:
        self.running = False
        self.done_tx = tx
        self.step.setText(
            self.tr("Revoked: confirmed in block {block} ({hash}).").format(
                block=tx.block_number, hash=tx.tx_hash
            )
        )
        self.step.setStyleSheet(text_style(GREEN))
        self.revoke_button.setText(self.tr("Done"))
        self.revoke_button.setEnabled(True)
        self.revoke_button.setFocus()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        for widget in (self.revoke_button, self.cancel_button, self.password):
            widget.setEnabled(True)
        self.step.setText("")
        show_signing_refusal(error, self.password_error, self.error, self.password)

    def reject(self) -> None:
        if self.running:
            return  # never closed while the revoke signs or waits
        if self.done_tx is not None:
            self.accept()  # the list is read again
            return
        super().reject()
