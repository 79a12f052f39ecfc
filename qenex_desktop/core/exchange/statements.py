"""Prebuilt Core statements of the swap path: built once, compiled once, run with parameters.

Building a SQLAlchemy statement and running it through the ORM costs far more CPU than SQLite
takes to run it; a swap runs a dozen, so the hot path uses these on ``session.connection()``.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePricePoint,
    ExchangeSwap,
    ExchangeToken,
    LoginSession,
)
from qenex_desktop.core.security.sessions import live_clauses


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


_sessions = _table(LoginSession)
_tokens = _table(ExchangeToken)
_accounts = _table(ExchangeAccount)
_balances = _table(ExchangeBalance)
_pools = _table(ExchangePool)

#: Mark this process's session used if it is still live (the rule of ``security/sessions.py``);
#: returns it, or nothing.
TOUCH_SESSION = (
    update(_sessions)
    .where(
        _sessions.c.id == bindparam("b_session_id"),
        _sessions.c.token_hash == bindparam("b_token_hash"),
        *live_clauses(_sessions.c, bindparam("now")),
    )
    .values(last_used_at=bindparam("now"))
    .returning(
        _sessions.c.id,
        _sessions.c.profile_id,
        _sessions.c.created_at,
        _sessions.c.expires_at,
        _sessions.c.idle_timeout_s,
    )
)

ALL_TOKENS = select(_tokens.c.id, _tokens.c.symbol, _tokens.c.decimals)

ACCOUNT_BY_NAME = select(_accounts.c.id, _accounts.c.name, _accounts.c.kind).where(
    _accounts.c.profile_id == bindparam("profile_id"), _accounts.c.name == bindparam("name")
)

ALL_POOLS = select(_pools)

BALANCES_OF_PAIR = select(_balances.c.token_id, _balances.c.amount).where(
    _balances.c.account_id == bindparam("account_id"),
    _balances.c.token_id.in_(bindparam("token_ids", expanding=True)),
)

SET_BALANCE = (
    update(_balances)
    .where(
        _balances.c.account_id == bindparam("b_account_id"), _balances.c.token_id == bindparam("b_token_id")
    )
    .values(amount=bindparam("v_amount"))
)

NEW_BALANCE = insert(_balances)

NEW_SWAP = insert(_table(ExchangeSwap))

SET_POOL = (
    update(_pools)
    .where(_pools.c.id == bindparam("pool_id"))
    .values(
        reserve0=bindparam("v_reserve0"),
        reserve1=bindparam("v_reserve1"),
        volume0=bindparam("v_volume0"),
        volume1=bindparam("v_volume1"),
        fees0=bindparam("v_fees0"),
        fees1=bindparam("v_fees1"),
        swap_count=bindparam("v_swap_count"),
    )
)

NEW_PRICE_POINT = insert(_table(ExchangePricePoint))
