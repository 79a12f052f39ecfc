"""Years of history at the cost of a day (issue 17): the same reads on a 10k and a 100k ledger.

Run: ``.venv/bin/python -m bench.scale [--rebuild] [--small N] [--clones K]``. Prints one JSON object:
for each metric its value at both sizes, ``growth`` (big / small), ``floor`` (what the work itself
must grow by: 1.0 for a read of a fixed window, the size ratio for a walk of everything) and
``target`` (the issue's bound), plus the ratios the issue asks for within one run.

The small ledger is built through the core API (20 tokens, 200 accounts, 50 pools; 69% swaps, 26%
transfers, 4% liquidity, 1% mints; a chain transaction row on 10% of steps; monitoring on, a
holdings snapshot after each money operation as the worker takes them), its clock stepping over
10 days. The big one is that ledger with K older copies of its history in front of it (times
shifted back by whole spans, by SQL), the audit chain renumbered and re-hashed with the project's
own ``canonical_content`` / ``chain_hash``. Both are cached under ``build/scale/`` (gitignored):
building takes minutes on two busy cores; measuring works on a copy, so reruns start clean.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._scale_build import KEYRING_NAME, build_big, build_small, open_core
from bench._scale_cli import measure_cli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "scale"


def _median_ms(call: Callable[[], object], n: int = 15) -> float:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples) * 1000, 2)


def raw_verify_s(ledger: Path) -> float:
    """The floor: raw sqlite3 walking every entry with the same hash math (details re-dumped and
    compared, the content built, SHA-256 of prev || content, the link checked)."""
    import hashlib

    dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
    start = time.perf_counter()
    conn = sqlite3.connect(ledger)
    prev = "0" * 64
    bad = 0
    rows = conn.execute(
        "SELECT id, created_at, category, event, actor, details, prev_hash, entry_hash FROM audit_log "
        "ORDER BY id"
    )
    for entry_id, created_at, category, event, actor, details, stored_prev, entry_hash in rows:
        if dumps(json.loads(details)) != details:
            bad += 1
        content = (
            f'{{"actor":{dumps(actor)},"category":{dumps(category)},"created_at":{created_at},'
            f'"details":{details},"event":{dumps(event)},"id":{entry_id}}}'
        )
        if (
            hashlib.sha256(f"{stored_prev}\n{content}".encode()).hexdigest() != entry_hash
            or stored_prev != prev
        ):
            bad += 1
        prev = entry_hash
    conn.close()
    assert bad == 0, f"{bad} entries do not verify"
    return time.perf_counter() - start


SWAPPER = """
import sys, time, json
from bench._scale_build import open_core
core = open_core(__import__("pathlib").Path(sys.argv[1]), real_clock=True)
core.exchange.swap_exact_in(sys.argv[2], sys.argv[3], "0.001", 0)  # warm: the statements are cached
alone = []
for _ in range(5):  # the same swap with nothing else running: one ordinary commit
    start = time.perf_counter()
    core.exchange.swap_exact_in(sys.argv[2], sys.argv[3], "0.001", 0)
    alone.append(time.perf_counter() - start)
print("ready", flush=True)
sys.stdin.readline()
start = time.perf_counter()
core.exchange.swap_exact_in(sys.argv[2], sys.argv[3], "0.001", 0)
print(json.dumps({"swap_s": time.perf_counter() - start, "alone_s": sorted(alone)[2]}), flush=True)
core.close()
"""


def verify_with_a_swap_meanwhile(root: Path, meta: dict[str, Any]) -> dict[str, float]:
    """The full walk in this process; another process's swap started a tenth of the way in."""
    import subprocess

    core = open_core(root, meta=meta)
    swapper = subprocess.Popen(
        [sys.executable, "-c", SWAPPER, str(root), *meta["swap_pair"]],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QENEX_KEYRING_FILE": str(root / KEYRING_NAME)},
    )
    assert swapper.stdout is not None and swapper.stdin is not None
    assert swapper.stdout.readline().strip() == "ready"
    started = threading.Event()

    def progress(checked: int, total: int) -> None:
        if not started.is_set() and checked >= total // 10:
            started.set()
            assert swapper.stdin is not None
            swapper.stdin.write("go\n")
            swapper.stdin.flush()

    start = time.perf_counter()
    result = core.audit.verify_ledger(core.db, progress=progress)
    walk_s = time.perf_counter() - start
    during = started.is_set()
    if not during:  # a ledger too small for a progress report: the swap runs after the walk
        swapper.stdin.write("go\n")
        swapper.stdin.flush()
    swap = json.loads(swapper.stdout.readline())
    swapper.wait(60)
    core.close()
    assert result.ok, result.message
    return {
        "full_verify_s": round(walk_s, 3),
        "swap_during_verify_ms": round(swap["swap_s"] * 1000, 2),
        "swap_alone_ms": round(swap["alone_s"] * 1000, 2),
        "swap_started_during_verify": during,
    }


