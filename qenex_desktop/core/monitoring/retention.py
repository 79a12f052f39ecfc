"""Retention and downsampling: raw points -> per-minute aggregates -> per-hour aggregates -> gone.

``compact(now_ms)`` moves every raw point older than ``raw_retention_ms`` (cut at a whole minute)
into the minute aggregate of its operation and minute, every minute aggregate older than
``minute_retention_ms`` (cut at a whole hour) into its hour aggregate, and deletes hour aggregates
older than ``hour_retention_ms``. Each call lives in exactly one tier, so no query counts it twice.
System samples go the same way (averaged). Holdings snapshots (each one the state from its time
on) are thinned the same way: older than the raw retention, only the last snapshot of each minute
is kept, older than the minute retention only the last of each hour, and past the hour retention
only the last one (the state the oldest chart starts from); so the charts keep the resolution of
the other metrics and the table stays bounded by the retention, not the history. Work is done in
chunks, one transaction each, so the ledger's write lock is never held for long; a row that meets
an existing aggregate merges into it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import HoldingSnapshot, MetricAggregate, MetricPoint, SystemSample
from qenex_desktop.core.monitoring.histogram import LogHistogram
from qenex_desktop.core.monitoring.outcomes import is_refusal
from qenex_desktop.core.monitoring.settings import HOUR_MS, MINUTE_MS, MonitoringSettings
from qenex_desktop.core.monitoring.types import CompactionReport

MINUTE_S, HOUR_S = 60, 3600


def floor_to(t_ms: int, step_ms: int) -> int:
    return t_ms - t_ms % step_ms


@dataclass
class _Agg:
    count: int = 0
    errors: int = 0
    #: Of ``errors``, the person's refusals (``outcomes.is_refusal``); the rest are faults.
    refusals: int = 0
    sum_us: int = 0
    min_us: int | None = None
    max_us: int | None = None
    histogram: LogHistogram = field(default_factory=LogHistogram)

    def add(
        self,
        count: int,
        errors: int,
        sum_us: int,
        min_us: int,
        max_us: int,
        hist: LogHistogram,
        refusals: int = 0,
    ) -> None:
        self.count += count
        self.errors += errors
        self.refusals += refusals
        self.sum_us += sum_us
        self.min_us = min_us if self.min_us is None else min(self.min_us, min_us)
        self.max_us = max_us if self.max_us is None else max(self.max_us, max_us)
        self.histogram.merge(hist)


def _store_aggregates(session: Session, resolution_s: int, groups: dict[tuple[str, int], _Agg]) -> None:
    """Insert each group, or merge it into the aggregate already stored under its key."""
    if not groups:
        return
    buckets = [bucket for _, bucket in groups]
    existing = {
        (row.operation, row.bucket_ms): row
        for row in session.scalars(
            select(MetricAggregate).where(
                MetricAggregate.resolution_s == resolution_s,
                MetricAggregate.bucket_ms >= min(buckets),
                MetricAggregate.bucket_ms <= max(buckets),
            )
        )
    }
    for (operation, bucket), agg in groups.items():
        assert agg.min_us is not None and agg.max_us is not None
        row = existing.get((operation, bucket))
        if row is None:
            session.add(
                MetricAggregate(
                    resolution_s=resolution_s,
                    operation=operation,
                    bucket_ms=bucket,
                    count=agg.count,
                    errors=agg.errors,
                    refusals=agg.refusals,
                    sum_us=agg.sum_us,
                    min_us=agg.min_us,
                    max_us=agg.max_us,
                    histogram=agg.histogram.encode(),
                )
            )
        else:
            merged = LogHistogram.decode(row.histogram)
            merged.merge(agg.histogram)
            row.count += agg.count
            row.errors += agg.errors
            row.refusals += agg.refusals
            row.sum_us += agg.sum_us
            row.min_us = min(row.min_us, agg.min_us)
            row.max_us = max(row.max_us, agg.max_us)
            row.histogram = merged.encode()


def _fold_points(database: Database, cut_ms: int, chunk: int) -> int:
    folded = 0
    while True:
        database.yield_to_writers()
        with database.write() as session:
            rows = session.execute(
                select(
                    MetricPoint.id,
                    MetricPoint.operation,
                    MetricPoint.t_ms,
                    MetricPoint.latency_us,
                    MetricPoint.outcome,
                )
                .where(MetricPoint.t_ms < cut_ms)
                .order_by(MetricPoint.id)
                .limit(chunk)
            ).all()
            if not rows:
                return folded
            groups: dict[tuple[str, int], _Agg] = {}
            for _, operation, t_ms, latency_us, outcome in rows:
                agg = groups.setdefault((operation, floor_to(t_ms, MINUTE_MS)), _Agg())
                hist = LogHistogram()
                hist.add(latency_us)
                failed = outcome != "ok"
                refused = int(failed and is_refusal(outcome))
                agg.add(1, int(failed), latency_us, latency_us, latency_us, hist, refusals=refused)
            _store_aggregates(session, MINUTE_S, groups)
            session.execute(
                delete(MetricPoint).where(MetricPoint.id <= rows[-1][0], MetricPoint.t_ms < cut_ms)
            )
            folded += len(rows)


def _fold_minutes(database: Database, cut_ms: int, chunk: int) -> int:
    folded = 0
    while True:
        database.yield_to_writers()
        with database.write() as session:
            rows: Sequence[MetricAggregate] = session.scalars(
                select(MetricAggregate)
                .where(MetricAggregate.resolution_s == MINUTE_S, MetricAggregate.bucket_ms < cut_ms)
                .order_by(MetricAggregate.id)
                .limit(chunk)
            ).all()
            if not rows:
                return folded
            groups: dict[tuple[str, int], _Agg] = {}
            for row in rows:
                agg = groups.setdefault((row.operation, floor_to(row.bucket_ms, HOUR_MS)), _Agg())
                agg.add(
                    row.count,
                    row.errors,
                    row.sum_us,
                    row.min_us,
                    row.max_us,
                    LogHistogram.decode(row.histogram),
                    refusals=row.refusals,
                )
            ids = [row.id for row in rows]
            session.execute(delete(MetricAggregate).where(MetricAggregate.id.in_(ids)))
            _store_aggregates(session, HOUR_S, groups)
            folded += len(rows)


def _weighted(values: list[tuple[int, int | None]]) -> int | None:
    """Average of values weighted by sample counts, skipping missing ones."""
    present = [(w, v) for w, v in values if v is not None]
    total = sum(w for w, _ in present)
    if total == 0:
        return None
    return round(sum(w * v for w, v in present) / total)


def _fold_system(
    database: Database, from_resolution: int, to_resolution: int, cut_ms: int, chunk: int
) -> int:
    step_ms = to_resolution * 1000
    folded = 0
    while True:
        database.yield_to_writers()
        with database.write() as session:
            rows = list(
                session.scalars(
                    select(SystemSample)
                    .where(SystemSample.resolution_s == from_resolution, SystemSample.t_ms < cut_ms)
                    .order_by(SystemSample.id)
                    .limit(chunk)
                ).all()
            )
            if not rows:
                return folded
            groups: dict[int, list[SystemSample]] = {}
            for row in rows:
                groups.setdefault(floor_to(row.t_ms, step_ms), []).append(row)
            for bucket, members in groups.items():
                target = session.scalar(
                    select(SystemSample).where(
                        SystemSample.resolution_s == to_resolution, SystemSample.t_ms == bucket
                    )
                )
                if target is not None:
                    members = [target, *members]
                merged = _merge_samples(members, to_resolution, bucket)
                if target is not None:
                    session.delete(target)
                session.add(merged)
            ids = [row.id for row in rows]
            session.execute(delete(SystemSample).where(SystemSample.id.in_(ids)))
            folded += len(rows)


def _merge_samples(members: list[SystemSample], resolution_s: int, bucket: int) -> SystemSample:
    def avg(name: str) -> int | None:
        return _weighted([(m.samples, getattr(m, name)) for m in members])

    reachable = [(m.samples, None if m.node_reachable is None else int(m.node_reachable)) for m in members]
    up = _weighted(reachable)
    heights = [m.block_height for m in members if m.block_height is not None]
    return SystemSample(
        resolution_s=resolution_s,
        t_ms=bucket,
        samples=sum(m.samples for m in members),
        cpu_permille=avg("cpu_permille") or 0,
        rss_bytes=avg("rss_bytes") or 0,
        open_files=avg("open_files") or 0,
        db_bytes=avg("db_bytes") or 0,
        wal_bytes=avg("wal_bytes") or 0,
        node_reachable=None if up is None else up >= 1,
        node_latency_us=avg("node_latency_us"),
        block_height=max(heights) if heights else None,
    )


def _thin_holdings(database: Database, profile_id: int, lo: int, hi: int, step_ms: int, chunk: int) -> int:
    """Keep only the last snapshot of each ``step_ms`` bucket in [lo, hi) of one profile; returns
    how many snapshots went. Reads the snapshot times by the (profile_id, t_ms) index in chunks,
    one transaction each; a bucket cut by a chunk's end is decided with the next chunk."""
    removed = 0
    cursor = lo
    while True:
        database.yield_to_writers()
        with database.write() as session:
            times = list(
                session.scalars(
                    select(HoldingSnapshot.t_ms)
                    .where(
                        HoldingSnapshot.profile_id == profile_id,
                        HoldingSnapshot.t_ms >= cursor,
                        HoldingSnapshot.t_ms < hi,
                    )
                    .distinct()
                    .order_by(HoldingSnapshot.t_ms)
                    .limit(chunk)
                )
            )
            if not times:
                return removed
            full = len(times) == chunk
            open_bucket = floor_to(times[-1], step_ms)  # may go on past this chunk when it is full
            if full and open_bucket <= cursor:  # the whole chunk is one bucket: the last may stay
                doomed, cursor = times[:-1], times[-1]
            else:
                pairs = itertools.pairwise(times)
                doomed = [
                    t
                    for t, after in pairs
                    if floor_to(t, step_ms) == floor_to(after, step_ms)
                    and not (full and floor_to(t, step_ms) == open_bucket)
                ]
                cursor = open_bucket
            for first in range(0, len(doomed), 500):  # SQLite's bound-parameter limit
                session.execute(
                    delete(HoldingSnapshot).where(
                        HoldingSnapshot.profile_id == profile_id,
                        HoldingSnapshot.t_ms.in_(doomed[first : first + 500]),
                    )
                )
            removed += len(doomed)
            if not full:
                return removed


