"""What the Liquidity tab reads and how its tables word it: pools and your positions.

Pools are listed the way the person ordered them (``PoolInfo.base_*``; the core stores the pair
sorted), amounts grouped and cut for reading with the exact text in the tooltip and on Copy, pool
shares in whole LP units beside their part of the pool. ``install_pool_flip`` gives the pools table
"Show as USD/QXC" (context menu, Ctrl+Shift+F), kept in the ledger by ``exchange.orient_pool``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTableView

from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.gui.account_choice import own_accounts
from qenex_desktop.gui.formatting import (
    LP_DECIMALS,
    amount_text,
    count_text,
    exact_amount_text,
    full_amount_text,
    full_rate_text,
    percent_text,
    ppm_percent_text,
    rate_text,
    shares_text,
)
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.table_view import DataTableView

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.exchange import Balance, PoolInfo, Position, TokenInfo
    from qenex_desktop.gui.context import GuiContext


@dataclass(frozen=True)
class LiquiditySnapshot:
    pools: list[PoolInfo]
    positions: list[Position]
    tokens: list[TokenInfo]
    balances: list[Balance]
    #: Your own ledger accounts' names, Main first (``account_choice.own_accounts``).
    accounts: tuple[str, ...] = (DEFAULT_ACCOUNT,)

    def held(self, account: str = DEFAULT_ACCOUNT) -> dict[str, int]:
        """What ``account`` holds, by symbol (base units)."""
        found: dict[str, int] = {}
        for b in self.balances:
            if b.account == account:
                found[b.symbol] = found.get(b.symbol, 0) + b.amount
        return found

    def position(self, pool_id: int, account: str = DEFAULT_ACCOUNT) -> Position | None:
        """``account``'s position in a pool (the one add/remove act on when it is chosen)."""
        return next((p for p in self.positions if p.pool_id == pool_id and p.account == account), None)


def read_liquidity(core: QenexCore) -> LiquiditySnapshot:
    exchange = core.exchange
    return LiquiditySnapshot(
        exchange.list_pools(),
        exchange.positions(),
        exchange.list_tokens(),
        exchange.balances(),
        own_accounts(exchange),
    )


def pair(pool: PoolInfo | Position) -> str:
    """The pair as the person ordered it ("QXC/USD"), not the core's sorted token order."""
    return f"{pool.base_symbol}/{pool.quote_symbol}"


def _reserves(p: PoolInfo, text: Callable[[int, int], str]) -> str:
    return (
        f"{text(p.base_reserve, p.base_decimals)} {p.base_symbol} · "
        f"{text(p.quote_reserve, p.quote_decimals)} {p.quote_symbol}"
    )


def pool_columns(t: Callable[[str], str]) -> list[Column[PoolInfo]]:
    """Each pool in its own orientation (``PoolInfo.base_*``): the price is of one base token."""
    return [
        Column(t("Pair"), pair),
        Column(
            t("Reserves"),
            lambda p: _reserves(p, amount_text),
            tooltip=lambda p: _reserves(p, full_amount_text).replace(" · ", "\n"),
            full=lambda p: _reserves(p, exact_amount_text),
            numeric=True,
        ),
        Column(t("Fee"), lambda p: percent_text(p.fee_bps), numeric=True),
        Column(
            t("Price"),
            lambda p: rate_text(p.base_symbol, p.base_price, p.quote_symbol),
            tooltip=lambda p: (
                f"{full_rate_text(p.base_symbol, p.base_price, p.quote_symbol)}\n"
                f"{full_rate_text(p.quote_symbol, p.quote_price, p.base_symbol)}\n"
                + t("Right-click (or Ctrl+Shift+F) to show it the other way round.")
            ),
            full=lambda p: f"1 {p.base_symbol} = {p.base_price} {p.quote_symbol}",
        ),
        Column(
            t("TVL"),
            lambda p: f"{amount_text(p.tvl_in_quote, p.quote_decimals)} {p.quote_symbol}",
            tooltip=lambda p: (
                f"{full_amount_text(p.tvl_in_quote, p.quote_decimals)} {p.quote_symbol}\n"
                + t("Both sides valued at the pool's price, in {s}").format(s=p.quote_symbol)
            ),
            full=lambda p: exact_amount_text(p.tvl_in_quote, p.quote_decimals),
            numeric=True,
        ),
        Column(
            t("Your share"),
            lambda p: f"{percent_text(p.my_share_bps)} · {shares_text(p.my_shares)}",
            tooltip=lambda p: t("{n} of {m} LP").format(
                n=full_amount_text(p.my_shares, LP_DECIMALS), m=full_amount_text(p.total_shares, LP_DECIMALS)
            ),
            full=lambda p: exact_amount_text(p.my_shares, LP_DECIMALS),
            numeric=True,
            secret=True,
        ),
        Column(t("Swaps"), lambda p: count_text(p.swap_count), numeric=True),
    ]


