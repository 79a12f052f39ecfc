"""Send: recipient checked (EIP-55) as typed, amount with Max, a live fee preview, a confirmation
that shows everything that will happen, then sign and send on a worker thread.

Nothing is signed before the confirmation; a refusal (bad amount, not enough ETH for the fee,
a contract that would revert) shows next to the field that caused it and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.errors import QenexError
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.send_preview import FeePicker, PreviewDetails, confirm_title, failure_text
from qenex_desktop.gui.dialogs.send_safety import DestinationPanel, RecipientCompleter, recipient_text
from qenex_desktop.gui.fields import AddressEdit, AmountEdit
from qenex_desktop.gui.formatting import amount_text, eth_text, full_amount_text, gwei_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import chain as chain_ops
from qenex_desktop.gui.widgets import FieldError, settle_return_key, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import SendPreview, TxInfo
    from qenex_desktop.gui.wallet_snapshot import WalletSnapshot

PREVIEW_DELAY_MS = 400
GWEI = 10**9


class SendDialog(QDialog):
    def __init__(
        self,
        ctx: GuiContext,
        snapshot: WalletSnapshot,
        parent: QWidget | None = None,
        *,
        from_address: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.snapshot = snapshot
        self.setWindowTitle(self.tr("Send"))
        self.setWindowIcon(icon("send"))
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_form(from_address))
        self.fee = QLabel(self.tr("The network fee shows here once the recipient and amount are filled in."))
        self.fee.setWordWrap(True)
        self.fee.setObjectName("feePreview")
        layout.addWidget(self.fee)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.review_button = QPushButton(icon("send"), self.tr("Review…"))
        buttons.addButton(self.review_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.review_button.clicked.connect(self.review)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_return_key(self, self.review_button)  # Return reviews; it never presses Max
        self.setMinimumWidth(560)
        self.to.setFocus()  # the account and asset come preselected: the address is the first thing to type

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._preview_key = f"send fee preview {id(self)}"
        self.preview: SendPreview | None = None
        self.confirm: ConfirmSendDialog | None = None
        self.to.edited.connect(self._inputs_changed)
        self.amount.edited.connect(self._inputs_changed)
        self.amount.max_requested.connect(self.fill_max)
        self.asset.currentIndexChanged.connect(lambda _i: self._asset_changed())
        self.from_box.currentIndexChanged.connect(lambda _i: self._inputs_changed())
        self.completer = RecipientCompleter(ctx, self.to, self._inputs_changed)  # contacts, own labels
        self.fee_picker.changed.connect(self._inputs_changed)
        self._show_available()

    def _build_form(self, from_address: str | None) -> QFormLayout:
        form = QFormLayout()
        self.from_box = QComboBox()
        for account in self.snapshot.accounts:
            self.from_box.addItem(f"{account.name} ({account.address[:10]}…)", account.address)
            if account.address == from_address:
                self.from_box.setCurrentIndex(self.from_box.count() - 1)
        self.from_error = FieldError()
        self.asset = QComboBox()
        # local-ledger balances are moved by the exchange, not sent on chain; each entry is named
        # as the Wallet tab heads its column (two tokens of one symbol read apart)
        for asset in self.snapshot.chain_assets():
            self.asset.addItem(asset.label, (asset.key, asset.symbol, asset.decimals))
            if asset.key.startswith("0x"):
                self.asset.setItemData(self.asset.count() - 1, asset.key, Qt.ItemDataRole.ToolTipRole)
        self.asset_error = FieldError()
        self.to = AddressEdit(field="to", placeholder=self.tr("0x… the recipient's address"))
        self.to_error = self.to.error
        _key, symbol, decimals = self._asset()
        self.amount = AmountEdit(
            symbol, decimals, placeholder=self.tr("for example 1.5"), max_button=True, field="amount"
        )
        assert self.amount.max_button is not None
        self.max_button = self.amount.max_button
        self.amount_error = self.amount.error
        self.available = QLabel()
        form.addRow(self.tr("From"), self.from_box)
        form.addRow("", self.from_error)
        form.addRow(self.tr("Asset"), self.asset)
        form.addRow("", self.asset_error)
        form.addRow(self.tr("To"), self.to)
        form.addRow("", self.to_error)
        form.addRow(self.tr("Amount"), self.amount.with_max())
        form.addRow("", self.available)
        form.addRow("", self.amount_error)
        self.fee_picker = FeePicker()
        form.addRow(self.tr("Fee"), self.fee_picker)
        return form

    # -- inputs --------------------------------------------------------------------------------

    @property
    def fields(self) -> dict[str, FieldError]:
        return {
            "to": self.to_error,
            "amount": self.amount_error,
            "asset": self.asset_error,
            "from": self.from_error,
            **self.fee_picker.fields,
            "*": self.error,
        }

    def _asset(self) -> tuple[str, str, int]:
        data = self.asset.currentData()
        return data if data else ("ETH", "ETH", 18)

    def _from(self) -> str:
        return str(self.from_box.currentData())

    def _balance(self) -> int | None:
        key = self._asset()[0]
        for row in self.snapshot.rows:
            if row.address == self._from():
                held = row.holdings.get(key)
                return held.units if held else None
        return None

    def _show_available(self) -> None:
        _key, symbol, decimals = self._asset()
        units = self._balance()
        self.available.setText(
            self.tr("Available: {amount} {symbol}").format(
                amount=full_amount_text(units, decimals), symbol=symbol
            )
            if units is not None
            else self.tr("Available: unknown (the node did not answer)")
        )

    def _asset_changed(self) -> None:
        _key, symbol, decimals = self._asset()
        self.amount.set_token(symbol, decimals)  # re-checks what is typed against the new decimals
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        self._show_available()
        self.preview = None
        self.ctx.ops.supersede(self._preview_key)  # a quote on its way answers for the old inputs
        self.amount.recheck()  # the amount's error speaks of the amount as it is now, never an older one
        for stale in (self.from_error, self.asset_error, self.error):
            stale.clear_error()  # these came from the last quote, about inputs that changed since
        self._preview_timer.start()

    def parse_inputs(self) -> tuple[str, str, int] | None:
        """(to, asset, units) when both fields are valid; else the errors show inline and None."""
        key = self._asset()[0]
        to, amount = self.to.check(), self.amount.check()
        if to is None or amount is None:
            return None
        return to, key, amount

    # -- preview -------------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Debounced: re-quote the fee (gas estimate and eth_feeHistory) off the GUI thread."""
        key = self._asset()[0]
        to, units, fee = self.to.address(), self.amount.units(), self.fee_picker.choice()
        if to is None or units is None or fee is None:
            return
        chain = self.ctx.core.chain
        sender = self._from()
        self.fee.setText(self.tr("Estimating the network fee…"))
        self.ctx.ops.run(
            lambda: chain.preview_send(to=to, asset=key, amount=units, from_address=sender, fee=fee),
            name="fee preview",
            on_done=self._show_preview,
            on_error=self._preview_failed,
            latest=self._preview_key,
            owner=self,
            quiet=True,
        )

    def _show_preview(self, preview: SendPreview) -> None:
        self.preview = preview
        self.fee_picker.show_presets(preview)
        failure = failure_text(preview, self)
        if failure is not None:
            self.fee.setText(failure)
            return
        self.fee.setText(
            self.tr(
                "Network fee: about {expected} (at most {max}). Gas limit {gas}, max fee {fee} per gas."
            ).format(
                expected=eth_text(preview.expected_fee),
                max=eth_text(preview.max_fee),
                gas=preview.gas_limit,
                fee=gwei_text(preview.max_fee_per_gas),
            )
        )

    def _preview_failed(self, error: BaseException) -> None:
        self.fee.setText(
            self.tr("No fee estimate: fix the field marked above.")
            if isinstance(error, QenexError) and error.field in self.fields
            else self.tr("No fee estimate: {e}").format(e=error)
        )
        if isinstance(error, QenexError):
            self.ctx.ops.show_error(error, self.fields, quiet=True)

    def fill_max(self) -> None:
        """All of a token; for ETH, everything but the most the network fee can cost."""
        key = self._asset()[0]
        balance = self._balance()
        if key != "ETH":
            if balance is not None:
                self.amount.fill(balance)
            return
        chain = self.ctx.core.chain
        sender = self._from()
        to = self.to.address() or sender  # the fee of a plain transfer does not depend on who receives it

        fee = self.fee_picker.choice()

        def most() -> int:
            preview = chain.preview_send(to=to, asset="ETH", amount=1, from_address=sender, fee=fee)
            return max(0, preview.eth_balance - preview.max_fee)

        self.ctx.ops.run(
            most,
            name="max amount",
            on_done=self.amount.fill,
            trigger=self.max_button,
            owner=self,
            fields=self.fields,
        )

    # -- review and send -------------------------------------------------------------------------

    def review(self) -> None:
        parsed = self.parse_inputs()
        if parsed is None:
            return
        to, key, units = parsed
        fee = self.fee_picker.choice()
        if fee is None:
            return
        chain = self.ctx.core.chain
        sender = self._from()
        self.ctx.ops.run(
            lambda: chain.preview_send(to=to, asset=key, amount=units, from_address=sender, fee=fee),
            name="send preview",
            on_done=self._open_confirm,
            trigger=self.review_button,
            owner=self,
            fields=self.fields,
        )

    def _open_confirm(self, preview: SendPreview) -> None:
        self.preview = preview
        self.confirm = ConfirmSendDialog(self.ctx, preview, self)
        self.confirm.sent.connect(self._sent)
        self.confirm.open()

    def _sent(self, tx: TxInfo) -> None:
        if tx.broadcast_unconfirmed:
            self._warn_unconfirmed(tx)
        status_message(
            self,
            self.tr("Sent {amount} {symbol}: {status} ({hash}).").format(
                amount=amount_text(tx.amount, tx.decimals),
                symbol=tx.symbol,
                status=tx.status,
                hash=tx.tx_hash[:12] + "…",
            ),
            10_000,
        )
        self.accept()

    def _warn_unconfirmed(self, tx: TxInfo) -> None:
        """The node's answer was lost after it got the request: the send may well be mined. Say so
        where it cannot be missed, so that nobody sends the money a second time."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Sent, not yet confirmed"),
            self.tr(
                "The node did not answer after it was handed this transaction, so it may have been "
                "sent. Do not send it again.\n\nIt is tracked as pending under {hash}; Activity shows "
                "it, and the app settles it as soon as the node answers."
            ).format(hash=tx.tx_hash),
            QMessageBox.StandardButton.Ok,
            self.parentWidget(),
        )
        box.setObjectName("send_unconfirmed")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


class ConfirmSendDialog(QDialog):
    sent = Signal(object)

    def __init__(self, ctx: GuiContext, preview: SendPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview = preview
        self.setWindowTitle(self.tr("Confirm the send"))
        self.setWindowIcon(icon("send"))
        layout = QVBoxLayout(self)
        p = preview
        amount = f"{full_amount_text(p.amount, p.decimals)} {p.symbol}"
        title = QLabel(
            confirm_title(p, self)
            or self.tr("<b>Send {amount}</b> to {to}").format(amount=amount, to=p.recipient)
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        form = QFormLayout()
        rows = self._rows(p, amount)
        for label, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            form.addRow(label, text)
        layout.addLayout(form)
        self.details = PreviewDetails(preview)
        layout.addWidget(self.details)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Profile password"))
        self.password_error = FieldError()
        self.needs_password = not ctx.core.wallet.vault.is_unlocked()
        if self.needs_password:
            form.addRow(self.tr("Password"), self.password)
            form.addRow("", self.password_error)
        self.safety = DestinationPanel(ctx, preview.destination)  # look-alike, first send, contracts
        layout.addWidget(self.safety)
        note = QLabel(
            self.tr(
                "Once sent, a transaction cannot be undone. While it is pending you can speed it "
                "up or cancel it from the Wallet tab."
            )
        )
        note.setWordWrap(True)
        note.setVisible(not p.will_revert)  # nothing will be sent
        layout.addWidget(note)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = QPushButton(icon("send"), self.tr("Sign and send"))
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.clicked.connect(self.send)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Return after typing the password signs; without a password to type, a second Return
        # straight after Review must not send unseen: the focus starts on Cancel, which Return
        # presses (with no default at all, Qt makes Sign and send the default when shown).
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        signs_on_return = self.needs_password and not p.will_revert
        settle_return_key(self, self.send_button if signs_on_return else cancel)
        if not signs_on_return:
            cancel.setFocus()
        if p.will_revert:  # simulated at the pending block: it would fail, so it is never signed
            self.send_button.setEnabled(False)
            self.password.setEnabled(False)
        self.safety.guard(self.send_button)  # a look-alike: off until its tick is set
        self.setMinimumWidth(600)

    def _rows(self, p: SendPreview, amount: str) -> list[tuple[str, str]]:
        """The summary rows: network, from, to and who it is, amount, fees, balances after, nonce."""
        rows = [
            (self.tr("Network"), f"{p.network} (chain id {p.chain_id})"),
            (self.tr("From"), p.from_address),
            (self.tr("To"), p.recipient),
            (self.tr("Recipient"), recipient_text(p)),
            (self.tr("Amount"), amount + (f"  ({p.asset})" if p.asset != "ETH" else "")),
            (
                self.tr("Network fee"),
                self.tr("about {e}, at most {m}").format(e=eth_text(p.expected_fee), m=eth_text(p.max_fee)),
            ),
            (
                self.tr("Gas"),
                self.tr("limit {g}; max {f} per gas, tip {t} ({speed})").format(
                    g=p.gas_limit,
                    f=gwei_text(p.max_fee_per_gas),
                    t=gwei_text(p.max_priority_fee_per_gas),
                    speed=self.tr(p.fee_speed),
                ),
            ),
            (self.tr("ETH leaving at most"), eth_text(p.total_eth)),
            (self.tr("ETH after (at least)"), eth_text(p.eth_balance_after)),
        ]
        if p.asset != "ETH" and not p.will_revert:  # a send that cannot happen leaves no balance after
            rows.append(
                (
                    self.tr("{s} after").format(s=p.symbol),
                    f"{full_amount_text(p.asset_balance_after, p.decimals)} {p.symbol}",
                )
            )
        rows.append((self.tr("Nonce"), str(p.nonce)))
        return rows

    def send(self) -> None:
        password = self.password.text() if self.needs_password else None
        chain_ops.send(
            self.ctx,
            self.preview,
            password,
            accept_lookalike=self.safety.acknowledged,
            password_error=self.password_error,
            general_error=self.error,
            on_done=self._done,
            trigger=self.send_button,
            owner=self,
        )

    def _done(self, tx: TxInfo) -> None:
        self.password.clear()
        self.sent.emit(tx)
        self.accept()
