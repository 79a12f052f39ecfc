"""The first-run wizard: a profile (password twice, strength meter, the rules), then a wallet.

The wallet is either new (its recovery phrase is shown once, and three of its words are asked
back) or imported (a recovery phrase, a private key, or a keystore file). Every step that hashes
a password, derives keys or writes the ledger runs as a background operation; the wizard moves
on when it succeeds and shows the error next to the field when it does not.

``wallet_only=True`` skips the profile (the Wallet tab's "Create a wallet" of a profile without one).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
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
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from qenex_desktop import APP_NAME
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.security.passwords import (
    MIN_PASSWORD_LENGTH,
    check_password_rules,
    password_strength,
)
from qenex_desktop.gui.colours import STRENGTH
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.widgets import FieldError

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore

PAGE_PROFILE, PAGE_CHOICE, PAGE_PHRASE, PAGE_CONFIRM, PAGE_IMPORT, PAGE_DONE = range(6)
CONFIRM_WORDS = 3
STRENGTH_NAMES = ("Too weak", "Weak", "Fair", "Strong", "Very strong")


def create_profile(core: QenexCore, username: str, password: str) -> str:
    """Create the profile, log in, and open (create) its key vault: three Argon2 runs, off the GUI thread."""
    if password and not username:
        raise ValidationError("Enter a username.", field="username")
    core.auth.create_profile(username, password)
    result = core.auth.login(username, password)
    core.wallet.unlock(password)
    return result.session.username


class _AsyncPage(QWizardPage):
    """A page whose Next runs a background operation first, and moves on only when it succeeds."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.passed = False
        self.running = False

    def validatePage(self) -> bool:
        if self.passed:
            return True
        if not self.running:
            self.running = True
            self.start()
        return False

    def start(self) -> None:
        raise NotImplementedError

    def run(self, call: Any, fields: dict[str, FieldError]) -> None:
        wizard = self.wizard()
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        commit_button = wizard.button(QWizard.WizardButton.CommitButton)
        self.ctx.ops.run(
            call,
            name=type(self).__name__,
            on_done=self._passed,
            on_error=lambda _e: self._stopped(),
            trigger=commit_button if self.isCommitPage() else next_button,
            owner=self,
            fields=fields,
        )

    def _passed(self, result: Any) -> None:
        self.running = False
        self.passed = True
        self.on_result(result)
        self.wizard().next()

    def _stopped(self) -> None:
        self.running = False

    def on_result(self, result: Any) -> None:
        """Keep what the operation returned (runs on the GUI thread)."""


class ProfilePage(_AsyncPage):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setTitle(self.tr("Create your profile"))
        self.setSubTitle(
            self.tr(
                "Your password protects your keys on this computer. Nobody can reset it: "
                "keep it somewhere safe."
            )
        )
        form = QFormLayout(self)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("for example alice"))
        self.username_error = FieldError()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = FieldError()
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_error = FieldError()
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(10)
        self.meter_label = QLabel()
        rules = QLabel(
            self.tr(
                "Rules: at least {n} characters (a short sentence is easy to remember and hard to guess); "
                "not a common password; not your username; not one or two characters repeated. "
                "No need for symbols or digits."
            ).format(n=MIN_PASSWORD_LENGTH)
        )
        rules.setWordWrap(True)
        rules.setObjectName("passwordRules")
        form.addRow(self.tr("Username"), self.username)
        form.addRow("", self.username_error)
        form.addRow(self.tr("Password"), self.password)
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.meter_label)
        form.addRow(self.tr("Strength"), meter_row)
        form.addRow("", self.password_error)
        form.addRow(self.tr("Password again"), self.confirm)
        form.addRow("", self.confirm_error)
        form.addRow(rules)
        self.password.textChanged.connect(self._update_meter)
        for field in (self.username, self.password, self.confirm):
            field.textChanged.connect(lambda _text: self._recheck())
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create profile"))
        self._update_meter("")

    def _update_meter(self, text: str) -> None:
        score = password_strength(text) if text else 0
        self.meter.setValue(score if text else 0)
        self.meter_label.setText(self.tr(STRENGTH_NAMES[score]) if text else "")
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {STRENGTH[score]}; }}")

    def _recheck(self) -> None:
        """An error shown speaks of the fields as they are now: each is re-checked when its field, or
        one it depends on, changes (before, "common password" stayed next to "Very strong")."""
        self.username_error.clear_error()  # "exists already" was about the name as it was
        if self.password_error.shown:
            try:
                check_password_rules(self.password.text(), username=self.username.text() or None)
            except ValidationError as exc:
                self.password_error.show_error(exc.message)
            else:
                self.password_error.clear_error()
        if self.confirm_error.shown and self.password.text() == self.confirm.text():
            self.confirm_error.clear_error()

    def start(self) -> None:
        if self.password.text() != self.confirm.text():
            self.confirm_error.show_error(self.tr("The two passwords differ: type the same password twice."))
            self.running = False
            return
        self.confirm_error.clear_error()
        core = self.ctx.core
        username, password = self.username.text(), self.password.text()
        self.run(
            lambda: create_profile(core, username, password),
            {"username": self.username_error, "password": self.password_error, "*": self.password_error},
        )

    def on_result(self, result: Any) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        wizard.username = str(result)
        wizard.password = self.password.text()
        self.password.clear()
        self.confirm.clear()

    def nextId(self) -> int:
        return PAGE_CHOICE


