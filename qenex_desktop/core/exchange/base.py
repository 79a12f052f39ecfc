"""What every part of ``ExchangeService`` shares: its dependencies, the write unit, pool look-ups.

The parts (accounts, tokens, pools, swaps, liquidity, analytics) are mixins over this base so
that ``ExchangeService`` stays one object with one set of methods for the GUI, CLI and tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ExchangeAccount, ExchangePool, ExchangePricePoint, ExchangeToken
from qenex_desktop.core.errors import NotFoundError, NotLoggedInError, ValidationError
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange.session_gate import SessionGate
from qenex_desktop.core.exchange.types import LiquidityResult
from qenex_desktop.core.instrumentation import Instrumentation
from qenex_desktop.core.validation import format_amount, parse_symbol


class ExchangeBase:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.instrumentation = instrumentation
        self._gate = SessionGate(auth, clock)

    def _session(self) -> ActiveSession:
        return self._gate.check()

    def _viewer(self) -> int | None:
        """The logged-in profile for "your share" columns, or None (reads never need a login)."""
        try:
            return self._gate.check().profile_id
        except NotLoggedInError:
            return None

    @contextmanager
    def _write(self) -> Iterator[tuple[Session, ActiveSession]]:
        """One unit of work, with the login checked and marked used inside it (no second commit)."""
        with self.db.write() as session:
            yield session, self._gate.enter(session)

    def _audit(self, session: Session, actor: ActiveSession, event: str, details: dict[str, Any]) -> None:
        self.audit.append(
            session, category=Category.MONEY, event=event, actor=actor.username, details=details
        )

    @staticmethod
    def _pool_for(session: Session, a: ExchangeToken, b: ExchangeToken) -> ExchangePool | None:
        t0, t1 = sorted((a.id, b.id))
        return session.scalar(
            select(ExchangePool).where(ExchangePool.token0_id == t0, ExchangePool.token1_id == t1)
        )

    def _pair(
        self, session: Session, token_a: object, token_b: object
    ) -> tuple[ExchangeToken, ExchangeToken]:
        a = ledger.token_by_symbol(session, token_a, field="token_a")
        b = ledger.token_by_symbol(session, token_b, field="token_b")
        if a.id == b.id:
            raise ValidationError("Pick two different tokens.", field="token_b")
        return a, b

    def _existing_pool(
        self, session: Session, token_a: object, token_b: object
    ) -> tuple[ExchangePool, ExchangeToken, ExchangeToken]:
        """The pool and its tokens in pool order (token0, token1)."""
        a, b = self._pair(session, token_a, token_b)
        pool = self._pool_for(session, a, b)
        if pool is None:
            raise NotFoundError(
                f"There is no {a.symbol}/{b.symbol} pool yet: create it with `pool create`.", field="token_b"
            )
        token0, token1 = (a, b) if a.id == pool.token0_id else (b, a)
        return pool, token0, token1

    def _pool_as_asked(
        self, session: Session, token_a: str, token_b: str
    ) -> tuple[ExchangePool, ExchangeToken, ExchangeToken]:
        """The pool and its tokens in the caller's order (a, b), for amounts given per side."""
        pool, t0, t1 = self._existing_pool(session, token_a, token_b)
        a, b = (t0, t1) if parse_symbol(token_a, field="token_a") == t0.symbol else (t1, t0)
        return pool, a, b

    def _price_point(
        self,
        session: Session,
        pool: ExchangePool,
        kind: str,
        *,
        volume: tuple[int, int] = (0, 0),
        fee: tuple[int, int] = (0, 0),
        swap_id: int | None = None,
    ) -> None:
        session.add(
            ExchangePricePoint(
                pool_id=pool.id,
                created_at=self.clock.now_ms(),
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

    def _liquidity_changed(
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
        """Price point, audit entry and result of a pool create/add/remove: one record per change.

        ``change`` is (price point kind, audit event); ``shares`` is (moved, now held).
        """
        kind, event = change
        a, b = tokens
        amount_a, amount_b = amounts
        self._price_point(session, pool, kind)
        details: dict[str, Any] = {
            "pool_id": pool.id,
            "pair": [a.symbol, b.symbol],
            "amounts": [amount_a, amount_b],
            "shares": shares[0],
            "account": holder.name,
        }
        self._audit(session, actor, event, details | (extra or {}))
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


def own_account(session: Session, profile_id: int, name: str) -> ExchangeAccount:
    """A named account of this profile for a filtered read; a missing one is refused."""
    found = ledger.find_account(session, profile_id, name, field="account")
    if found is None:
        raise NotFoundError(f"You have no account named {name!r}.", field="account")
    return found
