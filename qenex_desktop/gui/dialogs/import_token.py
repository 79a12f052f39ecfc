"""Import an ERC-20 token by its contract address (name, symbol, decimals read from the contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AddressEdit
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import chain as chain_ops
from qenex_desktop.gui.widgets import status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TokenInfo


class ImportTokenDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        form.addRow(self.tr("Contract address"), self.address)
        form.addRow("", self.address_error)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Import"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def submit(self) -> None:
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

    def _done(self, token: TokenInfo) -> None:
        status_message(
            self, self.tr("Imported {symbol} ({name}).").format(symbol=token.symbol, name=token.name)
        )
        self.accept()
