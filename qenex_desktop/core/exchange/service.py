"""The local exchange as the GUI and the CLI call it. See the package docstring for the API.

Every state change is one ``db.write()`` unit (BEGIN IMMEDIATE) holding the change and its audit
entry; reserves and balances are read inside it, so two processes swapping on one pool serialise
and lose no update. A refused operation raises a ``QenexError`` inside the unit: it rolls back
and nothing has changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from qenex_desktop.core import amm
from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePosition,
    ExchangePricePoint,
    ExchangeSwap,
    ExchangeToken,
    Profile,
)
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    DeadlineExpiredError,
    InsufficientFundsError,
    NotFoundError,
    NotLoggedInError,
    PermissionDeniedError,
    SlippageError,
    ValidationError,
)
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange import statements as sql
from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT, Amount
from qenex_desktop.core.exchange.routing import (
    PoolState,
    Route,
    best_route_exact_in,
    best_route_exact_out,
    mid_price_fraction,
    price_impact_bps,
    ratio_text,
)
from qenex_desktop.core.exchange.session_gate import SessionGate, with_session
from qenex_desktop.core.exchange.types import (
    AccountInfo,
    Balance,
    LiquidityQuote,
    LiquidityResult,
    PoolInfo,
    PoolStats,
    Position,
    PricePoint,
    RouteHop,
    SupplyChange,
    SupplyCheck,
    SwapQuote,
    SwapRecord,
    SwapResult,
    TokenInfo,
    TransferResult,
)
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.validation import (
    UINT256_MAX,
    format_amount,
    parse_account_name,
    parse_decimals,
    parse_fee_bps,
    parse_percent_bps,
    parse_symbol,
    parse_token_name,
)

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.legacy import ImportReport

#: Default validity of a swap when the caller names no deadline (Uniswap's interface uses 20 min).
DEFAULT_DEADLINE_MS = 20 * 60 * 1000
DEFAULT_SLIPPAGE_BPS = 50
MAX_SLIPPAGE_BPS = 5_000
DEFAULT_HISTORY_LIMIT = 2_000


def _check_slippage(slippage_bps: object) -> int:
    if isinstance(slippage_bps, bool) or not isinstance(slippage_bps, int):
        raise ValidationError("Slippage is a whole number of basis points.", field="slippage")
    if not 0 <= slippage_bps <= MAX_SLIPPAGE_BPS:
        raise ValidationError("Slippage is 0 to 50% (0 to 5000 basis points).", field="slippage")
    return slippage_bps


def _check_deadline(deadline_ms: object) -> int | None:
    if deadline_ms is None:
        return None
    if isinstance(deadline_ms, bool) or not isinstance(deadline_ms, int) or deadline_ms <= 0:
        raise ValidationError("The deadline is a time in milliseconds since 1970.", field="deadline")
    return deadline_ms


class ExchangeService:
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

    # -- helpers ---------------------------------------------------------------------------

    def _session(self) -> ActiveSession:
        return self._gate.check()

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
        a, b = self._pair(session, token_a, token_b)
        pool = self._pool_for(session, a, b)
        if pool is None:
            raise NotFoundError(
                f"There is no {a.symbol}/{b.symbol} pool yet: create it with `pool create`.", field="token_b"
            )
        token0, token1 = (a, b) if a.id == pool.token0_id else (b, a)
        return pool, token0, token1

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

    # -- accounts --------------------------------------------------------------------------

    @operation("exchange.create_account")
    @with_session
    def create_account(self, name: str, *, counterparty: bool = False) -> AccountInfo:
        """A named ledger account; ``counterparty=True`` adds someone you trade with (send-only)."""
        clean = parse_account_name(name)
        now = self.clock.now_ms()
        with self._write() as (session, actor):
            if ledger.find_account(session, actor.profile_id, clean, field="account") is not None:
                raise AlreadyExistsError(f"You already have an account named {clean!r}.", field="account")
            account = ExchangeAccount(
                profile_id=actor.profile_id,
                name=clean,
                kind="counterparty" if counterparty else "own",
                created_at=now,
            )
            session.add(account)
            session.flush()
            self._audit(session, actor, "exchange.account_created", {"account": clean, "kind": account.kind})
            return AccountInfo(account.id, account.name, account.kind, account.created_at)

    def list_accounts(self) -> list[AccountInfo]:
        """Your accounts (Main is opened on first use), own ones first."""
        actor = self._session()
        with self.db.read() as session:
            rows = session.scalars(
                select(ExchangeAccount)
                .where(ExchangeAccount.profile_id == actor.profile_id)
                .order_by(ExchangeAccount.kind.desc(), ExchangeAccount.id)
            ).all()
            return [AccountInfo(r.id, r.name, r.kind, r.created_at) for r in rows]

    # -- tokens ----------------------------------------------------------------------------

    @operation("exchange.create_token")
    @with_session
    def create_token(
        self,
        symbol: str,
        name: str,
        decimals: int | str,
        supply: Amount,
        *,
        max_supply: Amount | None = None,
        account: str | None = None,
    ) -> TokenInfo:
        """A new token; the initial supply lands in ``account`` (Main by default). Only you may mint more."""
        clean_symbol = parse_symbol(symbol) if isinstance(symbol, str) else parse_symbol("")
        clean_name = parse_token_name(name) if isinstance(name, str) else parse_token_name("")
        places = parse_decimals(decimals) if isinstance(decimals, int | str) else parse_decimals("x")
        now = self.clock.now_ms()
        with self._write() as (session, actor):
            if session.scalar(select(ExchangeToken.id).where(ExchangeToken.symbol == clean_symbol)):
                raise AlreadyExistsError(f"A token {clean_symbol} exists already.", field="symbol")
            token = ExchangeToken(
                symbol=clean_symbol,
                name=clean_name,
                decimals=places,
                total_supply=0,
                creator_profile_id=actor.profile_id,
                created_at=now,
                origin="native",
            )
            amount = ledger.to_base_units(supply, token, field="supply", allow_zero=True, what="supply")
            cap = None
            if max_supply is not None:
                cap = ledger.to_base_units(max_supply, token, field="max_supply", what="maximum supply")
                if cap < amount:
                    raise ValidationError(
                        "The maximum supply cannot be below the initial supply.", field="max_supply"
                    )
            token.total_supply = amount
            token.max_supply = cap
            holder = ledger.spending_account(session, actor.profile_id, account, field="account", now_ms=now)
            session.add(token)
            session.flush()
            if amount:
                ledger.credit(session, holder.id, token.id, amount)
            self._audit(
                session,
                actor,
                "exchange.token_created",
                {
                    "symbol": clean_symbol,
                    "decimals": places,
                    "supply": amount,
                    "max_supply": cap,
                    "account": holder.name,
                },
            )
            return TokenInfo(
                token.id, clean_symbol, clean_name, places, amount, cap, actor.username, "native", now
            )

    def list_tokens(self) -> list[TokenInfo]:
        with self.db.read() as session:
            rows = session.execute(
                select(ExchangeToken, Profile.username)
                .outerjoin(Profile, Profile.id == ExchangeToken.creator_profile_id)
                .order_by(ExchangeToken.symbol)
            ).all()
            return [
                TokenInfo(
                    t.id,
                    t.symbol,
                    t.name,
                    t.decimals,
                    t.total_supply,
                    t.max_supply,
                    user,
                    t.origin,
                    t.created_at,
                )
                for t, user in rows
            ]

    def get_token(self, symbol: str) -> TokenInfo:
        with self.db.read() as session:
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            creator = (
                session.scalar(select(Profile.username).where(Profile.id == token.creator_profile_id))
                if token.creator_profile_id is not None
                else None
            )
            return TokenInfo(
                token.id,
                token.symbol,
                token.name,
                token.decimals,
                token.total_supply,
                token.max_supply,
                creator,
                token.origin,
                token.created_at,
            )

    @operation("exchange.mint")
    @with_session
    def mint(self, symbol: str, amount: Amount, *, account: str | None = None) -> SupplyChange:
        """New units into ``account``; only the token's creator, and never above its maximum supply."""
        with self._write() as (session, actor):
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            if token.creator_profile_id != actor.profile_id:
                raise PermissionDeniedError(
                    f"Only the profile that created {token.symbol} may mint it.", field="symbol"
                )
            value = ledger.to_base_units(amount, token, field="amount")
            new_total = token.total_supply + value
            cap = token.max_supply if token.max_supply is not None else UINT256_MAX
            if new_total > cap:
                room = format_amount(cap - token.total_supply, token.decimals)
                raise ValidationError(
                    f"This passes the maximum supply of {token.symbol}: at most {room} more may be minted.",
                    field="amount",
                )
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            token.total_supply = new_total
            ledger.credit(session, holder.id, token.id, value)
            self._audit(
                session,
                actor,
                "exchange.minted",
                {"symbol": token.symbol, "amount": value, "account": holder.name, "total_supply": new_total},
            )
            return SupplyChange(
                token.symbol,
                holder.name,
                value,
                format_amount(value, token.decimals),
                new_total,
                format_amount(new_total, token.decimals),
            )

    @operation("exchange.burn")
    @with_session
    def burn(self, symbol: str, amount: Amount, *, account: str | None = None) -> SupplyChange:
        """Destroy units you hold; the total supply shrinks by the same amount."""
        with self._write() as (session, actor):
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            value = ledger.to_base_units(amount, token, field="amount")
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            ledger.debit(session, holder, token, value, field="amount")
            token.total_supply = token.total_supply - value
            self._audit(
                session,
                actor,
                "exchange.burned",
                {
                    "symbol": token.symbol,
                    "amount": value,
                    "account": holder.name,
                    "total_supply": token.total_supply,
                },
            )
            return SupplyChange(
                token.symbol,
                holder.name,
                value,
                format_amount(value, token.decimals),
                token.total_supply,
                format_amount(token.total_supply, token.decimals),
            )

    @operation("exchange.transfer")
    @with_session
    def transfer(self, symbol: str, amount: Amount, from_account: str, to_account: str) -> TransferResult:
        """Move tokens from one of your accounts to another or to a counterparty; never to the same one."""
        with self._write() as (session, actor):
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            value = ledger.to_base_units(amount, token, field="amount")
            source = ledger.spending_account(
                session, actor.profile_id, from_account, field="from_account", now_ms=self.clock.now_ms()
            )
            target = ledger.receiving_account(session, actor.profile_id, to_account, field="to_account")
            if source.id == target.id:
                raise ValidationError("Pick a different account to send to.", field="to_account")
            ledger.debit(session, source, token, value, field="amount")
            ledger.credit(session, target.id, token.id, value)
            self._audit(
                session,
                actor,
                "exchange.transfer",
                {"symbol": token.symbol, "amount": value, "from": source.name, "to": target.name},
            )
            return TransferResult(
                token.symbol, source.name, target.name, value, format_amount(value, token.decimals)
            )

    def balances(self, account: str | None = None) -> list[Balance]:
        """Non-zero balances of one account, or of all your own accounts when ``account`` is None."""
        actor = self._session()
        with self.db.read() as session:
            query = (
                select(
                    ExchangeAccount.name, ExchangeToken.symbol, ExchangeToken.decimals, ExchangeBalance.amount
                )
                .join(ExchangeAccount, ExchangeAccount.id == ExchangeBalance.account_id)
                .join(ExchangeToken, ExchangeToken.id == ExchangeBalance.token_id)
                .where(ExchangeAccount.profile_id == actor.profile_id)
                .order_by(ExchangeAccount.id, ExchangeToken.symbol)
            )
            if account is None:
                query = query.where(ExchangeAccount.kind == "own")
            else:
                found = ledger.find_account(session, actor.profile_id, account, field="account")
                if found is None:
                    raise NotFoundError(f"You have no account named {account!r}.", field="account")
                query = query.where(ExchangeAccount.id == found.id)
            return [
                Balance(name, sym, dec, amt, format_amount(amt, dec))
                for name, sym, dec, amt in session.execute(query).all()
                if amt > 0
            ]

    # -- pools -----------------------------------------------------------------------------

    @operation("exchange.create_pool")
    @with_session
    def create_pool(
        self,
        token_a: str,
        token_b: str,
        amount_a: Amount,
        amount_b: Amount,
        *,
        fee_bps: int | str = amm.DEFAULT_FEE_BPS,
        account: str | None = None,
    ) -> LiquidityResult:
        """A pool for an unordered pair, seeded from ``account``: nothing is minted from thin air."""
        fee = parse_fee_bps(fee_bps) if isinstance(fee_bps, int | str) else parse_fee_bps("x")
        now = self.clock.now_ms()
        with self._write() as (session, actor):
            a, b = self._pair(session, token_a, token_b)
            if self._pool_for(session, a, b) is not None:
                raise AlreadyExistsError(
                    f"A {a.symbol}/{b.symbol} pool exists already: add liquidity to it instead.",
                    field="token_b",
                )
            value_a = ledger.to_base_units(amount_a, a, field="amount_a")
            value_b = ledger.to_base_units(amount_b, b, field="amount_b")
            shares = amm.mint_shares(value_a, value_b, 0, 0, 0)
            holder = ledger.spending_account(session, actor.profile_id, account, field="account", now_ms=now)
            ledger.debit(session, holder, a, value_a, field="amount_a")
            ledger.debit(session, holder, b, value_b, field="amount_b")
            first_is_a = a.id < b.id
            pool = ExchangePool(
                token0_id=a.id if first_is_a else b.id,
                token1_id=b.id if first_is_a else a.id,
                fee_bps=fee,
                reserve0=value_a if first_is_a else value_b,
                reserve1=value_b if first_is_a else value_a,
                total_shares=shares + amm.MINIMUM_LIQUIDITY,
                locked_shares=amm.MINIMUM_LIQUIDITY,
                volume0=0,
                volume1=0,
                fees0=0,
                fees1=0,
                swap_count=0,
                created_by_profile_id=actor.profile_id,
                created_at=now,
            )
            session.add(pool)
            session.flush()
            session.add(ExchangePosition(pool_id=pool.id, account_id=holder.id, shares=shares))
            self._price_point(session, pool, "create")
            self._audit(
                session,
                actor,
                "exchange.pool_created",
                {
                    "pool_id": pool.id,
                    "pair": [a.symbol, b.symbol],
                    "amounts": [value_a, value_b],
                    "fee_bps": fee,
                    "shares": shares,
                    "locked_shares": amm.MINIMUM_LIQUIDITY,
                    "account": holder.name,
                },
            )
            return LiquidityResult(
                pool.id,
                holder.name,
                a.symbol,
                b.symbol,
                value_a,
                value_b,
                format_amount(value_a, a.decimals),
                format_amount(value_b, b.decimals),
                shares,
                shares,
            )

    def _my_shares(self, session: Session, profile_id: int | None) -> dict[int, int]:
        if profile_id is None:
            return {}
        totals: dict[int, int] = {}
        rows = session.execute(
            select(ExchangePosition.pool_id, ExchangePosition.shares)
            .join(ExchangeAccount, ExchangeAccount.id == ExchangePosition.account_id)
            .where(ExchangeAccount.profile_id == profile_id)
        ).all()
        for pool_id, shares in rows:
            totals[pool_id] = totals.get(pool_id, 0) + shares
        return totals

    @staticmethod
    def _pool_info(pool: ExchangePool, t0: ExchangeToken, t1: ExchangeToken, mine: int) -> PoolInfo:
        return PoolInfo(
            id=pool.id,
            symbol0=t0.symbol,
            symbol1=t1.symbol,
            decimals0=t0.decimals,
            decimals1=t1.decimals,
            fee_bps=pool.fee_bps,
            reserve0=pool.reserve0,
            reserve1=pool.reserve1,
            total_shares=pool.total_shares,
            locked_shares=pool.locked_shares,
            price0=ratio_text(pool.reserve1, pool.reserve0, t1.decimals, t0.decimals),
            price1=ratio_text(pool.reserve0, pool.reserve1, t0.decimals, t1.decimals),
            tvl_in_token0=2 * pool.reserve0,
            tvl_in_token1=2 * pool.reserve1,
            my_shares=mine,
            my_share_bps=mine * 10_000 // pool.total_shares if pool.total_shares else 0,
            swap_count=pool.swap_count,
            created_at=pool.created_at,
        )

    def _viewer(self) -> int | None:
        """The logged-in profile for "your share" columns, or None (reads never need a login)."""
        try:
            return self._gate.check().profile_id
        except NotLoggedInError:
            return None

    def list_pools(self) -> list[PoolInfo]:
        """Every pool with reserves, fee, price, TVL and your share (0 when logged out)."""
        viewer = self._viewer()
        with self.db.read() as session:
            tokens = {t.id: t for t in session.scalars(select(ExchangeToken)).all()}
            mine = self._my_shares(session, viewer)
            pools = session.scalars(select(ExchangePool).order_by(ExchangePool.id)).all()
            return [
                self._pool_info(p, tokens[p.token0_id], tokens[p.token1_id], mine.get(p.id, 0)) for p in pools
            ]

    def get_pool(self, token_a: str, token_b: str) -> PoolInfo:
        viewer = self._viewer()
        with self.db.read() as session:
            pool, t0, t1 = self._existing_pool(session, token_a, token_b)
            return self._pool_info(pool, t0, t1, self._my_shares(session, viewer).get(pool.id, 0))

    # -- swaps -----------------------------------------------------------------------------

    @staticmethod
    def _hops(route: Route, symbols: dict[int, str]) -> tuple[RouteHop, ...]:
        return tuple(
            RouteHop(
                pool_id=pool.pool_id,
                symbol_in=symbols[route.tokens[i]],
                symbol_out=symbols[route.tokens[i + 1]],
                amount_in=route.amounts[i],
                amount_out=route.amounts[i + 1],
                fee_bps=pool.fee_bps,
                fee_amount=route.amounts[i] * pool.fee_bps // amm.BPS,
            )
            for i, pool in enumerate(route.pools)
        )

    @staticmethod
    def _swap_account(session: Session, profile_id: int, account: object, now: int) -> tuple[int, str]:
        """(id, name) of the spending account; the ORM path only to open Main or to explain a refusal."""
        name = DEFAULT_ACCOUNT if account is None else account
        if isinstance(name, str):
            clean = parse_account_name(name, field="account")
            row = (
                session.connection()
                .execute(sql.ACCOUNT_BY_NAME, {"profile_id": profile_id, "name": clean})
                .first()
            )
            if row is not None and row.kind == "own":
                return row.id, row.name
        holder = ledger.spending_account(session, profile_id, account, field="account", now_ms=now)
        return holder.id, holder.name

    @operation("exchange.quote")
    def quote_swap(
        self,
        token_in: str,
        token_out: str,
        *,
        amount_in: Amount | None = None,
        amount_out: Amount | None = None,
        slippage_bps: int = DEFAULT_SLIPPAGE_BPS,
    ) -> SwapQuote:
        """Price a swap on the current reserves (give ``amount_in`` or ``amount_out``). Changes nothing."""
        slippage = _check_slippage(slippage_bps)
        if (amount_in is None) == (amount_out is None):
            raise ValidationError(
                "Give either the amount to pay or the amount to receive.", field="amount_in"
            )
        with self.db.read() as session:
            conn = session.connection()
            tokens = {
                row.id: TokenRef(row.id, row.symbol, row.decimals) for row in conn.execute(sql.ALL_TOKENS)
            }
            states = [
                PoolState(p.id, p.token0_id, p.token1_id, p.reserve0, p.reserve1, p.fee_bps)
                for p in conn.execute(sql.ALL_POOLS)
                if p.reserve0 > 0 and p.reserve1 > 0
            ]
        t_in, t_out = _swap_pair(tokens, token_in, token_out)
        if amount_in is not None:
            kind, amount = "exact_in", ledger.to_base_units(amount_in, t_in, field="amount_in")
            route = best_route_exact_in(states, t_in.id, t_out.id, amount)
        else:
            kind, amount = "exact_out", ledger.to_base_units(amount_out, t_out, field="amount_out")
            route = best_route_exact_out(states, t_in.id, t_out.id, amount)
        symbols = {token_id: ref.symbol for token_id, ref in tokens.items()}
        return self._quote(route, t_in, t_out, kind, slippage, symbols)

    def _quote(
        self,
        route: Route,
        t_in: TokenRef,
        t_out: TokenRef,
        kind: str,
        slippage: int,
        symbols: dict[int, str],
    ) -> SwapQuote:
        mid_num, mid_den = mid_price_fraction(route)
        if kind == "exact_in":
            minimum: int | None = route.amount_out * (amm.BPS - slippage) // amm.BPS
            maximum: int | None = None
            limit_text = format_amount(minimum or 0, t_out.decimals)
        else:
            minimum = None
            maximum = -(-route.amount_in * (amm.BPS + slippage) // amm.BPS)
            limit_text = format_amount(maximum, t_in.decimals)
        return SwapQuote(
            kind=kind,
            symbol_in=t_in.symbol,
            symbol_out=t_out.symbol,
            decimals_in=t_in.decimals,
            decimals_out=t_out.decimals,
            amount_in=route.amount_in,
            amount_out=route.amount_out,
            path=tuple(symbols[t] for t in route.tokens),
            hops=self._hops(route, symbols),
            price_impact_bps=price_impact_bps(route),
            effective_price=ratio_text(route.amount_out, route.amount_in, t_out.decimals, t_in.decimals),
            mid_price=ratio_text(mid_num, mid_den, t_out.decimals, t_in.decimals),
            slippage_bps=slippage,
            minimum_received=minimum,
            maximum_sold=maximum,
            amount_in_text=format_amount(route.amount_in, t_in.decimals),
            amount_out_text=format_amount(route.amount_out, t_out.decimals),
            limit_text=limit_text,
        )

    @operation("exchange.swap")
    @with_session
    def swap_exact_in(
        self,
        token_in: str,
        token_out: str,
        amount_in: Amount,
        min_out: Amount,
        *,
        deadline_ms: int | None = None,
        account: str | None = None,
    ) -> SwapResult:
        """Pay exactly ``amount_in``; refused unless at least ``min_out`` comes back before the deadline."""
        return self._swap("exact_in", token_in, token_out, amount_in, min_out, deadline_ms, account)

    @operation("exchange.swap")
    @with_session
    def swap_exact_out(
        self,
        token_in: str,
        token_out: str,
        amount_out: Amount,
        max_in: Amount,
        *,
        deadline_ms: int | None = None,
        account: str | None = None,
    ) -> SwapResult:
        """Receive exactly ``amount_out``; refused if it costs more than ``max_in`` or the deadline passed."""
        return self._swap("exact_out", token_in, token_out, amount_out, max_in, deadline_ms, account)

    def _swap(
        self,
        kind: str,
        token_in: str,
        token_out: str,
        amount: Amount,
        limit: Amount,
        deadline_ms: int | None,
        account: str | None,
    ) -> SwapResult:
        deadline = _check_deadline(deadline_ms)
        if deadline is None:
            deadline = self.clock.now_ms() + DEFAULT_DEADLINE_MS
        with self._write() as (session, actor):
            now = self.clock.now_ms()
            if now > deadline:
                raise DeadlineExpiredError(
                    "The swap's deadline passed before it could run; quote again.", field="deadline"
                )
            # The hot path: prebuilt Core statements on the connection, no ORM objects to track.
            conn = session.connection()
            tokens = {
                row.id: TokenRef(row.id, row.symbol, row.decimals) for row in conn.execute(sql.ALL_TOKENS)
            }
            t_in, t_out = _swap_pair(tokens, token_in, token_out)
            if kind == "exact_in":
                value = ledger.to_base_units(amount, t_in, field="amount_in")
                bound = ledger.to_base_units(limit, t_out, field="min_out", allow_zero=True, what="minimum")
            else:
                value = ledger.to_base_units(amount, t_out, field="amount_out")
                bound = ledger.to_base_units(limit, t_in, field="max_in", what="maximum")
            holder_id, holder_name = self._swap_account(session, actor.profile_id, account, now)
            pools = {row.id: row for row in conn.execute(sql.ALL_POOLS)}
            states = [
                PoolState(p.id, p.token0_id, p.token1_id, p.reserve0, p.reserve1, p.fee_bps)
                for p in pools.values()
                if p.reserve0 > 0 and p.reserve1 > 0
            ]
            if kind == "exact_in":
                route = best_route_exact_in(states, t_in.id, t_out.id, value)
            else:
                route = best_route_exact_out(states, t_in.id, t_out.id, value)
            if kind == "exact_in" and route.amount_out < bound:
                raise SlippageError(
                    f"The price moved: this pays {format_amount(route.amount_out, t_out.decimals)} "
                    f"{t_out.symbol}, below your minimum of {format_amount(bound, t_out.decimals)}.",
                    field="min_out",
                )
            if kind == "exact_out" and route.amount_in > bound:
                raise SlippageError(
                    f"The price moved: this costs {format_amount(route.amount_in, t_in.decimals)} "
                    f"{t_in.symbol}, above your maximum of {format_amount(bound, t_in.decimals)}.",
                    field="max_in",
                )
            held = dict(
                conn.execute(
                    sql.BALANCES_OF_PAIR, {"account_id": holder_id, "token_ids": [t_in.id, t_out.id]}
                ).all()
            )
            if held.get(t_in.id, 0) < route.amount_in:
                raise InsufficientFundsError(
                    f"{holder_name} holds {format_amount(held.get(t_in.id, 0), t_in.decimals)} "
                    f"{t_in.symbol}; this needs {format_amount(route.amount_in, t_in.decimals)}.",
                    field="amount_in" if kind == "exact_in" else "max_in",
                )
            _set_balance(conn, holder_id, t_in.id, held[t_in.id] - route.amount_in, exists=True)
            _set_balance(
                conn, holder_id, t_out.id, held.get(t_out.id, 0) + route.amount_out, exists=t_out.id in held
            )
            inserted: Any = conn.execute(
                sql.NEW_SWAP,
                {
                    "account_id": holder_id,
                    "kind": kind,
                    "token_in_id": t_in.id,
                    "token_out_id": t_out.id,
                    "amount_in": route.amount_in,
                    "amount_out": route.amount_out,
                    "path": ",".join(str(t) for t in route.tokens),
                    "created_at": now,
                },
            )
            swap_id = int(inserted.inserted_primary_key[0])
            for i, state in enumerate(route.pools):
                _apply_hop(
                    conn,
                    pools[state.pool_id],
                    route.tokens[i],
                    route.amounts[i],
                    route.amounts[i + 1],
                    swap_id,
                    now,
                )
            symbols = {token_id: ref.symbol for token_id, ref in tokens.items()}
            hops = self._hops(route, symbols)
            path = tuple(symbols[t] for t in route.tokens)
            self._audit(
                session,
                actor,
                "exchange.swap",
                {
                    "swap_id": swap_id,
                    "kind": kind,
                    "account": holder_name,
                    "path": list(path),
                    "pools": [h.pool_id for h in hops],
                    "amount_in": route.amount_in,
                    "amount_out": route.amount_out,
                    "limit": bound,
                },
            )
            return SwapResult(
                swap_id=swap_id,
                kind=kind,
                account=holder_name,
                symbol_in=t_in.symbol,
                symbol_out=t_out.symbol,
                amount_in=route.amount_in,
                amount_out=route.amount_out,
                amount_in_text=format_amount(route.amount_in, t_in.decimals),
                amount_out_text=format_amount(route.amount_out, t_out.decimals),
                path=path,
                hops=hops,
                price_impact_bps=price_impact_bps(route),
                effective_price=ratio_text(route.amount_out, route.amount_in, t_out.decimals, t_in.decimals),
                executed_at=now,
            )

    # -- liquidity -------------------------------------------------------------------------

    @operation("exchange.add_liquidity")
    @with_session
    def add_liquidity(
        self,
        token_a: str,
        token_b: str,
        amount_a: Amount,
        amount_b: Amount,
        *,
        min_a: Amount = 0,
        min_b: Amount = 0,
        account: str | None = None,
    ) -> LiquidityResult:
        """Deposit at most the desired amounts, at the pool's price (as Uniswap's router), for new shares."""
        with self._write() as (session, actor):
            pool, t0, t1 = self._existing_pool(session, token_a, token_b)
            a, b = (t0, t1) if parse_symbol(token_a, field="token_a") == t0.symbol else (t1, t0)
            desired_a = ledger.to_base_units(amount_a, a, field="amount_a")
            desired_b = ledger.to_base_units(amount_b, b, field="amount_b")
            floor_a = ledger.to_base_units(min_a, a, field="min_a", allow_zero=True, what="minimum")
            floor_b = ledger.to_base_units(min_b, b, field="min_b", allow_zero=True, what="minimum")
            a_is_0 = a.id == pool.token0_id
            reserve_a, reserve_b = (
                (pool.reserve0, pool.reserve1) if a_is_0 else (pool.reserve1, pool.reserve0)
            )
            dep_a, dep_b = amm.optimal_deposit(desired_a, desired_b, floor_a, floor_b, reserve_a, reserve_b)
            shares = amm.mint_shares(dep_a, dep_b, reserve_a, reserve_b, pool.total_shares)
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            ledger.debit(session, holder, a, dep_a, field="amount_a")
            ledger.debit(session, holder, b, dep_b, field="amount_b")
            if a_is_0:
                pool.reserve0, pool.reserve1 = pool.reserve0 + dep_a, pool.reserve1 + dep_b
            else:
                pool.reserve0, pool.reserve1 = pool.reserve0 + dep_b, pool.reserve1 + dep_a
            pool.total_shares = pool.total_shares + shares
            position = session.get(ExchangePosition, (pool.id, holder.id))
            if position is None:
                position = ExchangePosition(pool_id=pool.id, account_id=holder.id, shares=shares)
                session.add(position)
            else:
                position.shares = position.shares + shares
            self._price_point(session, pool, "add")
            self._audit(
                session,
                actor,
                "exchange.liquidity_added",
                {
                    "pool_id": pool.id,
                    "pair": [a.symbol, b.symbol],
                    "amounts": [dep_a, dep_b],
                    "shares": shares,
                    "account": holder.name,
                },
            )
            return LiquidityResult(
                pool.id,
                holder.name,
                a.symbol,
                b.symbol,
                dep_a,
                dep_b,
                format_amount(dep_a, a.decimals),
                format_amount(dep_b, b.decimals),
                shares,
                position.shares,
            )

    @operation("exchange.remove_liquidity")
    @with_session
    def remove_liquidity(
        self,
        token_a: str,
        token_b: str,
        *,
        shares: int | str | None = None,
        percent: str | int | None = None,
        min_a: Amount = 0,
        min_b: Amount = 0,
        account: str | None = None,
    ) -> LiquidityResult:
        """Burn shares (a number, or a percentage of your position) for both tokens at the pool's ratio."""
        if (shares is None) == (percent is None):
            raise ValidationError("Give either a number of shares or a percentage.", field="shares")
        with self._write() as (session, actor):
            pool, t0, t1 = self._existing_pool(session, token_a, token_b)
            a, b = (t0, t1) if parse_symbol(token_a, field="token_a") == t0.symbol else (t1, t0)
            floor_a = ledger.to_base_units(min_a, a, field="min_a", allow_zero=True, what="minimum")
            floor_b = ledger.to_base_units(min_b, b, field="min_b", allow_zero=True, what="minimum")
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            position = session.get(ExchangePosition, (pool.id, holder.id))
            held = 0 if position is None else position.shares
            if percent is not None:
                if isinstance(percent, bool) or not isinstance(percent, int | str):
                    raise ValidationError("Enter a percentage from 0.01 to 100.", field="percent")
                burn = held * parse_percent_bps(str(percent)) // amm.BPS
                if burn <= 0:
                    raise InsufficientFundsError(
                        f"{holder.name} has no share of the {a.symbol}/{b.symbol} pool to remove.",
                        field="percent",
                    )
            else:
                burn = _parse_shares(shares)
            if position is None or burn > held:
                raise InsufficientFundsError(
                    f"{holder.name} holds {held} shares of the {a.symbol}/{b.symbol} pool, not {burn}.",
                    field="shares",
                )
            out0, out1 = amm.burn_amounts(burn, pool.reserve0, pool.reserve1, pool.total_shares)
            out_a, out_b = (out0, out1) if a.id == pool.token0_id else (out1, out0)
            if out_a < floor_a:
                raise SlippageError(
                    f"This pays {format_amount(out_a, a.decimals)} {a.symbol}, below your minimum.",
                    field="min_a",
                )
            if out_b < floor_b:
                raise SlippageError(
                    f"This pays {format_amount(out_b, b.decimals)} {b.symbol}, below your minimum.",
                    field="min_b",
                )
            position.shares = held - burn
            pool.total_shares = pool.total_shares - burn
            pool.reserve0, pool.reserve1 = pool.reserve0 - out0, pool.reserve1 - out1
            ledger.credit(session, holder.id, a.id, out_a)
            ledger.credit(session, holder.id, b.id, out_b)
            self._price_point(session, pool, "remove")
            self._audit(
                session,
                actor,
                "exchange.liquidity_removed",
                {
                    "pool_id": pool.id,
                    "pair": [a.symbol, b.symbol],
                    "amounts": [out_a, out_b],
                    "shares": burn,
                    "account": holder.name,
                },
            )
            return LiquidityResult(
                pool.id,
                holder.name,
                a.symbol,
                b.symbol,
                out_a,
                out_b,
                format_amount(out_a, a.decimals),
                format_amount(out_b, b.decimals),
                burn,
                position.shares,
            )

    def quote_add_liquidity(
        self, token_a: str, token_b: str, amount_a: Amount, amount_b: Amount
    ) -> LiquidityQuote:
        """The pair an add would deposit at the pool's price and the shares it would mint; changes nothing."""
        with self.db.read() as session:
            pool, t0, t1 = self._existing_pool(session, token_a, token_b)
            a, b = (t0, t1) if parse_symbol(token_a, field="token_a") == t0.symbol else (t1, t0)
            desired_a = ledger.to_base_units(amount_a, a, field="amount_a")
            desired_b = ledger.to_base_units(amount_b, b, field="amount_b")
            a_is_0 = a.id == pool.token0_id
            reserves = (pool.reserve0, pool.reserve1)
            reserve_a, reserve_b = reserves if a_is_0 else reserves[::-1]
            dep_a, dep_b = amm.optimal_deposit(desired_a, desired_b, 0, 0, reserve_a, reserve_b)
            shares = amm.mint_shares(dep_a, dep_b, reserve_a, reserve_b, pool.total_shares)
            return LiquidityQuote(
                pool.id,
                a.symbol,
                b.symbol,
                dep_a,
                dep_b,
                format_amount(dep_a, a.decimals),
                format_amount(dep_b, b.decimals),
                shares,
                shares * 1_000_000 // (pool.total_shares + shares),
            )

    def quote_remove_liquidity(
        self,
        token_a: str,
        token_b: str,
        *,
        shares: int | str | None = None,
        percent: str | int | None = None,
        account: str | None = None,
    ) -> LiquidityQuote:
        """What burning these shares (or this percentage of your position) would pay now; changes nothing."""
        actor = self._session()
        if (shares is None) == (percent is None):
            raise ValidationError("Give either a number of shares or a percentage.", field="shares")
        with self.db.read() as session:
            pool, t0, t1 = self._existing_pool(session, token_a, token_b)
            a, b = (t0, t1) if parse_symbol(token_a, field="token_a") == t0.symbol else (t1, t0)
            name = DEFAULT_ACCOUNT if account is None else account
            holder = ledger.find_account(session, actor.profile_id, name, field="account")
            position = None if holder is None else session.get(ExchangePosition, (pool.id, holder.id))
            held = 0 if position is None else position.shares
            if percent is not None:
                if isinstance(percent, bool) or not isinstance(percent, int | str):
                    raise ValidationError("Enter a percentage from 0.01 to 100.", field="percent")
                burn = held * parse_percent_bps(str(percent)) // amm.BPS
                if burn <= 0:
                    raise InsufficientFundsError("You have no share of this pool to remove.", field="percent")
            else:
                burn = _parse_shares(shares)
            if burn > held:
                raise InsufficientFundsError(
                    f"You hold {held} shares of this pool, not {burn}.", field="shares"
                )
            out0, out1 = amm.burn_amounts(burn, pool.reserve0, pool.reserve1, pool.total_shares)
            out_a, out_b = (out0, out1) if a.id == pool.token0_id else (out1, out0)
            return LiquidityQuote(
                pool.id,
                a.symbol,
                b.symbol,
                out_a,
                out_b,
                format_amount(out_a, a.decimals),
                format_amount(out_b, b.decimals),
                burn,
                burn * 1_000_000 // pool.total_shares,
            )

    def positions(self, account: str | None = None) -> list[Position]:
        """Your pool shares with their part of the pool and what they would pay out now."""
        actor = self._session()
        with self.db.read() as session:
            query = (
                select(ExchangePosition, ExchangeAccount.name, ExchangePool)
                .join(ExchangeAccount, ExchangeAccount.id == ExchangePosition.account_id)
                .join(ExchangePool, ExchangePool.id == ExchangePosition.pool_id)
                .where(ExchangeAccount.profile_id == actor.profile_id, ExchangePosition.shares != 0)
                .order_by(ExchangePool.id, ExchangeAccount.id)
            )
            if account is not None:
                found = ledger.find_account(session, actor.profile_id, account, field="account")
                if found is None:
                    raise NotFoundError(f"You have no account named {account!r}.", field="account")
                query = query.where(ExchangeAccount.id == found.id)
            tokens = {t.id: t for t in session.scalars(select(ExchangeToken)).all()}
            result = []
            for position, name, pool in session.execute(query).all():
                t0, t1 = tokens[pool.token0_id], tokens[pool.token1_id]
                value0 = position.shares * pool.reserve0 // pool.total_shares
                value1 = position.shares * pool.reserve1 // pool.total_shares
                result.append(
                    Position(
                        pool_id=pool.id,
                        account=name,
                        symbol0=t0.symbol,
                        symbol1=t1.symbol,
                        decimals0=t0.decimals,
                        decimals1=t1.decimals,
                        shares=position.shares,
                        total_shares=pool.total_shares,
                        share_ppm=position.shares * 1_000_000 // pool.total_shares,
                        value0=value0,
                        value1=value1,
                        value0_text=format_amount(value0, t0.decimals),
                        value1_text=format_amount(value1, t1.decimals),
                    )
                )
            return result

    def swap_history(self, *, account: str | None = None, limit: int = 100) -> list[SwapRecord]:
        """Your swaps, newest first (all your accounts, or one)."""
        actor = self._session()
        with self.db.read() as session:
            query = (
                select(ExchangeSwap, ExchangeAccount.name)
                .join(ExchangeAccount, ExchangeAccount.id == ExchangeSwap.account_id)
                .where(ExchangeAccount.profile_id == actor.profile_id)
                .order_by(ExchangeSwap.id.desc())
                .limit(max(1, min(int(limit), 10_000)))
            )
            if account is not None:
                found = ledger.find_account(session, actor.profile_id, account, field="account")
                if found is None:
                    raise NotFoundError(f"You have no account named {account!r}.", field="account")
                query = query.where(ExchangeSwap.account_id == found.id)
            tokens = {t.id: t for t in session.scalars(select(ExchangeToken)).all()}
            records = []
            for swap, name in session.execute(query).all():
                t_in, t_out = tokens[swap.token_in_id], tokens[swap.token_out_id]
                records.append(
                    SwapRecord(
                        swap_id=swap.id,
                        account=name,
                        kind=swap.kind,
                        symbol_in=t_in.symbol,
                        symbol_out=t_out.symbol,
                        amount_in=swap.amount_in,
                        amount_out=swap.amount_out,
                        amount_in_text=format_amount(swap.amount_in, t_in.decimals),
                        amount_out_text=format_amount(swap.amount_out, t_out.decimals),
                        path=tuple(tokens[int(t)].symbol for t in swap.path.split(",")),
                        executed_at=swap.created_at,
                    )
                )
            return records

    # -- analytics -------------------------------------------------------------------------

    def price_history(
        self, token_a: str, token_b: str, *, since_ms: int | None = None, limit: int = DEFAULT_HISTORY_LIMIT
    ) -> list[PricePoint]:
        """Price points of a pool, oldest first; ``since_ms`` bounds the window (None: from the start).

        With more than ``limit`` points in the window, the newest ``limit`` are returned.
        """
        with self.db.read() as session:
            pool, t0, t1 = self._existing_pool(session, token_a, token_b)
            query = select(ExchangePricePoint).where(ExchangePricePoint.pool_id == pool.id)
            if since_ms is not None:
                query = query.where(ExchangePricePoint.created_at >= since_ms)
            rows = session.scalars(
                query.order_by(ExchangePricePoint.created_at.desc(), ExchangePricePoint.id.desc()).limit(
                    limit
                )
            ).all()
            return [
                PricePoint(
                    at_ms=r.created_at,
                    kind=r.kind,
                    reserve0=r.reserve0,
                    reserve1=r.reserve1,
                    price=ratio_text(r.reserve1, r.reserve0, t1.decimals, t0.decimals),
                    volume0=r.volume0,
                    volume1=r.volume1,
                    fee0=r.fee0,
                    fee1=r.fee1,
                )
                for r in reversed(rows)
            ]

    def pool_stats(self, token_a: str, token_b: str, *, since_ms: int | None = None) -> PoolStats:
        """Swaps, volume and fees of a pool since ``since_ms`` (e.g. now - 24 h), and since creation."""
        with self.db.read() as session:
            pool, t0, t1 = self._existing_pool(session, token_a, token_b)
            query = select(ExchangePricePoint).where(
                ExchangePricePoint.pool_id == pool.id, ExchangePricePoint.kind == "swap"
            )
            if since_ms is not None:
                query = query.where(ExchangePricePoint.created_at >= since_ms)
            swaps = v0 = v1 = f0 = f1 = 0
            for r in session.scalars(query).all():
                swaps += 1
                v0, v1, f0, f1 = v0 + r.volume0, v1 + r.volume1, f0 + r.fee0, f1 + r.fee1
            return PoolStats(
                pool_id=pool.id,
                symbol0=t0.symbol,
                symbol1=t1.symbol,
                decimals0=t0.decimals,
                decimals1=t1.decimals,
                since_ms=since_ms,
                swaps=swaps,
                volume0=v0,
                volume1=v1,
                fees0=f0,
                fees1=f1,
                total_swaps=pool.swap_count,
                total_volume0=pool.volume0,
                total_volume1=pool.volume1,
                total_fees0=pool.fees0,
                total_fees1=pool.fees1,
            )

    def supply_check(self) -> list[SupplyCheck]:
        """Conservation per token: accounts plus pool reserves against the total supply."""
        with self.db.read() as session:
            return supply_check(session)

    # -- legacy import ---------------------------------------------------------------------

    @operation("exchange.import_legacy")
    def import_legacy(
        self, *, qenex_os_db: Path | None = None, defi_db: Path | None = None, dry_run: bool = False
    ) -> ImportReport:
        """Bring an original QENEX ``system.db`` and/or ``defi.db`` in, whole or not at all."""
        from qenex_desktop.core.exchange.legacy import LegacyImporter

        actor = self._session()
        importer = LegacyImporter(self.db, self.audit, self.clock)
        return importer.run(actor, qenex_os_db=qenex_os_db, defi_db=defi_db, dry_run=dry_run)


@dataclass(frozen=True)
class TokenRef:
    """What the swap path needs of a token (no ORM object)."""

    id: int
    symbol: str
    decimals: int


def _swap_pair(tokens: dict[int, TokenRef], token_in: object, token_out: object) -> tuple[TokenRef, TokenRef]:
    by_symbol = {t.symbol: t for t in tokens.values()}
    found = []
    for text, field in ((token_in, "token_in"), (token_out, "token_out")):
        if not isinstance(text, str):
            raise ValidationError("Enter a token symbol, like QXC.", field=field)
        symbol = parse_symbol(text, field=field)
        if symbol not in by_symbol:
            raise NotFoundError(
                f"There is no token {symbol} on this ledger: see `token list`, or create it first.",
                field=field,
            )
        found.append(by_symbol[symbol])
    if found[0].id == found[1].id:
        raise ValidationError("Pick a different token to receive.", field="token_out")
    return found[0], found[1]


def _set_balance(conn: Connection, account_id: int, token_id: int, amount: int, *, exists: bool) -> None:
    if exists:
        conn.execute(
            sql.SET_BALANCE, {"b_account_id": account_id, "b_token_id": token_id, "v_amount": amount}
        )
    else:
        conn.execute(sql.NEW_BALANCE, {"account_id": account_id, "token_id": token_id, "amount": amount})


def _apply_hop(
    conn: Connection, pool: Any, token_in: int, amount_in: int, amount_out: int, swap_id: int, now: int
) -> None:
    """One pool's side of a swap: reserves, running totals, and its price point."""
    fee = amount_in * pool.fee_bps // amm.BPS
    if token_in == pool.token0_id:
        reserve0, reserve1 = pool.reserve0 + amount_in, pool.reserve1 - amount_out
        volume, fees = (amount_in, 0), (fee, 0)
    else:
        reserve0, reserve1 = pool.reserve0 - amount_out, pool.reserve1 + amount_in
        volume, fees = (0, amount_in), (0, fee)
    if reserve0 <= 0 or reserve1 <= 0 or reserve0 * reserve1 < pool.reserve0 * pool.reserve1:
        raise AssertionError(f"swap would break pool {pool.id}'s constant product")  # a bug, never input
    conn.execute(
        sql.SET_POOL,
        {
            "pool_id": pool.id,
            "v_reserve0": reserve0,
            "v_reserve1": reserve1,
            "v_volume0": pool.volume0 + volume[0],
            "v_volume1": pool.volume1 + volume[1],
            "v_fees0": pool.fees0 + fees[0],
            "v_fees1": pool.fees1 + fees[1],
            "v_swap_count": pool.swap_count + 1,
        },
    )
    conn.execute(
        sql.NEW_PRICE_POINT,
        {
            "pool_id": pool.id,
            "created_at": now,
            "kind": "swap",
            "reserve0": reserve0,
            "reserve1": reserve1,
            "volume0": volume[0],
            "volume1": volume[1],
            "fee0": fees[0],
            "fee1": fees[1],
            "swap_id": swap_id,
        },
    )


def _parse_shares(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError("Shares are a whole number.", field="shares")
    text = str(value).strip()
    if not text.isdigit():
        raise ValidationError("Shares are a whole number, like 1500.", field="shares")
    number = int(text)
    if number <= 0:
        raise ValidationError("Enter a number of shares greater than zero.", field="shares")
    return number


def supply_check(session: Session) -> list[SupplyCheck]:
    tokens = session.scalars(select(ExchangeToken).order_by(ExchangeToken.symbol)).all()
    in_accounts: dict[int, int] = {}
    for token_id, amount in session.execute(select(ExchangeBalance.token_id, ExchangeBalance.amount)).all():
        in_accounts[token_id] = in_accounts.get(token_id, 0) + amount
    in_pools: dict[int, int] = {}
    for t0, t1, r0, r1 in session.execute(
        select(ExchangePool.token0_id, ExchangePool.token1_id, ExchangePool.reserve0, ExchangePool.reserve1)
    ).all():
        in_pools[t0] = in_pools.get(t0, 0) + r0
        in_pools[t1] = in_pools.get(t1, 0) + r1
    return [
        SupplyCheck(t.symbol, t.total_supply, in_accounts.get(t.id, 0), in_pools.get(t.id, 0)) for t in tokens
    ]


__all__ = ["ExchangeService", "supply_check"]
