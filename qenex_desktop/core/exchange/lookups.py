"""Look-ups every part of the exchange shares, on the caller's session: pools by pair, own accounts.

Plain functions of a ``Session`` (a read snapshot or a write unit); nothing here changes a row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.db.models import ExchangeAccount, ExchangePool, ExchangeToken
from qenex_desktop.core.errors import AlreadyExistsError, NotFoundError, ValidationError
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.validation import parse_symbol


def own_account(session: Session, profile_id: int, name: str) -> ExchangeAccount:
    """A named account of this profile for a filtered read; a missing one is refused."""
    found = ledger.find_account(session, profile_id, name, field="account")
    if found is None:
        raise NotFoundError(f"You have no account named {name!r}.", field="account")
    return found


def pool_for(session: Session, a: ExchangeToken, b: ExchangeToken) -> ExchangePool | None:
    """The pool of an unordered pair, or None."""
    t0, t1 = sorted((a.id, b.id))
    return session.scalar(
        select(ExchangePool).where(ExchangePool.token0_id == t0, ExchangePool.token1_id == t1)
    )


def pair(session: Session, token_a: object, token_b: object) -> tuple[ExchangeToken, ExchangeToken]:
    """Two different tokens by symbol, as ``token_a`` and ``token_b``."""
    a = ledger.token_by_symbol(session, token_a, field="token_a")
    b = ledger.token_by_symbol(session, token_b, field="token_b")
    if a.id == b.id:
        raise ValidationError("Pick two different tokens.", field="token_b")
    return a, b


def unpooled_pair(session: Session, token_a: object, token_b: object) -> tuple[ExchangeToken, ExchangeToken]:
    """The two tokens of a pool to create (its review and its write): refused when they have one."""
    a, b = pair(session, token_a, token_b)
    if pool_for(session, a, b) is not None:
        raise AlreadyExistsError(
            f"A {a.symbol}/{b.symbol} pool exists already: add liquidity to it instead.", field="token_b"
        )
    return a, b


def existing_pool(
    session: Session, token_a: object, token_b: object
) -> tuple[ExchangePool, ExchangeToken, ExchangeToken]:
    """The pool and its tokens in pool order (token0, token1)."""
    a, b = pair(session, token_a, token_b)
    pool = pool_for(session, a, b)
    if pool is None:
        raise NotFoundError(
            f"There is no {a.symbol}/{b.symbol} pool yet: create it with `pool create`.", field="token_b"
        )
    token0, token1 = (a, b) if a.id == pool.token0_id else (b, a)
    return pool, token0, token1


def pool_as_asked(
    session: Session, token_a: str, token_b: str
) -> tuple[ExchangePool, ExchangeToken, ExchangeToken]:
    """The pool and its tokens in the caller's order (a, b), for amounts given per side."""
    pool, t0, t1 = existing_pool(session, token_a, token_b)
    a, b = (t0, t1) if parse_symbol(token_a, field="token_a") == t0.symbol else (t1, t0)
    return pool, a, b
