"""The import decided before anything is written: who gets which login, which account holds what,
which tokens are new or merged, what rounding drops, and every problem that refuses the file.

Rounding: each holder's amount from one file is rounded down to the token's base units, never up;
what is dropped (always under one base unit per holder) is the dust, totalled per token with its
largest single drop. A negative float residue above -1e-9 tokens is 0, counted apart.

Tokens: one symbol in two files, or in a file and an earlier import, with the same decimals is one
token (the same user's balances add up); other decimals refuse naming both; a token created here
(origin "native") is never merged into. Holders: a DeFi holder whose name is an imported user's
original username lands in that user's Main; the DeFi platform's ``pool`` holder mirrors pool
reserves, so only what it holds beyond the file's reserves is imported (``legacy pool``); every
other holder gets an own account ``legacy <holder>`` of the importing profile.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.core.exchange.legacy.footprint import LiveImport
from qenex_desktop.core.exchange.legacy.names import assign_logins, holder_account_name
from qenex_desktop.core.exchange.legacy.numbers import NumberRefused, round_exact, units_text
from qenex_desktop.core.exchange.legacy.source import SourceData, UserRow, shown
from qenex_desktop.core.exchange.legacy.view import LedgerView
from qenex_desktop.core.validation import UINT256_MAX

#: The DeFi platform keeps what flowed into its pools as the balance of this pseudo-holder.
POOL_HOLDER = "pool"
POOL_ACCOUNT_KEY = f"h:{POOL_HOLDER}"


@dataclass
class UserPlan:
    source: int
    row: UserRow
    login: str
    reason: str | None  # why the login differs from the original name (None: kept)
    profile_id: int | None = None  # the profile an earlier import of this file made (replacement)

    @property
    def key(self) -> str:
        return f"u{self.source}:{self.row.original_id}"


@dataclass
class AccountPlan:
    key: str
    name: str
    #: A planned user (``UserPlan.key``) or an existing profile whose Main this is; both None: the
    #: importing profile's account for a holder.
    user_key: str | None = None
    profile_id: int | None = None
    holder: str | None = None
    account_id: int | None = None  # an existing account to add to
    label: str = ""  # who this is in the original, for the report


@dataclass
class Dust:
    total: Fraction = Fraction(0)  # base units
    largest: Fraction = Fraction(0)
    largest_from: str | None = None
    residues: int = 0  # negative float residues imported as 0

    def add(self, dropped: Fraction, label: str) -> None:
        if dropped < 0:
            self.residues += 1
            return
        self.total += dropped
        if dropped > self.largest:
            self.largest, self.largest_from = dropped, label


@dataclass
class TokenPlan:
    symbol: str
    name: str
    decimals: int
    token_id: int | None = None  # an earlier import's token this one merges into
    base_supply: int = 0
    max_supply: int | None = None
    sources: list[int] = field(default_factory=list)
    declared: list[tuple[str, str]] = field(default_factory=list)  # (file, total_supply text)
    dust: Dust = field(default_factory=Dust)
    unbacked: Fraction = Fraction(0)  # pool reserves no holder was debited for (base units)
    bookkeeping: Fraction = Fraction(0)  # the ``pool`` holder's mirror of reserves, not counted twice
    added: int = 0  # base units this import adds (balances and reserves)

    @property
    def supply(self) -> int:
        return self.base_supply + self.added


@dataclass(frozen=True)
class Holding:
    source: int
    owner: str  # the file's own key: "user:<id>" / "holder:<id>"
    account: str  # AccountPlan.key
    symbol: str
    units: int


@dataclass
class Plan:
    view: LedgerView
    sources: list[SourceData]
    replacing: dict[int, LiveImport] = field(default_factory=dict)
    users: list[UserPlan] = field(default_factory=list)
    accounts: dict[str, AccountPlan] = field(default_factory=dict)
    resolve: dict[tuple[int, str], str] = field(default_factory=dict)  # (source, owner) -> account key
    tokens: dict[str, TokenPlan] = field(default_factory=dict)
    holdings: list[Holding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def label(self, source: int, owner: str) -> str:
        kind, _, ident = owner.partition(":")
        return f"{'user' if kind == 'user' else 'holder'} {shown(self.user_name(source, owner) or ident)}"

    def user_name(self, source: int, owner: str) -> str | None:
        if not owner.startswith("user:"):
            return None
        wanted = owner.removeprefix("user:")
        found = [u.row.name for u in self.users if u.source == source and u.row.original_id == wanted]
        return found[0] if found else None


def build_plan(sources: list[SourceData], view: LedgerView, replacing: dict[int, LiveImport]) -> Plan:
    plan = Plan(view, sources, replacing)
    for source in sources:
        plan.problems += source.problems
        plan.notes += source.notes
        if source.file.sha256 in view.hashes:
            plan.problems.append(f"{shown(source.where)} was imported before (same SHA-256)")
        others = {name: rows for name, rows in source.file.other_tables.items() if rows}
        if others:
            listed = ", ".join(f"{shown(name)} ({rows} rows)" for name, rows in sorted(others.items()))
            plan.notes.append(f"{source.where}: not carried over (not needed here): {listed}")
    _plan_tokens(plan)
    _plan_users(plan)
    _plan_accounts(plan)
    _plan_holdings(plan)
    return plan


# -- tokens ----------------------------------------------------------------------------------------


def _plan_tokens(plan: Plan) -> None:
    for index, source in enumerate(plan.sources):
        for row in source.tokens.values():
            token = plan.tokens.get(row.symbol)
            if token is None:
                token = plan.tokens[row.symbol] = _new_token(plan, row.symbol, row.name, row.decimals, source)
            elif token.decimals != row.decimals:
                first = plan.sources[token.sources[0]].where
                plan.problems.append(
                    f"token {row.symbol} has {token.decimals} decimals in {first} and {row.decimals} in "
                    f"{source.where}: one symbol cannot be two tokens here"
                )
                continue
            elif token.name != row.name and token.token_id is None:
                plan.notes.append(
                    f"token {row.symbol} is named {token.name!r}; {source.where} calls it {row.name!r}"
                )
            token.sources.append(index)
            if row.declared_total is not None:
                token.declared.append((source.where, row.declared_total))


def _new_token(plan: Plan, symbol: str, name: str, decimals: int, source: SourceData) -> TokenPlan:
    existing = plan.view.tokens.get(symbol)
    token = TokenPlan(symbol, name, decimals)
    if existing is None:
        return token
    if existing.origin != "legacy":
        plan.problems.append(
            f"token {symbol} of {source.where} has the symbol of a token created on this ledger; an import "
            "never adds to a token made here (import into another data folder, or rename that token's "
            "symbol in the original file)"
        )
    elif existing.decimals != decimals:
        plan.problems.append(
            f"token {symbol} has {decimals} decimals in {source.where} but {existing.decimals} in the "
            "earlier import that brought it: one symbol cannot be two tokens here"
        )
    token.name, token.token_id = existing.name, existing.id
    token.base_supply, token.max_supply = existing.supply, existing.max_supply
    return token


# -- users -----------------------------------------------------------------------------------------


def _plan_users(plan: Plan) -> None:
    fresh: list[tuple[str, str]] = []
    rows: dict[str, tuple[int, UserRow]] = {}
    for index, source in enumerate(plan.sources):
        earlier = (
            {u["key"]: u for u in plan.replacing[index].footprint.users} if index in plan.replacing else {}
        )
        for row in source.users:
            previous = earlier.pop(row.key, None)
            if previous is not None:
                plan.users.append(UserPlan(index, row, previous["login"], None, previous["profile_id"]))
                continue
            rows[f"u{index}:{row.original_id}"] = (index, row)
            fresh.append((f"u{index}:{row.original_id}", row.name))
        for gone in earlier.values():
            plan.problems.append(
                f"{source.where}: user {shown(gone['name'])} of the earlier import is not in it"
            )
    for key, (login, reason) in assign_logins(fresh, plan.view.usernames).items():
        index, row = rows[key]
        plan.users.append(UserPlan(index, row, login, reason))
    plan.users.sort(key=lambda user: (user.source, user.key))


# -- accounts --------------------------------------------------------------------------------------


def _plan_accounts(plan: Plan) -> None:
    for user in plan.users:
        plan.accounts[user.key] = AccountPlan(
            user.key,
            DEFAULT_ACCOUNT,
            user_key=user.key,
            profile_id=user.profile_id,
            label=f"user {user.row.name!r}",
        )
        plan.resolve[(user.source, user.row.key)] = user.key
    by_name: dict[str, str] = {}
    for user in plan.users:
        by_name.setdefault(user.row.name, user.key)
    holders: set[str] = set()
    for index, source in enumerate(plan.sources):
        owners = {b.owner for b in source.balances} | {row.owner for row in source.liquidity}
        for owner in sorted(o for o in owners if o.startswith("holder:")):
            ident = owner.removeprefix("holder:")
            if ident in by_name and ident != POOL_HOLDER:
                plan.resolve[(index, owner)] = by_name[ident]
            elif ident in plan.view.legacy_users and ident != POOL_HOLDER:
                profile_id = plan.view.legacy_users[ident]
                key = f"p:{profile_id}"
                plan.accounts.setdefault(
                    key, AccountPlan(key, DEFAULT_ACCOUNT, profile_id=profile_id, label=f"user {ident!r}")
                )
                plan.resolve[(index, owner)] = key
            else:
                plan.resolve[(index, owner)] = f"h:{ident}"
                holders.add(ident)
    if any(source.pools for source in plan.sources):
        holders.add(POOL_HOLDER)  # a pool nobody has a share of is the platform's: ``legacy pool``
    _name_holders(plan, holders)


def _name_holders(plan: Plan, holders: set[str]) -> None:
    """An own account of the importing profile per holder; earlier imports' accounts are reused."""
    reused = {
        h["key"].removeprefix("holder:"): h["account_id"]
        for live in plan.replacing.values()
        for h in live.footprint.holders
    }
    by_name = {name: account_id for name, account_id in plan.view.actor_accounts.items()}
    holder_of = plan.view.holder_accounts
    taken = {name for name, aid in by_name.items() if aid in holder_of}
    for ident in sorted(holders):
        key = f"h:{ident}"
        if ident in reused:
            name = next((n for n, aid in by_name.items() if aid == reused[ident]), f"legacy {ident}")
            plan.accounts[key] = AccountPlan(
                key, name, holder=ident, account_id=reused[ident], label=f"holder {ident!r}"
            )
            continue
        name, hashed = holder_account_name(
            ident, taken - {n for n, a in by_name.items() if holder_of.get(a) == f"holder:{ident}"}
        )
        taken.add(name)
        if hashed:
            plan.notes.append(
                f"holder {shown(ident)} has control or invisible characters; its account is {name!r}"
            )
        account_id = by_name.get(name)
        if account_id is not None and account_id not in holder_of:
            plan.problems.append(f"holder {shown(ident)} would land in {name!r}, one of your own accounts")
        plan.accounts[key] = AccountPlan(
            key, name, holder=ident, account_id=account_id, label=f"holder {ident!r}"
        )


