"""Import from the original QENEX OS / QENEX DeFi (``qenex import-legacy``): pick the files, dry run,
read the report, import.

Pick ``system.db`` and/or ``defi.db`` (Choose… starts in Documents; a path can be typed too). The dry
run runs the whole import on a worker and rolls it back, so its report (``legacy_report``) is what
the import will do: what comes in, what is rounded or mapped, what is refused and why. Import is
offered only after a dry run of exactly these files found nothing to refuse; it is one transaction
in the core (all lands or nothing). Afterwards the report says what to tell each imported user.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.exchange.legacy import ImportReport, LegacyImportRefused
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.legacy_report import ReportView, headline, user_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import ledger as ledger_ops
from qenex_desktop.gui.paths import documents_dir
from qenex_desktop.gui.widgets import FieldError, settle_return_key, status_message

PICK_HINT = "Choose system.db, defi.db or both, then Dry run: its report shows below."
FILE_FILTER = "SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"
#: (core field, label, what the file is) of the two pickers.
SOURCES = (
    ("qenex_os_db", "QENEX OS system.db", "system.db of the original QENEX core"),
    ("defi_db", "QENEX DeFi defi.db", "defi.db of the original DeFi platform"),
)


def documents_folder() -> str:
    """Where Choose… opens: Documents (home without one; ``gui/paths.py``)."""
    return str(documents_dir())


class LegacyImportDialog(QDialog):
    #: A report is shown (dry run or import; refused ones too).
    reported = Signal(object)
    #: The import landed (its ``ImportReport``).
    imported = Signal(object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: ImportReport | None = None
        #: The files the last clean dry run checked: Import is for exactly these.
        self._checked: tuple[Path | None, Path | None] | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Import from QENEX OS / DeFi"))
        self.setWindowIcon(icon("export"))
        self.setObjectName("legacyImportDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Bring in the users, tokens, balances, pools, positions and history of the original "
                "QENEX programs. The dry run checks everything and changes nothing; its report says what "
                "comes in, what is rounded or mapped, and what is refused and why. Then Import brings "
                "it all in at once, or nothing."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._build_pickers())
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the core's import is one transaction: busy, not a percentage
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.stage = QLabel()
        self.stage.setObjectName("legacyStage")
        self.stage.setWordWrap(True)
        self.stage.setText(self.tr(PICK_HINT))
        self.general_error = FieldError(lines=2)
        self.tree = ReportView()
        self.tree.setMinimumHeight(220)
        layout.addWidget(self.progress)
        layout.addWidget(self.stage)
        layout.addWidget(self.general_error)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self._build_buttons())
        settle_return_key(self, self.dry_run_button)
        self._update_buttons()
        self.resize(720, 620)

    def _build_pickers(self) -> QGridLayout:
        grid = QGridLayout()
        self.paths: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        self.choose_buttons: dict[str, QPushButton] = {}
        for row, (key, label, what) in enumerate(SOURCES):
            edit = QLineEdit()
            edit.setObjectName(f"legacyPath_{key}")
            edit.setPlaceholderText(self.tr("{what} (optional)").format(what=what))
            edit.textChanged.connect(lambda _t: self._paths_changed())
            choose = QPushButton(self.tr("Choose…"))
            choose.clicked.connect(lambda _checked=False, k=key: self.choose(k))
            self.paths[key], self.errors[key], self.choose_buttons[key] = edit, FieldError(), choose
            grid.addWidget(QLabel(self.tr(label)), 2 * row, 0)
            grid.addWidget(edit, 2 * row, 1)
            grid.addWidget(choose, 2 * row, 2)
            grid.addWidget(self.errors[key], 2 * row + 1, 1, 1, 2)
        self.errors["source"] = self.errors["qenex_os_db"]  # "name a file" shows under the first
        return grid

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.dry_run_button = buttons.addButton(self.tr("Dry run"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = buttons.addButton(
            self.tr("Copy login names"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.dry_run_button.clicked.connect(lambda _checked=False: self.dry_run())
        self.import_button.clicked.connect(lambda _checked=False: self.run_import())
        self.copy_button.clicked.connect(lambda _checked=False: self.copy_logins())
        buttons.rejected.connect(self.reject)
        return buttons

    # -- the files -----------------------------------------------------------------------------

    def choose(self, key: str) -> None:
        """A file dialog for ``key``'s file, starting in Documents (or beside the file named)."""
        current = self.paths[key].text().strip()
        start = str(Path(current).parent) if current else documents_folder()
        dialog = QFileDialog(
            self,
            self.tr("Choose the original {what}").format(what=dict((k, w) for k, _l, w in SOURCES)[key]),
            start,
            FILE_FILTER,
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self._picked(key, path))
        self.file_dialog = dialog
        dialog.open()

    def _picked(self, key: str, path: str) -> None:
        if path:
            self.paths[key].setText(path)

    def chosen(self) -> tuple[Path | None, Path | None]:
        def path(key: str) -> Path | None:
            text = self.paths[key].text().strip()
            return Path(text).expanduser() if text else None

        return path("qenex_os_db"), path("defi_db")

    def _paths_changed(self) -> None:
        for error in self.errors.values():
            error.clear_error()
        self._update_buttons()

    def _update_buttons(self, *, running: bool = False) -> None:
        clean = self.report is not None and not self.report.refused and self.report.dry_run
        self.import_button.setEnabled(not running and clean and self._checked == self.chosen())
        self.dry_run_button.setEnabled(not running)
        self.copy_button.setEnabled(not running and self.report is not None and bool(self.report.users))
        for widget in (*self.paths.values(), *self.choose_buttons.values()):
            widget.setEnabled(not running)

    # -- running -------------------------------------------------------------------------------

    def dry_run(self) -> None:
        self._start(dry_run=True)

    def run_import(self) -> None:
        if self.import_button.isEnabled():
            self._start(dry_run=False)

    def _start(self, *, dry_run: bool) -> None:
        system_db, defi_db = self.chosen()
        self.general_error.clear_error()
        if system_db is None and defi_db is None:
            self.errors["source"].show_error(self.tr("Choose system.db, defi.db, or both."))
            self.paths["qenex_os_db"].setFocus()
            return
        self.stage.setText(
            self.tr("Checking the files: the whole import runs, then is rolled back…")
            if dry_run
            else self.tr("Importing: one transaction, all of it or nothing…")
        )
        self.progress.show()
        self._update_buttons(running=True)
        ledger_ops.import_legacy(
            self.ctx,
            system_db,
            defi_db,
            dry_run=dry_run,
            errors={**self.errors, "*": self.general_error},
            on_done=lambda report: self._finished(report, (system_db, defi_db)),
            on_error=self._failed,
            trigger=self.dry_run_button,
            owner=self,
        )

    def _finished(self, report: ImportReport, files: tuple[Path | None, Path | None]) -> None:
        self._checked = files if report.dry_run else None
        self._show(report)
        if not report.dry_run:
            status_message(self, self.tr("Legacy import done: {n} user(s).").format(n=len(report.users)))
            self.imported.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._checked = None
        if isinstance(error, LegacyImportRefused):
            self.general_error.clear_error()  # the report lists every problem
            self._show(error.report)
            return
        self.progress.hide()
        self.stage.setText(self.tr(PICK_HINT))
        self.report = None
        self.tree.clear()
        self._update_buttons()

    def _show(self, report: ImportReport) -> None:
        self.report = report
        self.progress.hide()
        self.stage.setText(headline(report))
        self.tree.show_report(report)
        self._update_buttons()
        self.reported.emit(report)

    def copy_logins(self) -> None:
        """What to tell each user, one line each, on the clipboard (to pass on)."""
        if self.report is None:
            return
        QGuiApplication.clipboard().setText("\n".join(user_text(u) for u in self.report.users))
        status_message(self, self.tr("Login names copied."))
