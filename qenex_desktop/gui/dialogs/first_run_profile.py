"""The first-run wizard's shared state and its first page: the profile (password twice, a strength
meter, the rules). ``AsyncPage`` is a page whose Next runs a background operation first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QWidget,
    QWizard,
    QWizardPage,
)

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.security.passwords import (
    check_password_rules,
)
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.password_meter import StrengthMeter, rules_label
from qenex_desktop.gui.widgets import FieldError

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore

PAGE_PROFILE, PAGE_CHOICE, PAGE_PHRASE, PAGE_CONFIRM, PAGE_IMPORT, PAGE_DONE = range(6)


@dataclass
class WizardState:
    """What the pages hand on to each other; the wizard forgets the secrets when it closes."""

    username: str | None = None
    password: str | None = None
    #: The new wallet's recovery phrase: shown once, then forgotten (``None``).
    mnemonic: str | None = None
    address: str | None = None

    def forget_secrets(self) -> None:
        self.password = None
        self.mnemonic = None


def create_profile(core: QenexCore, username: str, password: str) -> str:
    """Create the profile, log in, and open (create) its key vault: three Argon2 runs, off the GUI thread."""
    if password and not username:
        raise ValidationError("Enter a username.", field="username")
    core.auth.create_profile(username, password)
    result = core.auth.login(username, password)
    core.wallet.unlock(password)
    return result.session.username


class AsyncPage(QWizardPage):
    """A page whose Next runs a background operation first, and moves on only when it succeeds."""

    def __init__(self, ctx: GuiContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = state
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


class ProfilePage(AsyncPage):
    def __init__(self, ctx: GuiContext, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(ctx, state, parent)
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
        self.strength = StrengthMeter()
        self.meter = self.strength.meter
        rules = rules_label()
        form.addRow(self.tr("Username"), self.username)
        form.addRow("", self.username_error)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Strength"), self.strength)
        form.addRow("", self.password_error)
        form.addRow(self.tr("Password again"), self.confirm)
        form.addRow("", self.confirm_error)
        form.addRow(rules)
        self.password.textChanged.connect(self.strength.show_strength)
        for field in (self.username, self.password, self.confirm):
            field.textChanged.connect(lambda _text: self._recheck())
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create profile"))

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
        self.state.username = str(result)
        self.state.password = self.password.text()
        self.password.clear()
        self.confirm.clear()

    def nextId(self) -> int:
        return PAGE_CHOICE
