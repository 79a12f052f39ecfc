"""Performance analytics over a window: per-operation latency percentiles, throughput, errors.

A window is ``[now - window_ms, now]``. Raw points inside it count one by one; minute and hour
aggregates count when their bucket starts inside it (an aggregate straddling the window's start
is left out whole). Each call lives in one tier only, so nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select

from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import MetricAggregate, MetricPoint
from qenex_desktop.core.monitoring.histogram import LogHistogram
from qenex_desktop.core.monitoring.retention import floor_to
from qenex_desktop.core.monitoring.settings import MINUTE_MS
from qenex_desktop.core.monitoring.stats import LatencyStats
from qenex_desktop.core.monitoring.types import OperationStats, Series

K = TypeVar("K")

#: Statistics a latency series can show (values in milliseconds).
LATENCY_STATS = ("p50", "p95", "p99", "mean", "max", "min")


def _accumulate(
    database: Database, start_ms: int, end_ms: int, operation: str | None, key: Callable[[str, int], K]
) -> dict[K, LatencyStats]:
    """Every point and aggregate of the window, added up per ``key(operation, t_ms)``."""
    with database.read() as session:
        points = select(
            MetricPoint.operation, MetricPoint.t_ms, MetricPoint.latency_us, MetricPoint.outcome
        ).where(MetricPoint.t_ms >= start_ms, MetricPoint.t_ms <= end_ms)
        aggregates = select(MetricAggregate).where(
            MetricAggregate.bucket_ms >= start_ms, MetricAggregate.bucket_ms <= end_ms
        )
        if operation is not None:
            points = points.where(MetricPoint.operation == operation)
            aggregates = aggregates.where(MetricAggregate.operation == operation)
        rows = session.execute(points).all()
        aggs = session.scalars(aggregates).all()
    result: dict[K, LatencyStats] = {}
    for name, t_ms, latency_us, outcome in rows:
        stats = result.get(k := key(name, t_ms))
        if stats is None:
            stats = result[k] = LatencyStats()
        stats.add_point(latency_us, outcome)
    for agg in aggs:
        stats = result.setdefault(key(agg.operation, agg.bucket_ms), LatencyStats())
        stats.add_aggregate(
            agg.count,
            agg.errors,
            agg.sum_us,
            agg.min_us,
            agg.max_us,
            LogHistogram.decode(agg.histogram),
            refusals=agg.refusals,
        )
    return result


def operation_stats(
    database: Database, now_ms: int, window_ms: int, operation: str | None = None
) -> list[OperationStats]:
    """One row per operation seen in the window, busiest first."""
    by_operation = _accumulate(database, now_ms - window_ms, now_ms, operation, lambda name, _t: name)
    seconds = window_ms / 1000
    result = [
        OperationStats(
            operation=name,
            window_ms=window_ms,
            count=s.count,
            errors=s.errors,
            throughput_per_s=s.count / seconds if seconds else 0.0,
            mean_us=s.mean_us,
            min_us=s.min_us,
            max_us=s.max_us,
            p50_us=s.percentile(50),
            p95_us=s.percentile(95),
            p99_us=s.percentile(99),
            exact=s.exact,
            outcomes=dict(s.outcomes),
            refusals=s.refusals,
            faults=s.faults,
        )
        for name, s in by_operation.items()
    ]
    result.sort(key=lambda r: (-r.count, r.operation))
    return result


def default_bucket_ms(window_ms: int) -> int:
    """About 60-120 points per chart, in whole minutes."""
    return max(MINUTE_MS, floor_to(window_ms // 60, MINUTE_MS))


def _bucketed(
    database: Database, now_ms: int, window_ms: int, operation: str | None, bucket_ms: int
) -> dict[int, LatencyStats]:
    return _accumulate(
        database, now_ms - window_ms, now_ms, operation, lambda _name, t_ms: floor_to(t_ms, bucket_ms)
    )


def _stat(name: str) -> Callable[[LatencyStats], int | None]:
    if name.startswith("p") and name[1:].isdigit():
        p = int(name[1:])
        return lambda s: s.percentile(p)
    if name == "mean":
        return lambda s: s.mean_us
    if name == "max":
        return lambda s: s.max_us
    if name == "min":
        return lambda s: s.min_us
    raise ValueError(f"unknown latency statistic {name!r} (one of {', '.join(LATENCY_STATS)})")


def latency_series(
    database: Database,
    now_ms: int,
    window_ms: int,
    operation: str | None,
    *,
    stat: str = "p95",
    bucket_ms: int | None = None,
) -> Series:
    """(bucket start ms, latency in ms) for buckets that saw calls."""
    pick = _stat(stat)
    step = bucket_ms or default_bucket_ms(window_ms)
    series: Series = []
    for t_ms, stats in sorted(_bucketed(database, now_ms, window_ms, operation, step).items()):
        value = pick(stats)
        if value is not None:
            series.append((t_ms, value / 1000))
    return series


#: Count series over calls that did not end "ok": (LatencyStats attribute, as a share of calls).
_FAILED_SERIES = {
    "errors": ("errors", False),
    "error_rate": ("errors", True),
    "refusals": ("refusals", False),
    "refusal_rate": ("refusals", True),
    "faults": ("faults", False),
    "fault_rate": ("faults", True),
}


def count_series(
    database: Database,
    now_ms: int,
    window_ms: int,
    operation: str | None,
    *,
    what: str = "throughput",
    bucket_ms: int | None = None,
) -> Series:
    """(bucket start ms, value) for every bucket of the window, zeros included.

    what: "throughput" (calls per second), "calls" (per bucket), "errors" (per bucket),
    "error_rate" (errors / calls, 0..1), and the same of refusals and of faults apart:
    "refusals", "refusal_rate", "faults", "fault_rate".
    """
    if what not in ("throughput", "calls", *_FAILED_SERIES):
        raise ValueError(f"unknown count series {what!r}")
    step = bucket_ms or default_bucket_ms(window_ms)
    buckets = _bucketed(database, now_ms, window_ms, operation, step)
    series: Series = []
    t_ms = floor_to(now_ms - window_ms, step)
    while t_ms <= now_ms:
        stats = buckets.get(t_ms)
        calls = stats.count if stats else 0
        if what == "throughput":
            value = calls / (step / 1000)
        elif what == "calls":
            value = float(calls)
        else:
            attribute, share = _FAILED_SERIES[what]
            failed: int = getattr(stats, attribute) if stats else 0
            value = (failed / calls if calls else 0.0) if share else float(failed)
        series.append((t_ms, value))
        t_ms += step
    return series


def operation_names(database: Database) -> list[str]:
    """Every operation that has a stored point or aggregate."""
    with database.read() as session:
        raw = set(session.scalars(select(MetricPoint.operation).distinct()).all())
        agg = set(session.scalars(select(MetricAggregate.operation).distinct()).all())
    return sorted(raw | agg)