def measure_core(root: Path, meta: dict[str, Any]) -> dict[str, Any]:
    from qenex_desktop.core.monitoring.settings import DAY_MS, HOUR_MS, MINUTE_MS

    out: dict[str, Any] = verify_with_a_swap_meanwhile(root, meta)
    in_process = []
    raw = []
    ledger = root / "data" / "ledger.db"
    for _ in range(3):  # alternated in the same run: the box's load falls on both alike
        core = open_core(root, meta=meta)
        start = time.perf_counter()
        assert core.audit.verify_ledger(core.db).ok
        in_process.append(time.perf_counter() - start)
        core.close()
        raw.append(raw_verify_s(ledger))
    out["verify_in_process_s"] = round(min(in_process), 3)
    out["verify_raw_sqlite3_s"] = round(min(raw), 3)
    out["verify_over_raw"] = round(min(in_process) / min(raw), 3)

    core = open_core(root, meta=meta)
    mon = core.monitoring
    mon.worker.stop()
    incremental = core.audit.verify_ledger
    out["audit_verify_incremental_ms"] = _median_ms(lambda: incremental(core.db, incremental=True))
    out["monitor_stats_counts_ms"] = _median_ms(lambda: mon.transaction_volumes(DAY_MS))
    out["operations_chart_ms"] = _median_ms(lambda: mon.transaction_series(HOUR_MS, bucket_ms=MINUTE_MS))
    # The scheduled deep checks first (as the worker or the GUI's start runs them), so a health run
    # shows their last results; and one run to build the chain layer its node check uses.
    out["quick_check_scheduled_ms"] = _median_ms(lambda: mon.check_health(["database"]), n=3)
    mon.check_audit_chain()
    mon.check_health()
    out["health_run_ms"] = _median_ms(mon.check_health)

    def first_look() -> None:  # what the Monitoring tab reads on its first visit (core side)
        mon.check_health()
        mon.operation_stats(HOUR_MS)
        for stat in ("p50", "p95"):
            mon.latency_series(None, HOUR_MS, stat=stat)
        mon.throughput_series(None, HOUR_MS)
        mon.error_rate_series(None, HOUR_MS)
        mon.transaction_series(HOUR_MS, bucket_ms=MINUTE_MS)

    out["monitoring_first_look_ms"] = _median_ms(first_look, n=5)
    quote = meta["quote"]
    profile_id = meta["profile_id"]
    out["holdings_value_series_24h_ms"] = _median_ms(
        lambda: mon.holdings_value_series(quote, DAY_MS, profile_id=profile_id)
    )
    out |= _holdings_share(core, ledger)
    core.close()
    return out


def _holdings_share(core: Any, ledger: Path) -> dict[str, Any]:
    def rows_and_share() -> tuple[int, float]:
        with sqlite3.connect(ledger) as conn:
            rows = conn.execute("SELECT count(*) FROM monitor_holdings").fetchone()[0]
            pages = conn.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%monitor_holdings%'"
            ).fetchone()
            total = conn.execute("SELECT sum(pgsize) FROM dbstat").fetchone()[0]
        conn.close()
        return int(rows), round((pages[0] or 0) / total, 4)

    rows_before, share_before = rows_and_share()
    start = time.perf_counter()
    report = core.monitoring.compact()
    compact_s = time.perf_counter() - start
    rows_after, share_after = rows_and_share()
    return {
        "holdings_rows_without_retention": rows_before,
        "holdings_share_without_retention": share_before,
        "holdings_rows": rows_after,
        "holdings_share_of_file": share_after,
        "retention_first_compact_s": round(compact_s, 2),
        "holdings_snapshots_removed": report.holdings_removed,
    }


