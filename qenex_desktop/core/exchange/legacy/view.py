"""What the ledger already holds that an import must fit with, read once inside its transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeLegacyImport,
    ExchangePool,
    ExchangeToken,
    Profile,
)
from qenex_desktop.core.exchange.legacy.footprint import LiveImport, live_imports


@dataclass(frozen=True)
class TokenState:
    id: int
    symbol: str
    name: str
    decimals: int
    origin: str
    supply: int
    max_supply: int | None


@dataclass(frozen=True)
class PoolState:
    id: int
    symbol0: str
    symbol1: str
    reserve0: int
    reserve1: int
    total_shares: int
    fee_bps: int

    def reserve_of(self, symbol: str) -> int:
        return self.reserve0 if symbol == self.symbol0 else self.reserve1


@dataclass
class LedgerView:
    actor_id: int
    usernames: set[str] = field(default_factory=set)
    names: dict[int, str] = field(default_factory=dict)  # profile id -> username
    #: The importing profile's accounts: name -> id.
    actor_accounts: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, TokenState] = field(default_factory=dict)
    #: Pools by their symbols in alphabetical order.
    pools: dict[tuple[str, str], PoolState] = field(default_factory=dict)
    #: sha256 -> file name of every import ever made (replaced ones too).
    hashes: dict[str, str] = field(default_factory=dict)
    live: list[LiveImport] = field(default_factory=list)
    #: Accounts made for holders by live imports: account id -> holder key.
    holder_accounts: dict[int, str] = field(default_factory=dict)
    legacy_pools: set[int] = field(default_factory=set)
    #: Original username -> profile id, for the users live imports brought.
    legacy_users: dict[str, int] = field(default_factory=dict)


def load_view(session: Session, actor_id: int) -> LedgerView:
    view = LedgerView(actor_id)
    view.names = {pid: name for pid, name in session.execute(select(Profile.id, Profile.username))}
    view.usernames = set(view.names.values())
    for account in session.scalars(select(ExchangeAccount).where(ExchangeAccount.profile_id == actor_id)):
        view.actor_accounts[account.name] = account.id
    by_id: dict[int, ExchangeToken] = {}
    for token in session.scalars(select(ExchangeToken)).all():
        by_id[token.id] = token
        view.tokens[token.symbol] = TokenState(
            token.id,
            token.symbol,
            token.name,
            token.decimals,
            token.origin,
            token.total_supply,
            token.max_supply,
        )
    for pool in session.scalars(select(ExchangePool)).all():
        state = PoolState(
            pool.id,
            by_id[pool.token0_id].symbol,
            by_id[pool.token1_id].symbol,
            pool.reserve0,
            pool.reserve1,
            pool.total_shares,
            pool.fee_bps,
        )
        view.pools[tuple(sorted((state.symbol0, state.symbol1)))] = state  # type: ignore[index]
    for sha256, name in session.execute(
        select(ExchangeLegacyImport.source_sha256, ExchangeLegacyImport.source_name)
    ):
        view.hashes[sha256] = name
    view.live = live_imports(session)
    for live in view.live:
        for holder in live.footprint.holders:
            view.holder_accounts[holder["account_id"]] = holder["key"]
        view.legacy_pools |= {pool["pool_id"] for pool in live.footprint.pools}
        for user in live.footprint.users:
            view.legacy_users.setdefault(user["name"], user["profile_id"])
    return view
