"""Exchange fixtures: a logged-in core with two tokens, and a snapshot of every exchange row."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import (
    AuditEntry,
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePosition,
    ExchangePricePoint,
    ExchangeSwap,
    ExchangeToken,
)
from qenex_desktop.core.exchange import ExchangeService

_TABLES = (
    ExchangeToken,
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePosition,
    ExchangeSwap,
    ExchangePricePoint,
    AuditEntry,
)


def snapshot(core: QenexCore) -> dict[str, list[tuple[Any, ...]]]:
    """Every exchange row and every audit entry, to prove a refused operation changed nothing."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with core.db.read() as session:
        for model in _TABLES:
            columns = [c for c in model.__table__.columns]
            rows = session.execute(select(*columns)).all()
            out[model.__tablename__] = sorted(tuple(r) for r in rows)
    return out


def assert_conserved(core: QenexCore) -> None:
    checks = core.exchange.supply_check()
    assert checks, "no tokens"
    for check in checks:
        assert check.ok, check


_CORES: dict[int, QenexCore] = {}


def ex_core(ex: ExchangeService) -> QenexCore:
    """The core an exchange service fixture belongs to."""
    return _CORES[id(ex)]


@pytest.fixture
def ex(logged_in_core: QenexCore) -> ExchangeService:
    service = logged_in_core.exchange
    _CORES[id(service)] = logged_in_core
    return service


@pytest.fixture
def two_tokens(ex: ExchangeService) -> ExchangeService:
    """AAA (18 decimals) and BBB (6 decimals), 1,000,000 each in alice's Main account."""
    ex.create_token("AAA", "Token A", 18, "1000000")
    ex.create_token("BBB", "Token B", 6, "1000000")
    return ex
