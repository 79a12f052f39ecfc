"""Asking for the profile password when a signing step needs the wallet's keys.

A resumed session (no password typed in this run) has its keys still sealed; the first send,
deploy or export asks for the password once, and the core unlocks the wallet with it (off the
GUI thread, inside the operation that needs it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.widgets import FieldError


class PasswordDialog(QDialog):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your password"))
        layout = QVBoxLayout(self)
        locked = self.tr("Your keys are locked: enter your profile password to unlock them and sign.")
        text = QLabel(reason + "\n" + locked)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Profile password"))
        layout.addWidget(self.password)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def _accept(self) -> None:
        if not self.password.text():
            self.error.show_error(self.tr("Enter your password."))
            return
        self.accept()


def ask_password(ctx: GuiContext, parent: QWidget, reason: str, then: Callable[[str | None], None]) -> None:
    """Call ``then(None)`` when the keys are unlocked already, else ``then(password)`` after asking."""
    if ctx.core.wallet.vault.is_unlocked():
        then(None)
        return
    dialog = PasswordDialog(reason, parent)
    dialog.accepted.connect(lambda: then(dialog.password.text()))
    dialog.open()
