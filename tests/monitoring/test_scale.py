"""Years of history at the cost of a day (issue 17): windowed reads use indexes, the quick check
runs on a schedule, holdings are downsampled like the other metrics, exports stream.

Timings live in ``bench/scale.py``; these pin the mechanisms (query plans, what runs when, what
is kept, memory that does not grow with the history)."""

from __future__ import annotations

import contextlib
import io
import sqlite3
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from qenex_desktop.cli.context import CliContext
from qenex_desktop.cli.main import execute, parse
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit import Category
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.db.models import ChainPool, ExchangeToken, HoldingSnapshot, Profile
from qenex_desktop.core.monitoring import MonitoringSettings, Status, holdings, retention
from qenex_desktop.core.monitoring.settings import DAY_MS, HOUR_MS, MINUTE_MS
from qenex_desktop.core.monitoring.transactions import chain_records, local_records
from tests.conftest import STRONG_PASSWORD
from tests.query_plans import read_statements

# -- query plans -------------------------------------------------------------------------------


def _plans(core: QenexCore, statements: list[tuple[str, Any]], table: str) -> list[str]:
    """The query plan of each statement that reads ``table``, one text per statement."""
    plans = []
    with sqlite3.connect(core.config.database_path) as raw:
        for statement, parameters in statements:
            if f"FROM {table}" not in statement and f"JOIN {table}" not in statement:
                continue
            rows = raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            plans.append(" | ".join(str(row[-1]) for row in rows))
    raw.close()
    return plans


def _window(core: QenexCore, read: Callable[[Any, int, int], Iterator[Any]]) -> Callable[[], object]:
    now = core.clock.now_ms()

    def run() -> object:
        with core.db.read() as session:
            return list(read(session, now - HOUR_MS, now))

    return run


def test_the_money_count_of_a_window_reads_the_audit_log_by_category_and_time(
    logged_in_core: QenexCore,
) -> None:
    plans = _plans(
        logged_in_core, read_statements(logged_in_core, _window(logged_in_core, local_records)), "audit_log"
    )
    assert len(plans) == 1
    assert (
        "USING INDEX ix_audit_log_category_created (category=? AND created_at>? AND created_at<?)" in plans[0]
    )
    assert "SCAN audit_log" not in plans[0]


def test_the_chain_count_of_a_window_reads_chain_transactions_by_time(logged_in_core: QenexCore) -> None:
    plans = _plans(
        logged_in_core,
        read_statements(logged_in_core, _window(logged_in_core, chain_records)),
        "chain_transactions",
    )
    assert len(plans) == 1
    assert "USING INDEX ix_chain_transactions_created (created_at>? AND created_at<?)" in plans[0]
    assert "SCAN chain_transactions" not in plans[0]


def test_the_holdings_value_reads_only_the_windows_price_points(logged_in_core: QenexCore) -> None:
    ex = logged_in_core.exchange
    ex.create_token("AAA", "Token A", 18, "1000000")
    ex.create_token("BBB", "Token B", 6, "1000000")
    ex.create_pool("AAA", "BBB", "1000", "2000")
    ex.swap_exact_in("AAA", "BBB", "1", 0)
    monitoring = logged_in_core.monitoring
    monitoring.sample_holdings()
    statements = read_statements(logged_in_core, lambda: monitoring.holdings_value_series("BBB", HOUR_MS))
    plans = _plans(logged_in_core, statements, "exchange_price_points")
    assert len(plans) == 2  # the opening price of the one pool, the moves of the window
    for plan in plans:
        assert "USING INDEX ix_exchange_price_points_pool_time (pool_id=? AND created_at" in plan
        assert "SCAN exchange_price_points" not in plan
    holdings_plans = _plans(logged_in_core, statements, "monitor_holdings")
    assert holdings_plans and all("SCAN monitor_holdings" not in plan for plan in holdings_plans)


