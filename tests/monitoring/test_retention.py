"""Retention and downsampling with a hand-moved clock: raw for a day, then minutes, hours, gone."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.db.models import MetricAggregate, MetricPoint, SystemSample
from qenex_desktop.core.monitoring import MonitoringService
from qenex_desktop.core.monitoring.settings import DAY_MS, HOUR_MS, MINUTE_MS
from tests.monitoring.conftest import emit

HOUR_S = 3600
DAY_S = 24 * HOUR_S


def _count(core: QenexCore, model: type, **where: object) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    with core.db.read() as session:
        return int(session.scalar(query) or 0)


def _start_of_hour(clock: ManualClock) -> None:
    clock.advance((HOUR_MS - clock.now_ms() % HOUR_MS) / 1000)


def test_points_younger_than_a_day_stay_raw(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    emit(clocked_core, "test.op", 100)
    clock.advance(23 * HOUR_S)
    report = monitored.compact()
    assert report.points_folded == 0
    assert _count(clocked_core, MetricPoint) == 1


def test_a_day_old_points_fold_into_minute_aggregates(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    _start_of_hour(clock)
    t0 = clock.now_ms()
    for i in range(10):  # minute 0: 10 calls, 2 failed
        emit(clocked_core, "test.op", 1000 * (i + 1), "ok" if i < 8 else "error", at_ms=t0 + i * 1000)
    for i in range(5):  # minute 1: 5 calls
        emit(clocked_core, "test.op", 500, at_ms=t0 + MINUTE_MS + i * 1000)
    emit(clocked_core, "other.op", 70, at_ms=t0 + 5_000)
    clock.advance(DAY_S + 2 * 60)

    report = monitored.compact()

    assert report.points_folded == 16
    assert _count(clocked_core, MetricPoint) == 0
    with clocked_core.db.read() as session:
        rows = session.scalars(
            select(MetricAggregate).order_by(MetricAggregate.operation, MetricAggregate.bucket_ms)
        ).all()
    assert [(r.operation, r.resolution_s, r.bucket_ms - t0, r.count) for r in rows] == [
        ("other.op", 60, 0, 1),
        ("test.op", 60, 0, 10),
        ("test.op", 60, MINUTE_MS, 5),
    ]
    minute0 = rows[1]
    assert (minute0.errors, minute0.sum_us, minute0.min_us, minute0.max_us) == (2, 55_000, 1000, 10_000)
    # The totals over a window that reaches back there are unchanged, now estimated.
    stats = {s.operation: s for s in monitored.operation_stats(2 * DAY_MS)}
    assert stats["test.op"].count == 15
    assert stats["test.op"].errors == 2
    assert stats["test.op"].exact is False
    assert stats["test.op"].max_us == 10_000


def test_a_late_point_merges_into_the_existing_minute(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    _start_of_hour(clock)
    t0 = clock.now_ms()
    emit(clocked_core, "test.op", 100, at_ms=t0)
    clock.advance(DAY_S + 120)
    monitored.compact()
    emit(clocked_core, "test.op", 900, at_ms=t0 + 30_000)  # arrives after its minute was folded
    monitored.compact()
    with clocked_core.db.read() as session:
        rows = session.scalars(select(MetricAggregate)).all()
    assert len(rows) == 1
    assert (rows[0].count, rows[0].min_us, rows[0].max_us, rows[0].sum_us) == (2, 100, 900, 1000)


def test_week_old_minutes_fold_into_hours_and_a_year_old_hours_go(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    _start_of_hour(clock)
    t0 = clock.now_ms()
    for minute in range(3):
        for _ in range(4):
            emit(clocked_core, "test.op", 1000 + minute, at_ms=t0 + minute * MINUTE_MS)
    clock.advance(DAY_S + HOUR_S)
    monitored.compact()
    assert _count(clocked_core, MetricAggregate, resolution_s=60) == 3

    clock.advance(7 * DAY_S)
    report = monitored.compact()

    assert report.minutes_folded == 3
    assert _count(clocked_core, MetricAggregate, resolution_s=60) == 0
    with clocked_core.db.read() as session:
        hour = session.scalars(select(MetricAggregate)).one()
    assert (hour.resolution_s, hour.bucket_ms, hour.count, hour.min_us, hour.max_us) == (
        3600,
        t0,
        12,
        1000,
        1002,
    )

    clock.advance(366 * DAY_S)
    report = monitored.compact()
    assert report.hours_dropped == 1
    assert _count(clocked_core, MetricAggregate) == 0


def test_system_samples_are_averaged_per_minute_after_a_day(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    _start_of_hour(clock)
    t0 = clock.now_ms()
    for _ in range(4):
        monitored.sample_system(probe_node=False)
        clock.advance(10)
    raw = monitored.system_series("rss_bytes", HOUR_MS)
    assert len(raw) == 4
    clock.advance(DAY_S + 120)

    report = monitored.compact()

    assert report.system_folded == 4
    with clocked_core.db.read() as session:
        rows = session.scalars(select(SystemSample)).all()
    assert [(r.resolution_s, r.t_ms, r.samples) for r in rows] == [(60, t0, 4)]
    mean_rss = round(sum(v for _, v in raw) / 4)
    assert rows[0].rss_bytes == mean_rss
    assert rows[0].node_reachable is None
    assert monitored.system_series("rss_bytes", 2 * DAY_MS) == [(t0, float(mean_rss))]


def test_a_long_compaction_lets_a_waiting_writer_in_between_its_chunks(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    """Retention over years of snapshots runs for minutes in chunks; between two chunks it waits
    while another thread of the process is in a unit of work (``Database.yield_to_writers``), so a
    swap started meanwhile waits for one chunk, not for the job (at 1M operations the first
    compaction took 186 s and a system sample waiting for the lock failed as busy after 30 s)."""
    db = clocked_core.db
    for i in range(30):
        emit(clocked_core, "test.op", 100, at_ms=clock.now_ms() + i)
    monitored.flush()
    clock.advance(DAY_S + 120)
    monitored.settings = type(monitored.settings)(**{**monitored.settings.__dict__, "compact_chunk": 5})
    inside, leave = threading.Event(), threading.Event()
    finished: list[str] = []

    def writer() -> None:  # another thread's unit of work, a while long
        with db.write() as session:
            inside.set()
            leave.wait(5)
            session.execute(select(1))
        finished.append("writer")

    thread = threading.Thread(target=writer)
    seen_after_yield: list[list[str]] = []
    real_yield = db.yield_to_writers

    def spy(limit_s: float = 2.0) -> None:
        if seen_after_yield and not finished and not thread.is_alive():  # before the second chunk
            thread.start()  # another thread's unit of work comes in
            inside.wait(5)
            threading.Timer(0.3, leave.set).start()
        real_yield(limit_s)
        seen_after_yield.append(list(finished))

    db.yield_to_writers = spy  # type: ignore[method-assign]
    try:
        report = monitored.compact()
    finally:
        db.yield_to_writers = real_yield  # type: ignore[method-assign]
        thread.join(5)
    assert report.points_folded == 30
    assert len(seen_after_yield) >= 7  # 30 points in chunks of 5: a yield before each chunk
    assert seen_after_yield[0] == [] and seen_after_yield[1] == ["writer"]  # the next chunk waited for it


def test_yield_to_writers_waits_only_so_long(clocked_core: QenexCore) -> None:
    db = clocked_core.db
    held, release = threading.Event(), threading.Event()

    def stuck() -> None:
        with db.write():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=stuck)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    db.yield_to_writers(limit_s=0.2)  # a writer stuck elsewhere does not stop the job for good
    waited = time.monotonic() - started
    release.set()
    thread.join(5)
    assert 0.2 <= waited < 2.0
    started = time.monotonic()
    db.yield_to_writers(limit_s=5)  # nobody in a unit of work: no wait
    assert time.monotonic() - started < 0.1
