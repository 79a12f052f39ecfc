"""The write side every state-changing part shares: the unit of work, its audit entry, price points.

A state change is one ``db.write()`` unit with the login checked and marked used inside it
(``SessionGate.enter``; no second commit), and one audit entry of category "money" in the same
unit. Plain functions: each part passes what it holds (its database, gate, audit log, clock).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ExchangeAccount, ExchangePool, ExchangePricePoint, ExchangeToken
from qenex_desktop.core.exchange.session_gate import SessionGate
from qenex_desktop.core.exchange.types import LiquidityResult
from qenex_desktop.core.validation import format_amount


@contextmanager
def write_unit(database: Database, gate: SessionGate) -> Iterator[tuple[Session, ActiveSession]]:
    """One unit of work, with the login checked and marked used inside it (no second commit)."""
    with database.write() as session:
        yield session, gate.enter(session)


def audit_money(
    audit: AuditLog, session: Session, actor: ActiveSession, event: str, details: dict[str, Any]
) -> None:
    """The change's audit entry, in its own unit of work."""
    audit.append(session, category=Category.MONEY, event=event, actor=actor.username, details=details)


def record_price_point(
    session: Session,
    pool: ExchangePool,
    kind: str,
    at_ms: int,
    *,
    volume: tuple[int, int] = (0, 0),
    fee: tuple[int, int] = (0, 0),
    swap_id: int | None = None,
) -> None:
    """The pool's reserves as they are now in this unit, for price history and analytics."""
    session.add(
        ExchangePricePoint(
            pool_id=pool.id,
            created_at=at_ms,
            kind=kind,
            reserve0=pool.reserve0,
            reserve1=pool.reserve1,
            volume0=volume[0],
            volume1=volume[1],
            fee0=fee[0],
            fee1=fee[1],
            swap_id=swap_id,
        )
    )


class LiquidityRecords:
    """What a pool create, add or remove leaves behind: a price point, an audit entry, the result."""

    def __init__(self, audit: AuditLog, clock: Clock) -> None:
        self.audit = audit
        self.clock = clock

    def changed(
        self,
        session: Session,
        actor: ActiveSession,
        change: tuple[str, str],
        pool: ExchangePool,
        holder: ExchangeAccount,
        tokens: tuple[ExchangeToken, ExchangeToken],
        amounts: tuple[int, int],
        shares: tuple[int, int],
        extra: dict[str, Any] | None = None,
    ) -> LiquidityResult:
        """``change`` is (price point kind, audit event); ``shares`` is (moved, now held)."""
        kind, event = change
        a, b = tokens
        amount_a, amount_b = amounts
        record_price_point(session, pool, kind, self.clock.now_ms())
        details: dict[str, Any] = {
            "pool_id": pool.id,
            "pair": [a.symbol, b.symbol],
            "amounts": [amount_a, amount_b],
            "shares": shares[0],
            "account": holder.name,
        }
        audit_money(self.audit, session, actor, event, details | (extra or {}))
        return LiquidityResult(
            pool.id,
            holder.name,
            a.symbol,
            b.symbol,
            amount_a,
            amount_b,
            format_amount(amount_a, a.decimals),
            format_amount(amount_b, b.decimals),
            shares[0],
            shares[1],
        )
