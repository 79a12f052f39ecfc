"""Label… on a transaction (issue 15): one line of the person's own words, such as "rent, June".

Opened from the Activity tab's context menu and from the transaction details. Return saves (on a
worker, through ``operations.contacts.set_tx_label``: one unit of work with its audit entry), an
empty label removes it, Escape closes without a change; a refusal shows under the field. The label
shows in Activity and goes into its export and into the BIP-329 export (type ``tx``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import short_hex
from qenex_desktop.gui.operations import contacts as contact_ops
from qenex_desktop.gui.widgets import FieldError, settle_return_key


class TxLabelDialog(QDialog):
    #: The label saved (None: removed).
    saved = Signal(object)

    def __init__(
        self, ctx: GuiContext, tx_hash: str, current: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tx_hash = tx_hash
        self.setObjectName("txLabelDialog")
        self.setWindowTitle(self.tr("Label the transaction"))
        layout = QVBoxLayout(self)
        about = QLabel(
            self.tr("Your own words for {hash}, shown in Activity and its exports. Empty removes it.").format(
                hash=short_hex(tx_hash, 8)
            )
        )
        about.setWordWrap(True)
        about.setToolTip(tx_hash)
        layout.addWidget(about)
        form = QFormLayout()
        self.edit = QLineEdit(current or "")
        self.edit.setObjectName("txLabelEdit")
        self.edit.setPlaceholderText(self.tr("such as rent, June"))
        self.edit.selectAll()
        self.error = FieldError()
        form.addRow(self.tr("Label"), self.edit)
        form.addRow("", self.error)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.textEdited.connect(lambda _text: self.error.clear_error())
        settle_return_key(self, self.save_button)
        self.setMinimumWidth(440)

    def save(self) -> None:
        contact_ops.set_tx_label(
            self.ctx,
            self.tx_hash,
            self.edit.text(),
            errors={"label": self.error, "tx_hash": self.error},
            on_done=self._saved,
            trigger=self.save_button,
            owner=self,
        )

    def _saved(self, stored: str | None) -> None:
        self.saved.emit(stored)
        self.accept()


def open_label(ctx: GuiContext, parent: QWidget, tx_hash: str, current: str | None) -> TxLabelDialog | None:
    """The label dialog of a transaction (none while locked, or for a ledger entry)."""
    if ctx.locked or not tx_hash.startswith("0x"):
        return None
    dialog = TxLabelDialog(ctx, tx_hash, current, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.edit.setFocus()
    return dialog
