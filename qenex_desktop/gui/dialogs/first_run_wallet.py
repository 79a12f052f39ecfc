"""The first-run wizard's wallet pages: create one (its recovery phrase shown once, three words
asked back) or import one (a recovery phrase, a private key, or a keystore file), then done."""

from __future__ import annotations

import secrets
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.first_run_profile import (
    PAGE_CONFIRM,
    PAGE_DONE,
    PAGE_IMPORT,
    PAGE_PHRASE,
    AsyncPage,
    WizardState,
)
from qenex_desktop.gui.paths import documents_dir
from qenex_desktop.gui.widgets import FieldError

CONFIRM_WORDS = 3


class ChoicePage(AsyncPage):
    def __init__(
        self, ctx: GuiContext, state: WizardState, parent: QWidget | None = None, *, create: bool = True
    ) -> None:
        super().__init__(ctx, state, parent)
        self.setTitle(self.tr("Your wallet"))
        self.setSubTitle(self.tr("Create a new wallet, or bring one you already have."))
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.options: dict[str, QRadioButton] = {}
        for key, text in (
            ("create", self.tr("Create a new wallet (a 12-word recovery phrase)")),
            ("mnemonic", self.tr("Import a recovery phrase (12 or 24 words)")),
            ("private_key", self.tr("Import a private key (64 hexadecimal digits)")),
            ("keystore", self.tr("Import a keystore file (JSON, with its password)")),
        ):
            button = QRadioButton(text)
            self.group.addButton(button)
            self.options[key] = button
            layout.addWidget(button)
        self.options["create" if create else "mnemonic"].setChecked(True)
        self.password_row = QWidget()
        password_form = QFormLayout(self.password_row)
        password_form.setContentsMargins(0, 12, 0, 0)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = FieldError()
        password_form.addRow(self.tr("Your profile password"), self.password)
        password_form.addRow("", self.password_error)
        layout.addWidget(self.password_row)
        self.error = FieldError()
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        unlocked = self.ctx.core.wallet.vault.is_unlocked()
        self.password_row.setVisible(self.state.password is None and not unlocked)
        self.passed = False

    @property
    def choice(self) -> str:
        for key, button in self.options.items():
            if button.isChecked():
                return key
        return "create"

    def profile_password(self) -> str | None:
        if self.state.password is not None:
            return self.state.password
        return self.password.text() if self.password_row.isVisible() else None

    def validatePage(self) -> bool:
        if self.choice != "create":
            if self.state.password is None and self.password_row.isVisible():
                self.state.password = self.password.text()
            return True
        return super().validatePage()

    def start(self) -> None:
        core = self.ctx.core
        password = self.profile_password()
        self.run(
            lambda: core.wallet.create(password=password),
            {"password": self.password_error, "*": self.error},
        )

    def on_result(self, result: Any) -> None:
        self.state.mnemonic = result.mnemonic
        self.state.address = result.account.address

    def nextId(self) -> int:
        return PAGE_PHRASE if self.choice == "create" else PAGE_IMPORT