def _drop_old_holdings(database: Database, profile_id: int, cut_ms: int, chunk: int) -> int:
    """Remove the profile's snapshots before ``cut_ms`` but the last one (the state at the cut)."""
    with database.read() as session:
        keep = session.scalar(
            select(func.max(HoldingSnapshot.t_ms)).where(
                HoldingSnapshot.profile_id == profile_id, HoldingSnapshot.t_ms < cut_ms
            )
        )
    removed = 0
    while keep is not None:
        database.yield_to_writers()
        with database.write() as session:
            times = list(
                session.scalars(
                    select(HoldingSnapshot.t_ms)
                    .where(HoldingSnapshot.profile_id == profile_id, HoldingSnapshot.t_ms < keep)
                    .distinct()
                    .limit(min(chunk, 500))  # SQLite's bound-parameter limit
                )
            )
            if not times:
                return removed
            session.execute(
                delete(HoldingSnapshot).where(
                    HoldingSnapshot.profile_id == profile_id, HoldingSnapshot.t_ms.in_(times)
                )
            )
            removed += len(times)
    return removed


def compact_holdings(database: Database, raw_cut: int, minute_cut: int, hour_cut: int, chunk: int) -> int:
    """Downsample and prune every profile's holdings snapshots (see the module docstring)."""
    with database.read() as session:
        profiles = list(session.scalars(select(HoldingSnapshot.profile_id).distinct()))
    removed = 0
    for profile_id in profiles:
        removed += _thin_holdings(database, profile_id, minute_cut, raw_cut, MINUTE_MS, chunk)
        removed += _thin_holdings(database, profile_id, hour_cut, minute_cut, HOUR_MS, chunk)
        removed += _drop_old_holdings(database, profile_id, hour_cut, chunk)
    return removed


