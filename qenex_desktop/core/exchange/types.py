"""What the exchange hands to the GUI and the CLI: frozen values, money as int base units.

Every amount comes with its token's ``decimals`` (or a ``*_text`` twin) so a view can show it
with ``validation.format_amount`` and never needs to look anything else up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TokenInfo:
    id: int
    symbol: str
    name: str
    decimals: int
    total_supply: int
    max_supply: int | None
    #: Username of the profile allowed to mint; None when nobody may (fixed supply).
    creator: str | None
    origin: str
    created_at: int


@dataclass(frozen=True)
class AccountInfo:
    id: int
    name: str
    #: "own" (you may spend from it) or "counterparty" (you may only send to it).
    kind: str
    created_at: int


@dataclass(frozen=True)
class Balance:
    account: str
    symbol: str
    decimals: int
    amount: int
    amount_text: str


@dataclass(frozen=True)
class TransferResult:
    symbol: str
    from_account: str
    to_account: str
    amount: int
    amount_text: str


@dataclass(frozen=True)
class SupplyChange:
    """A mint or a burn."""

    symbol: str
    account: str
    amount: int
    amount_text: str
    total_supply: int
    total_supply_text: str


class OrientedPair:
    """A pair kept in pool order (token0, token1) and shown as the person ordered it: with
    ``base_is_token0`` token0 is the base, else token1. The one place that turns the pair."""

    symbol0: str
    symbol1: str
    decimals0: int
    decimals1: int
    base_is_token0: bool

    @property
    def base_symbol(self) -> str:
        return self.symbol0 if self.base_is_token0 else self.symbol1

    @property
    def quote_symbol(self) -> str:
        return self.symbol1 if self.base_is_token0 else self.symbol0

    @property
    def base_decimals(self) -> int:
        return self.decimals0 if self.base_is_token0 else self.decimals1

    @property
    def quote_decimals(self) -> int:
        return self.decimals1 if self.base_is_token0 else self.decimals0


@dataclass(frozen=True)
class PoolInfo(OrientedPair):
    id: int
    symbol0: str
    symbol1: str
    decimals0: int
    decimals1: int
    fee_bps: int
    reserve0: int
    reserve1: int
    total_shares: int
    locked_shares: int
    #: Price of one whole token0 in token1 (and the reverse), decimal text; "0" for an empty side.
    price0: str
    price1: str
    #: Value locked, both sides valued at the pool's own price, in token0 and in token1 base units.
    tvl_in_token0: int
    tvl_in_token1: int
    #: The logged-in profile's shares (all its accounts) and their part of the pool in basis points.
    my_shares: int
    my_share_bps: int
    swap_count: int
    created_at: int
    #: The pair as the person ordered it (at creation, or turned since): token0 first, else token1.
    #: The ``base_*``/``quote_*`` views below list the pool that way; the math stays in pool order.
    base_is_token0: bool = True

    @property
    def base_reserve(self) -> int:
        return self.reserve0 if self.base_is_token0 else self.reserve1

    @property
    def quote_reserve(self) -> int:
        return self.reserve1 if self.base_is_token0 else self.reserve0

    @property
    def base_price(self) -> str:
        """Whole quote tokens per whole base token, exact decimal text."""
        return self.price0 if self.base_is_token0 else self.price1

    @property
    def quote_price(self) -> str:
        """Whole base tokens per whole quote token (the flip side)."""
        return self.price1 if self.base_is_token0 else self.price0

    @property
    def tvl_in_quote(self) -> int:
        """Value locked in quote-token base units, both sides at the pool's price."""
        return self.tvl_in_token1 if self.base_is_token0 else self.tvl_in_token0


@dataclass(frozen=True)
class RouteHop:
    pool_id: int
    symbol_in: str
    symbol_out: str
    amount_in: int
    amount_out: int
    fee_bps: int
    #: Fee kept by this pool, in ``symbol_in`` base units: ``amount_in * fee_bps // 10000``.
    fee_amount: int