def test_an_on_chain_pool_window_reads_its_indexed_events_by_pool_and_time(logged_in_core: QenexCore) -> None:
    """The Pools page's window of an indexed V2 pool (issue 16) walks no whole table."""
    core = logged_in_core
    network = core.chain.network()
    now = core.clock.now_ms()
    with core.db.write() as session:
        pool = ChainPool(
            network_id=network.id, genesis_hash="0x" + "ab" * 32, stale=False, pair_address="0x" + "11" * 20,
            token0_address="0x" + "22" * 20, token1_address="0x" + "33" * 20, symbol0="QXC", symbol1="ETH",
            decimals0=18, decimals1=18, base_is_token0=True, next_block=0, created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(pool)
        session.flush()
        pool_id = pool.id
    statements = read_statements(core, lambda: core.monitoring.pool_summary(pool_id, HOUR_MS, venue="chain"))
    plans = _plans(core, statements, "chain_pool_events")
    assert len(plans) == 2, plans  # the point before the window, then the window
    for plan in plans:
        assert "USING INDEX ix_chain_pool_events_pool_time (pool_id=? AND created_at" in plan, plan
        assert "SCAN chain_pool_events" not in plan


def test_the_incremental_audit_check_reads_no_whole_table(logged_in_core: QenexCore) -> None:
    """Every health run walks the chain from the checkpoint: it must cost the same at any size
    (it counted every entry, and min and max in one SELECT scanned the table)."""
    core = logged_in_core
    assert core.audit.verify_ledger(core.db).ok  # a checkpoint
    core.auth.logout()  # new entries after it
    statements = read_statements(core, lambda: core.audit.verify_ledger(core.db, incremental=True))
    plans = _plans(core, statements, "audit_log")
    assert plans and all("SCAN audit_log" not in plan for plan in plans), plans
    with sqlite3.connect(core.config.database_path) as raw:  # the walk's own cursor, from the checkpoint
        walk = raw.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE id > ? ORDER BY id", (1,)
        ).fetchall()
    raw.close()
    assert "SEARCH audit_log USING INTEGER PRIMARY KEY (rowid>?)" in str(walk)


def test_the_incremental_check_still_sees_an_entry_deleted_below_the_checkpoint(
    logged_in_core: QenexCore,
) -> None:
    core = logged_in_core
    assert core.audit.verify_ledger(core.db).ok
    with sqlite3.connect(core.config.database_path) as raw:
        raw.execute("DELETE FROM audit_log WHERE id = 1")
    raw.close()
    result = core.audit.verify_ledger(core.db, incremental=True)
    assert not result.ok and result.first_bad_id == 1


# -- the quick check on a schedule -----------------------------------------------------------------


def test_a_health_run_shows_the_last_quick_check_until_a_day_has_passed(
    clocked_core: QenexCore, clock: ManualClock
) -> None:
    monitoring = clocked_core.monitoring
    monitoring.worker.stop()
    first = {r.name: r for r in monitoring.check_health(["database", "schema"])}["database"]
    assert first.status is Status.OK and first.checked_at_ms == clock.now_ms()
    clock.advance(3600)
    again = {r.name: r for r in monitoring.check_health()}["database"]
    assert again == first  # the stored result with its time: quick_check did not run
    named = {r.name: r for r in monitoring.check_health(["database"])}["database"]
    assert named.checked_at_ms == clock.now_ms()  # asked for by name: it runs
    clock.advance(24 * 3600)
    due = {r.name: r for r in monitoring.check_health()}["database"]
    assert due.checked_at_ms == clock.now_ms()  # a day later: it runs again


