"""The longest event-loop stall of each tab's first visit, on a ledger with years of history (issue 17:
"first visits of the Liquidity and Monitoring tabs stall the event loop 96-239 ms", target 50 ms).

Run: ``.venv/bin/python -m bench.tab_first_visit [--operations 10000] [--runs 5]``. Each run is a
new process (a first visit happens once per process): offscreen, on a copy of ``bench.scale``'s
cached ledger (built first when missing) with a live session, the main window opens; once it is
idle (the heavy modules loaded and the chart tabs built, read and painted unseen while nobody
types, as in a few seconds on the Wallet tab) each tab is shown for the first time with a 2 ms
``StallMeter`` running until its reads have come back and been drawn. Prints one JSON object: per
tab, the median and the worst of the runs' longest stalls (ms), and whether the worst meets the
target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench._scale_build import KEYRING_NAME
from bench.gui_cold_starts import CACHE, ROOT, _ledger

TARGET_MS = 50.0

ONE_RUN = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.app import tune_interpreter
from qenex_desktop.gui.diagnostics import StallMeter
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.prefs import Preferences
from qenex_desktop.gui.screenshots import pump

data_dir = Path(sys.argv[1])
tune_interpreter()
app = QApplication([])
ops = Operations()
window = MainWindow(Preferences(data_dir / "gui.ini"), ops, start_node=False)
ops.headless = True
window.headless = True
window.open_core(lambda: QenexCore(AppConfig.load(data_dir)))
window.show()
while not window.opened:
    pump(0.05)
ops.wait_idle(120)
for _ in range(300):  # a person who looks at the Wallet tab for a few seconds first
    if window.preload is not None and window.preload.done:
        break
    pump(0.05)
ops.wait_idle(120)
pump(0.5)
meter = StallMeter()
out = {}
for key in list(window.tabs):
    meter.start()
    window.tab_widget.setCurrentWidget(window.tabs[key])
    pump(0.05)
    ops.wait_idle(120)
    pump(0.3)
    meter.stop()
    out[key] = meter.longest_ms
print(json.dumps(out))
window.close()
"""


def _one(work: Path) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QENEX_KEYRING_FILE": str(work / KEYRING_NAME)}
    done = subprocess.run(
        [sys.executable, "-c", ONE_RUN, str(work / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = _ledger(args.operations)
    runs = [_one(work) for _ in range(args.runs)]
    shutil.rmtree(work, ignore_errors=True)
    tabs: dict[str, Any] = {}
    for key in runs[0]:
        values = [run[key] for run in runs]
        tabs[key] = {
            "median_ms": statistics.median(values),
            "worst_ms": max(values),
            "meets_target": max(values) <= TARGET_MS,
        }
    print(
        json.dumps(
            {
                "ledger_operations": args.operations,
                "runs": args.runs,
                "target_ms": TARGET_MS,
                "cache": str(CACHE),
                "load_average": os.getloadavg()[0],
                "tabs": tabs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
