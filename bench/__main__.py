"""``python -m bench [NAME ...]``: run every benchmark module (or the named ones) and print their JSON.

Each ``bench/<name>.py`` is a script run as ``python -m bench.<name>`` that prints one JSON object.
They run one after another in their own processes (a benchmark must not inherit another's warm
caches or threads). The result is one JSON object ``{name: result}`` on stdout; a module that fails
or prints no JSON appears as ``{"error": ..., "exit_code": ...}`` and makes the exit code 1.
Each result is also saved to ``bench/results/<name>.json`` (not committed).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def modules() -> list[str]:
    return sorted(p.stem for p in BENCH_DIR.glob("*.py") if not p.stem.startswith("_"))


def run_one(name: str) -> tuple[dict[str, Any], bool]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", f"bench.{name}"], cwd=BENCH_DIR.parent, capture_output=True, text=True
    )
    elapsed = round(time.perf_counter() - started, 1)
    print(f"[bench] {name}: exit {completed.returncode} after {elapsed} s", file=sys.stderr)
    try:
        result = json.loads(completed.stdout)
    except json.JSONDecodeError:
        result = None
    if completed.returncode != 0 or not isinstance(result, dict):
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-5:]
        return {"error": "\n".join(tail), "exit_code": completed.returncode}, False
    return result, True


def main(argv: list[str]) -> int:
    available = modules()
    unknown = [name for name in argv if name not in available]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(available)}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {}
    all_ok = True
    RESULTS_DIR.mkdir(exist_ok=True)
    for name in argv or available:
        results[name], ok = run_one(name)
        all_ok &= ok
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(results[name], indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0 if all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
