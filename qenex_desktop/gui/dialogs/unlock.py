"""The unlock dialog of later runs: log in and unlock the wallet's keys (off the GUI thread).

It lists the data dir's profiles (switching is choosing another and typing its password) and offers
"New profile…", which runs the first-run wizard's profile and wallet pages. After too many wrong
passwords the core refuses for a while; the dialog counts that down and keeps the button disabled
until it may try again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop import APP_NAME
from qenex_desktop.core.errors import LockedOutError
from qenex_desktop.gui.colours import RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import session as session_ops
from qenex_desktop.gui.widgets import FieldError, settle_return_key


class UnlockDialog(QDialog):
    unlocked = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Unlock {app}").format(app=APP_NAME))
        self.setWindowIcon(icon("unlock"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(self.tr("Enter your password to show your balances and use your keys."))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.username = QComboBox()
        self.username.setEditable(True)
        self.username_error = FieldError()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Profile password"))
        self.password_error = FieldError()
        form.addRow(self.tr("Profile"), self.username)
        form.addRow("", self.username_error)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.password_error)
        layout.addLayout(form)
        self.countdown = QLabel()
        self.countdown.setObjectName("lockoutCountdown")
        self.countdown.setStyleSheet(text_style(RED))
        self.countdown.setWordWrap(True)
        self.countdown.hide()
        layout.addWidget(self.countdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = QPushButton(icon("unlock"), self.tr("Unlock"))
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.clicked.connect(self.submit)
        self.new_profile_button = QPushButton(icon("add"), self.tr("New profile…"))
        buttons.addButton(self.new_profile_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.new_profile_button.clicked.connect(self.new_profile)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_return_key(self, self.unlock_button)
        self.setMinimumWidth(420)
        self._remaining = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        #: "Switch profile…": once the profiles are read, the focus goes to the profile field.
        self._choosing = False
        self.wizard: QWidget | None = None
        self._load_profiles()

    def choose_profile(self) -> None:
        """Opened to switch: the profile field has the focus, its name selected to type over."""
        self._choosing = True
        self.intro.setText(self.tr("Choose the profile to switch to, then enter its password."))
        self._focus_profile()

    def _focus_profile(self) -> None:
        self.username.setFocus()
        line = self.username.lineEdit()
        if line is not None:
            line.selectAll()

    def new_profile(self) -> None:
        """The first-run wizard over this dialog: a profile (logged in), then its wallet."""
        from qenex_desktop.gui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard(self.ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished_unlocked.connect(self._done)
        self.wizard = wizard
        wizard.open()

    def _load_profiles(self) -> None:
        auth = self.ctx.core.auth

        def read() -> tuple[list[str], str | None, int]:
            active = auth.active_username()
            profiles = auth.list_profiles()
            remaining = auth.lockout_remaining_s(active) if active else 0
            return profiles, active, remaining

        self.ctx.ops.run(read, name="profiles", on_done=self._show_profiles, owner=self, quiet=True)

    def _show_profiles(self, result: tuple[list[str], str | None, int]) -> None:
        profiles, active, remaining = result
        self.username.clear()
        self.username.addItems(profiles)
        if active:
            self.username.setCurrentText(active)
        if self._choosing:
            self._focus_profile()
        else:
            self.password.setFocus()
        if remaining > 0:
            self.start_countdown(remaining)

    def submit(self) -> None:
        if self._remaining > 0:
            return
        session_ops.unlock(
            self.ctx,
            self.username.currentText(),
            self.password.text(),
            username_error=self.username_error,
            password_error=self.password_error,
            on_done=self._done,
            on_error=self._failed,
            trigger=self.unlock_button,
            owner=self,
        )

    def _done(self, username: str) -> None:
        self.password.clear()
        self.unlocked.emit(username)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        # Typing again must go into the (empty) password field: the clicked button was disabled while
        # the check ran, which moved the focus on to the Profile field, and the password typed next
        # replaced the name there, in plain text on screen.
        self.password.clear()
        self.password.setFocus()
        if isinstance(error, LockedOutError):
            self.password_error.clear_error()
            self.start_countdown(error.retry_after_seconds)
            return
        # The failure that reaches the limit starts the back-off itself: show it at once.
        auth = self.ctx.core.auth
        username = self.username.currentText()
        self.ctx.ops.run(
            lambda: auth.lockout_remaining_s(username),
            name="lockout",
            on_done=lambda seconds: self.start_countdown(seconds) if seconds > 0 else None,
            owner=self,
            quiet=True,
        )

    def start_countdown(self, seconds: int) -> None:
        self._remaining = max(0, int(seconds))
        self._tick(first=True)
        self._timer.start()

    def _tick(self, first: bool = False) -> None:
        if not first:
            self._remaining -= 1
        if self._remaining <= 0:
            self._timer.stop()
            self.countdown.hide()
            self.unlock_button.setEnabled(True)
            return
        minutes, seconds = divmod(self._remaining, 60)
        left = f"{minutes}:{seconds:02d}" if minutes else self.tr("{s} s").format(s=seconds)
        self.countdown.setText(
            self.tr("Too many wrong passwords. You can try again in {left}.").format(left=left)
        )
        self.countdown.show()
        self.unlock_button.setEnabled(False)

    @property
    def remaining_s(self) -> int:
        return self._remaining
