"""Writing a checked plan: profiles, accounts, tokens, balances, pools, positions, history, the
import rows with their footprints, and the one audit entry, all in the caller's transaction.

Nothing here refuses: every problem was found by the plan. Each token's supply is set to what is
held afterwards (balances plus pool reserves), which is what the plan computed; a difference
would be a bug and raises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core import amm
from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangeLegacyImport,
    ExchangePool,
    ExchangePosition,
    ExchangePricePoint,
    ExchangeToken,
    Profile,
)
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange.legacy.footprint import Footprint
from qenex_desktop.core.exchange.legacy.history import write_history
from qenex_desktop.core.exchange.legacy.numbers import units_text
from qenex_desktop.core.exchange.legacy.plan import AccountPlan, Plan, UserPlan
from qenex_desktop.core.exchange.legacy.pools import PoolPlan
from qenex_desktop.core.exchange.legacy.source import timestamp_ms

_DISPLAY_NAME_MAX = 128


@dataclass
class Applied:
    """Ids the writing gave out, for the footprints and the report."""

    profiles: dict[str, int] = field(default_factory=dict)  # user key -> profile id
    accounts: dict[str, int] = field(default_factory=dict)  # account key -> account id
    tokens: dict[str, int] = field(default_factory=dict)
    pools: dict[tuple[str, str], int] = field(default_factory=dict)
    imports: list[int] = field(default_factory=list)
    history: dict[str, int] = field(default_factory=dict)


class Writer:
    def __init__(self, session: Session, plan: Plan, actor: ActiveSession, now: int) -> None:
        self.session = session
        self.plan = plan
        self.actor = actor
        self.now = now
        self.done = Applied()

    def write(self, pools: list[PoolPlan], audit: AuditLog, summary: dict[str, Any]) -> Applied:
        for user in self.plan.users:
            self.done.profiles[user.key] = self._profile(user)
        for token in self.plan.tokens.values():
            self.done.tokens[token.symbol] = self._token(token.symbol)
        for holding in self.plan.holdings:
            account = self.account(holding.account)
            ledger.credit(self.session, account, self.done.tokens[holding.symbol], holding.units)
        for pool in pools:
            self._pool(pool)
        self.session.flush()
        self._set_supplies()
        self._imports(pools, summary)
        self._audit(audit, summary)
        return self.done

    # -- profiles and accounts -----------------------------------------------------------------

    def _profile(self, user: UserPlan) -> int:
        row = user.row
        display = row.name if len(row.name) <= _DISPLAY_NAME_MAX and row.name.isprintable() else None
        profile = self.session.get(Profile, user.profile_id) if user.profile_id is not None else None
        if profile is None:
            profile = Profile(
                username=user.login,
                password_hash=row.password_hash,
                created_at=timestamp_ms(row.created_at) or self.now,
                password_changed_at=self.now,
                failed_logins=0,
                lockout_count=0,
            )
            self.session.add(profile)
        profile.display_name, profile.email, profile.is_active = display, row.email, row.active
        self.session.flush()
        return profile.id

    def account(self, key: str) -> int:
        """The account for an account key, opened on first use (an own account: it can be spent)."""
        if key in self.done.accounts:
            return self.done.accounts[key]
        plan: AccountPlan = self.plan.accounts[key]
        profile_id = self._profile_of(plan)
        account_id = plan.account_id
        if account_id is None:
            account_id = self.session.scalar(
                select(ExchangeAccount.id).where(
                    ExchangeAccount.profile_id == profile_id, ExchangeAccount.name == plan.name
                )
            )
        if account_id is None:
            account = ExchangeAccount(profile_id=profile_id, name=plan.name, kind="own", created_at=self.now)
            self.session.add(account)
            self.session.flush()
            account_id = account.id
        self.done.accounts[key] = account_id
        return account_id

    def _user_profile(self, key: str) -> int | None:
        """The profile of a user's account key: a user of this run, or one an earlier import made."""
        account = self.plan.accounts[key]
        return self.done.profiles.get(account.user_key or "") or account.profile_id

    def _profile_of(self, plan: AccountPlan) -> int:
        if plan.user_key is not None:
            return self.done.profiles[plan.user_key]
        if plan.profile_id is not None:
            return plan.profile_id
        return self.actor.profile_id

    # -- tokens and pools ---------------------------------------------------------------------

    def _token(self, symbol: str) -> int:
        token_plan = self.plan.tokens[symbol]
        if token_plan.token_id is not None:
            return token_plan.token_id
        token = ExchangeToken(
            symbol=symbol,
            name=token_plan.name,
            decimals=token_plan.decimals,
            total_supply=0,
            max_supply=None,
            creator_profile_id=None,
            created_at=self.now,
            origin="legacy",
        )
        self.session.add(token)
        self.session.flush()
        return token.id

    def _pool(self, plan: PoolPlan) -> None:
        id_x, id_y = (self.done.tokens[s] for s in plan.pair)
        add_x, add_y = plan.added()
        pool = self.session.get(ExchangePool, plan.existing.id) if plan.existing is not None else None
        if pool is None:
            pool = ExchangePool(
                token0_id=min(id_x, id_y),
                token1_id=max(id_x, id_y),
                fee_bps=plan.fee_bps,
                reserve0=0,
                reserve1=0,
                total_shares=amm.MINIMUM_LIQUIDITY,
                locked_shares=amm.MINIMUM_LIQUIDITY,
                volume0=0,
                volume1=0,
                fees0=0,
                fees1=0,
                swap_count=0,
                created_by_profile_id=None,
                created_at=self.now,
            )
            self.session.add(pool)
            self.session.flush()
        first_is_x = pool.token0_id == id_x
        pool.reserve0 = pool.reserve0 + (add_x if first_is_x else add_y)
        pool.reserve1 = pool.reserve1 + (add_y if first_is_x else add_x)
        pool.total_shares = pool.total_shares + sum(plan.minted.values())
        for (_part, key), shares in sorted(plan.minted.items()):
            if shares:
                self._position(pool.id, self.account(key), shares)
        for part in plan.parts:  # what did not fit the pool's price goes to the part's providers
            for key, amounts in sorted(part.paid_out.items()):
                for token_id, units in ((id_x, amounts[0]), (id_y, amounts[1])):
                    if units:
                        ledger.credit(self.session, self.account(key), token_id, units)
        self.session.add(
            ExchangePricePoint(
                pool_id=pool.id,
                created_at=self.now,
                kind="import",
                reserve0=pool.reserve0,
                reserve1=pool.reserve1,
                volume0=0,
                volume1=0,
                fee0=0,
                fee1=0,
            )
        )
        self.done.pools[plan.pair] = pool.id

    def _position(self, pool_id: int, account_id: int, shares: int) -> None:
        row = self.session.get(ExchangePosition, (pool_id, account_id))
        if row is None:
            self.session.add(ExchangePosition(pool_id=pool_id, account_id=account_id, shares=shares))
        else:
            row.shares = row.shares + shares

    def _set_supplies(self) -> None:
        """Supply = what is held, per token; equal to the plan's figure (a difference is a bug)."""
        for symbol, token_id in self.done.tokens.items():
            held = sum(
                self.session.scalars(
                    select(ExchangeBalance.amount).where(ExchangeBalance.token_id == token_id)
                )
            )
            for pool in self.session.scalars(
                select(ExchangePool).where(
                    (ExchangePool.token0_id == token_id) | (ExchangePool.token1_id == token_id)
                )
            ):
                held += pool.reserve0 if pool.token0_id == token_id else pool.reserve1
            expected = self.plan.tokens[symbol].supply
            if held != expected:
                raise AssertionError(f"legacy import: {symbol} would hold {held}, the plan says {expected}")
            token = self.session.get_one(ExchangeToken, token_id)
            token.total_supply = held

    # -- import rows, history, audit -----------------------------------------------------------

    def _imports(self, pools: list[PoolPlan], summary: dict[str, Any]) -> None:
        text = json.dumps(summary["counts"], sort_keys=True)
        for index, source in enumerate(self.plan.sources):
            row = ExchangeLegacyImport(
                kind=source.file.kind,
                source_sha256=source.file.sha256,
                source_name=source.where,
                summary=text,
                imported_at=self.now,
                imported_by_profile_id=self.actor.profile_id,
                footprint=self._footprint(index, pools).dump(),
            )
            self.session.add(row)
            self.session.flush()
            self.done.imports.append(row.id)
            replaced = self.plan.replacing.get(index)
            if replaced is not None:
                self.session.get_one(ExchangeLegacyImport, replaced.id).replaced_by_id = row.id
            profiles = {
                u.row.original_id: self.done.profiles[u.key] for u in self.plan.users if u.source == index
            }
            holders = {  # holders that are users: their rows show in those users' Activity
                owner.removeprefix("holder:"): self._user_profile(key)
                for (src, owner), key in self.plan.resolve.items()
                if src == index and owner.startswith("holder:") and not key.startswith("h:")
            }
            for table, count in write_history(self.session, source.file, row.id, profiles, holders).items():
                self.done.history[table] = self.done.history.get(table, 0) + count

    def _footprint(self, index: int, pools: list[PoolPlan]) -> Footprint:
        source = self.plan.sources[index]
        footprint = Footprint(identity=source.identity())
        for user in self.plan.users:
            if user.source == index:
                footprint.users.append(
                    {"key": user.row.key, "name": user.row.name, "profile_id": self.done.profiles[user.key]}
                    | {"login": user.login}
                )
        for holding in self.plan.holdings:
            if holding.source == index:
                footprint.balances.append(
                    {"owner": holding.owner, "account_id": self.done.accounts[holding.account]}
                    | {"token_id": self.done.tokens[holding.symbol], "units": str(holding.units)}
                )
        for pool in pools:
            for number, part in enumerate(pool.parts):
                if part.source != index:
                    continue
                reserves = [
                    [self.done.tokens[s], str(u)] for s, u in zip(pool.pair, part.deposit, strict=True)
                ]
                for key, amounts in sorted(part.paid_out.items()):
                    footprint.balances += [
                        {"owner": part.owners[key], "account_id": self.done.accounts[key]}
                        | {"token_id": self.done.tokens[symbol], "units": str(units)}
                        for symbol, units in zip(pool.pair, amounts, strict=True)
                        if units
                    ]
                positions = [
                    {"owner": part.owners[key], "account_id": self.done.accounts[key], "shares": str(shares)}
                    for (n, key), shares in sorted(pool.minted.items())
                    if n == number and shares
                ]
                footprint.pools.append(
                    {"pool_id": self.done.pools[pool.pair], "reserves": reserves, "positions": positions}
                )
        footprint.holders = self._holders_of(index, pools)
        return footprint

    def _holders_of(self, index: int, pools: list[PoolPlan]) -> list[dict[str, Any]]:
        """The holder accounts this file's rows landed in, as (its holder key, account id)."""
        used = {h.account: h.owner for h in self.plan.holdings if h.source == index}
        for pool in pools:
            for part in pool.parts:
                if part.source == index:
                    used |= {key: part.owners[key] for key in part.providers}
        return [
            {"key": owner, "account_id": self.done.accounts[key]}
            for key, owner in sorted(used.items())
            if key.startswith("h:") and key in self.done.accounts
        ]

    def _audit(self, audit: AuditLog, summary: dict[str, Any]) -> None:
        dust = [
            {
                "symbol": t.symbol,
                "total": units_text(t.dust.total, t.decimals),
                "largest": units_text(t.dust.largest, t.decimals),
            }
            for t in self.plan.tokens.values()
            if t.dust.total
        ]
        audit.append(
            self.session,
            category=Category.MONEY,
            event="exchange.legacy_imported",
            actor=self.actor.username,
            details={
                "sources": summary["sources"],
                "counts": summary["counts"],
                "dust": dust,
                "mapped_logins": sum(1 for u in self.plan.users if u.reason),
                "notes": len(self.plan.notes),
            },
        )
