"""The Swap tab's on-chain venue ("<network>: Uniswap V2"): what it reads (the wallet's first
account's ETH and tokens on the active network, when that network has a V2 deployment) and the
on-chain quote worded like a ledger quote, so the form and its rows show both the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qenex_desktop.core import amm
from qenex_desktop.core.chain.types import ETH
from qenex_desktop.core.chain.v2.quote import FEE_BPS
from qenex_desktop.core.chain.v2.venue import ChainQuote
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.exchange.routing import ratio_text
from qenex_desktop.core.exchange.types import Balance, RouteHop, SwapQuote
from qenex_desktop.core.validation import format_amount

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore

LEDGER = "ledger"
CHAIN = "chain"


@dataclass(frozen=True)
class ChainAsset:
    """One choice of the on-chain lists: ``symbol`` is the label shown (unique), ``asset`` what the
    core is asked for ("ETH" or the token address)."""

    symbol: str
    decimals: int
    asset: str


@dataclass(frozen=True)
class ChainSnapshot:
    network: str
    address: str
    tokens: list[ChainAsset]
    balances: list[Balance]
    pool_count: int = 1
    held: dict[str, int] = field(default_factory=dict)

    @property
    def venue_name(self) -> str:
        return f"{self.network}: Uniswap V2"

    def main_balance(self, symbol: str, account: str = "") -> int:
        """What the wallet's account holds (a ledger ``account`` does not apply on chain)."""
        return self.held.get(symbol, 0)

    def token(self, symbol: str) -> ChainAsset | None:
        return next((t for t in self.tokens if t.symbol == symbol), None)

    def asset(self, symbol: str) -> str:
        token = self.token(symbol)
        return token.asset if token else symbol

    def swap_request(self, quote: SwapQuote, deadline_s: int) -> dict[str, object]:
        """What the two-step on-chain dialog is asked to run for ``quote`` (assets as the core names them)."""
        amount = (
            {"amount_in": quote.amount_in} if quote.kind == "exact_in" else {"amount_out": quote.amount_out}
        )
        return {
            "token_in": self.asset(quote.symbol_in),
            "token_out": self.asset(quote.symbol_out),
            **amount,
            "slippage_bps": quote.slippage_bps,
            "deadline_s": deadline_s,
        }


def read_chain(core: QenexCore) -> ChainSnapshot | None:
    """Worker thread: the on-chain venue of the active network, or None (no V2 there, no wallet
    account, or its node does not answer now)."""
    network = core.chain.network()
    session = core.auth.current_session(touch=False)
    if not network.has_v2 or session is None:
        return None
    accounts = core.wallet.accounts(session.profile_id)
    if not accounts:
        return None
    address = accounts[0].address
    try:
        found = core.chain.balances(address)
    except QenexError:
        return None
    assets = [found[0].eth, *found[0].tokens] if found else []
    counts: dict[str, int] = {}
    for a in assets:
        counts[a.symbol] = counts.get(a.symbol, 0) + 1
    tokens, balances, held = [], [], {}
    label = accounts[0].name or address[:10]
    for a in assets:
        shown = a.symbol if counts[a.symbol] == 1 or a.asset == ETH else f"{a.symbol} ({a.asset[:8]}…)"
        tokens.append(ChainAsset(shown, a.decimals, a.asset))
        balances.append(Balance(label, shown, a.decimals, a.units, format_amount(a.units, a.decimals)))
        held[shown] = a.units
    return ChainSnapshot(network.name, address, tokens, balances, held=held)


def as_swap_quote(quote: ChainQuote, symbol_in: str, symbol_out: str) -> SwapQuote:
    """An on-chain quote in the ledger's shape (the form, its rows and the impact colour read it)."""
    route, side_in, side_out = quote.route, quote.side_in, quote.side_out
    symbols = [symbol_in, *quote.path_symbols[1:-1], symbol_out]
    hops = tuple(
        RouteHop(0, symbols[i], symbols[i + 1], a, b, FEE_BPS, a * FEE_BPS // amm.BPS)
        for i, (a, b) in enumerate(zip(route.amounts, route.amounts[1:], strict=False))
    )
    mid_num, mid_den = 1, 1
    for state, token in zip(route.pairs, route.path, strict=False):
        reserve_in, reserve_out = state.reserves(token)
        mid_num, mid_den = mid_num * reserve_out, mid_den * reserve_in
    exact_in = quote.kind == "exact_in"
    limit_decimals = side_out.decimals if exact_in else side_in.decimals
    return SwapQuote(
        kind=quote.kind,
        symbol_in=symbol_in,
        symbol_out=symbol_out,
        decimals_in=side_in.decimals,
        decimals_out=side_out.decimals,
        amount_in=route.amount_in,
        amount_out=route.amount_out,
        path=tuple(symbols),
        hops=hops,
        price_impact_bps=route.price_impact_bps,
        effective_price=ratio_text(route.amount_out, route.amount_in, side_out.decimals, side_in.decimals),
        mid_price=ratio_text(mid_num, mid_den, side_out.decimals, side_in.decimals),
        slippage_bps=quote.slippage_bps,
        minimum_received=quote.limit if exact_in else None,
        maximum_sold=None if exact_in else quote.limit,
        amount_in_text=format_amount(route.amount_in, side_in.decimals),
        amount_out_text=format_amount(route.amount_out, side_out.decimals),
        limit_text=format_amount(quote.limit, limit_decimals),
    )
