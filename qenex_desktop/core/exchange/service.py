"""The local exchange as the GUI and the CLI call it. See the package docstring for the API.

Every state change is one ``db.write()`` unit (BEGIN IMMEDIATE) holding the change and its audit
entry; reserves and balances are read inside it, so two processes swapping on one pool serialise
and lose no update. A refused operation raises a ``QenexError`` inside the unit: it rolls back
and nothing has changed.

``ExchangeService`` is a thin facade. The work is done by parts with one job each, built once here
and handed only what they use (bottom to top; no part holds the facade):

* ``gate`` (session_gate.py): the login check, inside a write unit or for a read;
* ``records`` (unit.py): what a pool create, add or remove leaves (price point, audit entry, result),
  shared by ``pools`` and ``liquidity``;
* ``accounts``, ``tokens``, ``pools``, ``swaps``, ``liquidity`` (one module each): the state changes
  and their reads;
* ``reviews`` (liquidity_quote.py), ``analytics`` (analytics.py): reads only, given the read check;
* ``imports`` (legacy_imports.py): the original programs' files brought in, and their history.

Each public method of the facade is a part's own (``core/delegation.py``): same signature, same
docstring, and the part's ``@operation`` name, so metrics are the same whichever way it is called.
"""

from __future__ import annotations

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.delegation import delegate
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
    create_account = delegate("accounts", Accounts.create_account)
    rename_account = delegate("accounts", Accounts.rename_account)
    list_accounts = delegate("accounts", Accounts.list_accounts)
    transfer = delegate("accounts", Accounts.transfer)
    balances = delegate("accounts", Accounts.balances)

    # -- tokens --------------------------------------------------------------------------------------
    create_token = delegate("tokens", Tokens.create_token)
    list_tokens = delegate("tokens", Tokens.list_tokens)
    get_token = delegate("tokens", Tokens.get_token)
    mint = delegate("tokens", Tokens.mint)
    burn = delegate("tokens", Tokens.burn)

    # -- pools ---------------------------------------------------------------------------------------
    create_pool = delegate("pools", Pools.create_pool)
    orient_pool = delegate("pools", Pools.orient_pool)
    list_pools = delegate("pools", Pools.list_pools)
    get_pool = delegate("pools", Pools.get_pool)

    # -- swaps ---------------------------------------------------------------------------------------
    quote_swap = delegate("swaps", Swaps.quote_swap)
    swap_exact_in = delegate("swaps", Swaps.swap_exact_in)
    swap_exact_out = delegate("swaps", Swaps.swap_exact_out)

    # -- liquidity -----------------------------------------------------------------------------------
    add_liquidity = delegate("liquidity", Liquidity.add_liquidity)
    remove_liquidity = delegate("liquidity", Liquidity.remove_liquidity)
    quote_add_liquidity = delegate("liquidity", Liquidity.quote_add_liquidity)
    quote_remove_liquidity = delegate("liquidity", Liquidity.quote_remove_liquidity)
    positions = delegate("liquidity", Liquidity.positions)
    review_add_liquidity = delegate("reviews", LiquidityReviews.review_add_liquidity)
    review_create_pool = delegate("reviews", LiquidityReviews.review_create_pool)
    review_remove_liquidity = delegate("reviews", LiquidityReviews.review_remove_liquidity)

    # -- history and analytics -----------------------------------------------------------------------
    swap_history = delegate("analytics", Analytics.swap_history)
    price_history = delegate("analytics", Analytics.price_history)
    pool_stats = delegate("analytics", Analytics.pool_stats)
    supply_check = delegate("analytics", Analytics.supply_check)

    # -- the original programs' files ----------------------------------------------------------------
    import_legacy = delegate("imports", LegacyImports.import_legacy)
    legacy_history = delegate("imports", LegacyImports.legacy_history)


__all__ = [
    "DEFAULT_DEADLINE_MS",
    "DEFAULT_HISTORY_LIMIT",
    "DEFAULT_SLIPPAGE_BPS",
    "MAX_SLIPPAGE_BPS",
    "ExchangeService",
    "supply_check",
]
