"""Import a key after the first run: a recovery phrase, a private key, or a keystore v3 file
(``qenex wallet import`` from the window).

The secret is sealed under the profile password before it is stored. The password is asked here
when the wallet's keys are sealed (a resumed session), as the CLI asks for it; an unlocked wallet
seals with the key it holds. The import runs on a worker; each refusal shows at its field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.keys.service import MAX_ACCOUNTS_PER_IMPORT
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import wallet as wallet_ops
from qenex_desktop.gui.widgets import FieldError, settle_return_key

_ROW_SECRET, _ROW_SECRET_ERROR, _ROW_ACCOUNTS, _ROW_FILE, _ROW_FILE_PASSWORD, _ROW_FILE_ERROR = range(1, 7)


class ImportKeyDialog(QDialog):
    #: The accounts imported (``WalletAccountInfo`` list).
    imported = Signal(object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Import a key"))
        self.setWindowIcon(icon("add"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Bring an account you already have. The secret is encrypted under your profile "
                "password before it is stored, and never leaves this computer."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.kind = QComboBox()
        for key, text in (
            ("mnemonic", self.tr("Recovery phrase (12 or 24 words)")),
            ("private_key", self.tr("Private key (64 hexadecimal digits)")),
            ("keystore", self.tr("Keystore file (JSON, with its password)")),
        ):
            self.kind.addItem(text, key)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.secret_error = FieldError(lines=2)
        self.accounts = QSpinBox()
        self.accounts.setRange(1, MAX_ACCOUNTS_PER_IMPORT)
        self.accounts.setToolTip(self.tr("How many accounts of the phrase to add (m/44'/60'/0'/0/0, /1, …)"))
        self.file_row = QWidget()
        file_layout = QHBoxLayout(self.file_row)
        file_layout.setContentsMargins(0, 0, 0, 0)
        self.file_path = QLineEdit()
        self.file_path.setPlaceholderText(self.tr("keystore .json file"))
        self.browse = QPushButton(self.tr("Choose…"))
        self.browse.clicked.connect(self._browse)
        file_layout.addWidget(self.file_path, 1)
        file_layout.addWidget(self.browse)
        self.file_password = QLineEdit()
        self.file_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.file_password.setPlaceholderText(self.tr("the password the file was saved with"))
        self.file_error = FieldError(lines=2)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("optional: a label instead of \u201cAccount N\u201d"))
        self.name_error = FieldError()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Profile password"))
        self.password_error = FieldError()
        form.addRow(self.tr("What"), self.kind)
        self.secret_label = QLabel()
        form.addRow(self.secret_label, self.secret)
        form.addRow("", self.secret_error)
        form.addRow(self.tr("Accounts"), self.accounts)
        form.addRow(self.tr("File"), self.file_row)
        form.addRow(self.tr("File password"), self.file_password)
        form.addRow("", self.file_error)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.name_error)
        self.password_label = QLabel(self.tr("Your profile password"))
        form.addRow(self.password_label, self.password)
        form.addRow("", self.password_error)
        self.form = form
        layout.addLayout(form)
        self.error = FieldError(lines=2)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(icon("add"), self.tr("Import"))
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        settle_return_key(self, self.import_button)
        self.setMinimumWidth(520)
        # In memory only (no core call): a sealed wallet needs the password to seal the new key.
        self.needs_password = not ctx.core.wallet.vault.is_unlocked()
        self.form.setRowVisible(self.password_label, self.needs_password)
        self.form.setRowVisible(self.password_error, self.needs_password)
        self._kind_changed()
        self.kind.setFocus()

    @property
    def choice(self) -> str:
        return str(self.kind.currentData())

    def choose(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _kind_changed(self) -> None:
        kind = self.choice
        keystore = kind == "keystore"
        self.secret_label.setText(
            self.tr("Recovery phrase") if kind == "mnemonic" else self.tr("Private key")
        )
        self.secret.setPlaceholderText(
            self.tr("twelve or twenty-four words separated by spaces")
            if kind == "mnemonic"
            else self.tr("0x followed by 64 hexadecimal digits")
        )
        for row in (_ROW_SECRET, _ROW_SECRET_ERROR):
            self.form.setRowVisible(row, not keystore)
        self.form.setRowVisible(_ROW_ACCOUNTS, kind == "mnemonic")
        for row in (_ROW_FILE, _ROW_FILE_PASSWORD, _ROW_FILE_ERROR):
            self.form.setRowVisible(row, keystore)
        for error in (self.secret_error, self.file_error, self.error):
            error.clear_error()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Keystore file"), "", self.tr("JSON (*.json);;All (*)")
        )
        if path:
            self.file_path.setText(path)

    def submit(self) -> None:
        kind = self.choice
        secret = self.file_path.text() if kind == "keystore" else self.secret.text()
        wallet_ops.import_key(
            self.ctx,
            kind,
            secret,
            accounts=self.accounts.value(),
            name=self.name.text().strip() or None,
            keystore_password=self.file_password.text(),
            password=self.password.text() if self.needs_password else None,
            errors={
                "secret": self.secret_error,
                "keystore": self.file_error,
                "accounts": self.error,
                "name": self.name_error,
                "password": self.password_error if self.needs_password else self.error,
                "*": self.error,
            },
            on_done=self._done,
            trigger=self.import_button,
            owner=self,
        )

    def _done(self, accounts: Any) -> None:
        self._forget()
        self.imported.emit(accounts)
        self.accept()

    def _forget(self) -> None:
        for edit in (self.secret, self.file_password, self.password):
            edit.clear()

    def reject(self) -> None:
        self._forget()
        super().reject()