# -- balances --------------------------------------------------------------------------------------


def _plan_holdings(plan: Plan) -> None:
    for index, source in enumerate(plan.sources):
        exact: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
        for row in source.balances:
            if row.symbol in plan.tokens:
                exact[(row.owner, row.symbol)] += row.amount
        if source.file.kind == "defi":
            _pool_bookkeeping(plan, index, source, exact)
        for (owner, symbol), amount in sorted(exact.items()):
            token = plan.tokens[symbol]
            try:
                rounded = round_exact(amount, token.decimals)
            except NumberRefused as refused:
                amount_text = units_text(amount, 0, max_digits=30)
                plan.problems.append(
                    f"{source.where}: {plan.label(index, owner)} holds {amount_text} {symbol}, which is "
                    f"{refused.reason}"
                )
                continue
            token.dust.add(rounded.dropped, plan.label(index, owner))
            if rounded.units:
                account = plan.resolve[(index, owner)]
                plan.holdings.append(Holding(index, owner, account, symbol, rounded.units))
                token.added += rounded.units
        residues = [t.symbol for t in plan.tokens.values() if t.dust.residues]
        if residues:
            plan.notes.append(
                f"{source.where}: balances a hair below zero (float residues of the original's SQL) "
                f"are imported as 0: {', '.join(residues)}"
            )


