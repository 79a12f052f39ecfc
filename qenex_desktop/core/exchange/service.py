"""The local exchange as the GUI and the CLI call it. See the package docstring for the API.

Every state change is one ``db.write()`` unit (BEGIN IMMEDIATE) holding the change and its audit
entry; reserves and balances are read inside it, so two processes swapping on one pool serialise
and lose no update. A refused operation raises a ``QenexError`` inside the unit: it rolls back
and nothing has changed.

The operations live in one module per job (accounts, tokens, pools, swaps, liquidity,
analytics); ``ExchangeService`` joins them into the one object ``core.exchange`` hands out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qenex_desktop.core.exchange.accounts import AccountOps
from qenex_desktop.core.exchange.analytics import DEFAULT_HISTORY_LIMIT, AnalyticsOps, supply_check
from qenex_desktop.core.exchange.liquidity import LiquidityOps
from qenex_desktop.core.exchange.liquidity_quote import LiquidityReviewOps
from qenex_desktop.core.exchange.pools import PoolOps
from qenex_desktop.core.exchange.swaps import (
    DEFAULT_DEADLINE_MS,
    DEFAULT_SLIPPAGE_BPS,
    MAX_SLIPPAGE_BPS,
    SwapOps,
)
from qenex_desktop.core.exchange.tokens import TokenOps
from qenex_desktop.core.instrumentation import operation

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.legacy import ImportReport, LegacyHistoryRecord


class ExchangeService(AccountOps, TokenOps, PoolOps, SwapOps, LiquidityOps, LiquidityReviewOps, AnalyticsOps):
    @operation("exchange.import_legacy")
    def import_legacy(
        self, *, qenex_os_db: Path | None = None, defi_db: Path | None = None, dry_run: bool = False
    ) -> ImportReport:
        """Bring an original QENEX ``system.db`` and/or ``defi.db`` in, whole or not at all."""
        from qenex_desktop.core.exchange.legacy import LegacyImporter

        actor = self._session()
        importer = LegacyImporter(self.db, self.audit, self.clock)
        return importer.run(actor, qenex_os_db=qenex_os_db, defi_db=defi_db, dry_run=dry_run)

    def legacy_history(self, *, limit: int = 200, before_id: int | None = None) -> list[LegacyHistoryRecord]:
        """History carried over from the originals (read-only), newest first: rows about your
        imported profile and every row of the files you imported."""
        from qenex_desktop.core.exchange.legacy import read_history

        viewer = self._session()
        with self.db.read() as session:
            return read_history(session, viewer.profile_id, limit=limit, before_id=before_id)


__all__ = [
    "DEFAULT_DEADLINE_MS",
    "DEFAULT_HISTORY_LIMIT",
    "DEFAULT_SLIPPAGE_BPS",
    "MAX_SLIPPAGE_BPS",
    "ExchangeService",
    "supply_check",
]