def _values(p: Position, text: Callable[[int, int], str], between: str) -> str:
    base_first = p.base_is_token0
    first = (p.value0, p.decimals0, p.symbol0) if base_first else (p.value1, p.decimals1, p.symbol1)
    second = (p.value1, p.decimals1, p.symbol1) if base_first else (p.value0, p.decimals0, p.symbol0)
    return between.join(f"{text(units, decimals)} {symbol}" for units, decimals, symbol in (first, second))


def position_columns(t: Callable[[str], str]) -> list[Column[Position]]:
    """Shares in whole LP units beside their part of the pool; values in the pool's orientation."""
    return [
        Column(t("Pool"), pair),
        Column(t("Account"), lambda p: p.account),
        Column(
            t("Part of pool"),
            lambda p: f"{ppm_percent_text(p.share_ppm)} · {shares_text(p.shares)}",
            tooltip=lambda p: t("{n} of {m} LP").format(
                n=full_amount_text(p.shares, LP_DECIMALS), m=full_amount_text(p.total_shares, LP_DECIMALS)
            ),
            full=lambda p: exact_amount_text(p.shares, LP_DECIMALS),
            numeric=True,
            secret=True,
        ),
        Column(
            t("Value now"),
            lambda p: _values(p, amount_text, "\n"),
            tooltip=lambda p: _values(p, full_amount_text, " + "),
            full=lambda p: _values(p, exact_amount_text, " + "),
            secret=True,
        ),
    ]


# -- the flip: show a pool the other way round ---------------------------------------------------

FLIP_SHORTCUT = "Ctrl+Shift+F"


class PoolTableHost(Protocol):
    """What the flip needs of the tab that shows the pools table."""

    ctx: GuiContext
    pools_view: QTableView
    pools_model: RowTableModel[PoolInfo]


def flip_text(pool: PoolInfo, t: Callable[[str], str]) -> str:
    return t("Show as {quote}/{base}").format(quote=pool.quote_symbol, base=pool.base_symbol)


def flip_pool(ctx: GuiContext, pool: PoolInfo, owner: QObject) -> int:
    """List ``pool`` the other way round from now on (kept in the ledger, for every view)."""
    exchange = ctx.core.exchange
    base, quote = pool.quote_symbol, pool.base_symbol
    return ctx.ops.run(lambda: exchange.orient_pool(base, quote), name="flip pool", owner=owner)


class _FlipKey(QObject):
    """Ctrl+Shift+F on the pools table flips its current row (a key filter: no window shortcut)."""

    def __init__(self, view: QTableView, flip: Callable[[], None]) -> None:
        super().__init__(view)
        self._flip = flip
        self._sequence = QKeySequence(FLIP_SHORTCUT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and QKeySequence(event.keyCombination()) == self._sequence
        ):
            self._flip()
            return True
        return super().eventFilter(watched, event)


def install_pool_flip(host: PoolTableHost) -> None:
    """The pools table's flip: first in its context menu, and Ctrl+Shift+F on the current row."""
    view, model = host.pools_view, host.pools_model

    def menu_actions(index: QModelIndex) -> list[QAction]:
        pool = model.row_at(index)
        if pool is None:
            return []
        action = QAction(flip_text(pool, view.tr), view)
        action.setShortcut(QKeySequence(FLIP_SHORTCUT))  # shown in the menu; the filter handles it
        action.triggered.connect(lambda _checked=False: flip_pool(host.ctx, pool, view))
        return [action]

    if isinstance(view, DataTableView):
        view.row_actions.append(menu_actions)

    def flip_current() -> None:
        pool = model.row_at(view.currentIndex())
        if pool is not None:
            flip_pool(host.ctx, pool, view)

    view.installEventFilter(_FlipKey(view, flip_current))