def _pool_bookkeeping(
    plan: Plan, index: int, source: SourceData, exact: dict[tuple[str, str], Fraction]
) -> None:
    """The DeFi platform's ``pool`` balance mirrors what went into its pools: count it once.

    Up to the file's reserves of a token it is the reserves themselves (not imported again); what
    it holds beyond them (tokens that left a holder but never reached a pool) is imported into
    ``legacy pool``; reserves beyond it were created by the original from nothing.
    """
    reserves: dict[str, Fraction] = defaultdict(Fraction)
    for pool in source.pools:
        reserves[pool.symbol_a] += max(pool.reserve_a, Fraction(0))
        reserves[pool.symbol_b] += max(pool.reserve_b, Fraction(0))
    owner = f"holder:{POOL_HOLDER}"
    for symbol in sorted(set(reserves) | {s for o, s in exact if o == owner}):
        if symbol not in plan.tokens:
            continue
        token, decimals = plan.tokens[symbol], plan.tokens[symbol].decimals
        held = exact.pop((owner, symbol), Fraction(0))
        mirror = min(max(held, Fraction(0)), reserves[symbol])
        token.bookkeeping += mirror * 10**decimals
        token.unbacked += (reserves[symbol] - mirror) * 10**decimals
        if held > mirror:
            exact[(owner, symbol)] = held - mirror


def check_totals(plan: Plan) -> None:
    """Sums no ledger column can hold are problems, found before anything is written."""
    for token in plan.tokens.values():
        if token.supply > UINT256_MAX:
            plan.problems.append(
                f"{token.symbol}: the balances and pool reserves add up past 2^256-1, the most a supply "
                "can be"
            )
        elif token.max_supply is not None and token.supply > token.max_supply:
            plan.problems.append(f"{token.symbol}: this import would pass the token's maximum supply")
