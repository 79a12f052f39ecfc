"""Local exchange speed: quotes, committed swaps, and the same SQL in raw sqlite3 as the floor.

Run: ``.venv/bin/python -m bench.exchange_throughput [--swaps N] [--quotes N]``. Prints one JSON object.

Targets (issue: local exchange): at least 200,000 quotes/s (the pure AMM function the GUI calls
per keystroke; the service's ``quote_swap`` with its database read is reported too); at least
3,000 swaps/s, each committed on its own with its audit entry, p99 under 5 ms; and within 3x of
raw ``sqlite3`` running the very statements one swap runs (captured from SQLAlchemy during a real
swap, replayed with the same parameters, same pragmas, a commit per swap), in the same run.
The ledger runs as shipped: WAL, ``synchronous=FULL`` (each commit is on disk before it returns).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from qenex_desktop.core import amm
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.security.keyring_store import _plaintext_file_backend

PASSWORD = "lantern orbit velvet 42"


def _core(root: Path) -> QenexCore:
    config = AppConfig(
        data_dir=root / "data",
        security=SecuritySettings(argon2=Argon2Parameters.fast_for_tests()),
        keyring_file=root / "keyring" / "keyring.cfg",
    )
    return QenexCore(config, keyring_backend=_plaintext_file_backend(config.keyring_file), log_to_file=False)


def _percentiles(samples_s: list[float], scale: float) -> dict[str, float]:
    ordered = sorted(samples_s)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * scale, 3)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1] * scale, 3)}


def _timed(call: Callable[[], Any], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def bench_amm(seconds: float = 1.0) -> dict[str, Any]:
    reserve_in, reserve_out = 1_000 * 10**18, 2_000 * 10**6
    count = 0
    amount = 10**18
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(1000):
            amm.get_amount_out(amount, reserve_in, reserve_out, 30)
        count += 1000
    elapsed = time.perf_counter() - start
    return {"quotes_per_s": round(count / elapsed), "us_per_quote": round(elapsed / count * 1e6, 3)}


class _Recorder:
    """Every statement the two engines run, in order, with commits as markers."""

    def __init__(self, core: QenexCore) -> None:
        self.log: list[tuple[str, str, Any]] = []
        self.active = False
        for name, engine in (("write", core.db.write_engine), ("read", core.db.read_engine)):
            event.listen(engine, "before_cursor_execute", self._statement(name))
            event.listen(engine, "commit", self._commit(name))
            event.listen(engine, "rollback", self._rollback(name))

    def _statement(self, name: str) -> Callable[..., None]:
        def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
            if self.active:
                self.log.append((name, statement, parameters))

        return record

    def _commit(self, name: str) -> Callable[..., None]:
        def record(conn: Any) -> None:
            if self.active:
                self.log.append((name, "COMMIT", ()))

        return record

    def _rollback(self, name: str) -> Callable[..., None]:
        def record(conn: Any) -> None:
            if self.active:
                self.log.append((name, "ROLLBACK", ()))

        return record


def _raw_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def bench_raw(
    ledger: Path, statements: list[tuple[str, str, Any]], n: int, first_audit_id: int
) -> list[float]:
    """Replay one swap's statements ``n`` times; the audit entry's id is the only value changed."""
    conns = {"write": _raw_connection(ledger), "read": _raw_connection(ledger)}
    audit_id = first_audit_id
    samples = []
    try:
        for _ in range(n):
            start = time.perf_counter()
            for name, sql, params in statements:
                conn = conns[name]
                if sql in ("COMMIT", "ROLLBACK"):
                    if conn.in_transaction:
                        conn.execute(sql)
                    continue
                if sql.startswith("INSERT INTO audit_log"):
                    params = (audit_id, *params[1:])
                    audit_id += 1
                conn.execute(sql, params).fetchall()
            samples.append(time.perf_counter() - start)
    finally:
        for conn in conns.values():
            conn.close()
    return samples


def bench_commit(ledger: Path, n: int = 300) -> dict[str, float]:
    """One tiny write + commit in raw sqlite3: what the disk's fsync costs right now."""
    conn = _raw_connection(ledger)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_tick (id INTEGER PRIMARY KEY, n INTEGER)")
        conn.execute("INSERT OR REPLACE INTO bench_tick VALUES (1, 0)")
        samples = []
        for i in range(n):
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE bench_tick SET n = ? WHERE id = 1", (i,))
            conn.execute("COMMIT")
            samples.append(time.perf_counter() - start)
    finally:
        conn.close()
    return _percentiles(samples, 1e3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--swaps", type=int, default=1000)
    parser.add_argument("--quotes", type=int, default=2000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="qenex-bench-exchange-"))
    try:
        core = _core(root)
        core.auth.create_profile("bench", PASSWORD)
        core.auth.login("bench", PASSWORD)
        ex = core.exchange
        for symbol, decimals in (("USD", 6), ("QXC", 18), ("ETH", 18), ("BTC", 8)):
            ex.create_token(symbol, symbol, decimals, "1000000000")
        ex.create_pool("USD", "QXC", "10000000", "5000000")
        ex.create_pool("QXC", "ETH", "1000000", "1000")
        ex.create_pool("ETH", "BTC", "10000", "500")

        quote_direct = _timed(lambda: ex.quote_swap("USD", "QXC", amount_in="12.5"), args.quotes)
        quote_routed = _timed(lambda: ex.quote_swap("USD", "BTC", amount_in="12.5"), args.quotes // 2)

        for _ in range(50):  # warm caches and statement caches
            ex.swap_exact_in("USD", "QXC", "1.5", 0)
        recorder = _Recorder(core)
        recorder.active = True
        ex.swap_exact_in("USD", "QXC", "1.5", 0)
        recorder.active = False
        statements = list(recorder.log)

        direction = [("USD", "QXC", "1.5"), ("QXC", "USD", "0.7")]
        counter = iter(range(10**9))
        swap_samples = _timed(lambda: ex.swap_exact_in(*direction[next(counter) % 2], 0), args.swaps)

        with core.db.read() as session:
            from sqlalchemy import func, select

            from qenex_desktop.core.db.models import AuditEntry

            next_audit = (session.scalar(select(func.max(AuditEntry.id))) or 0) + 1
        ledger = core.config.database_path
        core.close()
        raw_samples = bench_raw(ledger, statements, args.swaps, next_audit)
        commit_ms = bench_commit(ledger)

        swap_total = sum(swap_samples)
        raw_total = sum(raw_samples)
        amm_result = bench_amm()
        result = {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "sqlite": sqlite3.sqlite_version,
                "synchronous": core.config.database.synchronous,
            },
            "raw_sqlite3_one_row_commit_ms": commit_ms,
            "amm_get_amount_out": amm_result,
            "quote_swap_direct_us": _percentiles(quote_direct, 1e6),
            "quote_swap_direct_per_s": round(len(quote_direct) / sum(quote_direct)),
            "quote_swap_3_hops_us": _percentiles(quote_routed, 1e6),
            "swap_exact_in": {
                "n": len(swap_samples),
                "per_s": round(len(swap_samples) / swap_total),
                "latency_ms": _percentiles(swap_samples, 1e3),
            },
            "raw_sqlite3_same_statements": {
                "statements_per_swap": sum(
                    1 for _n, sql, _p in statements if sql not in ("COMMIT", "ROLLBACK")
                ),
                "commits_per_swap": sum(1 for _n, sql, _p in statements if sql == "COMMIT"),
                "per_s": round(len(raw_samples) / raw_total),
                "latency_ms": _percentiles(raw_samples, 1e3),
            },
            "swap_time_over_raw_sqlite3": round(
                statistics.median(swap_samples) / statistics.median(raw_samples), 2
            ),
        }
        result["targets"] = {
            "quotes_per_s_200k": amm_result["quotes_per_s"] >= 200_000,
            "swaps_per_s_3000": result["swap_exact_in"]["per_s"] >= 3_000,  # type: ignore[index]
            "swap_p99_under_5ms": result["swap_exact_in"]["latency_ms"]["p99"] < 5,  # type: ignore[index]
            "within_3x_of_raw_sqlite3": result["swap_time_over_raw_sqlite3"] <= 3,  # type: ignore[operator]
        }
        print(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