@dataclass(frozen=True)
class SwapQuote:
    """A swap priced on the current reserves; nothing changed. Safe to call on every keystroke."""

    kind: str  # "exact_in" | "exact_out"
    symbol_in: str
    symbol_out: str
    decimals_in: int
    decimals_out: int
    amount_in: int
    amount_out: int
    #: Symbols along the route, first is ``symbol_in``, last is ``symbol_out`` (2 to 4 entries).
    path: tuple[str, ...]
    hops: tuple[RouteHop, ...]
    #: Loss against the mid price, fees included (as the Uniswap SDK's priceImpact), basis points.
    price_impact_bps: int
    #: Whole ``symbol_out`` per whole ``symbol_in`` for this trade, and at the mid price before it.
    effective_price: str
    mid_price: str
    slippage_bps: int
    #: exact_in: the least you accept (``min_out``); exact_out: the most you pay (``max_in``).
    minimum_received: int | None
    maximum_sold: int | None
    amount_in_text: str
    amount_out_text: str
    limit_text: str


@dataclass(frozen=True)
class SwapResult:
    swap_id: int
    kind: str
    account: str
    symbol_in: str
    symbol_out: str
    amount_in: int
    amount_out: int
    amount_in_text: str
    amount_out_text: str
    path: tuple[str, ...]
    hops: tuple[RouteHop, ...]
    price_impact_bps: int
    effective_price: str
    executed_at: int


@dataclass(frozen=True)
class SwapRecord:
    """One past swap of yours, newest first in ``swap_history``."""

    swap_id: int
    account: str
    kind: str
    symbol_in: str
    symbol_out: str
    amount_in: int
    amount_out: int
    amount_in_text: str
    amount_out_text: str
    path: tuple[str, ...]
    executed_at: int


@dataclass(frozen=True)
class LiquidityQuote:
    """What adding or removing liquidity would do now; nothing changed."""

    pool_id: int
    symbol_a: str
    symbol_b: str
    amount_a: int
    amount_b: int
    amount_a_text: str
    amount_b_text: str
    #: Shares that would be minted (add) or burned (remove).
    shares: int
    #: The part of the pool those shares are after an add (before a remove), in ppm.
    share_ppm: int


@dataclass(frozen=True)
class LiquidityResult:
    pool_id: int
    account: str
    symbol_a: str
    symbol_b: str
    amount_a: int
    amount_b: int
    amount_a_text: str
    amount_b_text: str
    #: Shares minted (add, create) or burned (remove).
    shares: int
    #: Shares the account holds in this pool afterwards.
    position_shares: int


@dataclass(frozen=True)
class Position(OrientedPair):
    pool_id: int
    account: str
    symbol0: str
    symbol1: str
    decimals0: int
    decimals1: int
    shares: int
    total_shares: int
    #: Part of the pool, in millionths (ppm): 250000 = 25%.
    share_ppm: int
    #: What burning all these shares would pay out now.
    value0: int
    value1: int
    value0_text: str
    value1_text: str
    #: The pool's listing order (``PoolInfo.base_is_token0``).
    base_is_token0: bool = True


@dataclass(frozen=True)
class PricePoint:
    at_ms: int
    kind: str  # "swap", "create", "add", "remove", "import"
    reserve0: int
    reserve1: int
    #: Whole token1 per whole token0 after this event, decimal text.
    price: str
    volume0: int
    volume1: int
    fee0: int
    fee1: int


@dataclass(frozen=True)
class PoolStats:
    pool_id: int
    symbol0: str
    symbol1: str
    decimals0: int
    decimals1: int
    since_ms: int | None
    swaps: int
    volume0: int
    volume1: int
    fees0: int
    fees1: int
    #: Since the pool was created.
    total_swaps: int
    total_volume0: int
    total_volume1: int
    total_fees0: int
    total_fees1: int


@dataclass(frozen=True)
class SupplyCheck:
    """One token's conservation: accounts plus pool reserves equal the total supply."""

    symbol: str
    total_supply: int
    in_accounts: int
    in_pools: int

    @property
    def ok(self) -> bool:
        return self.in_accounts + self.in_pools == self.total_supply
