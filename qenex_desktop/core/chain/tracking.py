"""Tracking what was sent: pending refreshes, speed-up and cancel, the ledger's transactions, history."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sqlalchemy import select

from qenex_desktop.core.chain.assets import AssetOps
from qenex_desktop.core.chain.types import RefreshReport, ScanProgress, TransferInfo, TxInfo
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import NotFoundError
from qenex_desktop.core.instrumentation import operation

if TYPE_CHECKING:
    from qenex_desktop.core.chain.service import ChainService
    from qenex_desktop.core.chain.tracker import TxTracker


class TrackingOps(AssetOps):
    def _service(self) -> ChainService:
        """This part only ever runs inside a ``ChainService``, which the tracker and history take."""
        return cast("ChainService", self)

    @property
    def tracker(self) -> TxTracker:
        from qenex_desktop.core.chain.tracker import TxTracker

        return TxTracker(self._service())

    @operation("chain.refresh_pending")
    def refresh_pending(self) -> RefreshReport:
        """Settle what the node now knows about pending transactions (GUI timer, worker thread)."""
        with self._refresh_guard:
            return self.tracker.refresh(self.live())

    @operation("chain.speed_up")
    def speed_up(self, tx_hash: str, *, password: str | None = None) -> TxInfo:
        return self.tracker.replace(tx_hash, cancel=False, password=password)

    @operation("chain.cancel")
    def cancel(self, tx_hash: str, *, password: str | None = None) -> TxInfo:
        return self.tracker.replace(tx_hash, cancel=True, password=password)

    def transactions(self, *, limit: int = 100, include_stale: bool = False) -> list[TxInfo]:
        """The profile's transactions on the active network, newest first (stale only when asked)."""
        active = self.auth.require_session()
        info = self.network()
        with self.db.read() as session:
            query = (
                select(ChainTransaction)
                .where(
                    ChainTransaction.network_id == info.id, ChainTransaction.profile_id == active.profile_id
                )
                .order_by(ChainTransaction.id.desc())
                .limit(limit)
            )
            if not include_stale:
                query = query.where(
                    ChainTransaction.stale.is_(False), ChainTransaction.genesis_hash == info.genesis_hash
                )
            rows = session.scalars(query).all()
            return [self.tracker.info(session, row, info.name) for row in rows]

    def transaction(self, tx_hash: str) -> TxInfo:
        info = self.network()
        wanted = (tx_hash or "").strip().lower()
        with self.db.read() as session:
            row = session.scalar(
                select(ChainTransaction).where(
                    ChainTransaction.network_id == info.id, ChainTransaction.tx_hash == wanted
                )
            )
            if row is None:
                raise NotFoundError(f"No tracked transaction {tx_hash} on {info.name}.", field="tx_hash")
            return self.tracker.info(session, row, info.name)

    # -- history ---------------------------------------------------------------------------------------

    @operation("chain.scan_history")
    def scan_history(self, *, max_ranges: int | None = None) -> ScanProgress:
        from qenex_desktop.core.chain.history import scan

        active = self.auth.require_session()
        return scan(
            self._service(), self.live(), self.wallet.addresses(active.profile_id), max_ranges=max_ranges
        )

    def transfers(self, *, limit: int = 200) -> list[TransferInfo]:
        from qenex_desktop.core.chain.history import list_transfers

        active = self.auth.require_session()
        return list_transfers(
            self._service(), self.network(), self.wallet.addresses(active.profile_id), limit=limit
        )
