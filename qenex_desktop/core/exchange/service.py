"""The local exchange as the GUI and the CLI call it. See the package docstring for the API.

Every state change is one ``db.write()`` unit (BEGIN IMMEDIATE) holding the change and its audit
entry; reserves and balances are read inside it, so two processes swapping on one pool serialise
and lose no update. A refused operation raises a ``QenexError`` inside the unit: it rolls back
and nothing has changed.

``ExchangeService`` is a thin facade. The work is done by parts with one job each, built once here
and handed only what they use; no part knows another part's module except through what it is given:

* ``gate`` (session_gate.py): the login check, inside a write unit or for a read;
* ``records`` (unit.py): what a pool create, add or remove leaves (price point, audit entry, result),
  shared by ``pools`` and ``liquidity``;
* ``accounts``, ``tokens``, ``pools``, ``swaps``, ``liquidity`` (one module each): the state changes
  and their reads;
* ``reviews`` (liquidity_quote.py), ``analytics`` (analytics.py): reads only, given the read check;
* ``imports`` (legacy_imports.py): the original programs' files brought in, and their history.

Each public method of the facade is the part's own (``_delegate``): same signature, same docstring,
and the part's ``@operation`` name, so metrics are the same whichever way it is called.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.exchange.accounts import Accounts
from qenex_desktop.core.exchange.analytics import DEFAULT_HISTORY_LIMIT, Analytics, supply_check
from qenex_desktop.core.exchange.legacy_imports import LegacyImports
from qenex_desktop.core.exchange.liquidity import Liquidity
from qenex_desktop.core.exchange.liquidity_quote import LiquidityReviews
from qenex_desktop.core.exchange.pools import Pools
from qenex_desktop.core.exchange.session_gate import SessionGate
from qenex_desktop.core.exchange.swaps import (
    DEFAULT_DEADLINE_MS,
    DEFAULT_SLIPPAGE_BPS,
    MAX_SLIPPAGE_BPS,
    Swaps,
)
from qenex_desktop.core.exchange.tokens import Tokens
from qenex_desktop.core.exchange.unit import LiquidityRecords
from qenex_desktop.core.instrumentation import Instrumentation

Part = TypeVar("Part")
P = ParamSpec("P")
R = TypeVar("R")


def _delegate(
    part: str, method: Callable[Concatenate[Part, P], R]
) -> Callable[Concatenate[ExchangeService, P], R]:
    """A facade method that calls the part's method of the same name, looked up on each call (so a
    test may replace either), with the part method's signature and docstring."""
    name = method.__name__

    def call(self: ExchangeService, /, *args: P.args, **kwargs: P.kwargs) -> R:
        result: R = getattr(getattr(self, part), name)(*args, **kwargs)
        return result

    functools.update_wrapper(call, method)
    call.__qualname__ = f"ExchangeService.{name}"
    return call


class ExchangeService:
    """One object for ``core.exchange``: the parts wired once, each public operation one of theirs."""

    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.instrumentation = instrumentation
        self.gate = SessionGate(auth, clock)
        self.records = LiquidityRecords(audit, clock)
        self.accounts = Accounts(database, audit, clock, self.gate, instrumentation)
        self.tokens = Tokens(database, audit, clock, self.gate, instrumentation)
        self.pools = Pools(database, audit, clock, self.gate, self.records, instrumentation)
        self.swaps = Swaps(database, audit, clock, self.gate, instrumentation)
        self.liquidity = Liquidity(database, clock, self.gate, self.records, instrumentation)
        self.reviews = LiquidityReviews(database, self.gate.check)
        self.analytics = Analytics(database, self.gate.check)
        self.imports = LegacyImports(database, audit, clock, self.gate.check, instrumentation)

    # -- ledger accounts -----------------------------------------------------------------------------
    create_account = _delegate("accounts", Accounts.create_account)
    rename_account = _delegate("accounts", Accounts.rename_account)
    list_accounts = _delegate("accounts", Accounts.list_accounts)
    transfer = _delegate("accounts", Accounts.transfer)
    balances = _delegate("accounts", Accounts.balances)

    # -- tokens --------------------------------------------------------------------------------------
    create_token = _delegate("tokens", Tokens.create_token)
    list_tokens = _delegate("tokens", Tokens.list_tokens)
    get_token = _delegate("tokens", Tokens.get_token)
    mint = _delegate("tokens", Tokens.mint)
    burn = _delegate("tokens", Tokens.burn)

    # -- pools ---------------------------------------------------------------------------------------
    create_pool = _delegate("pools", Pools.create_pool)
    orient_pool = _delegate("pools", Pools.orient_pool)
    list_pools = _delegate("pools", Pools.list_pools)
    get_pool = _delegate("pools", Pools.get_pool)

    # -- swaps ---------------------------------------------------------------------------------------
    quote_swap = _delegate("swaps", Swaps.quote_swap)
    swap_exact_in = _delegate("swaps", Swaps.swap_exact_in)
    swap_exact_out = _delegate("swaps", Swaps.swap_exact_out)

    # -- liquidity -----------------------------------------------------------------------------------
    add_liquidity = _delegate("liquidity", Liquidity.add_liquidity)
    remove_liquidity = _delegate("liquidity", Liquidity.remove_liquidity)
    quote_add_liquidity = _delegate("liquidity", Liquidity.quote_add_liquidity)
    quote_remove_liquidity = _delegate("liquidity", Liquidity.quote_remove_liquidity)
    positions = _delegate("liquidity", Liquidity.positions)
    review_add_liquidity = _delegate("reviews", LiquidityReviews.review_add_liquidity)
    review_remove_liquidity = _delegate("reviews", LiquidityReviews.review_remove_liquidity)

    # -- history and analytics -----------------------------------------------------------------------
    swap_history = _delegate("analytics", Analytics.swap_history)
    price_history = _delegate("analytics", Analytics.price_history)
    pool_stats = _delegate("analytics", Analytics.pool_stats)
    supply_check = _delegate("analytics", Analytics.supply_check)

    # -- the original programs' files ----------------------------------------------------------------
    import_legacy = _delegate("imports", LegacyImports.import_legacy)
    legacy_history = _delegate("imports", LegacyImports.legacy_history)


__all__ = [
    "DEFAULT_DEADLINE_MS",
    "DEFAULT_HISTORY_LIMIT",
    "DEFAULT_SLIPPAGE_BPS",
    "MAX_SLIPPAGE_BPS",
    "ExchangeService",
    "supply_check",
]
