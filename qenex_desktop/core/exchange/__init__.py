"""The local exchange: a token ledger, constant-product pools, swaps and liquidity (issue 3).

Reach it as ``core.exchange`` (an ``ExchangeService``, built on first use). Money is ``int`` base
units everywhere; an ``Amount`` argument is either an ``int`` of base units or the decimal text a
person typed (``"12.5"``), parsed with the token's decimals by ``core/validation.py``. Results are
frozen dataclasses from ``exchange/types.py``, amounts with ``*_text`` twins. Refusals are
``QenexError`` subclasses with ``field`` naming the input to mark (``"amount_in"``, ``"min_out"``,
``"token_b"``, ``"account"`` ...); when one is raised nothing has changed.

State changes (each one ``db.write()`` transaction + one audit entry, category "money"; they need
a logged-in session; ``account=None`` means the profile's "Main" account, opened on first use):

- ``create_account(name, counterparty=False) -> AccountInfo``
- ``create_token(symbol, name, decimals, supply, max_supply=None, account=None) -> TokenInfo``
- ``mint(symbol, amount, account=None) -> SupplyChange`` (creator only, within max supply)
- ``burn(symbol, amount, account=None) -> SupplyChange``
- ``transfer(symbol, amount, from_account, to_account) -> TransferResult`` (never to the same account)
- ``create_pool(token_a, token_b, amount_a, amount_b, fee_bps=30, account=None) -> LiquidityResult``
- ``swap_exact_in(token_in, token_out, amount_in, min_out, deadline_ms=None, account=None) -> SwapResult``
- ``swap_exact_out(token_in, token_out, amount_out, max_in, deadline_ms=None, account=None) -> SwapResult``
  (``deadline_ms`` is epoch ms; None = now + 20 min. Routes over up to 3 pools when needed.)
- ``add_liquidity(token_a, token_b, amount_a, amount_b, min_a=0, min_b=0, account=None) -> LiquidityResult``
- ``remove_liquidity(token_a, token_b, shares=None | percent=None, min_a=0, min_b=0, account=None)``
- ``import_legacy(qenex_os_db=None, defi_db=None, dry_run=False) -> ImportReport`` (``legacy/``)

Reads (never change state; cheap):

- ``quote_swap(token_in, token_out, amount_in=... | amount_out=..., slippage_bps=50) -> SwapQuote``:
  amounts, route, per-hop fees, price impact (bps), effective and mid price, minimum received /
  maximum sold under the slippage. No session needed: the GUI calls it on every keystroke.
- ``list_tokens()``, ``get_token(symbol)``, ``list_accounts()``, ``balances(account=None)``
- ``list_pools()`` / ``get_pool(a, b) -> PoolInfo``: reserves, fee, prices, TVL, your share
- ``swap_history(account=None, limit=100) -> list[SwapRecord]``: your swaps, newest first
- ``positions(account=None) -> list[Position]``: shares, part of the pool (ppm), current value
- ``quote_add_liquidity(a, b, amount_a, amount_b) -> LiquidityQuote``: the pair actually deposited
  at the pool's price and the shares minted; ``quote_remove_liquidity(a, b, shares= | percent=)``
- ``price_history(a, b, since_ms=None, limit=2000) -> list[PricePoint]`` (oldest first)
- ``pool_stats(a, b, since_ms=None) -> PoolStats``: swaps, volume, fees in the window and in all
- ``supply_check() -> list[SupplyCheck]``: conservation per token (``.ok``)
- ``legacy_history(limit=200, before_id=None) -> list[LegacyHistoryRecord]``: the originals'
  transactions and audit_log rows an import carried over (read-only)

Tables for analytics (``db/models/exchange.py``): ``exchange_price_points`` (one row per pool per
swap hop or liquidity change: reserves after, volume in, fee kept, ``created_at`` ms) and running
totals on ``exchange_pools`` (``volume0/1``, ``fees0/1``, ``swap_count``). Operations are timed
as ``exchange.<name>`` through ``core.instrumentation``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qenex_desktop.core.lazy_names import lazy_names

# Names are read from their modules on first use (PEP 562), so that importing one small module of
# this package (``exchange.types`` for a type hint, ``exchange.ledger``) does not import the service
# and everything it needs.
_HOMES = {
    "DEFAULT_ACCOUNT": "ledger",
    "Amount": "ledger",
    "ExchangeService": "service",
    **{
        name: "types"
        for name in (
            "AccountInfo",
            "Balance",
            "LiquidityQuote",
            "LiquidityResult",
            "PoolInfo",
            "PoolStats",
            "Position",
            "PricePoint",
            "RouteHop",
            "SupplyChange",
            "SupplyCheck",
            "SwapQuote",
            "SwapRecord",
            "SwapResult",
            "TokenInfo",
            "TransferResult",
        )
    },
}
__all__ = [
    "DEFAULT_ACCOUNT",
    "AccountInfo",
    "Amount",
    "Balance",
    "ExchangeService",
    "LiquidityQuote",
    "LiquidityResult",
    "PoolInfo",
    "PoolStats",
    "Position",
    "PricePoint",
    "RouteHop",
    "SupplyChange",
    "SupplyCheck",
    "SwapQuote",
    "SwapRecord",
    "SwapResult",
    "TokenInfo",
    "TransferResult",
]

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT, Amount
    from qenex_desktop.core.exchange.service import ExchangeService
    from qenex_desktop.core.exchange.types import (
        AccountInfo,
        Balance,
        LiquidityQuote,
        LiquidityResult,
        PoolInfo,
        PoolStats,
        Position,
        PricePoint,
        RouteHop,
        SupplyChange,
        SupplyCheck,
        SwapQuote,
        SwapRecord,
        SwapResult,
        TokenInfo,
        TransferResult,
    )


__getattr__ = lazy_names(__name__, _HOMES, globals())
