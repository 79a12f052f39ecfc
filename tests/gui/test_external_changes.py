"""A change made in a terminal reaches the open window within two seconds, without F5 (issue 11)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.changes import Changed
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.swap.tab import SwapTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import show_tab

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
QENEX = Path(sys.executable).parent / "qenex"


def _cli(data_dir: Path, *args: str) -> None:
    done = subprocess.run(
        [str(QENEX), "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_a_token_created_by_the_cli_shows_in_the_open_swap_tab_within_two_seconds(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=15_000)
    assert tab.snapshot is not None and tab.snapshot.tokens == []
    announced: list[Changed] = []
    window.ops.changed.connect(announced.append)

    _cli(
        prepared.data_dir,
        "token",
        "create",
        "--symbol",
        "CLI",
        "--name",
        "Cli",
        "--decimals",
        "2",
        "--supply",
        "10",
    )
    done = time.monotonic()

    qtbot.waitUntil(
        lambda: tab.snapshot is not None and [t.symbol for t in tab.snapshot.tokens] == ["CLI"],
        timeout=5_000,
    )
    assert time.monotonic() - done < 2.0
    assert Changed.TOKENS | Changed.BALANCES | Changed.AUDIT in announced


def test_the_windows_own_change_is_announced_once_not_again_by_the_watcher(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    show_tab(qtbot, window, "swap")
    assert window.ctx is not None
    exchange = window.ctx.core.exchange
    announced: list[Changed] = []
    window.ops.changed.connect(announced.append)
    window.ops.run(lambda: exchange.create_token("OWN", "Own", 2, "10"))
    window.ops.wait_idle()
    qtbot.wait(2_500)  # two looks of the watcher
    window.ops.wait_idle()
    assert announced == [Changed.TOKENS | Changed.BALANCES | Changed.AUDIT]


def test_ids_kept_from_a_window_on_another_ledger_do_not_hide_the_clis_entries(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    """Audit ids are per ledger: an id this process wrote to another data dir (a window opened and
    closed before, as in this test run) is no reason to skip the CLI's entry with that number."""
    from qenex_desktop.core import changes

    changes.own_entries.tracking = True
    changes.own_entries.add("another-ledger.db", range(1, 1_000))  # another ledger, never looked at
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=15_000)
    window.ops.wait_idle()
    _cli(
        prepared.data_dir,
        "token",
        "create",
        "--symbol",
        "ELSE",
        "--name",
        "Else",
        "--decimals",
        "2",
        "--supply",
        "5",
    )
    qtbot.waitUntil(
        lambda: tab.snapshot is not None and [t.symbol for t in tab.snapshot.tokens] == ["ELSE"],
        timeout=5_000,
    )
