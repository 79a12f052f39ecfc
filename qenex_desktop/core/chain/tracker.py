"""Following a transaction until it settles: confirmed, failed, dropped or replaced.

For each pending row of the current chain:

* a receipt exists → confirmed (block, gas used, price paid) or failed (revert reason decoded);
  other rows with the same sender and nonce become "replaced" by it;
* no receipt, the node still has it → still pending;
* no receipt, the node forgot it, and the sender's nonce moved past it → "replaced" when one of
  our rows with that nonce was mined, else "dropped";
* no receipt, the node forgot it, the nonce is still free → re-broadcast the stored signed bytes
  (a node restart or a mempool flush loses nothing); after a few refused re-broadcasts, "dropped".

Speed-up and cancel sign a new transaction with the same nonce and higher fees; cancel sends
0 ETH to oneself. What they sign is ``replacement.request`` of the fees ``preview_replacement``
showed (replacement.py), so a review dialog shows exactly the numbers that are signed.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.chain import replacement
from qenex_desktop.core.chain.client import RpcError, to_int
from qenex_desktop.core.chain.fees import live_presets
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.networks import NetworkRegistry
from qenex_desktop.core.chain.refusals import Refusals, already_known
from qenex_desktop.core.chain.replacement import ReplacementFees, ReplacementPreview
from qenex_desktop.core.chain.signer import Sent, Signer
from qenex_desktop.core.chain.types import RefreshReport, TxInfo
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import (
    InsufficientFundsError,
    NodeUnreachableError,
    NotFoundError,
    ValidationError,
)
from qenex_desktop.core.validation import to_checksum_address

_log = logging.getLogger(__name__)
SETTLED = ("confirmed", "failed", "dropped", "replaced")


class TxTracker:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        registry: NetworkRegistry,
        gateway: NodeGateway,
        signer: Signer,
        refusals: Refusals,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.registry = registry
        self.gateway = gateway
        self.signer = signer
        self.refusals = refusals
        #: Serialises refreshes (the GUI timer and a user's click may overlap).
        self._refresh_guard = threading.Lock()

    # -- reading ------------------------------------------------------------------------------------

    def info(self, session: Session, row: ChainTransaction, network_name: str) -> TxInfo:
        def hash_of(row_id: int | None) -> str | None:
            if row_id is None:
                return None
            other = session.get(ChainTransaction, row_id)
            return other.tx_hash if other else None

        fee_paid = (
            row.gas_used * row.effective_gas_price
            if row.gas_used is not None and row.effective_gas_price is not None
            else None
        )
        return TxInfo(
            tx_hash=row.tx_hash,
            network=network_name,
            kind=row.kind,
            status=row.status,
            stale=row.stale,
            from_address=row.from_address,
            to_address=row.to_address,
            recipient=row.recipient,
            asset=row.asset,
            symbol=row.asset_symbol,
            decimals=row.asset_decimals,
            amount=row.amount,
            nonce=row.nonce,
            gas_limit=row.gas_limit,
            max_fee_per_gas=row.max_fee_per_gas,
            max_priority_fee_per_gas=row.max_priority_fee_per_gas,
            block_number=row.block_number,
            gas_used=row.gas_used,
            fee_paid=fee_paid,
            revert_reason=row.revert_reason,
            contract_address=row.contract_address,
            replaces=hash_of(row.replaces_id),
            replaced_by=hash_of(row.replaced_by_id),
            last_error=row.last_error,
            created_at=row.created_at,
            updated_at=row.updated_at,
            broadcast_unconfirmed=row.status == "pending" and row.broadcast_attempts == 0,
        )

    def _load(self, row_id: int) -> ChainTransaction:
        with self.db.read() as session:
            return session.get_one(ChainTransaction, row_id)

    def info_by_id(self, live: Live, row_id: int) -> TxInfo:
        with self.db.read() as session:
            return self.info(session, session.get_one(ChainTransaction, row_id), live.network.name)

    def follow(self, live: Live, sent: Sent) -> TxInfo:
        """What became of a transaction the signer just sent, as far as the node can say at once."""
        if not sent.accepted:
            # The node may have it (and may mine it): pending under its hash, settled by refresh_pending,
            # never reported as "not sent", so nobody pays twice by sending again.
            return self.info_by_id(live, sent.row_id)
        return self.settle_one(live, sent.row_id)

    # -- settling -----------------------------------------------------------------------------------

    def refresh_pending(self) -> RefreshReport:
        """Settle what the active network's node now knows about pending rows (one refresh at a time)."""
        with self._refresh_guard:
            return self.refresh(self.gateway.live())

    def refresh(self, live: Live) -> RefreshReport:
        with self.db.read() as session:
            ids = list(
                session.scalars(
                    select(ChainTransaction.id)
                    .where(
                        ChainTransaction.network_id == live.network.id,
                        ChainTransaction.genesis_hash == live.genesis_hash,
                        ChainTransaction.stale.is_(False),
                        ChainTransaction.status == "pending",
                    )
                    .order_by(ChainTransaction.nonce, ChainTransaction.id)
                ).all()
            )
        attempts_before = {row_id: self._load(row_id).broadcast_attempts for row_id in ids}
        for row_id in ids:
            if self._load(row_id).status == "pending":  # else settled as a sibling of an earlier row
                self.settle_one(live, row_id)
        counts = dict.fromkeys(("confirmed", "failed", "dropped", "replaced", "rebroadcast"), 0)
        for row_id in ids:
            after = self._load(row_id)
            if after.status in counts:
                counts[after.status] += 1
            if after.broadcast_attempts > attempts_before[row_id]:
                counts["rebroadcast"] += 1
        return RefreshReport(
            checked=len(ids),
            confirmed=counts["confirmed"],
            failed=counts["failed"],
            dropped=counts["dropped"],
            replaced=counts["replaced"],
            rebroadcast=counts["rebroadcast"],
            chain_reset=live.check.reset,
        )

    def settle_one(self, live: Live, row_id: int) -> TxInfo:
        row = self._load(row_id)
        if row.status != "pending" or row.stale or row.genesis_hash != live.genesis_hash:
            return self.info_by_id(live, row_id)
        client = live.client
        receipt = client.receipt(row.tx_hash)
        if receipt is not None:
            self._record_receipt(live, row, receipt)
            return self.info_by_id(live, row_id)
        if client.transaction(row.tx_hash) is not None:
            return self.info_by_id(live, row_id)  # the node has it: still pending
        mined_nonce = client.nonce(row.from_address, "latest")
        if mined_nonce > row.nonce:
            self._nonce_used_elsewhere(live, row)
        elif row.replaced_by_id is None:
            self._unknown_to_node(live, row)
        return self.info_by_id(live, row_id)

    def _unknown_to_node(self, live: Live, row: ChainTransaction) -> None:
        """The node has no trace of it and its nonce is free: send the same signed bytes again.

        Re-sending can never pay twice (same nonce, same hash). It is called dropped only after the
        re-broadcasts were used up *and* the node has not known it for ``forget_after_s`` since it
        was signed: a lost answer, a restarting node or a slow mempool must not look like "not sent".
        """
        settings = self.gateway.settings
        if row.broadcast_attempts < settings.rebroadcast_attempts + 1:
            self._rebroadcast(live, row)
        elif self.clock.now_ms() - row.created_at >= settings.forget_after_s * 1000:
            self._finish(row.id, "dropped", error="The node forgot this transaction and refused it again.")

    def _record_receipt(self, live: Live, row: ChainTransaction, receipt: dict[str, Any]) -> None:
        succeeded = to_int(receipt.get("status", "0x1")) == 1
        reason = None if succeeded else self._revert_reason(live, row, receipt)
        contract = receipt.get("contractAddress")
        with self.db.write() as session:
            fresh = session.get_one(ChainTransaction, row.id)
            if fresh.status != "pending":
                return
            fresh.status = "confirmed" if succeeded else "failed"
            fresh.block_number = to_int(receipt["blockNumber"])
            fresh.gas_used = to_int(receipt["gasUsed"])
            price = receipt.get("effectiveGasPrice")
            fresh.effective_gas_price = to_int(price) if price is not None else None
            fresh.revert_reason = reason
            fresh.contract_address = to_checksum_address(str(contract)) if contract else None
            fresh.updated_at = self.clock.now_ms()
            siblings = session.scalars(
                select(ChainTransaction).where(
                    ChainTransaction.network_id == fresh.network_id,
                    ChainTransaction.genesis_hash == fresh.genesis_hash,
                    ChainTransaction.from_address == fresh.from_address,
                    ChainTransaction.nonce == fresh.nonce,
                    ChainTransaction.id != fresh.id,
                    ChainTransaction.status == "pending",
                )
            ).all()
            for sibling in siblings:
                sibling.status = "replaced"
                sibling.replaced_by_id = fresh.id
                sibling.updated_at = self.clock.now_ms()
            self.audit.append(
                session,
                category=Category.MONEY,
                event="chain.tx_confirmed" if succeeded else "chain.tx_failed",
                actor=None,
                details={
                    "network": live.network.name,
                    "tx_hash": fresh.tx_hash,
                    "block": fresh.block_number,
                    "gas_used": fresh.gas_used,
                    "reason": reason,
                    "replaced": [s.tx_hash for s in siblings],
                },
            )

    def _revert_reason(self, live: Live, row: ChainTransaction, receipt: dict[str, Any]) -> str:
        """The exact revert data from Hardhat's tracer, else a replay of the call at that block."""
        decoder = self.refusals.decoder()
        client = live.client
        try:
            trace = client.request(
                "debug_traceTransaction",
                [row.tx_hash, {"disableStorage": True, "disableMemory": True, "disableStack": True}],
                retry=False,
            )
            if isinstance(trace, dict) and trace.get("failed") and trace.get("returnValue") is not None:
                value = str(trace["returnValue"])
                return decoder.describe(value if value.startswith("0x") else "0x" + value)
        except (RpcError, NodeUnreachableError):
            pass
        block = to_int(receipt["blockNumber"])
        call: dict[str, Any] = {"from": row.from_address, "data": row.data, "value": hex(row.value)}
        if row.to_address:
            call["to"] = row.to_address
        for at in (block - 1, block):
            try:
                client.call(call, max(at, 0))
            except RpcError as exc:
                data = exc.revert_data()
                return decoder.describe(data) if data else exc.message
            except NodeUnreachableError:
                break
        gas_used = to_int(receipt["gasUsed"])
        if gas_used >= row.gas_limit:
            return "ran out of gas"
        return "reverted (the node gave no reason)"

    def _nonce_used_elsewhere(self, live: Live, row: ChainTransaction) -> None:
        with self.db.read() as session:
            winner = session.scalar(
                select(ChainTransaction)
                .where(
                    ChainTransaction.network_id == row.network_id,
                    ChainTransaction.genesis_hash == row.genesis_hash,
                    ChainTransaction.from_address == row.from_address,
                    ChainTransaction.nonce == row.nonce,
                    ChainTransaction.id != row.id,
                )
                .order_by(ChainTransaction.id.desc())
            )
        if winner is not None and winner.status == "pending":
            receipt = live.client.receipt(winner.tx_hash)
            if receipt is not None:
                self._record_receipt(live, winner, receipt)  # marks this row replaced
                return
        mined_sibling = winner is not None and winner.status in ("confirmed", "failed")
        if mined_sibling:
            self._finish(row.id, "replaced", replaced_by=winner.id if winner else None)
        else:
            self._finish(
                row.id, "dropped", error="Another transaction with the same nonce was mined instead."
            )

    def _rebroadcast(self, live: Live, row: ChainTransaction) -> None:
        error: str | None = None
        try:
            live.client.send_raw(bytes.fromhex(row.raw_tx.removeprefix("0x")))
        except RpcError as exc:
            if not already_known(exc):
                error = exc.message
        except NodeUnreachableError as exc:
            error = exc.message
        with self.db.write() as session:
            fresh = session.get_one(ChainTransaction, row.id)
            fresh.broadcast_attempts += 1
            fresh.last_error = error
            fresh.updated_at = self.clock.now_ms()
        _log.info("re-broadcast %s (attempt %d): %s", row.tx_hash, row.broadcast_attempts + 1, error or "ok")

    def _finish(
        self, row_id: int, status: str, *, error: str | None = None, replaced_by: int | None = None
    ) -> None:
        with self.db.write() as session:
            fresh = session.get_one(ChainTransaction, row_id)
            if fresh.status != "pending":
                return
            fresh.status = status
            fresh.last_error = error
            if replaced_by is not None:
                fresh.replaced_by_id = replaced_by
            fresh.updated_at = self.clock.now_ms()
            self.audit.append(
                session,
                category=Category.MONEY,
                event=f"chain.tx_{status}",
                actor=None,
                details={"tx_hash": fresh.tx_hash, "why": error},
            )

    # -- replacing ---------------------------------------------------------------------------------

    def preview_replacement(self, tx_hash: str, *, cancel: bool) -> ReplacementPreview:
        """The fees a speed-up or cancel of ``tx_hash`` would sign now, next to its own (nothing signed)."""
        active = self.auth.require_session()
        live = self.gateway.live()
        row = self._replaceable(live, active, tx_hash, cancel=cancel)
        bump = self.gateway.settings.replacement_bump_percent
        balance = live.client.balance(row.from_address)
        presets = live_presets(live.client, self.gateway.settings)  # the same choice as a send's
        return replacement.preview(
            row,
            self.signer.fees(live),
            bump,
            cancel=cancel,
            network=live.network.name,
            balance=balance,
            presets=presets,
        )

    def replace(
        self,
        tx_hash: str,
        *,
        cancel: bool,
        password: str | None,
        fees: ReplacementFees | None = None,
    ) -> TxInfo:
        """Speed a pending transaction up (same call, higher fees) or cancel it (0 ETH to oneself).

        ``fees``: the ones a person reviewed (``preview_replacement``), signed exactly; without them,
        today's quote outbids the row (the CLI's ``--yes`` path).
        """
        active = self.signer.unlock(password)
        live = self.gateway.live()
        row = self._replaceable(live, active, tx_hash, cancel=cancel)
        bump = self.gateway.settings.replacement_bump_percent
        if fees is None:
            fees = replacement.outbid(row, self.signer.fees(live), bump)
        else:
            replacement.check_outbids(row, fees, bump)
        request = replacement.request(row, fees, cancel=cancel)
        balance = live.client.balance(row.from_address)
        if balance < request.gas_limit * request.max_fee_per_gas + request.value:
            raise InsufficientFundsError(
                "Not enough ETH to pay the higher fee of the replacement.", field="fee"
            )
        return self.follow(live, self.signer.send(live, active, request))

    def _replaceable(
        self, live: Live, active: ActiveSession, tx_hash: str, *, cancel: bool
    ) -> ChainTransaction:
        """The profile's row for ``tx_hash``, still pending on this chain and not replaced already."""
        wanted = (tx_hash or "").strip().lower()
        with self.db.read() as session:
            row = session.scalar(
                select(ChainTransaction).where(
                    ChainTransaction.network_id == live.network.id, ChainTransaction.tx_hash == wanted
                )
            )
        if row is None or row.profile_id != active.profile_id:
            raise NotFoundError(f"No transaction {tx_hash} of yours on {live.network.name}.", field="tx_hash")
        if row.stale or row.genesis_hash != live.genesis_hash:
            raise ValidationError(
                "That transaction belongs to a chain this node no longer serves.", field="tx_hash"
            )
        settled = self.settle_one(live, row.id)
        if settled.status != "pending":
            raise ValidationError(
                f"That transaction is {settled.status} already; only a pending one can be "
                f"{'cancelled' if cancel else 'sped up'}.",
                field="tx_hash",
            )
        if row.replaced_by_id is not None:
            newer = self._load(row.replaced_by_id)
            if newer.status == "pending":
                raise ValidationError(
                    f"It was replaced already by {newer.tx_hash}: speed up or cancel that one.",
                    field="tx_hash",
                )
        return row

    # -- reading the ledger ------------------------------------------------------------------------

    def transactions(self, *, limit: int = 100, include_stale: bool = False) -> list[TxInfo]:
        """The profile's transactions on the active network, newest first (stale only when asked)."""
        active = self.auth.require_session()
        info = self.registry.get()
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
            return [self.info(session, row, info.name) for row in rows]

    def transaction(self, tx_hash: str) -> TxInfo:
        info = self.registry.get()
        wanted = (tx_hash or "").strip().lower()
        with self.db.read() as session:
            row = session.scalar(
                select(ChainTransaction).where(
                    ChainTransaction.network_id == info.id, ChainTransaction.tx_hash == wanted
                )
            )
            if row is None:
                raise NotFoundError(f"No tracked transaction {tx_hash} on {info.name}.", field="tx_hash")
            return self.info(session, row, info.name)
