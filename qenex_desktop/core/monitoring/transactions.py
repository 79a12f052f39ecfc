"""Transaction tracking: counts and volumes by source, kind, status and asset over time.

Sources:
  chain  transactions the wallet signed (``chain_transactions``, current chains only: rows of a
         chain a local node has since replaced are ``stale`` and left out); status as tracked
         (pending, confirmed, failed, dropped, replaced); volume = the amount sent.
  local  the local exchange ledger (see ``local_records``).

Volumes are int base units per asset: amounts of different tokens are never added together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.monitoring.retention import floor_to
from qenex_desktop.core.monitoring.types import Series, TxVolume


@dataclass(frozen=True)
class TxRecord:
    source: str
    kind: str
    status: str
    asset: str
    decimals: int
    amount: int
    t_ms: int


#: Reads one source's records with ``start_ms <= t_ms <= end_ms`` inside a read session.
TxSource = Callable[[Session, int, int], Iterable[TxRecord]]


def chain_records(session: Session, start_ms: int, end_ms: int) -> Iterable[TxRecord]:
    rows = session.execute(
        select(
            ChainTransaction.kind,
            ChainTransaction.status,
            ChainTransaction.asset_symbol,
            ChainTransaction.asset_decimals,
            ChainTransaction.amount,
            ChainTransaction.created_at,
        ).where(
            ChainTransaction.created_at >= start_ms,
            ChainTransaction.created_at <= end_ms,
            ChainTransaction.stale.is_(False),
        )
    ).all()
    for kind, status, symbol, decimals, amount, created_at in rows:
        yield TxRecord("chain", kind, status, symbol, decimals, int(amount), created_at)


class TransactionTracker:
    def __init__(self, database: Database, sources: dict[str, TxSource]) -> None:
        self.db = database
        self.sources = sources

    def records(self, start_ms: int, end_ms: int, source: str | None = None) -> list[TxRecord]:
        found: list[TxRecord] = []
        with self.db.read() as session:
            for name, read in self.sources.items():
                if source is None or source == name:
                    found.extend(read(session, start_ms, end_ms))
        return found

    def volumes(self, now_ms: int, window_ms: int, source: str | None = None) -> list[TxVolume]:
        """One row per (source, kind, status, asset) seen in the window."""
        totals: dict[tuple[str, str, str, str, int], list[int]] = {}
        for r in self.records(now_ms - window_ms, now_ms, source):
            entry = totals.setdefault((r.source, r.kind, r.status, r.asset, r.decimals), [0, 0])
            entry[0] += 1
            entry[1] += r.amount
        return [
            TxVolume(src, kind, status, asset, decimals, count, volume)
            for (src, kind, status, asset, decimals), (count, volume) in sorted(totals.items())
        ]

    def count_series(
        self,
        now_ms: int,
        window_ms: int,
        bucket_ms: int,
        *,
        source: str | None = None,
        kind: str | None = None,
        status: str | None = None,
    ) -> Series:
        """(bucket start ms, transactions in the bucket) for every bucket of the window, zeros included."""
        counts: dict[int, int] = {}
        for r in self.records(now_ms - window_ms, now_ms, source):
            if (kind is None or r.kind == kind) and (status is None or r.status == status):
                bucket = floor_to(r.t_ms, bucket_ms)
                counts[bucket] = counts.get(bucket, 0) + 1
        series: Series = []
        t_ms = floor_to(now_ms - window_ms, bucket_ms)
        while t_ms <= now_ms:
            series.append((t_ms, float(counts.get(t_ms, 0))))
            t_ms += bucket_ms
        return series

    def volume_series(
        self, now_ms: int, window_ms: int, bucket_ms: int, asset: str, *, source: str | None = None
    ) -> list[tuple[int, int]]:
        """(bucket start ms, volume of ``asset`` in base units) per bucket, zeros included (money: ints)."""
        sums: dict[int, int] = {}
        for r in self.records(now_ms - window_ms, now_ms, source):
            if r.asset == asset:
                bucket = floor_to(r.t_ms, bucket_ms)
                sums[bucket] = sums.get(bucket, 0) + r.amount
        series: list[tuple[int, int]] = []
        t_ms = floor_to(now_ms - window_ms, bucket_ms)
        while t_ms <= now_ms:
            series.append((t_ms, sums.get(t_ms, 0)))
            t_ms += bucket_ms
        return series
