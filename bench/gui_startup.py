"""GUI benchmark: cold start to an interactive window, and the longest event-loop stall during flows.

    .venv/bin/python -m bench.gui_startup [--runs 5] [--quick]

Cold start (subprocesses, wall time from spawn until the window is shown and the event loop
has run once), in the same run:
- ``empty_window``: a bare PySide6 QMainWindow (the floor on this machine);
- ``app_resume``: qenex-desktop on a data dir with a live session (the main window with its tabs);
- ``app_locked``: qenex-desktop on a data dir with a profile but no session (the locked window).
Targets (issue 6): app under 1.5 s and within 2x of the empty window.

Stalls (in process, offscreen): a 2 ms timer measures how late the event loop runs while the app
opens its ledger, refreshes every tab, locks, unlocks with the real Argon2 cost, opens the send
dialog and types into it (fee preview), renders the receive QR code, and verifies the audit log.
Target: longest stall under 50 ms. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "timing runs only, not for money"

EMPTY_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
window.show()
def ready():
    print("QENEX_READY", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def _env(keyring: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["QENEX_KEYRING_FILE"] = str(keyring)
    return env


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(first window shown, interactive) in seconds from spawn; equal for the empty window."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    shown = ready = None
    for line in process.stdout:
        if line.startswith("QENEX_SHOWN"):
            shown = time.perf_counter() - started
        if line.startswith("QENEX_READY"):
            ready = time.perf_counter() - started
            break
    process.wait(timeout=60)
    if ready is None:
        raise RuntimeError(f"{command} never became ready (exit {process.returncode})")
    return (shown if shown is not None else ready), ready


def _prepare(data_dir: Path, keyring: Path, *, session: bool) -> None:
    os.environ["QENEX_KEYRING_FILE"] = str(keyring)
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.config import AppConfig

    core = QenexCore(AppConfig.load(data_dir))
    core.auth.create_profile("bench", PASSWORD)
    core.auth.login("bench", PASSWORD)
    core.wallet.create(password=PASSWORD)
    core.chain.add_network("Nowhere", f"http://127.0.0.1:{_free_port()}", 31337, use=True)
    if not session:
        core.auth.logout()
    core.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    return port if port != 8545 else _free_port()


def cold_start(runs: int, work: Path) -> dict[str, Any]:
    keyring = work / "keyring.cfg"
    resume_dir, locked_dir = work / "resume", work / "locked"
    _prepare(resume_dir, keyring, session=True)
    _prepare(locked_dir, keyring, session=False)
    env = _env(keyring)
    app = [sys.executable, "-m", "qenex_desktop.gui.app", "--exit-when-ready"]
    samples: dict[str, list[tuple[float, float]]] = {"empty_window": [], "app_resume": [], "app_locked": []}
    _timed([sys.executable, "-c", EMPTY_WINDOW], env)  # warm the file cache once, for both
    _timed([*app, "--data-dir", str(resume_dir)], env)
    for _ in range(runs):
        samples["empty_window"].append(_timed([sys.executable, "-c", EMPTY_WINDOW], env))
        samples["app_resume"].append(_timed([*app, "--data-dir", str(resume_dir)], env))
        samples["app_locked"].append(_timed([*app, "--data-dir", str(locked_dir)], env))
    result: dict[str, Any] = {}
    for name, pairs in samples.items():
        ready = [r for _s, r in pairs]
        result[name] = {
            "first_window_median_s": round(statistics.median(s for s, _r in pairs), 3),
            "interactive_median_s": round(statistics.median(ready), 3),
            "interactive_min_s": round(min(ready), 3),
            "runs": len(pairs),
        }
    empty = result["empty_window"]["interactive_median_s"]
    for name in ("app_resume", "app_locked"):
        entry = result[name]
        entry["interactive_ratio_to_empty"] = round(entry["interactive_median_s"] / empty, 2)
        entry["first_window_ratio_to_empty"] = round(entry["first_window_median_s"] / empty, 2)
        entry["meets_target"] = (
            entry["interactive_median_s"] < 1.5 and entry["interactive_ratio_to_empty"] <= 2.0
        )
    return result


def stalls(work: Path) -> dict[str, Any]:
    """The flows, in this process, with a StallMeter running; per-flow longest stall in ms."""
    keyring = work / "keyring-stall.cfg"
    data_dir = work / "stall"
    _prepare(data_dir, keyring, session=True)
    os.environ["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.config import AppConfig
    from qenex_desktop.gui.app import tune_interpreter
    from qenex_desktop.gui.diagnostics import StallMeter
    from qenex_desktop.gui.dialogs.receive import ReceiveDialog
    from qenex_desktop.gui.dialogs.send import SendDialog
    from qenex_desktop.gui.dialogs.unlock import UnlockDialog
    from qenex_desktop.gui.main_window import MainWindow
    from qenex_desktop.gui.operations import Operations
    from qenex_desktop.gui.prefs import Preferences
    from qenex_desktop.gui.screenshots import pump

    tune_interpreter()
    app = QApplication.instance() or QApplication([])
    meter = StallMeter()
    flows: dict[str, float] = {}

    def flow(name: str, action: Any, settle_s: float = 0.3) -> None:
        meter.start()
        action()
        window.ops.wait_idle(60)
        pump(settle_s)
        window.ops.wait_idle(60)
        meter.stop()
        flows[name] = meter.longest_ms

    ops = Operations()
    window = MainWindow(Preferences(data_dir / "gui.ini"), ops, start_node=False)
    ops.headless = True

    def open_app() -> None:
        window.open_core(lambda: QenexCore(AppConfig.load(data_dir)))
        window.show()

    flow("open_and_resume", open_app, 0.5)

    def each_tab() -> None:
        for key in window.tabs:  # the first visit builds a tab: part of what is measured
            window.tab_widget.setCurrentWidget(window.tabs[key])
            pump(0.05)

    flow("switch_tabs", each_tab)
    flow("refresh_all", window.refresh_all)
    window.headless = True
    flow("lock", window.lock)

    def unlock() -> None:
        assert window.ctx is not None
        dialog = UnlockDialog(window.ctx, window)
        dialog.show()
        window.ops.wait_idle(30)
        dialog.password.setText(PASSWORD)
        dialog.unlocked.connect(lambda name: window.enter_unlocked(name))
        dialog.submit()

    flow("unlock_with_argon2", unlock, 0.5)
    wallet = window.tabs["wallet"]
    window.tab_widget.setCurrentWidget(wallet)
    window.ops.wait_idle(30)

    def send() -> None:
        assert window.ctx is not None
        snapshot = getattr(wallet, "snapshot", None)
        assert snapshot is not None
        dialog = SendDialog(window.ctx, snapshot, window)
        dialog.show()
        for ch in "0x8ba1f109551bD432803012645Ac136ddd64DBA72":
            dialog.to.setText(dialog.to.text() + ch)
            dialog.to.textEdited.emit(dialog.to.text())  # as typed: EIP-55 check, then the preview
            pump(0.002)
        for ch in "12.5":
            dialog.amount.setText(dialog.amount.text() + ch)
            dialog._inputs_changed()
            pump(0.002)
        pump(0.6)  # the debounced fee preview fires
        dialog.review()
        window.ops.wait_idle(30)
        dialog.close()

    flow("send_dialog_typing_and_preview", send)

    def receive() -> None:
        snapshot = getattr(wallet, "snapshot", None)
        assert snapshot is not None
        dialog = ReceiveDialog(snapshot.accounts, window)
        dialog.show()
        pump(0.1)
        dialog.close()

    flow("receive_dialog_qr", receive)
    flow("audit_verify", lambda: window.tabs["audit"].verify())  # type: ignore[attr-defined]
    window.close()
    app.processEvents()
    worst = max(flows.values())
    return {"flows_ms": flows, "longest_ms": worst, "meets_target": worst < 50.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs")
    args = parser.parse_args(argv)
    runs = 2 if args.quick else args.runs
    with tempfile.TemporaryDirectory(prefix="qenex-gui-bench-") as tmp:
        work = Path(tmp)
        report = {
            "benchmark": "gui_startup",
            "python": sys.version.split()[0],
            "cold_start": cold_start(runs, work),
            "event_loop_stalls": stalls(work),
        }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
