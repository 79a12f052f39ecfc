"""What every legacy import must keep, checked against the original file itself (read with sqlite3).

- conservation per token: balances + pool reserves = supply;
- each holder: imported = the original amount rounded down, so 0 <= original - imported < 1 base unit;
- each LP provider: what removing all their shares pays is their exact part of the pool (their
  shares / all shares of their file's pool, times that pool's imported reserve), at most one base
  unit below it (the 1,000 locked shares are worth under 10^-9 of a base unit); never above;
- the audit chain verifies.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePosition,
    ExchangeToken,
    Profile,
)
from qenex_desktop.core.exchange.legacy import ImportReport

LOCK_WORTH = Fraction(1, 10**9)


def exact(text: object) -> Fraction:
    return Fraction(Decimal(repr(text) if isinstance(text, float) else str(text)))


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def original_balances(path: Path, kind: str) -> dict[tuple[str, str], Fraction]:
    """(holder as the report names it: original username or holder id, symbol) -> exact amount."""
    out: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    if kind == "qenex-os":
        names = {str(i): str(n) for i, n in _rows(path, "SELECT id, username FROM users")}
        for user, symbol, amount in _rows(path, "SELECT user_id, token_symbol, balance FROM balances"):
            out[(names[str(user)], str(symbol).upper())] += exact(amount)
    else:
        for holder, symbol, amount in _rows(path, "SELECT address, token, balance FROM balances"):
            out[(str(holder), str(symbol).upper())] += exact(amount)
    return dict(out)


def decimals_of(core: QenexCore) -> dict[str, int]:
    return {t.symbol: t.decimals for t in core.exchange.list_tokens()}


def account_of(core: QenexCore, report: ImportReport, source: str, holder: str) -> int:
    """The ledger account a holder of ``source`` landed in, by the report's users and holders."""
    with core.db.read() as session:
        for user in report.users:
            if user.source == source and user.original == holder:
                profile = session.scalars(select(Profile).where(Profile.username == user.login)).one()
                return session.scalars(
                    select(ExchangeAccount.id).where(
                        ExchangeAccount.profile_id == profile.id, ExchangeAccount.name == "Main"
                    )
                ).one()
        for line in report.holders:
            if line.source == source and line.holder == holder:
                owner = session.scalars(select(Profile.id).where(Profile.username == line.profile)).one()
                return session.scalars(
                    select(ExchangeAccount.id).where(
                        ExchangeAccount.profile_id == owner, ExchangeAccount.name == line.account
                    )
                ).one()
    raise AssertionError(f"{holder!r} of {source} is not in the report")


def held(core: QenexCore, account_id: int) -> dict[str, int]:
    with core.db.read() as session:
        rows = session.execute(
            select(ExchangeToken.symbol, ExchangeBalance.amount)
            .join(ExchangeToken, ExchangeToken.id == ExchangeBalance.token_id)
            .where(ExchangeBalance.account_id == account_id)
        ).all()
    return {symbol: amount for symbol, amount in rows}


def assert_conserved(core: QenexCore) -> None:
    checks = core.exchange.supply_check()
    assert checks and all(c.ok for c in checks), checks


def assert_audit_verifies(core: QenexCore) -> None:
    with core.db.read() as session:
        result = core.audit.walk(session)
    assert result.ok, result


def assert_rounded_down(
    core: QenexCore, report: ImportReport, files: list[tuple[Path, str]], *, skip: tuple[str, ...] = ("pool",)
) -> int:
    """Every account holders of the files landed in: what it holds is what they held (plus what a
    pool paid out to them, see ``PoolLine.paid_out``) rounded down: never more, and less by under
    one base unit per amount that went in. Holders in ``skip`` (the DeFi ``pool`` bookkeeping) have
    tests of their own. Returns how many holder amounts were checked."""
    decimals = decimals_of(core)
    expected: dict[tuple[int, str], Fraction] = defaultdict(Fraction)
    pieces: dict[tuple[int, str], int] = defaultdict(int)
    checked = 0
    for path, kind in files:
        for (holder, symbol), amount in original_balances(path, kind).items():
            if holder in skip or amount * 10 ** decimals[symbol] < 1:
                continue  # a holder of dust only may have no account at all
            key = (account_of(core, report, path.name, holder), symbol)
            expected[key] += amount * 10 ** decimals[symbol]
            pieces[key] += 1
            checked += 1
    for pool in report.pools:
        for source, holder, symbol, text in pool.paid_out:
            key = (account_of(core, report, source, holder), symbol)
            expected[key] += exact(text) * 10 ** decimals[symbol]  # paid out exactly, already base units
    for (account, symbol), units in expected.items():
        got = held(core, account).get(symbol, 0)
        assert 0 <= units - got < pieces[(account, symbol)], (account, symbol, units, got)
    return checked


