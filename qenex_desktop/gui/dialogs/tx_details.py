"""One Activity row in full: hashes, from and to, the decoded action, gas, fee, status history.

Opened from the Activity tab (Return or a double-click on a row, or its context menu), which hands
over the core's ``ActivityItem`` it read; only the status history (``core.activity_status``) is
read here, on a worker, while the dialog already shows the rest. Every value is plain selectable
text (never markup: a ledger account's name is free text). "Open in explorer" shows when the
network has an explorer URL (Settings → Networks…).

Issue 15: the person's label on the transaction shows, and "Label…" changes it; "Save address…"
opens the address book on the counterparty (who was paid, or who paid). An incoming transfer the
core marked as likely address poisoning (``ActivityItem.suspicion``) says why in red above
everything, and its sender is never offered to the address book: an address copied from here
comes with the warning beside it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core import activity
from qenex_desktop.core.activity import ActivityItem, Leg
from qenex_desktop.core.activity_export import iso_time
from qenex_desktop.core.activity_status import StatusStep, status_history
from qenex_desktop.core.chain.types import ETH_DECIMALS, TxInfo
from qenex_desktop.gui.colours import RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import count_text, format_time, full_amount_text, gwei_text

_DIRECTIONS = {"in": "received", "out": "sent", "self": "to yourself"}


def explorer_url_of(explorer_url: str | None, reference: str) -> QUrl | None:
    if not explorer_url or not reference.startswith("0x"):
        return None
    url = QUrl(f"{explorer_url.rstrip('/')}/tx/{reference}")
    return url if url.isValid() and url.scheme() in ("http", "https") else None


def legs_text(legs: tuple[Leg, ...]) -> str:
    def one(leg: Leg) -> str:
        direction = _DIRECTIONS.get(leg.direction, leg.direction)
        return f"{full_amount_text(leg.amount, leg.decimals)} {leg.symbol} ({direction})"

    return "\n".join(one(leg) for leg in legs)


def action_text(item: ActivityItem) -> str:
    """The decoded action: its name, then the ERC-20 call's arguments when the data is one."""
    name = activity.action_name(item)
    call = activity.decode_call(item.data)
    if call is None:
        return name
    decimals = item.legs[0].decimals if item.legs else (item.tx.decimals if item.tx else 0)
    symbol = item.legs[0].symbol if item.legs else (item.tx.symbol if item.tx else "")
    parts = [
        f"{label} {full_amount_text(value, decimals)} {symbol}".rstrip()
        if isinstance(value, int)
        else f"{label} {value}"
        for label, value in call.arguments
    ]
    return f"{name}: {call.function}({', '.join(parts)})"


def suspicion_text(item: ActivityItem) -> str:
    """Why an incoming transfer looks like address poisoning, in words ("" when it does not)."""
    return item.suspicion.text if item.suspicion is not None else ""


def counterparty(item: ActivityItem) -> str | None:
    """The other side's address (who was paid, or who paid), or None (to yourself, a deploy, the
    ledger, an address the core marked as likely poisoning)."""
    if item.source == "ledger" or item.suspicion is not None or not item.legs:
        return None
    direction = item.legs[0].direction
    address = item.from_address if direction == "in" else item.to_address if direction == "out" else None
    return address if address and address.startswith("0x") else None


def save_address(ctx: GuiContext, parent: QWidget, address: str) -> QDialog | None:
    """The address book, on a new contact for ``address`` (none while locked)."""
    from qenex_desktop.gui.dialogs.address_book import AddressBookDialog

    if ctx.locked:
        return None
    dialog = AddressBookDialog(ctx, parent, prefill=address)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def history_text(steps: list[StatusStep]) -> str:
    return "\n".join(f"{format_time(step.time_ms)}  {step.status}: {step.text}" for step in steps)


