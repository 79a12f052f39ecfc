"""Percentiles against known sets, throughput and the chart series."""

from __future__ import annotations

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.monitoring import MonitoringService
from qenex_desktop.core.monitoring.histogram import LogHistogram, bucket_bounds, bucket_of
from qenex_desktop.core.monitoring.settings import DAY_MS, HOUR_MS, MINUTE_MS
from qenex_desktop.core.monitoring.stats import nearest_rank
from tests.monitoring.conftest import emit


def test_nearest_rank_matches_the_textbook_example() -> None:
    # The worked example of the nearest-rank method (Wikipedia, "Percentile"): 15 20 35 40 50.
    values = [15, 20, 35, 40, 50]
    assert [nearest_rank(values, p) for p in (5, 30, 40, 50, 100)] == [15, 20, 20, 35, 50]


def test_percentiles_of_one_to_a_hundred_ms_are_exact_from_raw_points(
    monitored: MonitoringService, clocked_core: QenexCore
) -> None:
    for ms in [*range(100, 0, -1)]:  # shuffled order does not matter: descending
        emit(clocked_core, "test.op", ms * 1000)
    (stats,) = monitored.operation_stats(HOUR_MS, "test.op")
    assert stats.exact is True
    assert (stats.p50_us, stats.p95_us, stats.p99_us) == (50_000, 95_000, 99_000)
    assert (stats.count, stats.min_us, stats.max_us, stats.mean_us) == (100, 1000, 100_000, 50_500)


def test_percentiles_estimated_from_aggregates_stay_within_five_percent(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    values = [round(1000 * 1.037**i) for i in range(200)]  # 1 ms .. about 1.4 s, spread evenly in log
    for v in values:
        emit(clocked_core, "test.op", v)
    clock.advance(2 * DAY_MS / 1000)
    monitored.compact()
    (stats,) = monitored.operation_stats(3 * DAY_MS, "test.op")
    assert stats.exact is False
    ordered = sorted(values)
    for p, estimate in ((50, stats.p50_us), (95, stats.p95_us), (99, stats.p99_us)):
        truth = nearest_rank(ordered, p)
        assert truth is not None and estimate is not None
        assert abs(estimate - truth) / truth <= 0.05, (p, estimate, truth)


def test_histogram_buckets_cover_their_values_and_round_trip() -> None:
    for v in (2, 3, 1000, 65_536, 10**9):
        low, high = bucket_bounds(bucket_of(v))
        assert low <= v < high
    hist = LogHistogram.of([5, 5, 700, 10**6])
    assert LogHistogram.decode(hist.encode()).counts == hist.counts
    assert hist.total == 4


def test_throughput_counts_calls_per_second_in_each_bucket(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    clock.advance((HOUR_MS - clock.now_ms() % HOUR_MS) / 1000)
    t0 = clock.now_ms()
    for i in range(120):  # 120 calls in the first minute, none in the second, 60 in the third
        emit(clocked_core, "test.op", 10, at_ms=t0 + i * 500)
    for i in range(60):
        emit(
            clocked_core,
            "test.op",
            10,
            "invalid_input" if i % 4 == 0 else "ok",
            at_ms=t0 + 2 * MINUTE_MS + i * 1000,
        )
    clock.advance(3 * 60)  # the window starts at t0; the current minute has no calls yet
    series = monitored.throughput_series("test.op", 3 * MINUTE_MS, bucket_ms=MINUTE_MS)
    assert series == [(t0, 2.0), (t0 + MINUTE_MS, 0.0), (t0 + 2 * MINUTE_MS, 1.0), (t0 + 3 * MINUTE_MS, 0.0)]
    errors = monitored.error_rate_series("test.op", 3 * MINUTE_MS, bucket_ms=MINUTE_MS)
    assert errors[2] == (t0 + 2 * MINUTE_MS, 0.25)
    (stats,) = monitored.operation_stats(3 * MINUTE_MS, "test.op")
    assert stats.throughput_per_s == pytest.approx(180 / 180)


def test_latency_series_shows_each_buckets_statistic_in_ms(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    clock.advance((HOUR_MS - clock.now_ms() % HOUR_MS) / 1000)
    t0 = clock.now_ms()
    for v in (1000, 2000, 3000):
        emit(clocked_core, "a.op", v, at_ms=t0)
    emit(clocked_core, "a.op", 9000, at_ms=t0 + MINUTE_MS)
    emit(clocked_core, "b.op", 5, at_ms=t0)
    clock.advance(119)
    window = 2 * MINUTE_MS
    assert monitored.latency_series("a.op", window, stat="max", bucket_ms=MINUTE_MS) == [
        (t0, 3.0),
        (t0 + MINUTE_MS, 9.0),
    ]
    assert monitored.latency_series("a.op", window, stat="p50", bucket_ms=MINUTE_MS)[0] == (t0, 2.0)
    assert monitored.operations() == ["a.op", "b.op"]
    with pytest.raises(ValueError):
        monitored.latency_series("a.op", window, stat="p95-ish")


def test_a_window_leaves_out_calls_before_it(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    emit(clocked_core, "test.op", 10)
    clock.advance(2 * 3600)
    emit(clocked_core, "test.op", 20)
    (stats,) = monitored.operation_stats(HOUR_MS, "test.op")
    assert stats.count == 1 and stats.max_us == 20
