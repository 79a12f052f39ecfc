"""The legacy import from the window (issue 13): Ledger -> Import from QENEX OS / DeFi…, pick the
files (typed, or Choose… starting in Documents), the dry run's report on a worker, then Import, and
the summary of what to tell each imported user. Files in the originals' formats, written by
tests/exchange/legacy_fixtures.py; the real core underneath."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.exchange.legacy import ImportReport
from qenex_desktop.gui.dialogs.legacy_import import LegacyImportDialog, documents_folder
from qenex_desktop.gui.dialogs.legacy_report import user_text
from qenex_desktop.gui.main_window import MainWindow
from tests.exchange.legacy_fixtures import DEMO_PASSWORD, defi_people, system_demo, system_people
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, ledger_state


def open_import(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> tuple[MainWindow, LegacyImportDialog]:
    window = make_window(lambda: fast_core(config))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=15_000)
    next(a for a in window.ledger_actions if a.objectName() == "ledgerLegacyImport").trigger()
    dialog = window.findChild(LegacyImportDialog)
    assert isinstance(dialog, LegacyImportDialog)
    return window, dialog


def dry_run(qtbot: QtBot, dialog: LegacyImportDialog) -> ImportReport:
    """Return in a path field runs the dry run; the progress shows until its report does."""
    dialog.report = None
    field = dialog.paths["qenex_os_db"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.progress.isVisibleTo(dialog) and not dialog.dry_run_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert not dialog.progress.isVisibleTo(dialog)
    assert dialog.report is not None
    return dialog.report


def test_dry_run_report_then_import_and_what_to_tell_each_user(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    system = system_people(tmp_path / "system.db")
    defi = defi_people(tmp_path / "defi.db")
    window, dialog = open_import(qtbot, make_window, prepared)
    assert window.ctx is not None
    core = window.ctx.core
    assert not dialog.import_button.isEnabled()  # nothing checked yet
    qtbot.keyClicks(dialog.paths["qenex_os_db"], str(system))
    qtbot.keyClicks(dialog.paths["defi_db"], str(defi))
    before = ledger_state(core)

    report = dry_run(qtbot, dialog)
    assert report.dry_run and not report.refused
    assert ledger_state(core) == before  # the dry run changed nothing
    assert dialog.stage.text().startswith("Dry run: nothing was changed. The import would bring 6 user(s)")
    lines = dialog.tree.texts()
    assert "Users: the login name each would have (6)" in lines
    assert all(user_text(u) in lines for u in report.users)
    mallory = next(u for u in report.users if u.original == "Mallory Smith")
    assert mallory.login != "Mallory Smith" and "not their old name" in user_text(mallory)
    assert any(line.startswith("Tokens: what comes in, what is rounded") for line in lines)
    assert any("rounded down to base units" in line for line in lines)  # the 28-digit amounts
    assert any(line.startswith("Holders: where each lands") for line in lines)
    assert dialog.import_button.isEnabled()

    qtbot.keyClick(dialog.paths["defi_db"], Qt.Key.Key_Backspace)  # another file than the one checked
    assert not dialog.import_button.isEnabled()
    qtbot.keyClicks(dialog.paths["defi_db"], "b")
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported, timeout=60_000) as imported:
        dialog.import_button.setFocus()
        qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)
    done = imported.args[0]
    assert isinstance(done, ImportReport) and not done.dry_run
    assert dialog.stage.text().startswith("Imported 6 user(s)")
    assert "Users: what to tell each one (6)" in dialog.tree.texts()
    assert not dialog.import_button.isEnabled()  # done: not twice
    assert {u.login for u in done.users} <= set(core.auth.list_profiles())
    dialog.copy_button.setFocus()
    qtbot.keyClick(dialog.copy_button, Qt.Key.Key_Space)
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text().splitlines() == [user_text(u) for u in done.users]


def test_a_refused_dry_run_lists_why_and_offers_no_import(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    system = system_demo(tmp_path / "system.db")
    core = fast_core(prepared)
    core.auth.require_session()
    core.exchange.import_legacy(qenex_os_db=system)  # imported once already
    core.close()
    window, dialog = open_import(qtbot, make_window, prepared)
    qtbot.keyClicks(dialog.paths["qenex_os_db"], str(system))
    before = ledger_state(window.ctx.core)  # type: ignore[union-attr]
    report = dry_run(qtbot, dialog)
    assert report.refused
    assert dialog.stage.text().startswith("This import would be refused: 1 problem(s)")
    lines = dialog.tree.texts()
    assert lines[0] == "Refused: why (1)"
    assert "was imported before (same SHA-256)" in lines[1]
    assert not dialog.general_error.shown  # the report says it all
    assert not dialog.import_button.isEnabled()
    assert ledger_state(window.ctx.core) == before  # type: ignore[union-attr]


def test_no_file_or_a_missing_one_is_said_at_the_picker(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    _window, dialog = open_import(qtbot, make_window, prepared)
    field = dialog.paths["qenex_os_db"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.errors["qenex_os_db"].text() == "Choose system.db, defi.db, or both."
    missing = tmp_path / "nowhere" / "defi.db"
    qtbot.keyClicks(dialog.paths["defi_db"], str(missing))
    assert not dialog.errors["qenex_os_db"].shown  # a new path: the old error goes
    dialog.paths["defi_db"].setFocus()
    qtbot.keyClick(dialog.paths["defi_db"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors["defi_db"].shown, timeout=15_000)
    assert dialog.errors["defi_db"].text() == f"There is no file at {missing}."
    assert dialog.report is None and not dialog.import_button.isEnabled()
    assert not dialog.progress.isVisibleTo(dialog) and dialog.dry_run_button.isEnabled()

    garbage = tmp_path / "system.db"
    garbage.write_bytes(b"not a database at all\n" * 100)
    dialog.paths["defi_db"].clear()
    qtbot.keyClicks(dialog.paths["qenex_os_db"], str(garbage))
    qtbot.keyClick(dialog.paths["qenex_os_db"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors["qenex_os_db"].shown, timeout=15_000)
    assert "system.db" in dialog.errors["qenex_os_db"].text()
    assert not dialog.errors["defi_db"].shown and dialog.report is None


def test_choose_starts_in_documents_and_fills_the_path(
    qtbot: QtBot,
    make_window: MakeWindow,
    prepared: AppConfig,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    source = system_demo(home / "Documents" / "system.db")
    _window, dialog = open_import(qtbot, make_window, prepared)
    assert Path(documents_folder()) == home / "Documents"
    (home / "Documents").rename(home / "Docs")
    assert Path(documents_folder()) == home  # no Documents: home, never the working folder
    (home / "Docs").rename(home / "Documents")
    button = dialog.choose_buttons["qenex_os_db"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    picker = dialog.file_dialog
    assert picker is not None and picker.isVisible()
    assert QDir(picker.directory()).absolutePath() == str(home / "Documents")
    picker.selectFile(str(source))
    picker.accept()
    assert dialog.paths["qenex_os_db"].text() == str(source)
    report = dry_run(qtbot, dialog)
    assert [u.login for u in report.users] == ["demo_user"]
    assert "'demo_user' (system.db): log in as 'demo_user' with their old password" in dialog.tree.texts()
    assert DEMO_PASSWORD  # the demo user's old password, which the import keeps


def test_the_imported_history_is_listed_newest_first(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    from qenex_desktop.gui.dialogs.legacy_history import LegacyHistoryDialog

    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=15_000)
    entry = next(a for a in window.ledger_actions if a.objectName() == "ledgerLegacyHistory")
    entry.trigger()
    empty = window.findChild(LegacyHistoryDialog)
    assert isinstance(empty, LegacyHistoryDialog)
    qtbot.waitUntil(lambda: empty.pages == 1, timeout=15_000)
    assert empty.stack.currentWidget() is empty.stack.empty  # nothing imported yet: says where from
    qtbot.keyClick(empty, Qt.Key.Key_Escape)

    assert window.ctx is not None
    window.ctx.core.exchange.import_legacy(qenex_os_db=system_people(tmp_path / "system.db"))
    expected = window.ctx.core.exchange.legacy_history(limit=200)
    assert expected, "the fixture's system.db has history"
    entry.trigger()
    qtbot.waitUntil(
        lambda: any(d.pages == 1 and d.isVisible() for d in window.findChildren(LegacyHistoryDialog)),
        timeout=15_000,
    )
    dialog = next(d for d in window.findChildren(LegacyHistoryDialog) if d.isVisible())
    assert dialog.stack.currentWidget() is dialog.table
    assert [r.id for r in dialog.model.rows] == [r.id for r in expected]
    first = expected[0]
    assert (
        dialog.model.data(dialog.model.index(0, 1))
        == f"{first.source_file} {first.source_table} #{first.source_row}"
    )
    assert not dialog.older_button.isEnabled()  # fewer than a page


def test_what_the_file_holds_is_shown_as_text_never_markup(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    from tests.exchange.legacy_fixtures import SystemDb

    db = SystemDb(tmp_path / "system.db")
    db.register("<b>Eve</b><img src=x>", "a password of hers 42")
    source = db.close()
    _window, dialog = open_import(qtbot, make_window, prepared)
    qtbot.keyClicks(dialog.paths["qenex_os_db"], str(source))
    report = dry_run(qtbot, dialog)
    [eve] = report.users
    assert eve.original == "<b>Eve</b><img src=x>"
    shown = dialog.tree.toPlainText()
    assert "'<b>Eve</b><img src=x>' (system.db): log in as" in shown  # the tags as typed, not applied
