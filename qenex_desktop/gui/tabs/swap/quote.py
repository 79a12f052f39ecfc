"""What the Swap tab reads and how it words a quote: the exchange snapshot, the quote's rows
(the tab and the confirmation show the same words), the price impact's colour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.gui.account_choice import own_accounts
from qenex_desktop.gui.colours import AMBER, RED
from qenex_desktop.gui.formatting import (
    amount_text,
    exact_amount_text,
    full_amount_text,
    full_rate_text,
    percent_text,
    rate_text,
)
from qenex_desktop.gui.models import Column

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.exchange import Balance, SwapQuote, TokenInfo

DEFAULT_DEADLINE_MIN = 20
IMPACT_AMBER_BPS = 100  # above 1%: think twice
IMPACT_RED_BPS = 500  # above 5%: most of the trade is lost to the pool's depth


@dataclass(frozen=True)
class ExchangeSnapshot:
    """What the Swap tab needs to draw its form, read in one background operation."""

    tokens: list[TokenInfo]
    balances: list[Balance]
    pool_count: int
    #: Your own ledger accounts' names (Main first, listed even before its first use).
    accounts: tuple[str, ...] = (DEFAULT_ACCOUNT,)

    def main_balance(self, symbol: str, account: str = DEFAULT_ACCOUNT) -> int:
        """What ``account`` holds of ``symbol`` (base units)."""
        return sum(b.amount for b in self.balances if b.symbol == symbol and b.account == account)

    def token(self, symbol: str) -> TokenInfo | None:
        return next((t for t in self.tokens if t.symbol == symbol), None)


def read_exchange(core: QenexCore) -> ExchangeSnapshot:
    """Worker thread: tokens, your balances, how many pools there are, your own accounts."""
    exchange = core.exchange
    pools = len(exchange.list_pools())
    return ExchangeSnapshot(exchange.list_tokens(), exchange.balances(), pools, own_accounts(exchange))


def impact_color(bps: int) -> str | None:
    if bps > IMPACT_RED_BPS:
        return RED
    if bps > IMPACT_AMBER_BPS:
        return AMBER
    return None


def balance_columns(tr: Callable[[str], str]) -> list[Column[Balance]]:
    return [
        Column(tr("Account"), lambda b: b.account),
        Column(tr("Token"), lambda b: b.symbol),
        Column(
            tr("Balance"),
            lambda b: amount_text(b.amount, b.decimals),
            tooltip=lambda b: f"{full_amount_text(b.amount, b.decimals)} {b.symbol}",
            full=lambda b: exact_amount_text(b.amount, b.decimals),
            numeric=True,
            secret=True,
        ),
    ]


def quote_rows(
    quote: SwapQuote, deadline_min: int, decimals: dict[str, int], tr: Callable[[str], str]
) -> dict[str, str]:
    """A quote as (row name -> text): rate, limit under the slippage, impact, route, fee, deadline.

    The rate is cut to six significant digits (``rate_text``); ``full_rate`` has every digit.
    """
    rate = rate_text(quote.symbol_in, quote.effective_price, quote.symbol_out)
    if quote.kind == "exact_in":
        limit_name = tr("Minimum received")
        limit = f"{full_amount_text(quote.minimum_received or 0, quote.decimals_out)} {quote.symbol_out}"
    else:
        limit_name = tr("Maximum sold")
        limit = f"{full_amount_text(quote.maximum_sold or 0, quote.decimals_in)} {quote.symbol_in}"
    limit += tr(" (slippage {p})").format(p=percent_text(quote.slippage_bps))
    fees = [
        f"{percent_text(hop.fee_bps)} = "
        f"{full_amount_text(hop.fee_amount, decimals.get(hop.symbol_in, quote.decimals_in))} {hop.symbol_in}"
        for hop in quote.hops
    ]
    return {
        tr("Rate"): rate,
        limit_name: limit,
        tr("Price impact"): percent_text(quote.price_impact_bps),
        tr("Route"): " → ".join(quote.path),
        tr("Fee"): "; ".join(fees),
        tr("Deadline"): tr("{n} minutes").format(n=deadline_min),
    }


def full_rate(quote: SwapQuote) -> str:
    """The quote's rate with every digit the core gave: the rate row's tooltip, a confirmation."""
    return full_rate_text(quote.symbol_in, quote.effective_price, quote.symbol_out)
