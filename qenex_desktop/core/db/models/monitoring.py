"""Tables of the monitoring core: operation metrics (raw and downsampled), system samples, health.

Everything is an integer: times in ms since the epoch, latencies in microseconds, CPU in
permille (tenths of a percent). Raw points live for a day (settings), then fold into per-minute
aggregates, which later fold into per-hour aggregates, so the ledger does not grow without bound.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models import profile as _profile  # noqa: F401  (the tables its foreign keys name)
from qenex_desktop.core.db.types import Uint256


class MetricPoint(Base):
    """One call of one ``@operation``: when it started, how long it took, how it ended."""

    __tablename__ = "monitor_points"
    __table_args__ = (Index("ix_monitor_points_operation_t", "operation", "t_ms"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation: Mapped[str] = mapped_column(String(64), nullable=False)
    t_ms: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    latency_us: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: "ok", a QenexError code, or "error" (a bug).
    outcome: Mapped[str] = mapped_column(String(32), nullable=False)


class MetricAggregate(Base):
    """Every call of one operation within one minute (``resolution_s`` 60) or one hour (3600)."""

    __tablename__ = "monitor_aggregates"
    __table_args__ = (
        UniqueConstraint("resolution_s", "operation", "bucket_ms", name="uq_monitor_aggregates_key"),
        Index("ix_monitor_aggregates_resolution_bucket", "resolution_s", "bucket_ms"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_s: Mapped[int] = mapped_column(Integer, nullable=False)
    operation: Mapped[str] = mapped_column(String(64), nullable=False)
    bucket_ms: Mapped[int] = mapped_column(BigInteger, nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    errors: Mapped[int] = mapped_column(Integer, nullable=False)
    #: Of ``errors``, the person's refusals (the rest are faults); 0 in aggregates made before 0010.
    refusals: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default=text("0"))
    sum_us: Mapped[int] = mapped_column(BigInteger, nullable=False)
    min_us: Mapped[int] = mapped_column(BigInteger, nullable=False)
    max_us: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: Sparse log-bucket histogram "index:count,..." (see ``core.monitoring.histogram``).
    histogram: Mapped[str] = mapped_column(Text, nullable=False)


class SystemSample(Base):
    """The app process and its surroundings at one moment (``resolution_s`` 0), or averaged (60, 3600)."""

    __tablename__ = "monitor_system"
    __table_args__ = (Index("ix_monitor_system_resolution_t", "resolution_s", "t_ms"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_s: Mapped[int] = mapped_column(Integer, nullable=False)
    t_ms: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: How many raw samples this row stands for (1 for a raw one).
    samples: Mapped[int] = mapped_column(Integer, nullable=False)
    cpu_permille: Mapped[int] = mapped_column(Integer, nullable=False)
    rss_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    open_files: Mapped[int] = mapped_column(Integer, nullable=False)
    db_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    wal_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: None when the node was not probed or did not answer.
    node_reachable: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    node_latency_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    block_height: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class HealthResult(Base):
    """The last result of one health check."""

    __tablename__ = "monitor_health"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(8), nullable=False)  # ok | warn | fail | unknown
    message: Mapped[str] = mapped_column(Text, nullable=False)
    checked_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    duration_us: Mapped[int] = mapped_column(BigInteger, nullable=False)


class HoldingSnapshot(Base):
    """How much of one token a profile held (own ledger accounts plus its share of pools) from ``t_ms`` on.

    A snapshot is a set of rows with the same ``t_ms``; one is stored only when the holdings changed.
    """

    __tablename__ = "monitor_holdings"
    __table_args__ = (Index("ix_monitor_holdings_profile_t", "profile_id", "t_ms"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False)
    t_ms: Mapped[int] = mapped_column(BigInteger, nullable=False)
    symbol: Mapped[str] = mapped_column(String(16), nullable=False)
    amount: Mapped[int] = mapped_column(Uint256, nullable=False)
