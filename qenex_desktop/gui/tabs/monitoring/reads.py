"""What each Monitoring page shows, read in one background operation (worker thread, no widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qenex_desktop.core.monitoring.settings import HOUR_MS, MINUTE_MS

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.monitoring import HealthStatus, OperationStats, Series
    from qenex_desktop.core.monitoring.pools import PoolHistory, PoolRef, PoolSummary, Venue

#: The windows a person can pick: (label, milliseconds).
WINDOWS = (
    ("15 minutes", 15 * MINUTE_MS),
    ("1 hour", HOUR_MS),
    ("6 hours", 6 * HOUR_MS),
    ("24 hours", 24 * HOUR_MS),
)
ALL_OPERATIONS = ""
SYSTEM_CHARTS = ("node_latency_ms", "block_height", "cpu_percent", "rss_bytes", "db_bytes", "wal_bytes")


@dataclass(frozen=True)
class HealthData:
    health: list[HealthStatus]
    stats: list[OperationStats]


@dataclass(frozen=True)
class OperationsData:
    now_ms: int
    names: list[str]
    p50: Series
    p95: Series
    throughput: Series
    #: Share of calls that failed (faults: bugs, node errors) and that were refused (the person's).
    errors: Series
    tx_per_minute: Series
    refusals: Series
    #: Calls in the window (of the picked operation, or all) that were refused / faulted.
    refused: int = 0
    faulted: int = 0


@dataclass(frozen=True)
class SystemData:
    now_ms: int
    series: dict[str, Series]


@dataclass(frozen=True)
class PoolsData:
    now_ms: int
    pools: list[PoolRef]
    history: PoolHistory | None
    summary: PoolSummary | None


def read_health(core: QenexCore, window_ms: int, *, run_checks: bool) -> HealthData:
    monitoring = core.monitoring
    health = monitoring.check_health() if run_checks else monitoring.health()
    return HealthData(health, monitoring.operation_stats(window_ms))


def read_operations(core: QenexCore, window_ms: int, operation: str) -> OperationsData:
    monitoring = core.monitoring
    name = operation or None
    stats = monitoring.operation_stats(window_ms, name)
    return OperationsData(
        core.clock.now_ms(),
        monitoring.operations(),
        monitoring.latency_series(name, window_ms, stat="p50"),
        monitoring.latency_series(name, window_ms, stat="p95"),
        monitoring.throughput_series(name, window_ms),
        monitoring.fault_rate_series(name, window_ms),
        monitoring.transaction_series(window_ms, bucket_ms=MINUTE_MS),
        monitoring.refusal_rate_series(name, window_ms),
        sum(s.refusals for s in stats),
        sum(s.faults for s in stats),
    )


def read_system(core: QenexCore, window_ms: int) -> SystemData:
    monitoring = core.monitoring
    series = {metric: monitoring.system_series(metric, window_ms) for metric in SYSTEM_CHARTS}
    return SystemData(core.clock.now_ms(), series)


def read_pools(core: QenexCore, window_ms: int, key: tuple[Venue, int] | None) -> PoolsData:
    """The pools of both venues; the chosen one's history and summary (the first when it is gone)."""
    monitoring = core.monitoring
    now_ms = core.clock.now_ms()
    pools = monitoring.pools()
    keys = [p.key for p in pools]
    chosen = key if key in keys else (keys[0] if keys else None)
    if chosen is None:
        return PoolsData(now_ms, pools, None, None)
    venue, pool_id = chosen
    return PoolsData(
        now_ms,
        pools,
        monitoring.pool_history(pool_id, window_ms, venue=venue),
        monitoring.pool_summary(pool_id, window_ms, venue=venue),
    )


def valued_in_quote(rows: list[tuple[int, int, int]], history: PoolHistory) -> Series:
    """Per bucket (t, both sides in whole quote tokens, ``PoolRef.base_is_token0``): the other side
    valued at the pool's price at the bucket's end. For drawing only (bars need floats); the summary
    line above the charts stays exact."""
    pool, price = history.pool, history.price  # whole token1 per whole token0
    result: Series = []
    index, last = 0, (price[0][1] if price else 0.0)
    for t_ms, side0, side1 in rows:
        while index < len(price) and price[index][0] <= t_ms + history.bucket_ms:
            last = price[index][1]
            index += 1
        in_token1 = side1 / 10**pool.decimals1 + side0 / 10**pool.decimals0 * last
        result.append((t_ms, in_token1 if pool.base_is_token0 else (in_token1 / last if last else 0.0)))
    return result
