"""The command-line part of ``bench.scale``: start-up against Python's own, export memory, batch."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench._scale_build import KEYRING_NAME, open_core

QENEX = str(Path(sys.executable).parent / "qenex")


def _env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QENEX_KEYRING_FILE": str(root / KEYRING_NAME),
        "QENEX_DATA_DIR": str(root / "data"),
    }


def _run(argv: list[str], env: dict[str, str], stdin: str = "") -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one process (its own rusage, by wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    assert process.stdin is not None
    process.stdin.write(stdin.encode())
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss, process.returncode


def _peak_rss_kib(argv: list[str], env: dict[str, str], root: Path) -> int:
    """The command's own peak RSS, by GNU time: a child forked from this (large) process would count
    this process's pages until its exec in its own rusage."""
    report = root / "rss.txt"
    _, _, code = _run(["/usr/bin/time", "-f", "%M", "-o", str(report), *argv], env)
    assert code == 0
    kib = int(report.read_text().split()[-1])
    report.unlink()
    return kib


def _alternated(commands: dict[str, list[str]], env: dict[str, str], n: int) -> dict[str, float]:
    """Median wall ms of each command, run in turn n times (the box's load falls on all alike)."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(n):
        for name, argv in commands.items():
            seconds, _, code = _run(argv, env)
            assert code in (0, 2), (name, code)
            samples[name].append(seconds)
    return {name: round(statistics.median(values) * 1000, 1) for name, values in samples.items()}


def _compile_package() -> None:
    """The package's bytecode, as an installed wheel has it (``scripts/setup.sh`` writes it too):
    SQLAlchemy's is compiled at install, so without ours every run under PYTHONDONTWRITEBYTECODE
    compiled ~100 modules and the comparison measured the compiler (~60 ms)."""
    package = Path(__file__).resolve().parent.parent / "qenex_desktop"
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(package)], check=True, stdout=subprocess.DEVNULL
    )


def measure_cli(root: Path, meta: dict[str, Any]) -> dict[str, Any]:
    env = _env(root)
    _compile_package()
    open_core(root, meta=meta, real_clock=True).close()  # a live session in the keyring file, now
    data = ["--data-dir", str(root / "data")]
    start = _alternated(
        {
            "python_pass": [sys.executable, "-c", "pass"],
            "qenex_version": [QENEX, "--version"],
            "qenex_help": [QENEX, "--help"],
            "qenex_usage_error": [QENEX, "bogus"],
            "python_import_sqlalchemy_orm": [sys.executable, "-c", "import sqlalchemy.orm"],
            "qenex_json_balance": [QENEX, *data, "--json", "balance"],
        },
        env,
        7,
    )
    out: dict[str, Any] = {f"{name}_ms": value for name, value in start.items()}
    out["version_over_pass"] = round(start["qenex_version"] / start["python_pass"], 2)
    out["help_over_pass"] = round(start["qenex_help"] / start["python_pass"], 2)
    out["usage_error_over_pass"] = round(start["qenex_usage_error"] / start["python_pass"], 2)
    out["balance_over_import_sqlalchemy_orm"] = round(
        start["qenex_json_balance"] / start["python_import_sqlalchemy_orm"], 2
    )
    target = root / "export.jsonl"
    json_rss = _peak_rss_kib([QENEX, *data, "--json", "audit", "export", "--format", "jsonl"], env, root)
    file_rss = _peak_rss_kib(
        [QENEX, *data, "audit", "export", "--format", "jsonl", "--output", str(target)], env, root
    )
    target.unlink()
    out["audit_export_json_peak_rss_mb"] = round(json_rss / 1024, 1)
    out["audit_export_output_peak_rss_mb"] = round(file_rss / 1024, 1)
    out |= _batch(root, meta, env, data)
    return out


def _batch(root: Path, meta: dict[str, Any], env: dict[str, str], data: list[str]) -> dict[str, Any]:
    a, b = meta["swap_pair"]
    lines = [
        ["swap", "exec", "--from", x, "--to", y, "--amount-in", "0.01", "--min-out", "0"]
        for x, y in [(a, b), (b, a)] * 50
    ]
    singles = lines[:10]
    start = time.perf_counter()
    for words in singles:
        _, _, code = _run([QENEX, *data, "--json", *words], env)
        assert code == 0
    single_s = time.perf_counter() - start
    batch_input = "".join(json.dumps({"args": words}) + "\n" for words in lines)
    batch_s, _, code = _run([QENEX, *data, "batch"], env, batch_input)
    assert code == 0
    return {
        "single_process_ops_per_s": round(len(singles) / single_s, 1),
        "batch_ops_per_s": round(len(lines) / batch_s, 1),
        "batch_speedup": round((len(lines) / batch_s) / (len(singles) / single_s), 1),
    }