def compact(database: Database, now_ms: int, settings: MonitoringSettings) -> CompactionReport:
    raw_cut = floor_to(now_ms - settings.raw_retention_ms, MINUTE_MS)
    minute_cut = floor_to(now_ms - settings.minute_retention_ms, HOUR_MS)
    hour_cut = now_ms - settings.hour_retention_ms
    chunk = settings.compact_chunk
    points = _fold_points(database, raw_cut, chunk)
    minutes = _fold_minutes(database, minute_cut, chunk)
    system = _fold_system(database, 0, MINUTE_S, raw_cut, chunk)
    system += _fold_system(database, MINUTE_S, HOUR_S, minute_cut, chunk)
    with database.write() as session:
        hours = session.execute(
            delete(MetricAggregate).where(
                MetricAggregate.resolution_s == HOUR_S, MetricAggregate.bucket_ms < hour_cut
            )
        ).rowcount  # type: ignore[attr-defined]
        system_dropped = session.execute(
            delete(SystemSample).where(SystemSample.resolution_s == HOUR_S, SystemSample.t_ms < hour_cut)
        ).rowcount  # type: ignore[attr-defined]
    holdings = compact_holdings(database, raw_cut, minute_cut, floor_to(hour_cut, HOUR_MS), chunk)
    return CompactionReport(points, minutes, int(hours or 0), system, int(system_dropped or 0), holdings)
