"""Pools of the originals, as pools of this ledger, each provider's claim kept.

An original pool's reserves are rounded down to base units (the dust goes to the token's dust). A
pool with nothing in it (the three ``'0'/'0'`` pools ``system.py`` creates at start) is skipped and
listed. LP shares there are ``sqrt(a*b)`` in whole tokens with no lock; only the proportions
matter: each provider's part of the pool is ``their shares / all shares`` of their file's pool.

Shares here: a new pool's providers hold ``10**e`` shares between them, ``e >= 18`` the smallest
with ``10**e >= 10**12 * (larger reserve)``, each ``floor(part * 10**e)``; the 1,000 locked shares
Uniswap-style pools keep are minted on top, so the lock is worth under 10^-9 of a base unit of
either token and takes nothing a provider could withdraw: a provider's claim (what removing all
their shares pays) is their exact part of the imported reserves rounded down, at most one base
unit below it.

The same pair in two files, or in a file and an earlier import's pool, is one pool here (one pool
per pair). The pool already here, else the first file's, sets the price; another file's pool goes
in as a deposit at that price (as Uniswap's router deposits: the most of both that keeps it), and
what does not fit the price is paid to that pool's providers, each their part, rounded down. So a
provider's claim on the pool plus what was paid to them is their claim in the original. At equal
prices nothing is paid out. A pool created on this ledger is never added to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from qenex_desktop.core import amm
from qenex_desktop.core.exchange.legacy.numbers import NumberRefused, round_exact, units_text
from qenex_desktop.core.exchange.legacy.plan import POOL_ACCOUNT_KEY, Plan
from qenex_desktop.core.exchange.legacy.source import PoolRow, SourceData
from qenex_desktop.core.exchange.legacy.view import PoolState
from qenex_desktop.core.validation import UINT256_MAX

#: Provider shares of a new imported pool are at least this many times its larger reserve.
SHARE_HEADROOM = 10**12
MIN_SHARE_EXPONENT = 18


@dataclass
class PoolPart:
    """One file's pool: its rounded reserves (in the pair's symbol order) and who holds what part."""

    source: int
    original_id: str
    units: tuple[int, int]
    #: account key -> their shares in the original (exact); the parts are shares / sum(shares).
    providers: dict[str, Fraction]
    #: account key -> the file's own owner key (for the footprint).
    owners: dict[str, str]
    fee_bps: int
    #: What goes into the pool at its price (all of ``units`` unless another price was set first).
    deposit: tuple[int, int] = (0, 0)
    #: account key -> (x, y) paid to that provider: their part of what did not fit the price.
    paid_out: dict[str, tuple[int, int]] = field(default_factory=dict)

    def parts_of(self) -> dict[str, Fraction]:
        """account key -> their part of this file's pool (sums to 1)."""
        total = sum(self.providers.values())
        return {key: Fraction(shares, total) for key, shares in sorted(self.providers.items())}


@dataclass
class PoolPlan:
    pair: tuple[str, str]  # symbols, alphabetical
    fee_bps: int
    parts: list[PoolPart] = field(default_factory=list)
    existing: PoolState | None = None
    share_exponent: int | None = None  # set for a new pool
    #: (part index, account key) -> shares minted for that provider
    minted: dict[tuple[int, str], int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.pair[0]}/{self.pair[1]}"

    def added(self) -> tuple[int, int]:
        """What goes into the pool's reserves (the deposits)."""
        return sum(p.deposit[0] for p in self.parts), sum(p.deposit[1] for p in self.parts)

    def paid(self) -> tuple[int, int]:
        return (
            sum(x for p in self.parts for x, _y in p.paid_out.values()),
            sum(y for p in self.parts for _x, y in p.paid_out.values()),
        )


@dataclass(frozen=True)
class SkippedPool:
    source: str
    pair: str
    reason: str


