"""GUI benchmark of the exchange tabs: event-loop stalls and quote latency while a person trades.

    .venv/bin/python -m bench.gui_exchange

In process, offscreen, on a fresh data dir with a logged-in profile (real core, real SQLite):
a 2 ms timer (``gui.diagnostics.StallMeter``) measures how late the event loop runs while the
Swap, Liquidity and Monitoring tabs are first opened, two tokens and a pool are created through
their dialogs, an amount is typed key by key into the Swap tab (debounced quotes on a worker),
a swap is confirmed, a deposit is typed (the second amount follows the ratio), liquidity is added
and removed, and every Monitoring page is shown (health checks, charts). Target (issue 6): the
longest stall under 50 ms. Also: quote latency, from the last keystroke to the quote on screen
(the 250 ms debounce included). Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.gui_startup import _prepare


def run(work: Path) -> dict[str, Any]:
    keyring = work / "keyring.cfg"
    data_dir = work / "data"
    _prepare(data_dir, keyring, session=True)
    os.environ["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.config import AppConfig
    from qenex_desktop.gui.app import tune_interpreter
    from qenex_desktop.gui.diagnostics import StallMeter
    from qenex_desktop.gui.dialogs.confirm_swap import ConfirmSwapDialog
    from qenex_desktop.gui.dialogs.create_pool import CreatePoolDialog
    from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog
    from qenex_desktop.gui.main_window import MainWindow
    from qenex_desktop.gui.operations import Operations
    from qenex_desktop.gui.prefs import Preferences
    from qenex_desktop.gui.screenshots import pump
    from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
    from qenex_desktop.gui.tabs.monitoring.tab import MonitoringTab
    from qenex_desktop.gui.tabs.swap.tab import SwapTab

    tune_interpreter()
    app = QApplication.instance() or QApplication([])
    meter = StallMeter()
    flows: dict[str, float] = {}
    ops = Operations()
    ops.headless = True
    window = MainWindow(Preferences(data_dir / "gui.ini"), ops, start_node=False)
    window.headless = True

    def flow(name: str, action: Any, settle_s: float = 0.3) -> None:
        meter.start()
        action()
        window.ops.wait_idle(60)
        pump(settle_s)
        window.ops.wait_idle(60)
        meter.stop()
        flows[name] = meter.longest_ms

    window.open_core(lambda: QenexCore(AppConfig.load(data_dir)))
    window.show()
    deadline = time.monotonic() + 60
    while window.stack.currentWidget() is not window.tab_widget and time.monotonic() < deadline:
        pump(0.05)
    window.ops.wait_idle(60)
    pump(1.0)  # the tab modules' warm-up import finishes

    def show(key: str) -> Any:
        tab = window.tabs[key]
        window.tab_widget.setCurrentWidget(tab)
        return tab

    swap = show("swap")
    assert isinstance(swap, SwapTab)
    flow("open_swap_tab", lambda: None)

    def create_tokens() -> None:
        assert window.ctx is not None
        for symbol, supply in (("GOLD", "100000"), ("USDX", "10000000")):
            dialog = CreateTokenDialog(window.ctx, window)
            dialog.show()
            dialog.symbol.setText(symbol)
            dialog.name.setText(symbol)
            dialog.supply.setText(supply)
            dialog.submit()
            window.ops.wait_idle(30)

    flow("create_two_tokens", create_tokens)
    liquidity = show("liquidity")
    assert isinstance(liquidity, LiquidityTab)
    flow("open_liquidity_tab", lambda: None)

    def create_pool() -> None:
        assert window.ctx is not None and liquidity.snapshot is not None
        dialog = CreatePoolDialog(window.ctx, liquidity.snapshot.tokens, liquidity.snapshot.held(), window)
        dialog.show()
        dialog.token_a.setCurrentText("GOLD")
        dialog.token_b.setCurrentText("USDX")
        dialog.amount_a.setText("1000")
        dialog.amount_b.setText("2000000")
        dialog.submit()

    flow("create_pool", create_pool)
    show("swap")
    window.ops.wait_idle(30)
    latencies: list[float] = []

    def type_and_quote() -> None:
        for amount in ("12.5", "250", "3"):
            swap.form.amount_in.clear()
            typed = time.perf_counter()
            for ch in amount:
                if typed:
                    pump(0.03)  # a fast typist: 30 ms between keys
                swap.form.amount_in.setText(swap.form.amount_in.text() + ch)
                swap._edited("exact_in")
                typed = time.perf_counter()  # the last keystroke
            seen = swap.quotes_shown
            while swap.quotes_shown == seen and time.perf_counter() - typed < 10:
                pump(0.002)
            latencies.append((time.perf_counter() - typed) * 1000)

    flow("type_amounts_with_live_quotes", type_and_quote)

    def confirm_swap() -> None:
        swap.review()
        dialog = swap.confirm_dialog
        assert isinstance(dialog, ConfirmSwapDialog)
        dialog.accept()

    flow("confirm_swap_and_refresh", confirm_swap, 0.5)
    show("liquidity")
    window.ops.wait_idle(30)

    def add_liquidity() -> None:
        for ch in "10":
            liquidity.amount_a.setText(liquidity.amount_a.text() + ch)
            liquidity._follow(first=True)
            pump(0.03)
        liquidity.add()

    flow("type_deposit_and_add_liquidity", add_liquidity, 0.5)

    def remove_liquidity() -> None:
        liquidity.action_tabs.setCurrentIndex(1)
        for value in range(10, 60, 10):
            liquidity.slider.setValue(value)
            pump(0.02)
        liquidity.remove()

    flow("slide_and_remove_liquidity", remove_liquidity, 0.5)
    monitoring = show("monitoring")
    assert isinstance(monitoring, MonitoringTab)
    flow("open_monitoring_tab_and_health_checks", lambda: None, 0.5)
    for index, name in ((1, "operations"), (2, "system"), (3, "pools")):
        flow(f"monitoring_page_{name}", lambda index=index: monitoring.pages.setCurrentIndex(index), 0.5)
    flow("monitoring_live_refresh", monitoring.refresh, 0.5)
    window.close()
    app.processEvents()
    worst = max(flows.values())
    return {
        "flows_ms": flows,
        "longest_ms": worst,
        "meets_target": worst < 50.0,
        "quote_latency_ms": {
            "after_last_keystroke": [round(x, 1) for x in latencies],
            "median": round(statistics.median(latencies), 1),
            "debounce_ms": 250,
        },
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="qenex-gui-exchange-") as tmp:
        report = {"benchmark": "gui_exchange", "python": sys.version.split()[0], **run(Path(tmp))}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
