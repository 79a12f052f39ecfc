"""Back up a wallet: an account as a keystore v3 file, or the recovery phrase shown again.

Both ask for the profile password every time, even with the wallet unlocked (each hands a key
out), and both are audited by the core (``wallet.exported``, ``wallet.phrase_revealed``). The file
is scrypt-sealed under the profile password, opens in other wallets (MetaMask, geth, MyEtherWallet)
and is written new and 0600; the save dialog opens in the Documents folder. The phrase shows under
a warning for ``REVEAL_SECONDS`` and is then cleared from the screen (and when the dialog closes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.gui.colours import RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import wallet as wallet_ops
from qenex_desktop.gui.widgets import FieldError, settle_return_key

#: How long the phrase stays on screen.
REVEAL_SECONDS = 60
#: Words per line of the phrase shown (12 words: 3 lines; 24: 6), numbered as people write them.
PHRASE_COLUMNS = 4


def documents_dir() -> Path:
    """Where the save dialog opens: the person's Documents folder (home when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def default_file_name(address: str) -> str:
    """geth's keystore naming would do too; this one says whose and which account it is."""
    return f"qenex-{address[:10].lower()}.json"


def _password_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class BackupDialog(QDialog):
    #: The account list was read (the first account is selected).
    accounts_shown = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Back up your wallet"))
        self.setWindowIcon(icon("export"))
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.account = QComboBox()
        top.addRow(self.tr("Account"), self.account)
        layout.addLayout(top)
        layout.addWidget(self._keystore_box())
        layout.addWidget(self._phrase_box())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.account.currentIndexChanged.connect(lambda _i: self._account_changed())
        settle_return_key(self, None)  # Return acts in the section being typed in (see below)
        # Else Qt makes Close the default button on show, and Return in a field closes the dialog.
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.setMinimumWidth(560)
        self._remaining = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        wallet_ops.read_accounts(ctx, on_done=self.show_accounts, owner=self)

    def _keystore_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Keystore file (opens in MetaMask, geth, MyEtherWallet)"))
        form = QFormLayout(box)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.file_path = QLineEdit()
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.clicked.connect(self.choose_file)
        row_layout.addWidget(self.file_path, 1)
        row_layout.addWidget(self.choose_button)
        self.file_error = FieldError(lines=2)
        self.export_password = _password_edit(self.tr("Profile password"))
        self.export_password_error = FieldError()
        self.export_button = QPushButton(icon("export"), self.tr("Export keystore file"))
        self.export_button.clicked.connect(self.export)
        self.export_password.returnPressed.connect(self.export)
        self.export_result = QLabel()
        self.export_result.setWordWrap(True)
        self.export_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Save as"), row)
        form.addRow("", self.file_error)
        form.addRow(self.tr("Password"), self.export_password)
        form.addRow("", self.export_password_error)
        form.addRow("", self.export_button)
        form.addRow(self.export_result)
        return box

    def _phrase_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Recovery phrase"))
        outer = QVBoxLayout(box)
        warning = QLabel(
            self.tr(
                "Anyone who sees these words can take everything in this wallet. Make sure nobody is "
                "watching and nothing records your screen; write them on paper, never in a file or a "
                "website. They hide again after {n} seconds."
            ).format(n=REVEAL_SECONDS)
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(text_style(RED))
        outer.addWidget(warning)
        form = QFormLayout()
        self.phrase_password = _password_edit(self.tr("Profile password"))
        self.phrase_password_error = FieldError()
        self.reveal_button = QPushButton(icon("unlock"), self.tr("Show recovery phrase"))
        self.reveal_button.clicked.connect(self.reveal)
        self.phrase_password.returnPressed.connect(self.reveal)
        form.addRow(self.tr("Password"), self.phrase_password)
        form.addRow("", self.phrase_password_error)
        form.addRow("", self.reveal_button)
        outer.addLayout(form)
        self.phrase = QLabel()
        self.phrase.setObjectName("revealedPhrase")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.phrase.setFont(mono)
        self.phrase.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # Room for a 12-word phrase kept while none shows: the words appearing move nothing.
        self.phrase.setMinimumHeight(3 * self.phrase.fontMetrics().lineSpacing() + 4)
        outer.addWidget(self.phrase)
        timer_row = QHBoxLayout()
        self.countdown = QLabel()
        self.hide_button = QPushButton(self.tr("Hide now"))
        self.hide_button.clicked.connect(self.hide_phrase)
        self.hide_button.setVisible(False)
        timer_row.addWidget(self.countdown, 1)
        timer_row.addWidget(self.hide_button)
        outer.addLayout(timer_row)
        self.phrase_error = FieldError(lines=2)
        outer.addWidget(self.phrase_error)
        return box

    # -- accounts ------------------------------------------------------------------------------

    def show_accounts(self, accounts: Any) -> None:
        self.account.clear()
        for info in accounts:
            hidden = self.tr(" (hidden)") if info.hidden else ""
            self.account.addItem(f"{info.name}{hidden} \u2014 {info.address}", info.address)
        self._account_changed()
        self.accounts_shown.emit()

    @property
    def address(self) -> str:
        return str(self.account.currentData() or "")

    def _account_changed(self) -> None:
        if self.address:
            self.file_path.setText(str(documents_dir() / default_file_name(self.address)))
        self.export_result.clear()
        self.hide_phrase()

    # -- the keystore file -----------------------------------------------------------------------

    def choose_file(self) -> None:
        start = self.file_path.text() or str(documents_dir())
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the keystore file"),
            start,
            self.tr("Keystore (*.json)"),
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused, never replaced
        )
        if path:
            self.file_path.setText(path)

    def target(self) -> Path:
        """The file typed or chosen; a bare name goes to the Documents folder (never the app's cwd)."""
        path = Path(self.file_path.text().strip()).expanduser()
        return path if path.is_absolute() else documents_dir() / path

    def export(self) -> None:
        if not self.address:
            return
        if not self.file_path.text().strip():
            self.file_error.show_error(self.tr("Choose where to save the file."))
            return
        wallet_ops.export_keystore(
            self.ctx,
            self.address,
            self.export_password.text(),
            self.target(),
            password_error=self.export_password_error,
            file_error=self.file_error,
            general_error=self.file_error,
            on_done=self._exported,
            trigger=self.export_button,
            owner=self,
        )
        self.export_password.clear()

    def _exported(self, path: Any) -> None:
        self.export_result.setText(
            self.tr(
                "Saved {path} (keystore v3, sealed with your profile password; only you can read the file)."
            ).format(path=path)
        )

    # -- the phrase ----------------------------------------------------------------------------

    def reveal(self) -> None:
        wallet_ops.reveal_mnemonic(
            self.ctx,
            self.phrase_password.text(),
            self.address or None,
            password_error=self.phrase_password_error,
            general_error=self.phrase_error,
            on_done=self.show_phrase,
            trigger=self.reveal_button,
            owner=self,
        )
        self.phrase_password.clear()

    def show_phrase(self, phrase: Any, seconds: int = REVEAL_SECONDS) -> None:
        words = [f"{n:>2}. {word:<9}" for n, word in enumerate(str(phrase).split(), start=1)]
        rows = ["   ".join(words[i : i + PHRASE_COLUMNS]) for i in range(0, len(words), PHRASE_COLUMNS)]
        self.phrase.setText("\n".join(rows))
        self._fit()  # 24 words: more lines than the room kept
        self._remaining = seconds
        self._tick(first=True)
        self.timer.start()
        self.hide_button.setVisible(True)

    def _tick(self, first: bool = False) -> None:
        if not first:
            self._remaining -= 1
        if self._remaining <= 0:
            self.hide_phrase()
            return
        self.countdown.setText(self.tr("Hidden in {s} s").format(s=self._remaining))

    def hide_phrase(self) -> None:
        self.timer.stop()
        self._remaining = 0
        self.phrase.clear()
        self.countdown.clear()
        self.hide_button.setVisible(False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for the wrapped warning (a window's minimum size ignores height-for-width, so
        without this the fields under it were squeezed)."""
        layout = self.layout()
        wanted = layout.heightForWidth(self.width()) if layout is not None else -1
        if wanted > self.height():
            self.resize(self.width(), wanted)

    @property
    def phrase_shown(self) -> bool:
        return bool(self.phrase.text())

    def done(self, result: int) -> None:
        self.hide_phrase()  # closing (Escape, Close, a lock) takes the words off the screen
        for edit in (self.export_password, self.phrase_password):
            edit.clear()
        super().done(result)