def plan_pools(plan: Plan) -> tuple[list[PoolPlan], list[SkippedPool]]:
    grouped: dict[tuple[str, str], PoolPlan] = {}
    skipped: list[SkippedPool] = []
    for index, source in enumerate(plan.sources):
        for row in source.pools:
            part = _part(plan, index, source, row, skipped)
            if part is None:
                continue
            pair = tuple(sorted((row.symbol_a, row.symbol_b)))
            pool = grouped.setdefault(pair, PoolPlan(pair, part.fee_bps))  # type: ignore[arg-type]
            if part.fee_bps != pool.fee_bps:
                plan.notes.append(
                    f"{source.where}: pool {pool.label} takes {part.fee_bps} bps there; the pool keeps "
                    f"{pool.fee_bps}"
                )
            pool.parts.append(part)
    pools = []
    for pair in sorted(grouped):
        pool = grouped[pair]
        if _fit(plan, pool):
            pools.append(pool)
    return pools, skipped


def _part(
    plan: Plan, index: int, source: SourceData, row: PoolRow, skipped: list[SkippedPool]
) -> PoolPart | None:
    flipped = row.symbol_a > row.symbol_b
    pair = (row.symbol_b, row.symbol_a) if flipped else (row.symbol_a, row.symbol_b)
    exact = (row.reserve_b, row.reserve_a) if flipped else (row.reserve_a, row.reserve_b)
    label = f"pool {pair[0]}/{pair[1]}"
    units: list[int] = []
    for symbol, amount in zip(pair, exact, strict=True):
        token = plan.tokens[symbol]
        try:
            rounded = round_exact(amount, token.decimals)
        except NumberRefused as refused:
            plan.problems.append(
                f"{source.where}: {label} reserve {units_text(amount, 0, max_digits=30)} is {refused.reason}"
            )
            return None
        token.dust.add(rounded.dropped, f"{label} reserve")
        units.append(rounded.units)
    if units == [0, 0]:
        skipped.append(SkippedPool(source.where, f"{pair[0]}/{pair[1]}", "empty: nothing was ever deposited"))
        return None
    if 0 in units:
        first = units_text(units[0], plan.tokens[pair[0]].decimals)
        second = units_text(units[1], plan.tokens[pair[1]].decimals)
        plan.problems.append(
            f"{source.where}: {label} holds {first} {pair[0]} and {second} {pair[1]}: a pool needs both "
            "(one side rounds to nothing)"
        )
        return None
    providers, owners = _providers(plan, index, source, row, label)
    return PoolPart(index, row.original_id, (units[0], units[1]), providers, owners, row.fee_bps)


def _providers(
    plan: Plan, index: int, source: SourceData, row: PoolRow, label: str
) -> tuple[dict[str, Fraction], dict[str, str]]:
    providers: dict[str, Fraction] = defaultdict(Fraction)
    owners: dict[str, str] = {}
    for entry in source.liquidity:
        if entry.pool_id == row.original_id and entry.shares > 0:
            account = plan.resolve[(index, entry.owner)]
            providers[account] += entry.shares
            owners[account] = entry.owner
    if not providers:
        plan.notes.append(
            f"{source.where}: {label} has no liquidity rows; its whole share goes to 'legacy pool', "
            "an account of yours"
        )
        providers[POOL_ACCOUNT_KEY] = Fraction(1)
        owners[POOL_ACCOUNT_KEY] = "holder:pool"
    elif row.declared_shares is not None and _differ(
        row.declared_shares, sum(providers.values(), Fraction(0))
    ):
        plan.notes.append(
            f"{source.where}: {label}'s total shares ({units_text(row.declared_shares, 0, max_digits=30)}) "
            "differ from the sum of its positions; each provider's part is their shares / that sum"
        )
    return dict(providers), owners


def _differ(declared: Fraction, summed: Fraction) -> bool:
    """More apart than the originals' 28-digit rounding of a running total explains."""
    return abs(declared - summed) * 10**25 > summed


