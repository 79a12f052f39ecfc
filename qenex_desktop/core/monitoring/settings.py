"""Tunables of the monitoring core in one place: retention, batching, sampling."""

from __future__ import annotations

from dataclasses import dataclass

SECOND_MS = 1_000
MINUTE_MS = 60 * SECOND_MS
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True)
class MonitoringSettings:
    #: Raw points (one per call) are kept this long, then folded into per-minute aggregates.
    raw_retention_ms: int = DAY_MS
    #: Per-minute aggregates are kept this long, then folded into per-hour aggregates.
    minute_retention_ms: int = 7 * DAY_MS
    #: Per-hour aggregates older than this are deleted.
    hour_retention_ms: int = 365 * DAY_MS
    #: The recorder writes when this many points wait (one transaction per batch).
    flush_batch: int = 256
    #: ...or when this long has passed since the last write (seconds, wall time).
    flush_interval_s: float = 5.0
    #: Points kept in memory at most while the ledger cannot be written (the oldest are dropped).
    max_buffer: int = 50_000
    #: How often the background worker stores a system sample (seconds, wall time; 0: never).
    system_interval_s: float = 15.0
    #: How often the background worker runs retention (seconds, wall time).
    compact_interval_s: float = 600.0
    #: Rows folded per retention transaction, so the write lock is never held for long.
    compact_chunk: int = 20_000
