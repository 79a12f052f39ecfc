"""Transaction tracking: counts and volumes by source, kind, status and asset over time.

Sources:
  chain  transactions the wallet signed (``chain_transactions``, current chains only: rows of a
         chain a local node has since replaced are ``stale`` and left out); status as tracked
         (pending, confirmed, failed, dropped, replaced); volume = the amount sent.
  local  the local exchange ledger, read from the audit log (every committed exchange change has
         its MONEY entry, written in the same transaction): status "done"; plus the exchange
         operations that did not happen, from the operation metrics (no volume; counted while
         monitoring records, which is whenever the core's monitoring exists): status "refused"
         when the person's input was refused, "failed" for a fault (``outcomes``).
         Volume: the amount moved (swap: the amount in, in the first token of the path; pool
         creation and liquidity: both sides, one row per token, the transaction counted once).

Volumes are int base units per asset: amounts of different tokens are never added together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import Category
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    AuditEntry,
    ChainTransaction,
    ExchangeToken,
    MetricAggregate,
    MetricPoint,
)
from qenex_desktop.core.monitoring.outcomes import is_refusal
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
    #: How many transactions this record stands for (0 for the second token of a two-sided one).
    count: int = 1


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


#: Audit events of committed exchange changes, and the kind each one is counted as.
LOCAL_EVENTS = {
    "exchange.token_created": "create_token",
    "exchange.minted": "mint",
    "exchange.burned": "burn",
    "exchange.transfer": "transfer",
    "exchange.swap": "swap",
    "exchange.pool_created": "create_pool",
    "exchange.liquidity_added": "add_liquidity",
    "exchange.liquidity_removed": "remove_liquidity",
}
#: ``@operation`` names of the exchange's state changes (their refusals count as "refused").
LOCAL_OPERATIONS = {f"exchange.{kind}" for kind in LOCAL_EVENTS.values()}


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _local_done(event: str, t_ms: int, details: dict[str, Any], decimals: dict[str, int]) -> list[TxRecord]:
    kind = LOCAL_EVENTS[event]

    def record(symbol: Any, amount: Any, count: int = 1) -> TxRecord:
        asset = str(symbol)
        return TxRecord("local", kind, "done", asset, decimals.get(asset, 0), _int(amount), t_ms, count)

    if kind == "swap":
        path = details.get("path") or ["?"]
        return [record(path[0], details.get("amount_in"))]
    if "pair" in details:
        pair = list(details.get("pair") or [])
        amounts = list(details.get("amounts") or [])
        return [
            record(symbol, amounts[i] if i < len(amounts) else 0, int(i == 0))
            for i, symbol in enumerate(pair)
        ]
    if kind == "create_token":
        return [record(details.get("symbol"), details.get("supply"))]
    return [record(details.get("symbol"), details.get("amount"))]


def local_records(session: Session, start_ms: int, end_ms: int) -> Iterable[TxRecord]:
    decimals = {s: d for s, d in session.execute(select(ExchangeToken.symbol, ExchangeToken.decimals)).all()}
    entries = session.execute(
        select(AuditEntry.event, AuditEntry.created_at, AuditEntry.details).where(
            AuditEntry.category == Category.MONEY.value,
            AuditEntry.event.in_(LOCAL_EVENTS),
            AuditEntry.created_at >= start_ms,
            AuditEntry.created_at <= end_ms,
        )
    ).all()
    for event, created_at, details in entries:
        try:
            parsed = json.loads(details)
        except ValueError:
            continue
        yield from _local_done(event, created_at, parsed if isinstance(parsed, dict) else {}, decimals)
    yield from _local_not_done(session, start_ms, end_ms)


def _local_not_done(session: Session, start_ms: int, end_ms: int) -> Iterator[TxRecord]:
    """Ledger operations that did not happen: "refused" (the person's, by the error's kind) or
    "failed" (a fault: a bug, the ledger busy)."""
    refused = session.execute(
        select(MetricPoint.operation, MetricPoint.t_ms, MetricPoint.outcome).where(
            MetricPoint.operation.in_(LOCAL_OPERATIONS),
            MetricPoint.outcome != "ok",
            MetricPoint.t_ms >= start_ms,
            MetricPoint.t_ms <= end_ms,
        )
    ).all()
    for operation, t_ms, outcome in refused:
        status = "refused" if is_refusal(outcome) else "failed"
        yield TxRecord("local", operation.removeprefix("exchange."), status, "", 0, 0, t_ms)
    older = session.execute(
        select(
            MetricAggregate.operation,
            MetricAggregate.bucket_ms,
            MetricAggregate.errors,
            MetricAggregate.refusals,
        ).where(
            MetricAggregate.operation.in_(LOCAL_OPERATIONS),
            MetricAggregate.errors > 0,
            MetricAggregate.bucket_ms >= start_ms,
            MetricAggregate.bucket_ms <= end_ms,
        )
    ).all()
    for operation, bucket_ms, errors, refusals in older:
        kind = operation.removeprefix("exchange.")
        if refusals:
            yield TxRecord("local", kind, "refused", "", 0, 0, bucket_ms, refusals)
        if errors - refusals:
            yield TxRecord("local", kind, "failed", "", 0, 0, bucket_ms, errors - refusals)


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
            entry[0] += r.count
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
                counts[bucket] = counts.get(bucket, 0) + r.count
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
