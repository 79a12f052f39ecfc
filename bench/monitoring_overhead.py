"""What recording metrics costs a swap: swaps with monitoring on vs off, plus the parts on their own.

Run: ``.venv/bin/python -m bench.monitoring_overhead [--swaps N] [--rounds R]``. Prints one JSON
object. The target (issue: monitoring core) is an overhead under 5% of a swap's time.

Each round runs swaps off and on (the order flips every round) on the same ledger, so disk and
cache effects hit both alike; medians over rounds damp the noise of a shared machine. The "on"
time of a round includes writing that round's points (the final flush), so batching is paid for.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from qenex_desktop.core.app import QenexCore
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--swaps", type=int, default=200, help="swaps per round")
    parser.add_argument("--rounds", type=int, default=5)
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
            monitoring.stop()
            _swaps(core, 20)  # warm-up: imports, caches, the WAL
            off: list[float] = []
            on: list[float] = []
            for round_no in range(args.rounds):
                for recording in (False, True) if round_no % 2 == 0 else (True, False):
                    if not recording:
                        off.append(_swaps(core, args.swaps) / args.swaps)
                        continue
                    monitoring.start()
                    start = time.perf_counter()
                    _swaps(core, args.swaps)
                    monitoring.stop()  # stops the worker and writes what is left: paid by this round
                    on.append((time.perf_counter() - start) / args.swaps)
            listen_us, flush_us = _listener_cost(monitoring)
            recorded = {s.operation: s.count for s in monitoring.operation_stats(24 * 3_600_000)}
        finally:
            core.close()
    off_ms = statistics.median(off) * 1000
    on_ms = statistics.median(on) * 1000
    per_swap_us = listen_us + flush_us  # one swap = one recorded sample
    print(
        json.dumps(
            {
                "benchmark": "monitoring_overhead",
                "swaps_per_round": args.swaps,
                "rounds": args.rounds,
                "swap_ms_recording_off_median": round(off_ms, 3),
                "swap_ms_recording_off_all": [round(v * 1000, 3) for v in off],
                "swap_ms_recording_on_all": [round(v * 1000, 3) for v in on],
                "swap_ms_recording_on_median": round(on_ms, 3),
                "overhead_percent_end_to_end": round((on_ms - off_ms) / off_ms * 100, 2),
                "listener_us_per_call": round(listen_us, 3),
                "flush_us_per_point": round(flush_us, 3),
                "overhead_percent_of_swap_from_parts": round(per_swap_us / (off_ms * 1000) * 100, 3),
                "swaps_recorded": recorded.get("exchange.swap", 0),
                "target_percent": 5,
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
