"""Cold GUI starts on a 10k ledger, looking for the SIGSEGV of issue 17 (two of fifteen starts died
about 2.6 s in, without a traceback).

Run: ``.venv/bin/python -m bench.gui_cold_starts [--runs 30] [--stay 4]``. Each start is a new
process, ``python -X faulthandler``, offscreen, on a copy of the cached 10k ledger of
``bench.scale`` (built first when missing) with a live session, so the main window opens with its
tabs. Runs alternate: ``--exit-when-ready`` as the issue ran them, and a start that stays up
``--stay`` seconds (past the 2.6 s where the crashes were seen) with the GUI thread's garbage
collector timer (``gui/gc_guard.py``) at 1 ms, its shortest. Prints one JSON object: how each run
ended (exit code, signal, the faulthandler's first lines when it printed any).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench._scale_build import KEYRING_NAME, build_small, open_core

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "scale"

STAY_UP = """
import sys
import qenex_desktop.gui.gc_guard as gc_guard
from qenex_desktop.gui import app as gui_app
gc_guard.COLLECT_EVERY_MS = 1
made = gui_app.make_application

def make_and_quit_later(argv):
    application = made(argv)
    from PySide6.QtCore import QTimer
    QTimer.singleShot(int(float(sys.argv[1]) * 1000), application.quit)
    return application

gui_app.make_application = make_and_quit_later
sys.exit(gui_app.main(sys.argv[2:]))
"""


def _ledger(operations: int) -> Path:
    cached = CACHE / f"small-{operations}"
    if not (cached / "meta.json").exists():
        shutil.rmtree(cached, ignore_errors=True)
        build_small(cached, operations, random.Random(17))
    work = CACHE / "work-gui"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(cached, work)
    open_core(work, real_clock=True).close()  # a live session: the main window opens with its tabs
    return work


def _one(work: Path, mode: str, stay_s: float) -> dict[str, Any]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QENEX_KEYRING_FILE": str(work / KEYRING_NAME),
        "PYTHONFAULTHANDLER": "1",
    }
    data = ["--data-dir", str(work / "data")]
    if mode == "exit_when_ready":
        argv = [
            sys.executable,
            "-X",
            "faulthandler",
            "-m",
            "qenex_desktop.gui.app",
            *data,
            "--exit-when-ready",
        ]
    else:
        argv = [sys.executable, "-X", "faulthandler", "-c", STAY_UP, str(stay_s), *data]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    result: dict[str, Any] = {
        "mode": mode,
        "exit": done.returncode,
        "s": round(time.perf_counter() - start, 2),
    }
    if done.returncode < 0:
        result["signal"] = signal.Signals(-done.returncode).name
    if done.returncode != 0:  # every thread's stack, as faulthandler printed it, kept for reading
        report = CACHE / f"cold-start-crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{mode}.txt"
        report.write_text(done.stderr)
        result["report"] = str(report)
        threads = [line.strip() for line in done.stderr.splitlines() if "thread 0x" in line.lower()]
        firsts = [
            lines[i + 1].strip()
            for lines in [done.stderr.splitlines()]
            for i, line in enumerate(lines[:-1])
            if "thread 0x" in line.lower()
        ]
        result["threads"] = [f"{t} {f}" for t, f in zip(threads, firsts, strict=False)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--stay", type=float, default=4.0, help="seconds a staying run lives")
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--only-stay", action="store_true", help="every run stays up with the 1 ms timer")
    args = parser.parse_args()
    work = _ledger(args.operations)
    runs = []
    for i in range(args.runs):
        mode = "exit_when_ready" if i % 2 == 0 and not args.only_stay else "stay_up_gc_1ms"
        runs.append(_one(work, mode, args.stay))
        print(f"[cold starts] {i + 1}/{args.runs}: {runs[-1]}", file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    crashed = [r for r in runs if r["exit"] != 0]
    print(
        json.dumps(
            {
                "runs": len(runs),
                "ledger_operations": args.operations,
                "crashed": len(crashed),
                "signals": sorted({r.get("signal", str(r["exit"])) for r in crashed}),
                "failures": crashed,
                "median_s": sorted(r["s"] for r in runs)[len(runs) // 2],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