class TxDetailsDialog(QDialog):
    def __init__(
        self,
        item: ActivityItem,
        network: str,
        explorer_url: str | None = None,
        parent: QWidget | None = None,
        *,
        amount: str = "",
        ctx: GuiContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("txDetailsDialog")
        self.setWindowTitle(self.tr("Transaction details"))
        self.item = item
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.warning = self._warning(item)
        layout.addWidget(self.warning)
        self.warning.setVisible(item.suspicion is not None)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self._fields(item, network, amount):
            self._add(label, value)
        sender = self.values.get(self.tr("From"))
        if item.suspicion is not None and sender is not None:
            sender.setStyleSheet(text_style(RED))
            sender.setToolTip(self.tr("Likely address poisoning: {why}").format(why=suspicion_text(item)))
        layout.addLayout(self.form)
        layout.addWidget(QLabel(self.tr("Status history")))
        self.history = QPlainTextEdit()
        self.history.setObjectName("txStatusHistory")
        self.history.setReadOnly(True)
        self.history.setPlainText(self._first_history(item))
        self.history.setMinimumHeight(self.history.fontMetrics().lineSpacing() * 5)
        layout.addWidget(self.history, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self.tr("Copy hash"))
        self.copy_button.setEnabled(item.reference.startswith("0x"))
        self.copy_button.clicked.connect(self.copy_hash)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setAutoDefault(False)  # Return closes, like Escape; nothing else takes it
        self.explorer = explorer_url_of(explorer_url, item.reference)
        self.explorer_button = QPushButton(self.tr("Open in explorer"))
        self.explorer_button.setToolTip(self.explorer.toString() if self.explorer else "")
        self.explorer_button.clicked.connect(self.open_explorer)
        buttons.addButton(self.explorer_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.explorer_button.setVisible(self.explorer is not None)  # after addButton, which shows it
        self.explorer_button.setAutoDefault(False)
        self._book_buttons(buttons)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0x" + "d" * 64) + 220)

    def _warning(self, item: ActivityItem) -> QLabel:
        warning = QLabel(
            self.tr(
                "Likely address poisoning: {why}. Someone sent this so that its sender's address sits "
                "in your history to be copied by mistake. Never send to it; compare every character of "
                "an address you copy."
            ).format(why=suspicion_text(item))
        )
        warning.setObjectName("txPoisonWarning")
        warning.setTextFormat(Qt.TextFormat.PlainText)
        warning.setWordWrap(True)
        warning.setStyleSheet(text_style(RED, bold=True))
        return warning

    def _book_buttons(self, buttons: QDialogButtonBox) -> None:
        """Label… and Save address… (with the app's context: the Activity tab's dialog)."""
        self.label_button = QPushButton(self.tr("Label…"))
        self.label_button.setObjectName("txLabelButton")
        self.label_button.clicked.connect(lambda _checked=False: self.edit_label())
        self.save_address_button = QPushButton(self.tr("Save address…"))
        self.save_address_button.setObjectName("txSaveAddress")
        self.save_address_button.clicked.connect(lambda _checked=False: self.save_address())
        address = counterparty(self.item)
        self.save_address_button.setToolTip(
            self.tr("Add {address} to the address book").format(address=address)
            if address
            else self.tr("No other side's address to save")
        )
        for button, usable in (
            (self.label_button, self.item.reference.startswith("0x")),
            (self.save_address_button, address is not None),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setAutoDefault(False)
            button.setVisible(self.ctx is not None)
            button.setEnabled(usable)
        self.label_dialog: QDialog | None = None
        self.book_dialog: QDialog | None = None

    def edit_label(self) -> None:
        from qenex_desktop.gui.dialogs.tx_label import open_label

        if self.ctx is None:
            return
        dialog = open_label(self.ctx, self, self.item.reference, self.item.label)
        if dialog is not None:
            dialog.saved.connect(self._label_saved)
        self.label_dialog = dialog

    def _label_saved(self, label: str | None) -> None:
        self.item = replace(self.item, label=label)
        shown = self.values.get(self.tr("Label"))
        if shown is not None:
            shown.setText(label or "—")

    def save_address(self) -> None:
        address = counterparty(self.item)
        if self.ctx is not None and address is not None:
            self.book_dialog = save_address(self.ctx, self, address)

    def _fields(self, item: ActivityItem, network: str, amount: str) -> list[tuple[str, str]]:
        tx = item.tx
        time = f"{format_time(item.time_ms)} ({iso_time(item.time_ms)})" if item.time_ms is not None else "—"
        fields = [
            (self.tr("Action"), action_text(item)),
            (self.tr("Status"), item.status),
            (self.tr("Time"), time),
            (
                self.tr("Network"),
                network if item.source != "ledger" else self.tr("the local exchange's ledger"),
            ),
            (
                self.tr("Transaction") if item.reference.startswith("0x") else self.tr("Ledger entry"),
                item.reference,
            ),
            (self.tr("From"), item.from_address or "—"),
            (self.tr("To"), item.to_address or "—"),
            (self.tr("Amount"), amount or legs_text(item.legs) or "—"),
        ]
        if item.reference.startswith("0x"):
            fields.append((self.tr("Label"), item.label or "—"))
        if item.block_number is not None:
            fields.append((self.tr("Block"), count_text(item.block_number)))
        if tx is not None:
            fields += self._tx_fields(tx)
        return fields

    def _tx_fields(self, tx: TxInfo) -> list[tuple[str, str]]:
        fields = []
        if tx.contract_address:
            fields.append((self.tr("Contract"), tx.contract_address))
        fields.append((self.tr("Nonce"), str(tx.nonce)))
        used = count_text(tx.gas_used) if tx.gas_used is not None else self.tr("not mined yet")
        fields.append((self.tr("Gas used"), f"{used} / {count_text(tx.gas_limit)} limit"))
        paid = f"{full_amount_text(tx.fee_paid, ETH_DECIMALS)} ETH" if tx.fee_paid is not None else "—"
        fields.append((self.tr("Fee paid"), paid))
        fields.append(
            (
                self.tr("Max fee"),
                f"{gwei_text(tx.max_fee_per_gas)} (tip {gwei_text(tx.max_priority_fee_per_gas)})",
            )
        )
        if tx.replaces:
            fields.append((self.tr("Replaces"), tx.replaces))
        if tx.replaced_by:
            fields.append((self.tr("Replaced by"), tx.replaced_by))
        if tx.revert_reason:
            fields.append((self.tr("Failed because"), tx.revert_reason))
        return fields

    def _add(self, label: str, value: str) -> None:
        shown = QLabel(value)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.values[label] = shown
        self.form.addRow(label, shown)

    def _first_history(self, item: ActivityItem) -> str:
        if item.tx is not None:
            return self.tr("Reading…")
        if item.source == "transfer":
            return self.tr(
                "Mined in block {block}: a Transfer event found by the history scan "
                "(not signed by this wallet)."
            ).format(block=item.block_number)
        return self.tr("Recorded in the ledger (one unit of work with its audit entry).")

    def set_history(self, steps: list[StatusStep]) -> None:
        self.history.setPlainText(history_text(steps))

    def copy_hash(self) -> None:
        QGuiApplication.clipboard().setText(self.item.reference)

    def open_explorer(self) -> None:
        if self.explorer is not None:
            QDesktopServices.openUrl(self.explorer)


def open_details(
    ctx: GuiContext, parent: QWidget, item: ActivityItem, amount: str, network: str, explorer_url: str | None
) -> TxDetailsDialog:
    """Show the details of ``item`` at once; its status history follows from a worker."""
    dialog = TxDetailsDialog(
        item, item.tx.network if item.tx else network, explorer_url, parent, amount=amount, ctx=ctx
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    tx = item.tx
    if tx is not None:
        core = ctx.core
        ctx.ops.run(
            lambda: status_history(core, tx),
            name="transaction history",
            on_done=dialog.set_history,
            on_error=lambda error: dialog.history.setPlainText(str(error)),
            owner=dialog,
            quiet=True,
        )
    return dialog


# -- the screenshot set ------------------------------------------------------------------------------


def example_item(address: str) -> ActivityItem:
    """A confirmed QXC send of example figures (the screenshot of a profile with no transaction yet)."""
    tx_hash = "0x" + "5c" * 2 + "9e1f0a" * 10
    token = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    data = "0xa9059cbb" + "00" * 12 + to[2:].lower() + f"{25 * 10**18:064x}"
    tx = TxInfo(
        tx_hash=tx_hash, network="Local Hardhat", kind="send_token", status="confirmed", stale=False,
        from_address=address, to_address=token, recipient=to, asset=token, symbol="QXC", decimals=18,
        amount=25 * 10**18, nonce=3, gas_limit=52_000, max_fee_per_gas=2_750_000_000,
        max_priority_fee_per_gas=1_000_000_000, block_number=42, gas_used=34_482,
        fee_paid=34_482 * 1_875_000_000,
        revert_reason=None, contract_address=None, replaces=None, replaced_by=None, last_error=None,
        created_at=1_780_000_000_000, updated_at=1_780_000_002_000,
    )  # fmt: skip
    return ActivityItem(
        "chain", tx.created_at, tx.kind, tx.status, (Leg(token, "QXC", 18, tx.amount, "out"),), address, to,
        tx_hash, block_number=42, gas_used=tx.gas_used, fee_paid=tx.fee_paid, tx=tx, data=data,
    )  # fmt: skip


def activity_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """The details dialog for the screenshot set: of the newest transaction the wallet signed when
    there is one (read on a worker and waited for), else of example figures."""
    found: list[tuple[ActivityItem, list[StatusStep], str | None] | None] = []
    core = ctx.core

    def read() -> tuple[ActivityItem, list[StatusStep], str | None] | None:
        network = core.chain.network()
        for item in activity.page(core, size=50).items:
            if item.tx is not None:
                return item, status_history(core, item.tx), network.explorer_url
        return None

    ctx.ops.run(read, name="details screenshot", on_done=found.append, on_error=lambda _e: None, quiet=True)
    ctx.ops.wait_idle(30)
    if found and found[0] is not None:
        item, steps, explorer = found[0]
    else:
        item = example_item("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        assert item.tx is not None
        steps = [
            StatusStep(item.tx.created_at, "pending", "Signed and sent with nonce 3."),
            StatusStep(item.tx.updated_at, "confirmed", "Mined in block 42, 34,482 gas used."),
        ]
        explorer = "https://sepolia.etherscan.io"
    dialog = TxDetailsDialog(item, item.tx.network if item.tx else "", explorer, window)
    dialog.set_history(steps)
    return [("dialog-transaction-details", dialog)]


def poisoning_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run (issue 15): the details of an incoming dust transfer from a look-alike
    of a contact (``dialog-transaction-poisoning``), and the label dialog of a send
    (``dialog-transaction-label``); example figures, nothing is read or written."""
    from qenex_desktop.core.activity_marks import Suspicion
    from qenex_desktop.core.contacts.lookalike import PoisonReason
    from qenex_desktop.core.validation import to_checksum_address
    from qenex_desktop.gui.dialogs.tx_label import TxLabelDialog

    me, bob = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
    fake = to_checksum_address("8ba1" + "0" * 32 + "ba72")
    token = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    dust = ActivityItem(
        "transfer", 1_780_000_100_000, "receive", "confirmed", (Leg(token, "QXC", 18, 1, "in"),), fake, me,
        "0x" + "d5" * 32, block_number=57,
        suspicion=Suspicion(PoisonReason.LOOKALIKE_SENDER, bob, "contact Bob"),
    )  # fmt: skip
    details = TxDetailsDialog(dust, "Local Hardhat", None, window, ctx=ctx)
    sent = example_item(me)
    label = TxLabelDialog(ctx, sent.reference, "rent, June", window)
    return [("dialog-transaction-poisoning", details), ("dialog-transaction-label", label)]
