"""Import of the original QENEX databases: a core ``system.db`` (``qenex-os``) and a DeFi ``defi.db``.

What is read (columns are matched by name; alternatives the original versions used in brackets):

- ``users(id, username, password_hash[, email, created_at, is_active])`` (system.db): each becomes a
  profile keeping its PBKDF2 hash (``salt$hexkey``; the first login replaces it with Argon2id),
  email, creation time and active flag (an inactive user is refused at login, saying so). Names
  this app's login rules refuse, or that collide ignoring case, get a mapped login name
  (``names.py``); the original is kept as the display name.
- ``tokens(symbol, name, decimals, total_supply)``: 0 to 36 decimals.
- ``balances(user_id | address | ..., token_symbol | token, balance[, locked_balance])``
- ``pools(id, token_a, token_b, reserve_a, reserve_b[, total_shares | lp_supply][, fee_rate])``
- ``liquidity(pool_id, user_id | address | ..., shares | lp_tokens)``
- ``transactions`` and ``audit_log``: carried over as read-only history (``history.py``); other
  tables (``sessions``, ``metrics``) are counted in the report, not carried.

The steps live in one module each: ``reader`` (a private read-only copy, integrity check, the
rows), ``source`` (typed rows), ``view`` (what the ledger holds), ``replace`` and ``footprint``
(a newer copy of a file imported before), ``plan`` (logins, accounts, tokens, rounding down with
the dust reported), ``pools`` (pools and LP claims), ``apply`` (the writes and the audit entry),
``report`` (the typed ``ImportReport`` the CLI prints and the GUI shows), ``importer`` (one run).
"""

from qenex_desktop.core.exchange.legacy.history import LegacyHistoryRecord, read_history
from qenex_desktop.core.exchange.legacy.importer import LegacyImporter, LegacyImportRefused
from qenex_desktop.core.exchange.legacy.numbers import to_base_units
from qenex_desktop.core.exchange.legacy.reader import LegacyFileDamaged, LegacyFileUnclean
from qenex_desktop.core.exchange.legacy.report import (
    HolderLine,
    ImportReport,
    PoolLine,
    SkippedLine,
    SourceLine,
    TokenLine,
    UserLine,
)

__all__ = [
    "HolderLine",
    "ImportReport",
    "LegacyFileDamaged",
    "LegacyFileUnclean",
    "LegacyHistoryRecord",
    "LegacyImportRefused",
    "LegacyImporter",
    "PoolLine",
    "SkippedLine",
    "SourceLine",
    "TokenLine",
    "UserLine",
    "read_history",
    "to_base_units",
]
