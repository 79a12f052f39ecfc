"""What the Liquidity tab reads and how its tables word it: pools and your positions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView, QTableView

from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.formatting import amount_text, decimal_text, percent_text, ppm_percent_text
from qenex_desktop.gui.models import Column

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.exchange import Balance, PoolInfo, Position, TokenInfo


@dataclass(frozen=True)
class LiquiditySnapshot:
    pools: list[PoolInfo]
    positions: list[Position]
    tokens: list[TokenInfo]
    balances: list[Balance]

    def held(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for b in self.balances:
            if b.account == DEFAULT_ACCOUNT:
                found[b.symbol] = found.get(b.symbol, 0) + b.amount
        return found

    def position(self, pool_id: int) -> Position | None:
        """Your Main account's position in a pool (the one add/remove act on)."""
        return next(
            (p for p in self.positions if p.pool_id == pool_id and p.account == DEFAULT_ACCOUNT), None
        )


def read_liquidity(core: QenexCore) -> LiquiditySnapshot:
    exchange = core.exchange
    return LiquiditySnapshot(
        exchange.list_pools(), exchange.positions(), exchange.list_tokens(), exchange.balances()
    )


def pair(pool: PoolInfo | Position) -> str:
    return f"{pool.symbol0}/{pool.symbol1}"


def fit_to_contents(view: QTableView) -> None:
    """Every column as wide as its contents, the last one takes the rest (kept on every refresh,
    whether or not the table is on screen at that moment)."""
    header = view.horizontalHeader()
    for column in range(view.model().columnCount() - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


def pool_columns(t: Callable[[str], str]) -> list[Column[PoolInfo]]:
    return [
        Column(t("Pair"), pair),
        Column(
            t("Reserves"),
            lambda p: (
                f"{amount_text(p.reserve0, p.decimals0)} {p.symbol0} · "
                f"{amount_text(p.reserve1, p.decimals1)} {p.symbol1}"
            ),
            tooltip=lambda p: (
                f"{format_amount(p.reserve0, p.decimals0)} {p.symbol0}\n"
                f"{format_amount(p.reserve1, p.decimals1)} {p.symbol1}"
            ),
            numeric=True,
        ),
        Column(t("Fee"), lambda p: percent_text(p.fee_bps), numeric=True),
        Column(
            t("Price"),
            lambda p: f"1 {p.symbol0} = {decimal_text(p.price0)} {p.symbol1}",
            tooltip=lambda p: (
                f"1 {p.symbol0} = {p.price0} {p.symbol1}\n1 {p.symbol1} = {p.price1} {p.symbol0}"
            ),
        ),
        Column(
            t("TVL"),
            lambda p: f"{amount_text(p.tvl_in_token1, p.decimals1)} {p.symbol1}",
            tooltip=lambda p: t("Both sides valued at the pool's price, in {s}").format(s=p.symbol1),
            numeric=True,
        ),
        Column(t("Your share"), lambda p: percent_text(p.my_share_bps), numeric=True, secret=True),
        Column(t("Swaps"), lambda p: str(p.swap_count), numeric=True),
    ]


def position_columns(t: Callable[[str], str]) -> list[Column[Position]]:
    return [
        Column(t("Pool"), pair),
        Column(t("Account"), lambda p: p.account),
        Column(
            t("Part of pool"),
            lambda p: ppm_percent_text(p.share_ppm),
            tooltip=lambda p: t("{n} of {m} shares").format(n=p.shares, m=p.total_shares),
            numeric=True,
            secret=True,
        ),
        Column(
            t("Value now"),
            lambda p: (
                f"{amount_text(p.value0, p.decimals0, digits=4)} {p.symbol0}\n"
                f"{amount_text(p.value1, p.decimals1, digits=4)} {p.symbol1}"
            ),
            tooltip=lambda p: f"{p.value0_text} {p.symbol0} + {p.value1_text} {p.symbol1}",
            secret=True,
        ),
    ]