#: metric -> (floor, target): the growth the work itself must have, and the bound of the issue.
SIZE_RATIO = "size ratio"
METRICS: dict[str, tuple[str | float, str | float]] = {
    "full_verify_s": (SIZE_RATIO, "linear: background, never blocks"),
    "swap_during_verify_ms": (1.0, "one ordinary commit (swap_alone_ms)"),
    "swap_alone_ms": (1.0, "-"),
    "verify_in_process_s": (SIZE_RATIO, "linear"),
    "verify_over_raw": (1.0, "<= 1.3 (a ratio, at each size)"),
    "audit_verify_incremental_ms": (1.0, 1.5),
    "monitor_stats_counts_ms": (1.0, 1.5),
    "operations_chart_ms": (1.0, 1.5),
    "health_run_ms": (1.0, 1.5),
    "quick_check_scheduled_ms": (SIZE_RATIO, "linear: background, daily"),
    "monitoring_first_look_ms": (1.0, 1.5),
    "holdings_value_series_24h_ms": (1.0, 1.5),
    "holdings_rows": (1.0, "bounded by retention"),
    "holdings_share_of_file": (1.0, "< 0.05"),
    "audit_export_json_peak_rss_mb": (1.0, "flat"),
    "audit_export_output_peak_rss_mb": (1.0, "flat"),
}


def table(small: dict[str, Any], big: dict[str, Any], size_ratio: float) -> dict[str, Any]:
    rows = {}
    for name, (floor, target) in METRICS.items():
        if name not in small or name not in big:
            continue
        a, b = small[name], big[name]
        rows[name] = {
            "small": a,
            "big": b,
            "growth": round(b / a, 2) if a else None,
            "floor": round(size_ratio, 1) if floor == SIZE_RATIO else floor,
            "target": target,
        }
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000, help="operations of the small ledger")
    parser.add_argument("--clones", type=int, default=9, help="older copies in front of the big one")
    parser.add_argument("--rebuild", action="store_true", help="build the cached ledgers again")
    parser.add_argument("--skip-cli", action="store_true")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    small_root = CACHE / f"small-{args.small}"
    big_root = CACHE / f"big-{args.small}x{args.clones + 1}"
    built = {}
    if args.rebuild or not (small_root / "meta.json").exists():
        shutil.rmtree(small_root, ignore_errors=True)
        start = time.perf_counter()
        build_small(small_root, args.small, random.Random(17))
        built["small_build_s"] = round(time.perf_counter() - start, 1)
    if args.rebuild or not (big_root / "meta.json").exists():
        shutil.rmtree(big_root, ignore_errors=True)
        start = time.perf_counter()
        build_big(small_root, big_root, args.clones)
        built["big_build_s"] = round(time.perf_counter() - start, 1)
    results = {}
    for label, cached in (("small", small_root), ("big", big_root)):
        work = CACHE / f"work-{label}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(cached, work)  # measuring writes (checkpoint, compaction): never the cache
        meta = json.loads((work / "meta.json").read_text())
        print(f"[scale] measuring {label}: {meta['operations']} operations", file=sys.stderr)
        results[label] = {"operations": meta["operations"], "file_mb": _file_mb(work)}
        if not args.skip_cli:
            results[label] |= measure_cli(work, meta)
        results[label] |= measure_core(work, meta)
        shutil.rmtree(work, ignore_errors=True)
    ratio = results["big"]["operations"] / results["small"]["operations"]
    print(
        json.dumps(
            {
                "machine": {
                    "cpus": os.cpu_count(),
                    "sqlite": sqlite3.sqlite_version,
                    "loadavg": os.getloadavg(),
                },
                "built": built,
                "sizes": {k: v["operations"] for k, v in results.items()},
                "table": table(results["small"], results["big"], ratio),
                "small": results["small"],
                "big": results["big"],
            },
            indent=2,
        )
    )


def _file_mb(root: Path) -> float:
    return round((root / "data" / "ledger.db").stat().st_size / 2**20, 1)


if __name__ == "__main__":
    main()
