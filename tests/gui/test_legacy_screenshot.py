"""The screenshot run's ``dialog-legacy-import.png`` (issue 13, "Done when"): the import dialog with
the real dry run's report of the legacy files ``gui/legacy_demo.py`` writes, and the dry run
changes nothing; the demo module is imported only by the screenshot run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.legacy_import import LegacyImportDialog
from qenex_desktop.gui.legacy_demo import legacy_import_dialogs
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, ledger_state, show_tab


def _window(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> MainWindow:
    window = make_window(lambda: fast_core(config))
    show_tab(qtbot, window, "wallet")
    return window


def test_the_dialog_pictured_has_the_dry_run_report_of_both_files(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = _window(qtbot, make_window, prepared)
    assert window.ctx is not None
    before = ledger_state(window.ctx.core)
    shots = legacy_import_dialogs(window.ctx, window)
    assert [name for name, _dialog in shots] == ["dialog-legacy-import"]
    dialog = shots[0][1]
    assert isinstance(dialog, LegacyImportDialog)
    report = dialog.report
    assert report is not None and report.dry_run and not report.refused, report
    assert {s.name for s in report.sources} == {"system.db", "defi.db"}
    assert {(u.original, u.login) for u in report.users} == {
        ("Mallory Smith", "mallory.smith"),
        ("oscar", "oscar"),
    }
    tokens = {t.symbol: t for t in report.tokens}
    assert tokens["USDC"].dust_total == "0.0000007"  # 2500.1234567 rounded down to 6 decimals
    assert [p.pair for p in report.pools] == ["ETH/USDC"]
    assert [(s.pair, s.reason) for s in report.skipped_pools] == [
        ("QXC/USDC", "empty: nothing was ever deposited")
    ]
    assert any(h.holder == "creator" for h in report.holders)
    assert dialog.stage.text().startswith("Dry run: nothing was changed.")
    shown = "\n".join(dialog.tree.texts())
    assert "mallory.smith" in shown and "QXC/USDC" in shown
    assert dialog.import_button.isEnabled()  # a clean dry run of exactly these files
    assert ledger_state(window.ctx.core) == before  # rolled back: nothing imported
    assert not dialog.grab().isNull()
    folder = Path(dialog.paths["defi_db"].text()).parent
    assert folder.is_dir()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5_000)  # the files go with the dialog


def test_the_demo_module_is_not_imported_by_the_app_or_its_window() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "import qenex_desktop.gui.app, qenex_desktop.gui.main_window\n"
            "import qenex_desktop.gui.window.ledger_menu, qenex_desktop.gui.dialogs.legacy_import\n"
            "print([m for m in sys.modules if m.endswith('gui.legacy_demo')])",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
