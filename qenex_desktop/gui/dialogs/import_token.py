"""Import an ERC-20 token by its contract address (name, symbol, decimals read from the contract).

A refusal (no contract there, not an ERC-20, a node that does not answer) is a sentence or two with
the address in it: the error line under the field keeps room for three lines across the dialog's
width, so it is read whole and never moves the buttons. An imported token whose symbol another
asset already has (a second QXC deployment, a ledger token of that name, a token calling itself
ETH) is imported, and the dialog stays open to say so and how the wallet now tells them apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.gui.colours import AMBER, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AddressEdit
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import chain as chain_ops
from qenex_desktop.gui.wallet_snapshot import SymbolClash, asset_labels, symbol_clash
from qenex_desktop.gui.widgets import FieldError, settle_return_key, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TokenInfo

#: Lines kept under the address for a refusal: "The contract at 0x… does not answer like an
#: ERC-20 token (name, symbol, decimals): …" takes two to three at the dialog's width.
ERROR_LINES = 3


class ImportTokenDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.imported: TokenInfo | None = None
        self.setWindowTitle(self.tr("Import token"))
        self.setWindowIcon(icon("token"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Paste the token's contract address. Its name, symbol and decimals are read "
                "from the contract on the active network."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.address = AddressEdit(field="token")  # EIP-55 checked as typed
        self.address_error = self.address.error
        self.address_error.set_lines(ERROR_LINES)
        form.addRow(self.tr("Contract address"), self.address)
        layout.addLayout(form)
        # The refusal and the note about a symbol in use share one place across the dialog's whole
        # width (not the field column's), its room kept: neither moves the buttons.
        self.clash = FieldError(lines=ERROR_LINES)
        self.clash.setObjectName("symbolClash")
        self.clash.setStyleSheet(text_style(AMBER))
        self.notes = QStackedWidget()
        self.notes.addWidget(self.address_error)
        self.notes.addWidget(self.clash)
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Import"))
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_return_key(self, self.ok_button)
        self.address.edited.connect(self._address_edited)
        self.setMinimumWidth(600)

    def submit(self) -> None:
        if self.imported is not None:
            self.accept()  # imported; the person has read the note about its symbol
            return
        address = self.address.check()
        if address is None:
            return  # the line under the field says what is wrong
        chain_ops.import_token(
            self.ctx,
            address,
            address_error=self.address_error,
            on_done=self._done,
            trigger=self.ok_button,
            owner=self,
        )

    def _address_edited(self) -> None:
        """Another address after an import: the next Import imports it."""
        if self.imported is not None:
            self.imported = None
            self.clash.clear_error()
            self.notes.setCurrentWidget(self.address_error)
            self.ok_button.setText(self.tr("Import"))
            self.cancel_button.show()

    def _done(self, token: TokenInfo) -> None:
        core = self.ctx.core
        self.ctx.ops.run(
            lambda: symbol_clash(core, token),
            name="token symbol check",
            on_done=lambda clash: self._checked(token, clash),
            on_error=lambda _error: self._checked(token, None),
            owner=self,
            quiet=True,
        )

    def _checked(self, token: TokenInfo, clash: SymbolClash | None) -> None:
        status_message(
            self, self.tr("Imported {symbol} ({name}).").format(symbol=token.symbol, name=token.name)
        )
        if clash is None:
            self.accept()
            return
        self.show_clash(token, clash)

    def show_clash(self, token: TokenInfo, clash: SymbolClash) -> None:
        """Imported, its symbol in use: say so, and how the wallet tells the two apart."""
        self.imported = token
        self.clash.show_error(self.clash_text(clash))
        self.notes.setCurrentWidget(self.clash)
        self.ok_button.setText(self.tr("Close"))
        self.cancel_button.hide()  # it is imported: there is nothing left to cancel

    def clash_text(self, clash: SymbolClash) -> str:
        return self.tr(
            "Imported, but the symbol {symbol} is already in use: {others}. The wallet calls this one "
            "{label}; check the contract address before you send it or accept it as payment."
        ).format(symbol=clash.symbol, others=", ".join(clash.others), label=clash.label)


def screenshot_dialogs(ctx: GuiContext, parent: QWidget | None = None) -> list[tuple[str, QDialog]]:
    """For the screenshot set: the import dialog after importing a second QXC deployment."""
    from qenex_desktop.core.chain.types import TokenInfo

    first = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
    dialog = ImportTokenDialog(ctx, parent)
    dialog.address.setText(address)
    token = TokenInfo(address, "QENEX Coin", "QXC", 18, False)
    labels = asset_labels([("ETH", "ETH"), (first, "QXC"), (address, "QXC"), ("ledger:QXC", "QXC")])
    clash = SymbolClash("QXC", labels[address], [labels[first], labels["ledger:QXC"]])
    dialog.show_clash(token, clash)
    return [("dialog-import-token-same-symbol", dialog)]
