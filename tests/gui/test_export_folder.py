"""File dialogs open in the person's Documents folder, never the app's working directory (issue 12)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.paths import documents_dir
from qenex_desktop.gui.tabs.audit_tab import AuditTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import show_tab

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def test_documents_dir_is_the_documents_folder_or_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(documents))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert documents_dir() == tmp_path  # no such folder yet: home (Qt would fall back to the cwd)
    documents.mkdir()
    assert documents_dir() == documents


def test_the_audit_export_dialog_opens_in_documents(
    qtbot: QtBot,
    make_window: MakeWindow,
    prepared: AppConfig,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(documents))
    asked: list[str] = []

    def save_dialog(_parent: object, _title: str, directory: str, _filters: str) -> tuple[str, str]:
        asked.append(directory)
        return "", ""  # the person cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window = make_window(lambda: fast_core(prepared))
    audit = show_tab(qtbot, window, "audit")
    assert isinstance(audit, AuditTab)
    audit.export_button.setFocus()
    QTest.keyClick(audit.export_button, Qt.Key.Key_Space)
    assert asked == [str(documents / "audit-log.jsonl")]
    assert not asked[0].startswith(str(Path.cwd()))