def _fit(plan: Plan, pool: PoolPlan) -> bool:
    """Put the parts into the existing pool or a new one at one price; False on a problem."""
    existing = plan.view.pools.get(pool.pair)
    if existing is not None and existing.id not in plan.view.legacy_pools:
        plan.problems.append(
            f"pool {pool.label} exists on this ledger and was created here; an import never adds to it"
        )
        return False
    price = (existing.reserve_of(pool.pair[0]), existing.reserve_of(pool.pair[1])) if existing else None
    for part in pool.parts:
        _deposit(part, price or pool.parts[0].units)
    added = pool.added()
    current = price or (0, 0)
    if max(current[0] + added[0], current[1] + added[1]) > amm.MAX_RESERVE:
        plan.problems.append(
            f"pool {pool.label} would hold more than 2^112-1 base units of a token, the most a pool holds "
            "(as in Uniswap V2)"
        )
        return False
    pool.existing = existing
    _mint(pool, existing, added)
    paid = pool.paid()
    for symbol, units in zip(pool.pair, (added[0] + paid[0], added[1] + paid[1]), strict=True):
        plan.tokens[symbol].added += units
    for part in pool.parts:  # what neither went in nor was paid out: under a base unit per provider
        for symbol, kept, put, out in zip(pool.pair, part.units, part.deposit, _paid(part), strict=True):
            plan.tokens[symbol].dust.add(Fraction(kept - put - out), f"pool {pool.label} payout")
    return True


def _paid(part: PoolPart) -> tuple[int, int]:
    return sum(x for x, _y in part.paid_out.values()), sum(y for _x, y in part.paid_out.values())


def _deposit(part: PoolPart, price: tuple[int, int]) -> None:
    """The most of the part that keeps ``price`` goes in; the rest is paid to its providers."""
    if part.units[0] * price[1] == part.units[1] * price[0]:
        part.deposit = part.units
        return
    dx, dy = amm.optimal_deposit(part.units[0], part.units[1], 0, 0, price[0], price[1])
    # The side the router cut (to a floor of the price) sets the other: the least that covers it,
    # so no more than a base unit of either goes in beyond what the shares are worth.
    if dx == part.units[0]:
        dx = -(-dy * price[0] // price[1])
    else:
        dy = -(-dx * price[1] // price[0])
    part.deposit = (dx, dy)
    left = (part.units[0] - part.deposit[0], part.units[1] - part.deposit[1])
    for key, share in part.parts_of().items():
        x, y = share * left[0], share * left[1]
        part.paid_out[key] = (x.numerator // x.denominator, y.numerator // y.denominator)


def _mint(pool: PoolPlan, existing: PoolState | None, added: tuple[int, int]) -> None:
    """Shares per provider: their part of their file's deposit, valued at the pool's share price."""
    if existing is not None:
        basis = existing.total_shares
        reserves = (existing.reserve_of(pool.pair[0]), existing.reserve_of(pool.pair[1]))
    else:
        pool.share_exponent = max(MIN_SHARE_EXPONENT, len(str(SHARE_HEADROOM * max(added))))
        basis, reserves = 10**pool.share_exponent, added
    for number, part in enumerate(pool.parts):
        worth = min(
            Fraction(part.deposit[0] * basis, reserves[0]), Fraction(part.deposit[1] * basis, reserves[1])
        )
        for key, share in part.parts_of().items():
            value = share * worth
            pool.minted[(number, key)] = value.numerator // value.denominator


def share_total(pool: PoolPlan) -> int:
    """Shares the pool will have: the existing ones (with their lock) or the lock, plus the minted."""
    before = pool.existing.total_shares if pool.existing else amm.MINIMUM_LIQUIDITY
    return before + sum(pool.minted.values())


def check_share_totals(plan: Plan, pools: list[PoolPlan]) -> None:
    for pool in pools:
        if share_total(pool) > UINT256_MAX:
            plan.problems.append(f"pool {pool.label}: its shares would pass 2^256-1")