class PhrasePage(QWizardPage):
    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Write down your recovery phrase"))
        self.setSubTitle(
            self.tr(
                "These words are the only way back into your wallet if this computer is lost. "
                "They are shown this once. Write them on paper, in order; never photograph "
                "them or type them into a website."
            )
        )
        layout = QVBoxLayout(self)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.written = QCheckBox(self.tr("I wrote the words down, in order"))
        self.written.toggled.connect(lambda _on: self.completeChanged.emit())
        layout.addWidget(self.written)
        layout.addStretch(1)
        self.labels: list[QLabel] = []

    def initializePage(self) -> None:
        words = (self.state.mnemonic or "").split()
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        for index, word in enumerate(words):
            label = QLabel(f"{index + 1:>2}. {word}")
            label.setFont(mono)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(label, index % 6, index // 6)
            self.labels.append(label)

    def cleanupPage(self) -> None:
        self.clear_words()

    def clear_words(self) -> None:
        for label in self.labels:
            label.clear()
            label.deleteLater()
        self.labels.clear()

    def isComplete(self) -> bool:
        return self.written.isChecked()

    def nextId(self) -> int:
        return PAGE_CONFIRM


class ConfirmPage(QWizardPage):
    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Confirm your recovery phrase"))
        self.setSubTitle(self.tr("Type these words from your paper, to make sure it is right."))
        self.form = QFormLayout(self)
        self.positions: list[int] = []
        self.edits: list[QLineEdit] = []
        self.error = FieldError()
        # Once the words match, the phrase is forgotten: the page after it has no Back to here.
        self.setCommitPage(True)

    def initializePage(self) -> None:
        count = len((self.state.mnemonic or "").split())
        while self.form.rowCount():
            self.form.removeRow(0)
        self.error = FieldError()
        picks = sorted(secrets.SystemRandom().sample(range(count), min(CONFIRM_WORDS, count)))
        self.positions = picks
        self.edits = []
        for position in picks:
            edit = QLineEdit()
            edit.setObjectName(f"word{position + 1}")
            self.form.addRow(self.tr("Word {n}").format(n=position + 1), edit)
            self.edits.append(edit)
        self.form.addRow(self.error)

    def validatePage(self) -> bool:
        words = (self.state.mnemonic or "").split()
        wrong = [
            p + 1
            for p, edit in zip(self.positions, self.edits, strict=True)
            if edit.text().strip().lower() != words[p]
        ]
        if wrong:
            self.error.show_error(
                self.tr("Word {n} does not match: check your paper (go Back to see the words again).").format(
                    n=", ".join(map(str, wrong))
                )
            )
            return False
        self.state.mnemonic = None  # shown once: the wizard forgets it now
        return True

    def nextId(self) -> int:
        return PAGE_DONE


class ImportPage(AsyncPage):
    def __init__(
        self, ctx: GuiContext, state: WizardState, choice: ChoicePage, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, state, parent)
        self.choice = choice
        self.setTitle(self.tr("Import your wallet"))
        form = QFormLayout(self)
        self.secret = QPlainTextEdit()
        self.secret.setMaximumHeight(90)
        self.secret_label = QLabel()
        self.secret_error = FieldError()
        self.accounts_label = QLabel(self.tr("Accounts"))
        self.file_row = QWidget()
        file_layout = QHBoxLayout(self.file_row)
        file_layout.setContentsMargins(0, 0, 0, 0)
        self.file_path = QLineEdit()
        self.file_path.setPlaceholderText(self.tr("keystore .json file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        file_layout.addWidget(self.file_path, 1)
        file_layout.addWidget(browse)
        self.file_password = QLineEdit()
        self.file_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.file_password.setPlaceholderText(self.tr("the password the file was saved with"))
        self.file_error = FieldError()
        self.error = FieldError()
        form.addRow(self.secret_label, self.secret)
        form.addRow("", self.secret_error)
        form.addRow(self.tr("File"), self.file_row)
        form.addRow(self.tr("File password"), self.file_password)
        form.addRow("", self.file_error)
        form.addRow(self.error)
        self.form = form
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))

    def _kind(self) -> str:
        return self.choice.choice

    def initializePage(self) -> None:
        kind = self._kind()
        keystore = kind == "keystore"
        self.secret_label.setText(
            self.tr("Recovery phrase") if kind == "mnemonic" else self.tr("Private key")
        )
        self.secret.setPlaceholderText(
            self.tr("twelve or twenty-four words separated by spaces")
            if kind == "mnemonic"
            else self.tr("0x followed by 64 hexadecimal digits")
        )
        self.form.setRowVisible(0, not keystore)
        self.form.setRowVisible(2, keystore)
        self.form.setRowVisible(3, keystore)
        self.setSubTitle(
            self.tr(
                "The secret is encrypted under your profile password before it is stored; it never leaves "
                "this computer."
            )
        )
        self.passed = False

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Keystore file"), str(documents_dir()), self.tr("JSON (*.json);;All (*)")
        )
        if path:
            self.file_path.setText(path)

    def start(self) -> None:
        core = self.ctx.core
        kind = self._kind()
        password = self.state.password
        secret = self.secret.toPlainText()
        path = self.file_path.text().strip()
        file_password = self.file_password.text()

        def do_import() -> str:
            if kind == "mnemonic":
                return core.wallet.import_mnemonic(secret, password=password)[0].address
            if kind == "private_key":
                return core.wallet.import_private_key(secret, password=password).address
            if not path:
                raise ValidationError("Choose the keystore file.", field="keystore")
            from qenex_desktop.core.keys.keystore import load_keystore_file  # eth libraries: not at start-up

            data = load_keystore_file(path)
            return core.wallet.import_keystore(data, file_password, password=password).address

        fields = {
            "mnemonic": self.secret_error,
            "private_key": self.secret_error,
            "key": self.secret_error,
            "keystore": self.file_error,
            "keystore_password": self.file_error,
            "*": self.error,
        }
        self.run(do_import, fields)

    def on_result(self, result: Any) -> None:
        self.state.address = str(result)
        self.secret.clear()
        self.file_password.clear()

    def nextId(self) -> int:
        return PAGE_DONE


class DonePage(QWizardPage):
    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Your wallet is ready"))
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.text.setText(
            self.tr(
                "Your first address is\n{address}\n\nOn the built-in local network the app starts a local "
                "node and funds this address with test ETH and QXC. Use Receive in the Wallet tab to share "
                "your address, and Send to pay someone."
            ).format(address=self.state.address or "")
        )
