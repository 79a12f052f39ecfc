"""Change the profile password (``qenex profile change-password`` from the window).

The current password is a guess under the lockout like a login; the new one meets the profile
rules (checked as it is typed, with the strength meter of the first run) and is typed twice. The
core re-seals the wallet's keys under it in the same unit of work. Errors show at their field.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.security.passwords import MIN_PASSWORD_LENGTH, check_password_rules
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import profile as profile_ops
from qenex_desktop.gui.password_meter import StrengthMeter, rules_label
from qenex_desktop.gui.widgets import FieldError, settle_return_key


def _password_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class ChangePasswordDialog(QDialog):
    #: The password was changed (argument: the username).
    changed = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.username = ctx.username or ""
        self.setWindowTitle(self.tr("Change password"))
        self.setWindowIcon(icon("lock"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Profile {name}: your wallet's keys are sealed again under the new password. Nobody "
                "can reset it: keep it somewhere safe."
            ).format(name=self.username)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.current = _password_edit(self.tr("the password you unlock with now"))
        self.current_error = FieldError()
        self.new = _password_edit(self.tr("at least {n} characters").format(n=MIN_PASSWORD_LENGTH))
        self.new_error = FieldError(lines=2)
        self.confirm = _password_edit(self.tr("the new password again"))
        self.confirm_error = FieldError()
        self.strength = StrengthMeter()
        self.meter = self.strength.meter
        form.addRow(self.tr("Current password"), self.current)
        form.addRow("", self.current_error)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("Strength"), self.strength)
        form.addRow("", self.new_error)
        form.addRow(self.tr("New password again"), self.confirm)
        form.addRow("", self.confirm_error)
        self.rules = rules_label()  # what the new one must meet, before a refusal says it
        form.addRow(self.rules)
        layout.addLayout(form)
        self.error = FieldError(lines=2)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.change_button = QPushButton(icon("lock"), self.tr("Change password"))
        buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.change_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.current.textEdited.connect(lambda _t: self.current_error.clear_error())
        self.new.textChanged.connect(self._new_changed)
        self.confirm.textChanged.connect(lambda _t: self._recheck_confirm())
        settle_return_key(self, self.change_button)
        self.setMinimumWidth(460)
        self.current.setFocus()

    def _new_changed(self, text: str) -> None:
        """An error shown speaks of the field as it is now (re-checked on every edit once shown)."""
        self.strength.show_strength(text)
        if self.new_error.shown or self.new_error.text():
            message = self._rule_error(text)
            if message:
                self.new_error.show_error(message)
            else:
                self.new_error.clear_error()
        self._recheck_confirm()

    def _recheck_confirm(self) -> None:
        if self.confirm_error.text() and self.new.text() == self.confirm.text():
            self.confirm_error.clear_error()

    def _rule_error(self, text: str) -> str:
        try:
            check_password_rules(text, username=self.username or None, field="new_password")
        except ValidationError as exc:
            return exc.message
        return ""

    def submit(self) -> None:
        """Checks that need no hashing first (rules, the two typed the same), then the core."""
        self.error.clear_error()
        if not self.current.text():
            self.current_error.show_error(self.tr("Enter your current password."))
            self.current.setFocus()
            return
        message = self._rule_error(self.new.text())
        if message:
            self.new_error.show_error(message)
            self.new.setFocus()
            return
        if self.new.text() != self.confirm.text():
            self.confirm_error.show_error(self.tr("The two new passwords differ: type the same one twice."))
            self.confirm.setFocus()
            return
        profile_ops.change_password(
            self.ctx,
            self.username,
            self.current.text(),
            self.new.text(),
            current_error=self.current_error,
            new_error=self.new_error,
            general_error=self.error,
            on_done=self._done,
            on_error=self._failed,
            trigger=self.change_button,
            owner=self,
        )

    def _done(self, username: str) -> None:
        for edit in (self.current, self.new, self.confirm):
            edit.clear()
        self.changed.emit(username)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        field = getattr(error, "field", None)
        target = self.new if field == "new_password" else self.current
        if target is self.current:
            self.current.clear()
        target.setFocus()

    def reject(self) -> None:
        for edit in (self.current, self.new, self.confirm):
            edit.clear()
        super().reject()
