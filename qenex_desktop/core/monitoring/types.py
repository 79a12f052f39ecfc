"""What the monitoring core hands to the GUI and the CLI: plain frozen dataclasses of ints and floats.

Time series are ``list[tuple[int, float]]``: (t_ms since the epoch, value), oldest first, ready for
pyqtgraph (``xs, ys = zip(*series)``). Money is never a float: volumes, fees and values are int
base units with the token's ``decimals`` beside them (format with ``core.validation.format_amount``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

#: (t_ms, value) pairs, oldest first.
Series = list[tuple[int, float]]


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class HealthStatus:
    """One health check's last result."""

    name: str  # database | schema | keyring | node | audit
    status: Status
    message: str
    checked_at_ms: int
    duration_us: int


@dataclass(frozen=True)
class OperationStats:
    """Latency and throughput of one operation over a window; refusals and faults apart.

    ``exact`` is True when every call in the window was still a raw point (percentiles are exact,
    nearest-rank); False when older minute/hour aggregates took part (percentiles estimated from
    their log histograms, within about 5%).
    """

    operation: str
    window_ms: int
    count: int
    errors: int
    throughput_per_s: float
    mean_us: int | None
    min_us: int | None
    max_us: int | None
    p50_us: int | None
    p95_us: int | None
    p99_us: int | None
    exact: bool
    outcomes: dict[str, int] = field(default_factory=dict)
    #: Of ``errors`` (every call not "ok"): the person's refusals (slippage, deadline, funds, bad
    #: input) and the faults (bugs, node errors, the ledger busy); see ``monitoring.outcomes``.
    refusals: int = 0
    faults: int = 0


@dataclass(frozen=True)
class SystemSnapshot:
    """The app process and its surroundings at one moment (or averaged over a minute/hour)."""

    t_ms: int
    cpu_percent: float
    rss_bytes: int
    open_files: int
    db_bytes: int
    wal_bytes: int
    node_reachable: bool | None
    node_latency_ms: float | None
    block_height: int | None


@dataclass(frozen=True)
class TxVolume:
    """Transactions of one source, kind, status and asset in a window.

    source   "local" (the exchange ledger) or "chain" (signed on-chain transactions)
    volume   sum of amounts in base units of ``asset`` (``decimals`` to format it)
    """

    source: str
    kind: str
    status: str
    asset: str
    decimals: int
    count: int
    volume: int


@dataclass(frozen=True)
class CompactionReport:
    points_folded: int = 0
    minutes_folded: int = 0
    hours_dropped: int = 0
    system_folded: int = 0
    system_dropped: int = 0
    #: Holdings snapshots thinned out (downsampled) or past the hour retention, as snapshots.
    holdings_removed: int = 0
