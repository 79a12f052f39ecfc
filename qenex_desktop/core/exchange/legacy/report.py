"""What an import did or would do, as one typed value: the CLI prints it, the GUI's import dialog
shows it, and ``to_dict`` is the ``--json`` form (base units as digit strings, like every amount).

``problems`` non-empty means nothing landed (or, for a dry run, would land). The same report comes
out of a dry run and the real import of the same files, since a dry run runs the whole import and
rolls it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from qenex_desktop.core import amm
from qenex_desktop.core.exchange.legacy.apply import Applied
from qenex_desktop.core.exchange.legacy.numbers import NumberRefused, exact_value, units_text
from qenex_desktop.core.exchange.legacy.plan import Plan, TokenPlan
from qenex_desktop.core.exchange.legacy.pools import PoolPlan, SkippedPool, share_total

_DUST_DIGITS = 40


@dataclass(frozen=True)
class SourceLine:
    kind: str
    name: str
    sha256: str
    #: The SHA-256 of the earlier import of this file that this newer copy replaces.
    replaces: str | None = None


@dataclass(frozen=True)
class UserLine:
    source: str
    original: str
    login: str
    #: Why the login name is not the original name (None: the user logs in with their own name).
    mapped_because: str | None
    active: bool
    email: str | None


@dataclass(frozen=True)
class HolderLine:
    source: str
    holder: str
    account: str  # the ledger account it landed in
    profile: str  # whose account that is: the importing profile, or the matching user's login


@dataclass(frozen=True)
class TokenLine:
    symbol: str
    decimals: int
    supply: int  # base units after the import
    supply_text: str
    merged: bool  # into a token an earlier import brought
    dust_total: str  # whole tokens dropped by rounding down, exact
    dust_largest: str
    dust_largest_from: str | None
    #: (file, total_supply as the file wrote it): the supply here follows what is held instead.
    declared: tuple[tuple[str, str], ...] = ()
    declared_differs: tuple[str, ...] = ()  # the files whose total_supply is not what is held
    created_from_nothing: str = "0"  # pool reserves no holder was debited for (whole tokens)
    not_counted_twice: str = "0"  # the DeFi ``pool`` holder's mirror of reserves (whole tokens)
    residues: int = 0  # negative float residues imported as 0


@dataclass(frozen=True)
class PoolLine:
    pair: str
    fee_bps: int
    reserves: tuple[str, str]  # whole tokens, after the import
    providers: int
    total_shares: int
    locked_shares: int
    merged: bool  # two files' pools, or into an earlier import's pool
    #: (file, provider as the file names them, symbol, whole tokens) paid out to that provider: their
    #: part of what did not fit the pool's price.
    paid_out: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class SkippedLine:
    source: str
    pair: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[SourceLine, ...] = ()
    users: tuple[UserLine, ...] = ()
    holders: tuple[HolderLine, ...] = ()
    tokens: tuple[TokenLine, ...] = ()
    pools: tuple[PoolLine, ...] = ()
    skipped_pools: tuple[SkippedLine, ...] = ()
    #: Rows of the originals' history carried over, per table.
    history: dict[str, int] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for token in data["tokens"]:
            token["supply"] = str(token["supply"])  # digits as text, as every amount in --json
        for pool in data["pools"]:
            pool["total_shares"], pool["locked_shares"] = (
                str(pool["total_shares"]),
                str(pool["locked_shares"]),
            )
        return data

    def lines(self) -> list[str]:
        """The report for people, one line each (the CLI's text; the GUI may show the same)."""
        if self.refused:
            head = "Dry run: this import would be refused" if self.dry_run else "Nothing was imported"
            out = [f"{head}: {len(self.problems)} problem(s)."]
        else:
            out = ["Dry run: nothing was changed; the import would do this." if self.dry_run else "Imported."]
        out += [f"  problem: {p}" for p in self.problems]
        out += [_source_line(s) for s in self.sources]
        out += [_user_line(u) for u in self.users]
        out += [
            f"  holder {h.holder!r} ({h.source}) -> account {h.account!r} of {h.profile}"
            for h in self.holders
        ]
        out += [line for t in self.tokens for line in _token_lines(t)]
        out += [line for p in self.pools for line in _pool_lines(p)]
        out += [f"  pool {s.pair} ({s.source}) skipped: {s.reason}" for s in self.skipped_pools]
        out += [
            f"  history: {count} {table} row(s) carried over" for table, count in sorted(self.history.items())
        ]
        out += [f"  {key}: {value}" for key, value in sorted(self.counts.items())]
        out += [f"  note: {n}" for n in self.notes]
        return out


def _source_line(source: SourceLine) -> str:
    text = f"  file {source.name} ({source.kind}, sha256 {source.sha256[:16]}...)"
    return text + (
        f" replaces its earlier import (sha256 {source.replaces[:16]}...)" if source.replaces else ""
    )


def _user_line(user: UserLine) -> str:
    state = "" if user.active else "; inactive in the original: imported, but it cannot log in"
    if user.mapped_because is None:
        return f"  user {user.original!r} logs in as {user.login!r}{state}"
    return f"  user {user.original!r} logs in as {user.login!r} ({user.mapped_because}){state}"


def _token_lines(token: TokenLine) -> list[str]:
    merged = ", merged into the token an earlier import brought" if token.merged else ""
    out = [f"  token {token.symbol} ({token.decimals} decimals): supply {token.supply_text}{merged}"]
    if token.dust_total != "0":
        out.append(
            f"    rounding down to base units dropped {token.dust_total} {token.symbol} in all; the largest "
            f"single drop {token.dust_largest} ({token.dust_largest_from})"
        )
    for where, text in token.declared:
        if where in token.declared_differs:
            out.append(f"    {where} said total_supply {text}; the supply here is what is held")
    if token.created_from_nothing != "0":
        out.append(
            f"    {token.created_from_nothing} {token.symbol} in pools was created from nothing by the "
            "original (no holder was debited); it is part of the supply"
        )
    if token.not_counted_twice != "0":
        out.append(
            f"    {token.not_counted_twice} {token.symbol} of the 'pool' holder mirrors pool reserves: "
            "counted once"
        )
    return out


def _pool_lines(pool: PoolLine) -> list[str]:
    merged = "; pools of both files (or an earlier import) joined at one price" if pool.merged else ""
    out = [
        f"  pool {pool.pair}: {pool.reserves[0]} / {pool.reserves[1]}, fee {pool.fee_bps} bps, "
        f"{pool.providers} provider(s), {pool.total_shares} shares of which {pool.locked_shares} "
        f"locked{merged}"
    ]
    out += [
        f"    {amount} {symbol} did not fit the pool's price and was paid to {who!r} ({where})"
        for where, who, symbol, amount in pool.paid_out
    ]
    return out


def build_report(
    plan: Plan, pools: list[PoolPlan], skipped: list[SkippedPool], done: Applied | None, dry_run: bool
) -> ImportReport:
    counts = summary_counts(plan, pools, skipped)
    return ImportReport(
        dry_run=dry_run,
        counts=counts,
        problems=tuple(plan.problems),
        notes=tuple(plan.notes),
        sources=tuple(
            SourceLine(
                s.file.kind,
                s.where,
                s.file.sha256,
                plan.replacing[i].sha256 if i in plan.replacing else None,
            )
            for i, s in enumerate(plan.sources)
        ),
        users=tuple(
            UserLine(plan.sources[u.source].where, u.row.name, u.login, u.reason, u.row.active, u.row.email)
            for u in plan.users
        ),
        holders=_holders(plan, pools),
        tokens=tuple(_token(plan, symbol) for symbol in sorted(plan.tokens)),
        pools=tuple(_pool(plan, pool) for pool in pools),
        skipped_pools=tuple(SkippedLine(s.source, s.pair, s.reason) for s in skipped),
        history=dict(done.history) if done is not None else {},
    )


def summary_counts(plan: Plan, pools: list[PoolPlan], skipped: list[SkippedPool]) -> dict[str, int]:
    return {
        "users": len(plan.users),
        "mapped_logins": sum(1 for u in plan.users if u.reason),
        "assets": len(plan.tokens),  # not "tokens": the audit log refuses keys that look like secrets
        "balances": len(plan.holdings),
        "pools": len(pools),
        "positions": sum(1 for p in pools for shares in p.minted.values() if shares),
        "empty_pools_skipped": len(skipped),
    }


def _holders(plan: Plan, pools: list[PoolPlan]) -> tuple[HolderLine, ...]:
    """Holders whose rows land somewhere (the ``pool`` mirror alone lands nowhere), and whose
    account that is: the importing profile's, or the matching user's."""
    used = {h.account for h in plan.holdings}
    used |= {key for pool in pools for part in pool.parts for key in part.providers}
    logins = {user.key: user.login for user in plan.users}
    lines = []
    for (index, owner), key in sorted(plan.resolve.items()):
        if not owner.startswith("holder:") or key not in used:
            continue
        account = plan.accounts[key]
        if account.user_key is not None:
            profile = logins[account.user_key]
        else:
            profile = plan.view.names.get(account.profile_id or plan.view.actor_id, "?")
        holder = owner.removeprefix("holder:")
        lines.append(HolderLine(plan.sources[index].where, holder, account.name, profile))
    return tuple(lines)


def _token(plan: Plan, symbol: str) -> TokenLine:
    token = plan.tokens[symbol]
    dust = token.dust
    return TokenLine(
        symbol=symbol,
        decimals=token.decimals,
        supply=token.supply,
        supply_text=units_text(token.supply, token.decimals),
        merged=token.token_id is not None,
        dust_total=units_text(dust.total, token.decimals, max_digits=_DUST_DIGITS),
        dust_largest=units_text(dust.largest, token.decimals, max_digits=_DUST_DIGITS),
        dust_largest_from=dust.largest_from,
        declared=tuple(token.declared),
        declared_differs=tuple(where for where, text in token.declared if _differs(text, token)),
        created_from_nothing=units_text(token.unbacked, token.decimals, max_digits=_DUST_DIGITS),
        not_counted_twice=units_text(token.bookkeeping, token.decimals, max_digits=_DUST_DIGITS),
        residues=dust.residues,
    )


def _differs(text: str, token: TokenPlan) -> bool:
    try:
        return exact_value(text) * 10**token.decimals != token.supply
    except NumberRefused:
        return True


def _who(plan: Plan, source: int, owner: str) -> str:
    """A file's owner key as the original names them: the username, or the holder id."""
    return plan.user_name(source, owner) or owner.partition(":")[2]


def _pool(plan: Plan, pool: PoolPlan) -> PoolLine:
    x, y = pool.added()
    decimals = (plan.tokens[pool.pair[0]].decimals, plan.tokens[pool.pair[1]].decimals)
    paid = tuple(
        (
            plan.sources[part.source].where,
            _who(plan, part.source, part.owners[key]),
            symbol,
            units_text(units, places),
        )
        for part in pool.parts
        for key, amounts in sorted(part.paid_out.items())
        for symbol, units, places in zip(pool.pair, amounts, decimals, strict=True)
        if units
    )
    if pool.existing is not None:
        x += pool.existing.reserve_of(pool.pair[0])
        y += pool.existing.reserve_of(pool.pair[1])
    return PoolLine(
        pool.label,
        pool.fee_bps,
        (
            units_text(x, plan.tokens[pool.pair[0]].decimals),
            units_text(y, plan.tokens[pool.pair[1]].decimals),
        ),
        len({key for _n, key in pool.minted}),
        share_total(pool),
        amm.MINIMUM_LIQUIDITY,  # every pool an import made or joined keeps the 1,000 locked shares
        len(pool.parts) > 1 or pool.existing is not None,
        paid,
    )