def test_monitor_health_says_when_the_shown_quick_check_ran(
    clocked_core: QenexCore, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    from qenex_desktop.cli.main import main

    clocked_core.monitoring.check_health(["database"])
    ran = datetime.fromtimestamp(clock.now_ms() / 1000, tz=UTC).isoformat(timespec="seconds")
    clocked_core.close()
    assert main(["--data-dir", str(clocked_core.config.data_dir), "monitor", "health", "--last"]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("database")]
    assert line.endswith(f"(quick check at {ran})")


def test_the_worker_runs_the_quick_check_when_it_is_due(clocked_core: QenexCore, clock: ManualClock) -> None:
    monitoring = clocked_core.monitoring
    monitoring.worker.stop()
    (task,) = [t for t in monitoring.worker.tasks if t.name == "the full audit check"]
    task.run()
    first = {r.name: r for r in monitoring.health()}["database"]
    assert first.checked_at_ms == clock.now_ms()
    clock.advance(3600)
    task.run()
    assert {r.name: r for r in monitoring.health()}["database"] == first
    clock.advance(24 * 3600)
    task.run()
    assert {r.name: r for r in monitoring.health()}["database"].checked_at_ms == clock.now_ms()


# -- holdings retention ----------------------------------------------------------------------------


def _profile_id(core: QenexCore) -> int:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    with core.db.read() as session:
        found = session.scalar(select(Profile.id).where(Profile.username == "alice"))
    assert found is not None
    return int(found)


def _store_snapshots(core: QenexCore, profile_id: int, times: list[int]) -> None:
    with core.db.write() as session:
        for n, t_ms in enumerate(times):
            for symbol in ("AAA", "BBB"):
                session.add(HoldingSnapshot(profile_id=profile_id, t_ms=t_ms, symbol=symbol, amount=n + 1))


def _snapshot_times(core: QenexCore) -> list[int]:
    with core.db.read() as session:
        return list(session.scalars(select(HoldingSnapshot.t_ms).distinct().order_by(HoldingSnapshot.t_ms)))


def test_holdings_are_thinned_to_the_last_of_each_minute_then_hour_then_pruned(
    clocked_core: QenexCore, clock: ManualClock
) -> None:
    clocked_core.monitoring.worker.stop()
    profile_id = _profile_id(clocked_core)
    now = clock.now_ms() - clock.now_ms() % HOUR_MS
    settings = MonitoringSettings(compact_chunk=7)  # small chunks: buckets cut by a chunk's end
    # Every 20 s for two hours at each age: fresh, two days old (minute tier), 30 days old (hour
    # tier), 400 days old (past the hour retention).
    ages = [0, 2 * DAY_MS, 30 * DAY_MS, 400 * DAY_MS]
    times = sorted(now - age - 2 * HOUR_MS + 20_000 * i for age in ages for i in range(360))
    _store_snapshots(clocked_core, profile_id, times)
    before = {t: _held(clocked_core, profile_id, t) for t in times}

    removed = retention.compact(clocked_core.db, now, settings).holdings_removed

    kept = _snapshot_times(clocked_core)
    raw_cut = now - settings.raw_retention_ms
    minute_cut = now - settings.minute_retention_ms
    hour_cut = now - settings.hour_retention_ms
    assert [t for t in kept if t >= raw_cut] == [t for t in times if t >= raw_cut]  # raw: all kept
    minute_tier = [t for t in times if minute_cut <= t < raw_cut]
    assert [t for t in kept if minute_cut <= t < raw_cut] == _last_per(minute_tier, MINUTE_MS)
    hour_tier = [t for t in times if hour_cut <= t < minute_cut]
    assert [t for t in kept if hour_cut <= t < minute_cut] == _last_per(hour_tier, HOUR_MS)
    assert [t for t in kept if t < hour_cut] == [max(t for t in times if t < hour_cut)]
    assert removed == len(times) - len(kept)
    for t in kept:  # each kept snapshot still says what was held from its time on
        assert _held(clocked_core, profile_id, t) == before[t]
    assert retention.compact(clocked_core.db, now, settings).holdings_removed == 0  # nothing left to do


def _last_per(times: list[int], step_ms: int) -> list[int]:
    last: dict[int, int] = {}
    for t in times:
        last[t - t % step_ms] = t
    return sorted(last.values())


def _held(core: QenexCore, profile_id: int, t_ms: int) -> dict[str, int]:
    with core.db.read() as session:
        rows = session.execute(
            select(HoldingSnapshot.symbol, HoldingSnapshot.amount).where(
                HoldingSnapshot.profile_id == profile_id, HoldingSnapshot.t_ms == t_ms
            )
        ).all()
    return {symbol: int(amount) for symbol, amount in rows}


def test_the_holdings_chart_keeps_its_points_at_the_end_of_each_bucket(
    clocked_core: QenexCore, clock: ManualClock
) -> None:
    """Two days back, the value chart after retention has one point per minute, each equal to the
    value before retention at that moment."""
    clocked_core.monitoring.worker.stop()
    profile_id = _profile_id(clocked_core)
    with clocked_core.db.write() as session:
        session.add(ExchangeToken(symbol="AAA", name="A", decimals=0, total_supply=0, created_at=0))
    now = clock.now_ms()
    times = [now - 2 * DAY_MS + 15_000 * i for i in range(40)]
    with clocked_core.db.write() as session:
        for n, t_ms in enumerate(times):
            session.add(HoldingSnapshot(profile_id=profile_id, t_ms=t_ms, symbol="AAA", amount=n + 1))
    window = 3 * DAY_MS
    before = dict(holdings.value_series(clocked_core.db, now, profile_id, "AAA", window).points)
    retention.compact(clocked_core.db, now, MonitoringSettings())
    after = holdings.value_series(clocked_core.db, now, profile_id, "AAA", window).points
    assert [t for t, _ in after] == _last_per(times, MINUTE_MS)
    assert all(before[t] == value for t, value in after)


# -- streaming export ------------------------------------------------------------------------------


def _fill(core: QenexCore, entries: int) -> None:
    with core.db.write() as session:
        for n in range(entries):
            core.audit.append(
                session,
                category=Category.MONEY,
                event="bench.entry",
                actor="alice",
                details={"n": n, "pad": "x" * 200},
            )


class _Sink(io.TextIOBase):
    """Standard output that keeps nothing, counting what it was given."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def _export_peak(core: QenexCore, argv: list[str]) -> tuple[int, int]:
    ctx = CliContext(data_dir=str(core.config.data_dir), json="--json" in argv)
    ctx.__dict__["core"] = core  # the test's core (same ledger), so only the export is measured
    args = parse(argv)
    sink = _Sink()
    tracemalloc.start()
    try:
        with contextlib.redirect_stdout(sink):  # text mode writes to standard output itself
            assert execute(ctx, args, sink) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sink.chars


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "audit", "export", "--format", "jsonl"],
        ["--json", "audit", "export", "--format", "csv"],
        ["audit", "export", "--format", "jsonl"],
    ],
)
def test_an_export_streams_its_memory_does_not_grow_with_the_history(
    core: QenexCore, argv: list[str]
) -> None:
    core.monitoring.worker.stop()
    _fill(core, 1_000)
    small_peak, small_chars = _export_peak(core, argv)
    _fill(core, 9_000)
    big_peak, big_chars = _export_peak(core, argv)
    assert big_chars > 9 * small_chars  # ten times the entries were written...
    assert big_peak < 2 * small_peak + 256 * 1024  # ...in about the same memory
    assert big_peak < 2 * 1024 * 1024  # (the text alone is over 4 MB)
    assert big_chars > 4 * 1024 * 1024


def test_the_streamed_json_export_is_the_object_json_dumps_would_print(core: QenexCore) -> None:
    import json

    _fill(core, 50)
    ctx = CliContext(data_dir=str(core.config.data_dir), json=True)
    ctx.__dict__["core"] = core
    out = io.StringIO()
    assert execute(ctx, parse(["--json", "audit", "export", "--format", "csv"]), out) == 0
    with core.db.read() as session:
        text = core.audit.export_text(session, "csv")
    assert out.getvalue() == json.dumps({"ok": True, "entries": 50, "content": text}, sort_keys=True) + "\n"
