"""Reviewing a liquidity change before it runs: what an add or a remove would move, mint or burn,
the share of the pool you would hold after it, the pool's price and the minimums under a slippage
tolerance. Reads only, in one snapshot; the math is ``core/amm.py``'s (the same functions the
writes in ``liquidity.py`` use), so what the review says is what the write does on the same reserves.

Pool shares are counted in base units with ``LP_DECIMALS`` decimals, as Uniswap V2's LP token
(an ERC-20 with 18 decimals): a person reads "200 LP", not "200000000000000000000".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from qenex_desktop.core import amm
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ExchangePool, ExchangePosition, ExchangeToken
from qenex_desktop.core.errors import InsufficientFundsError, ValidationError
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange.ledger import Amount
from qenex_desktop.core.exchange.liquidity import _deposit, _shares_to_burn
from qenex_desktop.core.exchange.lookups import own_account, pool_as_asked, unpooled_pair
from qenex_desktop.core.exchange.routing import ratio_text
from qenex_desktop.core.exchange.swaps import DEFAULT_SLIPPAGE_BPS, _check_slippage
from qenex_desktop.core.validation import format_amount, parse_fee_bps

#: Decimals of a pool share, as Uniswap V2's LP token.
LP_DECIMALS = 18
PPM = 1_000_000


@dataclass(frozen=True)
class LiquidityReview:
    """What an add (``action="add"``), a remove (``"remove"``) or a new pool (``"create"``) would do
    now; nothing changed.

    Amounts are base units of each token in the caller's order (a, b); shares are base units of
    the pool's LP share (``LP_DECIMALS``); parts of the pool are parts per million.
    """

    action: str
    pool_id: int
    account: str
    symbol_a: str
    symbol_b: str
    decimals_a: int
    decimals_b: int
    #: Deposited (add) or paid out (remove).
    amount_a: int
    amount_b: int
    #: The least of each that the write accepts under ``slippage_bps`` (its ``min_a``/``min_b``).
    min_a: int
    min_b: int
    slippage_bps: int
    #: Minted (add) or burned (remove).
    shares: int
    shares_before: int
    shares_after: int
    total_shares_after: int
    share_before_ppm: int
    share_after_ppm: int
    #: Whole b per whole a at the pool's price (and the reverse), decimal text.
    price_a_in_b: str
    price_b_in_a: str
    #: A new pool's fee per swap (``action="create"``); None for an existing pool's add or remove.
    fee_bps: int | None = None
    #: Shares a new pool locks forever (Uniswap V2's minimum liquidity), counted in its total.
    locked_shares: int = 0


def minimum_under_slippage(amount: int, slippage_bps: int) -> int:
    """The least accepted of ``amount`` when the price may move ``slippage_bps`` against you
    (rounded down, as Uniswap's interface: ``amount * (10000 - slippage) / 10000``)."""
    return amount * (amm.BPS - slippage_bps) // amm.BPS


def _part(shares: int, total: int) -> int:
    return shares * PPM // total if total > 0 else 0


def _check_held(
    session: Session, holder_id: int | None, name: str, token: ExchangeToken, need: int, field: str
) -> None:
    """The write's own refusal (``ledger.debit``) said before the review, with its words."""
    held = 0 if holder_id is None else ledger.balance_of(session, holder_id, token.id)
    if held < need:
        raise InsufficientFundsError(
            f"{name} holds {format_amount(held, token.decimals)} {token.symbol}; "
            f"this needs {format_amount(need, token.decimals)}.",
            field=field,
        )


class LiquidityReviews:
    """Reads only; ``login`` is the login check of a read (``SessionGate.check``)."""

    def __init__(self, database: Database, login: Callable[[], ActiveSession]) -> None:
        self.db = database
        self._login = login

    def _holder(self, session: Session, account: str | None) -> tuple[int | None, str]:
        """(account id or None when Main is not opened yet, its name) of the logged-in profile."""
        actor = self._login()
        if account is None:
            found = ledger.default_account(session, actor.profile_id)
            return (None if found is None else found.id), ledger.DEFAULT_ACCOUNT
        found = own_account(session, actor.profile_id, account)
        return found.id, found.name

    @staticmethod
    def _held_shares(session: Session, pool: ExchangePool, holder_id: int | None) -> int:
        position = None if holder_id is None else session.get(ExchangePosition, (pool.id, holder_id))
        return 0 if position is None else position.shares

    def review_add_liquidity(
        self,
        token_a: str,
        token_b: str,
        amount_a: Amount,
        amount_b: Amount,
        *,
        slippage_bps: int = DEFAULT_SLIPPAGE_BPS,
        account: str | None = None,
    ) -> LiquidityReview:
        """The pair an add would deposit at the pool's price, the shares it mints, your part of the
        pool after it and the minimums under ``slippage_bps``; refused as the add would be."""
        slippage = _check_slippage(slippage_bps)
        with self.db.read() as session:
            pool, a, b = pool_as_asked(session, token_a, token_b)
            desired = (
                ledger.to_base_units(amount_a, a, field="amount_a"),
                ledger.to_base_units(amount_b, b, field="amount_b"),
            )
            dep_a, dep_b, minted = _deposit(pool, a, desired, (0, 0))
            holder_id, name = self._holder(session, account)
            _check_held(session, holder_id, name, a, dep_a, "amount_a")
            _check_held(session, holder_id, name, b, dep_b, "amount_b")
            before = self._held_shares(session, pool, holder_id)
            return self._review(
                "add", pool, (a, b), (dep_a, dep_b), slippage, name, (minted, before, before + minted)
            )

    def review_create_pool(
        self,
        token_a: str,
        token_b: str,
        amount_a: Amount,
        amount_b: Amount,
        *,
        fee_bps: int | str = amm.DEFAULT_FEE_BPS,
        account: str | None = None,
    ) -> LiquidityReview:
        """What creating the pool would do: both deposits, whole (they set its first price), the
        shares minted (the root of their product less the ones locked forever) and the price;
        refused as the create would be (a pair that has a pool, a balance too small)."""
        fee = parse_fee_bps(fee_bps)
        with self.db.read() as session:
            a, b = unpooled_pair(session, token_a, token_b)
            value_a = ledger.to_base_units(amount_a, a, field="amount_a")
            value_b = ledger.to_base_units(amount_b, b, field="amount_b")
            minted = amm.mint_shares(value_a, value_b, 0, 0, 0)
            holder_id, name = self._holder(session, account)
            _check_held(session, holder_id, name, a, value_a, "amount_a")
            _check_held(session, holder_id, name, b, value_b, "amount_b")
        total = minted + amm.MINIMUM_LIQUIDITY
        return LiquidityReview(
            action="create",
            pool_id=0,
            account=name,
            symbol_a=a.symbol,
            symbol_b=b.symbol,
            decimals_a=a.decimals,
            decimals_b=b.decimals,
            amount_a=value_a,
            amount_b=value_b,
            min_a=value_a,  # a new pool takes both whole: no price to move
            min_b=value_b,
            slippage_bps=0,
            shares=minted,
            shares_before=0,
            shares_after=minted,
            total_shares_after=total,
            share_before_ppm=0,
            share_after_ppm=_part(minted, total),
            price_a_in_b=ratio_text(value_b, value_a, b.decimals, a.decimals),
            price_b_in_a=ratio_text(value_a, value_b, a.decimals, b.decimals),
            fee_bps=fee,
            locked_shares=amm.MINIMUM_LIQUIDITY,
        )

    def review_remove_liquidity(
        self,
        token_a: str,
        token_b: str,
        *,
        shares: int | str | None = None,
        percent: str | int | None = None,
        slippage_bps: int = DEFAULT_SLIPPAGE_BPS,
        account: str | None = None,
    ) -> LiquidityReview:
        """What burning these shares (or this percentage of your position) would pay, your part of
        the pool after it and the minimums under ``slippage_bps``; refused as the remove would be."""
        if (shares is None) == (percent is None):
            raise ValidationError("Give either a number of shares or a percentage.", field="shares")
        slippage = _check_slippage(slippage_bps)
        with self.db.read() as session:
            pool, a, b = pool_as_asked(session, token_a, token_b)
            holder_id, name = self._holder(session, account)
            held = self._held_shares(session, pool, holder_id)
            burn = _shares_to_burn(
                held, shares, percent, f"{name} has no share of the {a.symbol}/{b.symbol} pool to remove."
            )
            if burn > held:
                raise InsufficientFundsError(
                    f"{name} holds {format_amount(held, LP_DECIMALS)} LP of the {a.symbol}/{b.symbol} "
                    f"pool, not {format_amount(burn, LP_DECIMALS)}.",
                    field="shares",
                )
            out0, out1 = amm.burn_amounts(burn, pool.reserve0, pool.reserve1, pool.total_shares)
            out = (out0, out1) if a.id == pool.token0_id else (out1, out0)
            return self._review("remove", pool, (a, b), out, slippage, name, (burn, held, held - burn))

    @staticmethod
    def _review(
        action: str,
        pool: ExchangePool,
        tokens: tuple[ExchangeToken, ExchangeToken],
        amounts: tuple[int, int],
        slippage: int,
        account: str,
        shares: tuple[int, int, int],
    ) -> LiquidityReview:
        """``shares`` is (moved, yours before, yours after)."""
        a, b = tokens
        moved, before, after = shares
        total_after = pool.total_shares + moved if action == "add" else pool.total_shares - moved
        reserve_a, reserve_b = (
            (pool.reserve0, pool.reserve1) if a.id == pool.token0_id else (pool.reserve1, pool.reserve0)
        )
        return LiquidityReview(
            action=action,
            pool_id=pool.id,
            account=account,
            symbol_a=a.symbol,
            symbol_b=b.symbol,
            decimals_a=a.decimals,
            decimals_b=b.decimals,
            amount_a=amounts[0],
            amount_b=amounts[1],
            min_a=minimum_under_slippage(amounts[0], slippage),
            min_b=minimum_under_slippage(amounts[1], slippage),
            slippage_bps=slippage,
            shares=moved,
            shares_before=before,
            shares_after=after,
            total_shares_after=total_after,
            share_before_ppm=_part(before, pool.total_shares),
            share_after_ppm=_part(after, total_after),
            price_a_in_b=ratio_text(reserve_b, reserve_a, b.decimals, a.decimals),
            price_b_in_a=ratio_text(reserve_a, reserve_b, a.decimals, b.decimals),
        )
