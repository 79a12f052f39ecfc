"""Receive: an account's address as text and as a QR code (segno), with a copy button."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.gui.icons import icon

if TYPE_CHECKING:
    from qenex_desktop.core.keys.service import WalletAccountInfo


def qr_pixmap(text: str, scale: int = 6) -> QPixmap:
    """A QR code of ``text`` (error correction M), black on white whatever the theme, for cameras."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="png", scale=scale, border=3, dark="#000000", light="#ffffff"
    )
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class ReceiveDialog(QDialog):
    def __init__(
        self, accounts: list[WalletAccountInfo], parent: QWidget | None = None, *, selected: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Receive"))
        self.setWindowIcon(icon("receive"))
        layout = QVBoxLayout(self)
        self.account = QComboBox()
        for account in accounts:
            self.account.addItem(f"{account.name} ({account.address[:8]}…)", account.address)
            if account.address == selected:
                self.account.setCurrentIndex(self.account.count() - 1)
        layout.addWidget(self.account)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.qr)
        row = QHBoxLayout()
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setMinimumWidth(self.address.fontMetrics().horizontalAdvance("0x" + "D" * 40) + 24)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.address, 1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        note = QLabel(
            self.tr(
                "Send only ETH and tokens of the same network to this address. Tokens you "
                "receive show in the Wallet tab once imported (Import token…)."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.account.currentIndexChanged.connect(lambda _i: self._show())
        self._show()

    def _show(self) -> None:
        address = str(self.account.currentData() or "")
        self.address.setText(address)
        self.qr.setPixmap(qr_pixmap(address) if address else QPixmap())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())
        self.copy_button.setText(self.tr("Copied"))
