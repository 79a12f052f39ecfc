"""Frozen bundle vs source run: how long each takes to start, side by side.

    .venv/bin/python -m bench.frozen_startup [--runs 5] [--no-screenshots]

Uses dist/qenex-desktop when it matches the sources (build/packaging-stamp.json), else builds it
first with ``packaging/build_release.py --reuse --no-installers`` (a few minutes, at low priority).
Each measurement is a new process, wall time from spawn to exit (or to the ready line):

- ``cli_version``: ``qenex --version`` (imports and argument parsing only);
- ``cli_profile_list``: ``qenex --data-dir D profile list`` on a ledger made beforehand (opens the
  database, checks the schema);
- ``gui_ready``: ``qenex-desktop --exit-when-ready`` on a data dir with a profile and no session,
  until the app prints that the locked window is interactive;
- ``gui_first_screenshot`` and ``gui_screenshots``: one ``qenex-desktop --screenshots`` run on a
  fresh data dir (demo profile, every tab and dialog) per side, until its first picture is on disk
  and until it exits: the whole run takes tens of seconds.

"first" is the first run of a kind (the nearest to a cold start this shared machine allows: page
caches are not dropped), "median"/"min" are over the runs after it. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "timing runs only, not for money"


def ensure_bundle() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build_release.py"), "--reuse", "--no-installers"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(f"building the bundle failed:\n{result.stderr[-3000:]}")
    summary: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return summary


def environment(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QENEX_KEYRING_FILE"] = str(scratch / "keyring.cfg")
    return env


def timed(command: list[str], env: dict[str, str], *, stdin: str | None = None, ready: str = "") -> float:
    """Seconds from spawn to exit, or to the first stdout line starting with ``ready``."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    elapsed = None
    if ready:
        for line in process.stdout:
            if line.startswith(ready):
                elapsed = time.perf_counter() - started
                break
    process.stdout.read()
    code = process.wait(timeout=900)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return elapsed if elapsed is not None else time.perf_counter() - started


def screenshot_run(gui: str, data: Path, out: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first picture written, seconds to exit) of one ``--screenshots`` run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [gui, "--data-dir", str(data), "--screenshots", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first = None
    while process.poll() is None:
        if first is None and out.is_dir() and any(out.glob("*.png")):
            first = time.perf_counter() - started
        time.sleep(0.02)
    total = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{gui} --screenshots exited {process.returncode}")
    return (first if first is not None else total), total


def series(command: list[str], env: dict[str, str], runs: int, ready: str = "") -> dict[str, float]:
    times = [timed(command, env, ready=ready) for _ in range(runs + 1)]
    rest = times[1:]
    return {
        "first_s": round(times[0], 3),
        "median_s": round(statistics.median(rest), 3),
        "min_s": round(min(rest), 3),
    }


def side_by_side(frozen: dict[str, float], source: dict[str, float]) -> dict[str, Any]:
    return {
        "frozen": frozen,
        "source": source,
        "frozen_over_source": round(frozen["median_s"] / source["median_s"], 2),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="frozen vs source start-up")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-screenshots", action="store_true", help="skip the two long screenshot runs")
    args = parser.parse_args(argv)
    summary = ensure_bundle()
    bundle = Path(str(summary["bundle"]))
    programs = {
        "frozen": (str(bundle / "qenex"), str(bundle / "qenex-desktop")),
        # The scripts pip installed next to this interpreter (.venv/bin in the project).
        "source": (
            str(Path(sys.executable).parent / "qenex"),
            str(Path(sys.executable).parent / "qenex-desktop"),
        ),
    }
    results: dict[str, Any] = {
        "bundle_size_mb": summary["bundle_size_mb"],
        "pyinstaller_seconds_last_build": summary["pyinstaller_seconds"],
        "runs": args.runs,
    }
    with tempfile.TemporaryDirectory(prefix="qenex-frozen-bench-") as scratch_name:
        scratch = Path(scratch_name)
        env = environment(scratch)
        measured: dict[str, dict[str, dict[str, float]]] = {}
        for side, (cli, gui) in programs.items():
            data = scratch / f"{side}-data"
            network = [
                cli,
                "--data-dir",
                str(data),
                "network",
                "add",
                "--name",
                "Bench",
                "--rpc-url",
                f"http://127.0.0.1:{free_port()}",
                "--chain-id",
                "31337",
                "--use",
            ]
            timed(network, env)
            timed(
                [
                    cli,
                    "--data-dir",
                    str(data),
                    "profile",
                    "create",
                    "--username",
                    "bench",
                    "--password-stdin",
                ],
                env,
                stdin=PASSWORD + "\n",
            )
            measured.setdefault("cli_version", {})[side] = series([cli, "--version"], env, args.runs)
            measured.setdefault("cli_profile_list", {})[side] = series(
                [cli, "--data-dir", str(data), "profile", "list"], env, args.runs
            )
            measured.setdefault("gui_ready", {})[side] = series(
                [gui, "--data-dir", str(data), "--exit-when-ready"], env, args.runs, ready="QENEX_READY"
            )
            if not args.no_screenshots:
                fresh = scratch / f"{side}-shots-data"
                timed(
                    [
                        cli,
                        "--data-dir",
                        str(fresh),
                        "network",
                        "add",
                        "--name",
                        "Bench",
                        "--rpc-url",
                        f"http://127.0.0.1:{free_port()}",
                        "--chain-id",
                        "31337",
                        "--use",
                    ],
                    env,
                )
                first_picture, seconds = screenshot_run(gui, fresh, scratch / f"{side}-shots", env)
                for kind, value in (("gui_first_screenshot", first_picture), ("gui_screenshots", seconds)):
                    measured.setdefault(kind, {})[side] = {
                        "first_s": round(value, 3),
                        "median_s": round(value, 3),
                        "min_s": round(value, 3),
                    }
        for kind, sides in measured.items():
            results[kind] = side_by_side(sides["frozen"], sides["source"])
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
