"""Import an ERC-20 token by its contract address (name, symbol, decimals read from the contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import parse_address
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.widgets import FieldError, status_message

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
        self.address = QLineEdit()
        self.address.setPlaceholderText("0x…")
        self.address_error = FieldError()
        form.addRow(self.tr("Contract address"), self.address)
        form.addRow("", self.address_error)
        layout.addLayout(form)
        self.address.textEdited.connect(self._check)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Import"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _check(self, text: str) -> None:
        """EIP-55 as typed: a wrong checksum shows at once."""
        if len(text.strip()) < 42:
            self.address_error.clear_error()
            return
        try:
            parse_address(text, field="token")
            self.address_error.clear_error()
        except ValidationError as exc:
            self.address_error.show_error(exc.message)

    def submit(self) -> None:
        chain = self.ctx.core.chain
        text = self.address.text()
        self.ctx.ops.run(
            lambda: chain.import_token(text),
            name="import token",
            on_done=self._done,
            trigger=self.ok_button,
            owner=self,
            fields={
                "token": self.address_error,
                "address": self.address_error,
                "network": self.address_error,
            },
        )

    def _done(self, token: TokenInfo) -> None:
        status_message(
            self, self.tr("Imported {symbol} ({name}).").format(symbol=token.symbol, name=token.name)
        )
        self.accept()