def claims(core: QenexCore) -> dict[tuple[int, str], dict[int, int]]:
    """(account id, pair "A/B") -> {token id: what removing all its shares pays}."""
    out: dict[tuple[int, str], dict[int, int]] = {}
    with core.db.read() as session:
        symbols = {t.id: t.symbol for t in session.scalars(select(ExchangeToken))}
        for pool in session.scalars(select(ExchangePool)):
            pair = "/".join(sorted((symbols[pool.token0_id], symbols[pool.token1_id])))
            for position in session.scalars(
                select(ExchangePosition).where(ExchangePosition.pool_id == pool.id)
            ):
                out[(position.account_id, pair)] = {  # what burning them pays (UniswapV2Pair.burn's floor)
                    pool.token0_id: position.shares * pool.reserve0 // pool.total_shares,
                    pool.token1_id: position.shares * pool.reserve1 // pool.total_shares,
                }
    return out


def original_claims(path: Path, kind: str) -> dict[tuple[str, str], dict[str, tuple[Fraction, Fraction]]]:
    """(provider, pair "A/B") -> {symbol: (their part of the pool, its reserve in whole tokens)}."""
    if kind == "qenex-os":
        names = {str(i): str(n) for i, n in _rows(path, "SELECT id, username FROM users")}
        pools = _rows(path, "SELECT id, token_a, token_b, reserve_a, reserve_b FROM pools")
        rows = [
            (names[str(u)], str(p), s)
            for u, p, s in _rows(path, "SELECT user_id, pool_id, shares FROM liquidity")
        ]
    else:
        pools = _rows(path, "SELECT id, token_a, token_b, reserve_a, reserve_b FROM pools")
        rows = [
            (str(a), str(p), s)
            for a, p, s in _rows(path, "SELECT address, pool_id, lp_tokens FROM liquidity")
        ]
    out: dict[tuple[str, str], dict[str, tuple[Fraction, Fraction]]] = {}
    for pool_id, token_a, token_b, reserve_a, reserve_b in pools:
        mine = [(who, exact(s)) for who, p, s in rows if p == str(pool_id) and exact(s) > 0]
        total = sum(s for _w, s in mine)
        pair = "/".join(sorted((str(token_a), str(token_b))))
        for who, shares in mine:
            part = shares / total
            out[(who, pair)] = {
                str(token_a): (part, exact(reserve_a)),
                str(token_b): (part, exact(reserve_b)),
            }
    return out


def assert_claims_kept(core: QenexCore, report: ImportReport, path: Path, kind: str) -> int:
    """Each provider's claim: never above their part of the original reserves, and below their part
    of the imported (rounded-down) reserves by at most one base unit plus the lock's worth; for a
    pool that joined another at its price, the claim plus what was paid out to the provider."""
    decimals = decimals_of(core)
    ours = claims(core)
    with core.db.read() as session:
        ids = {t.symbol: t.id for t in session.scalars(select(ExchangeToken))}
    checked = 0
    for (who, pair), parts in original_claims(path, kind).items():
        scaled = {s: reserve * 10 ** decimals[s] for s, (_part, reserve) in parts.items()}
        if all(value < 1 for value in scaled.values()):
            continue  # an empty pool, skipped
        account = account_of(core, report, path.name, who)
        paid = {
            symbol: exact(text) * 10 ** decimals[symbol]
            for line in report.pools
            for source, holder, symbol, text in line.paid_out
            if line.pair == pair and source == path.name and holder == who
        }
        for symbol, (part, _reserve) in parts.items():
            got = ours[(account, pair)][ids[symbol]] + paid.get(symbol, 0)
            imported = part * (scaled[symbol].numerator // scaled[symbol].denominator)
            assert got <= imported <= part * scaled[symbol], (who, pair, symbol, got, imported)
            # one base unit for the claim's floor, one more where a payout's floor was taken too
            assert imported - got <= 1 + (symbol in paid) + LOCK_WORTH, (who, pair, symbol, got, imported)
            checked += 1
    return checked


def sqlite_dump(path: Path) -> list[str]:
    """The ledger as SQL text, to show a refusal changed nothing, byte for byte."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