class ChoicePage(_AsyncPage):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None, *, create: bool = True) -> None:
        super().__init__(ctx, parent)
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
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        self.password_row.setVisible(wizard.password is None and not self.ctx.core.wallet.vault.is_unlocked())
        self.passed = False

    @property
    def choice(self) -> str:
        for key, button in self.options.items():
            if button.isChecked():
                return key
        return "create"

    def profile_password(self) -> str | None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        if wizard.password is not None:
            return wizard.password
        return self.password.text() if self.password_row.isVisible() else None

    def validatePage(self) -> bool:
        if self.choice != "create":
            wizard = self.wizard()
            assert isinstance(wizard, FirstRunWizard)
            if wizard.password is None and self.password_row.isVisible():
                wizard.password = self.password.text()
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
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        wizard.mnemonic = result.mnemonic
        wizard.address = result.account.address

    def nextId(self) -> int:
        return PAGE_PHRASE if self.choice == "create" else PAGE_IMPORT


class PhrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        words = (wizard.mnemonic or "").split()
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
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Confirm your recovery phrase"))
        self.setSubTitle(self.tr("Type these words from your paper, to make sure it is right."))
        self.form = QFormLayout(self)
        self.positions: list[int] = []
        self.edits: list[QLineEdit] = []
        self.error = FieldError()

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        count = len((wizard.mnemonic or "").split())
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
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        words = (wizard.mnemonic or "").split()
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
        wizard.mnemonic = None  # shown once: the wizard forgets it now
        return True

    def nextId(self) -> int:
        return PAGE_DONE


class ImportPage(_AsyncPage):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
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
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return wizard.choice_page.choice

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
            self, self.tr("Keystore file"), "", self.tr("JSON (*.json);;All (*)")
        )
        if path:
            self.file_path.setText(path)

    def start(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        core = self.ctx.core
        kind = self._kind()
        password = wizard.password
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
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        wizard.address = str(result)
        self.secret.clear()
        self.file_password.clear()

    def nextId(self) -> int:
        return PAGE_DONE


class DonePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your wallet is ready"))
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        self.text.setText(
            self.tr(
                "Your first address is\n{address}\n\nOn the built-in local network the app starts a local "
                "node and funds this address with test ETH and QXC. Use Receive in the Wallet tab to share "
                "your address, and Send to pay someone."
            ).format(address=wizard.address or "")
        )


class FirstRunWizard(QWizard):
    #: The profile is logged in and has a wallet (argument: the username).
    finished_unlocked = Signal(str)

    def __init__(
        self,
        ctx: GuiContext,
        parent: QWidget | None = None,
        *,
        wallet_only: bool = False,
        create: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.wallet_only = wallet_only
        self.username: str | None = ctx.username if wallet_only else None
        self.password: str | None = None
        self.mnemonic: str | None = None
        self.address: str | None = None
        self.setWindowTitle(
            self.tr("Set up {app}").format(app=APP_NAME) if not wallet_only else self.tr("Add a wallet")
        )
        self.setWindowIcon(icon("app"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.profile_page = ProfilePage(ctx)
        self.choice_page = ChoicePage(ctx, create=create)
        self.phrase_page = PhrasePage()
        self.confirm_page = ConfirmPage()
        self.import_page = ImportPage(ctx)
        self.done_page = DonePage()
        if not wallet_only:
            self.setPage(PAGE_PROFILE, self.profile_page)
        self.setPage(PAGE_CHOICE, self.choice_page)
        self.setPage(PAGE_PHRASE, self.phrase_page)
        self.setPage(PAGE_CONFIRM, self.confirm_page)
        self.setPage(PAGE_IMPORT, self.import_page)
        self.setPage(PAGE_DONE, self.done_page)
        self.setStartId(PAGE_CHOICE if wallet_only else PAGE_PROFILE)
        self.setMinimumSize(640, 520)
        self.accepted.connect(self._finish)

    def _finish(self) -> None:
        self.password = None
        self.mnemonic = None
        self.phrase_page.clear_words()
        if self.username:
            self.finished_unlocked.emit(self.username)

    def reject(self) -> None:
        # Closing after the profile exists still lands in the app (the Wallet tab offers the wallet later).
        self.password = None
        self.mnemonic = None
        self.phrase_page.clear_words()
        if self.username and not self.wallet_only:
            self.finished_unlocked.emit(self.username)
        super().reject()
