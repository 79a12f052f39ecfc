"""What recording metrics costs a swap: swaps with monitoring on vs off, plus the parts on their own.

Run: ``.venv/bin/python -m bench.monitoring_overhead [--swaps N] [--rounds R] [--audit-entries N]``.
Prints one JSON object. The target (issue: monitoring core) is an overhead under 5% of a swap's
time. It also times each health check (without the node) on a long audit log, full vs incremental.

Swaps run in adjacent blocks with recording off and on (the order flips every pair) on the same
ledger; the end-to-end overhead is the median over pairs of on/off - 1, so slow drifts of a
shared disk cancel. An "on" block includes writing its points (one flush, one transaction), so
batching is paid for where it happens; the background thread is stopped for the measurement.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit import Category
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.instrumentation import OperationSample
from qenex_desktop.core.monitoring import MonitoringService
from qenex_desktop.core.security.keyring_store import _plaintext_file_backend

PASSWORD = "lantern orbit velvet 42"


def _core(root: Path) -> QenexCore:
    config = AppConfig(
        data_dir=root / "data",
        security=SecuritySettings(argon2=Argon2Parameters.fast_for_tests()),
        keyring_file=root / "keyring" / "keyring.cfg",
    )
    return QenexCore(config, keyring_backend=_plaintext_file_backend(config.keyring_file), log_to_file=False)


def _swaps(core: QenexCore, count: int) -> float:
    """Seconds for ``count`` swaps, alternating direction so the pool stays near its price."""
    ex = core.exchange
    start = time.perf_counter()
    for i in range(count):
        if i % 2 == 0:
            ex.swap_exact_in("AAA", "BBB", "1", 0)
        else:
            ex.swap_exact_in("BBB", "AAA", "2", 0)
    return time.perf_counter() - start


def _listener_cost(monitoring: MonitoringService, samples: int = 20_000) -> tuple[float, float]:
    """(us per recorded sample on the caller's thread, us per point to write a batch)."""
    recorder = monitoring.recorder
    sample = OperationSample("bench.op", 1_700_000_000_000, 0.004, "ok")
    start = time.perf_counter()
    for _ in range(samples):
        recorder(sample)
    listen_us = (time.perf_counter() - start) / samples * 1e6
    start = time.perf_counter()
    written = 0
    while recorder.pending:
        written += recorder.flush()
    flush_us = (time.perf_counter() - start) / max(written, 1) * 1e6
    return listen_us, flush_us


def _health_costs(core: QenexCore, entries: int) -> dict[str, float]:
    """ms for each health check (no node) on a ledger with ``entries`` more audit entries, and the
    audit check full vs incremental (100 new entries after a verified checkpoint)."""
    with core.db.write() as session:
        for i in range(entries):
            core.audit.append(
                session, category=Category.SECURITY, event="bench.filler", actor=None, details={"i": i}
            )
    monitoring = core.monitoring
    out: dict[str, float] = {}
    start = time.perf_counter()
    monitoring.check_health(["audit"], full_audit=True)
    out["audit_full_ms"] = (time.perf_counter() - start) * 1000
    with core.db.write() as session:
        for i in range(100):
            core.audit.append(
                session, category=Category.SECURITY, event="bench.filler", actor=None, details={"i": i}
            )
    start = time.perf_counter()
    monitoring.check_health(["audit"])
    out["audit_incremental_100_new_ms"] = (time.perf_counter() - start) * 1000
    for name in ("database", "schema", "keyring"):
        start = time.perf_counter()
        monitoring.check_health([name])
        out[f"{name}_ms"] = (time.perf_counter() - start) * 1000
    return {k: round(v, 2) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=40, help="pairs of blocks (off, on)")
    parser.add_argument("--block", type=int, default=20, help="swaps per block")
    parser.add_argument(
        "--audit-entries", type=int, default=20_000, help="audit log size for the health timings"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qenex-bench-") as tmp:
        core = _core(Path(tmp))
        try:
            core.auth.create_profile("bench", PASSWORD)
            core.auth.login("bench", PASSWORD)
            ex = core.exchange
            ex.create_token("AAA", "Token A", 18, "1000000000")
            ex.create_token("BBB", "Token B", 6, "1000000000")
            ex.create_pool("AAA", "BBB", "1000000", "2000000", fee_bps=30)
            monitoring = core.monitoring
            monitoring.worker.stop()  # flushes are paid inside the "on" blocks, not in the background
            recorder = monitoring.recorder
            _swaps(core, 20)  # warm-up: imports, caches, the WAL
            off: list[float] = []
            on: list[float] = []
            ratios: list[float] = []
            for pair in range(args.pairs):
                timings: dict[bool, float] = {}
                for recording in (False, True) if pair % 2 == 0 else (True, False):
                    recorder.enabled = recording
                    start = time.perf_counter()
                    _swaps(core, args.block)
                    if recording:
                        recorder.flush()  # this block's points, one transaction
                    timings[recording] = (time.perf_counter() - start) / args.block
                off.append(timings[False])
                on.append(timings[True])
                ratios.append(timings[True] / timings[False])
            recorder.enabled = True
            listen_us, flush_us = _listener_cost(monitoring)
            recorded = {s.operation: s.count for s in monitoring.operation_stats(24 * 3_600_000)}
            health = _health_costs(core, args.audit_entries)
        finally:
            core.close()
    off_ms = statistics.median(off) * 1000
    on_ms = statistics.median(on) * 1000
    per_swap_us = listen_us + flush_us  # one swap = one recorded sample
    print(
        json.dumps(
            {
                "benchmark": "monitoring_overhead",
                "pairs": args.pairs,
                "swaps_per_block": args.block,
                "swap_ms_recording_off_median": round(off_ms, 3),
                "swap_ms_recording_off_min": round(min(off) * 1000, 3),
                "swap_ms_recording_on_min": round(min(on) * 1000, 3),
                "swap_ms_recording_on_median": round(on_ms, 3),
                "overhead_percent_end_to_end": round((statistics.median(ratios) - 1) * 100, 2),
                # The spread of on/off over pairs: how much of the figure above is the machine's noise.
                "overhead_percent_pairs_q1_q3": [
                    round((q - 1) * 100, 2) for q in statistics.quantiles(ratios, n=4)[0::2]
                ],
                "listener_us_per_call": round(listen_us, 3),
                "flush_us_per_point": round(flush_us, 3),
                "overhead_percent_of_swap_from_parts": round(per_swap_us / (off_ms * 1000) * 100, 3),
                "swaps_recorded": recorded.get("exchange.swap", 0),
                "target_percent": 5,
                "audit_entries": args.audit_entries,
                "health_check_ms": health,
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
