"""The signer: one typed request in, one signed, recorded and broadcast transaction out.

It also prepares what a request needs: the unlocked vault, the sending account, gas (estimate and
margin), fees and the next nonce. The order of a send never changes:

1. one unit of work reserves the nonce (the node's pending count, above our own pending rows),
   signs, and stores the row with its audit entry - so a crash after this point loses nothing;
2. the signed bytes go to the node; ``Sent.accepted`` says whether the node took them, or whether
   its answer was lost after the request was written (the row stays pending, and must not be sent
   again). A node that surely has nothing raises, the row marked dropped.

Following the transaction afterwards is the tracker's job; the signer never calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.chain.client import RpcError
from qenex_desktop.core.chain.fees import FeeQuote, live_quote
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.refusals import Refusals, already_known
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import NodeUnreachableError, NotFoundError, ValidationError
from qenex_desktop.core.keys.service import WalletService
from qenex_desktop.core.keys.vault import SignedTransaction
from qenex_desktop.core.validation import parse_address


@dataclass(frozen=True)
class TxRequest:
    """What to sign: every field the ledger's row and the EIP-1559 transaction need, already checked.

    ``nonce`` is None for a new transaction (the signer reserves the next one); a replacement
    (speed-up, cancel) names the nonce and the row it ``replaces_id``.
    """

    sender: str
    to: str | None
    value: int
    data: str
    gas_limit: int
    max_fee_per_gas: int
    max_priority_fee_per_gas: int
    kind: str
    asset: str
    symbol: str
    decimals: int
    recipient: str | None
    amount: int
    nonce: int | None = None
    replaces_id: int | None = None


@dataclass(frozen=True)
class Sent:
    """A signed transaction, recorded under ``row_id``.

    ``accepted`` is True when the node took it, False when its answer was lost after the request
    was written: the node may have it (and may mine it), so it is pending and never "not sent".
    """

    row_id: int
    tx_hash: str
    accepted: bool


def pending_floor(session: Session, live: Live, address: str) -> int | None:
    """Highest nonce of this address's pending rows on the current chain, if any."""
    found: int | None = session.scalar(
        select(func.max(ChainTransaction.nonce)).where(
            ChainTransaction.network_id == live.network.id,
            ChainTransaction.genesis_hash == live.genesis_hash,
            ChainTransaction.stale.is_(False),
            ChainTransaction.from_address == address,
            ChainTransaction.status == "pending",
        )
    )
    return found


def _next_nonce(node_nonce: int, floor: int | None) -> int:
    return max(node_nonce, -1 if floor is None else floor + 1)


class Signer:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        wallet: WalletService,
        gateway: NodeGateway,
        refusals: Refusals,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.wallet = wallet
        self.gateway = gateway
        self.refusals = refusals

    # -- preparing a request --------------------------------------------------------------------

    def unlock(self, password: str | None) -> ActiveSession:
        """The session whose vault signs: unlocked already, or opened with ``password``."""
        return self.wallet.unlocked_session(password)

    def sender(self, active: ActiveSession, from_address: str | None) -> str:
        """The profile's account that signs: the named one (it must be the profile's), else the first."""
        accounts = self.wallet.accounts(active.profile_id)
        if not accounts:
            raise NotFoundError("This profile has no wallet account yet: create or import one.", field="from")
        if from_address is None:
            return accounts[0].address
        address = parse_address(from_address, field="from")
        return self.wallet.require_account(active.profile_id, address).address

    def fees(self, live: Live) -> FeeQuote:
        return live_quote(live.client, self.gateway.settings)

    def estimate(self, live: Live, tx: dict[str, Any]) -> int:
        """The node's gas estimate; its refusal (a revert, no funds) as the domain error it means."""
        try:
            return live.client.estimate_gas(tx)
        except RpcError as exc:
            raise self.refusals.error_for(exc) from None

    def with_margin(self, gas: int) -> int:
        """A contract call's gas estimate plus the configured margin (its path may cost more when mined)."""
        return gas * (100 + self.gateway.settings.contract_gas_margin_percent) // 100

    def next_nonce(self, live: Live, sender: str) -> int:
        """The nonce a send from ``sender`` would take now (shown in a preview; reserved only by send)."""
        with self.db.read() as session:
            floor = pending_floor(session, live, sender)
        return _next_nonce(live.client.nonce(sender, "pending"), floor)

    # -- signing, recording, broadcasting -----------------------------------------------------------

    def send(self, live: Live, active: ActiveSession, request: TxRequest) -> Sent:
        """Sign and record in one unit of work (nonce reserved there), then broadcast."""
        node_nonce = live.client.nonce(request.sender, "pending") if request.nonce is None else request.nonce
        now = self.clock.now_ms()
        with self.db.write() as session:
            nonce = request.nonce
            if nonce is None:
                nonce = _next_nonce(node_nonce, pending_floor(session, live, request.sender))
            signed = self.wallet.sign_transaction(
                active.profile_id, request.sender, _transaction(live, request, nonce)
            )
            row_id = self._revive_same_signed(session, live, signed.tx_hash, active.username)
            if row_id is None:
                row_id = self._record(session, live, active, request, nonce, signed, now)
        accepted = self._broadcast(live, row_id, signed.raw, signed.tx_hash)
        return Sent(row_id, signed.tx_hash, accepted)

    def _record(
        self,
        session: Session,
        live: Live,
        active: ActiveSession,
        request: TxRequest,
        nonce: int,
        signed: SignedTransaction,
        now: int,
    ) -> int:
        """The ledger's row (pending, never broadcast yet) and its audit entry, in the caller's unit."""
        row = ChainTransaction(
            network_id=live.network.id,
            genesis_hash=live.genesis_hash,
            stale=False,
            profile_id=active.profile_id,
            tx_hash=signed.tx_hash,
            kind=request.kind,
            from_address=request.sender,
            to_address=request.to,
            asset=request.asset,
            asset_symbol=request.symbol,
            asset_decimals=request.decimals,
            recipient=request.recipient,
            amount=request.amount,
            value=request.value,
            data=request.data,
            nonce=nonce,
            gas_limit=request.gas_limit,
            max_fee_per_gas=request.max_fee_per_gas,
            max_priority_fee_per_gas=request.max_priority_fee_per_gas,
            raw_tx="0x" + signed.raw.hex(),
            status="pending",
            replaces_id=request.replaces_id,
            broadcast_attempts=0,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        if request.replaces_id is not None:
            session.get_one(ChainTransaction, request.replaces_id).replaced_by_id = row.id
        self.audit.append(
            session,
            category=Category.MONEY,
            event=f"chain.{request.kind}",
            actor=active.username,
            details={
                "network": live.network.name,
                "tx_hash": signed.tx_hash,
                "from": request.sender,
                "to": request.recipient or request.to,
                "asset": request.asset,
                "amount": request.amount,
                "nonce": nonce,
                "max_fee_per_gas": request.max_fee_per_gas,
                "replaces": request.replaces_id,
            },
        )
        return row.id

    def _revive_same_signed(self, session: Session, live: Live, tx_hash: str, actor: str) -> int | None:
        """The same request signed again is the same transaction (same nonce, fees, hash): when it was
        called dropped, it is pending again under that row; when it is still tracked, it is refused."""
        row = session.scalar(
            select(ChainTransaction).where(
                ChainTransaction.network_id == live.network.id, ChainTransaction.tx_hash == tx_hash
            )
        )
        if row is None:
            return None
        if row.status != "dropped":
            raise ValidationError(
                f"This exact transaction is tracked already ({row.status}, {tx_hash}).", field="amount"
            )
        row.status, row.broadcast_attempts, row.last_error = "pending", 0, None
        row.created_at = row.updated_at = self.clock.now_ms()
        self.audit.append(
            session,
            category=Category.MONEY,
            event="chain.tx_signed_again",
            actor=actor,
            details={"network": live.network.name, "tx_hash": tx_hash, "nonce": row.nonce},
        )
        return row.id

    def _broadcast(self, live: Live, row_id: int, raw: bytes, tx_hash: str) -> bool:
        """Hand the signed bytes to the node; the row already exists, so nothing is lost either way.

        True when the node took them; False when its answer was lost after the request was written
        (the row stays pending, ``broadcast_unconfirmed``); raises when the node surely has nothing.
        """
        try:
            live.client.send_raw(raw)
        except NodeUnreachableError as exc:
            if exc.request_may_have_arrived:
                self._mark_unconfirmed(row_id, exc.message)
                return False
            self._mark_unsent(row_id, exc.message)
            raise NodeUnreachableError(exc.message + " Nothing was sent.", field="network") from exc
        except RpcError as exc:
            if already_known(exc):
                pass
            elif live.client.receipt(tx_hash) is not None:
                pass  # mined and failed (Hardhat reports a mined revert as an error): the tracker says how
            else:
                self._mark_unsent(row_id, exc.message)
                raise self.refusals.error_for(exc) from None
        with self.db.write() as session:
            row = session.get_one(ChainTransaction, row_id)
            row.broadcast_attempts += 1
            row.updated_at = self.clock.now_ms()
        return True

    def _mark_unconfirmed(self, row_id: int, error: str) -> None:
        """The answer to the broadcast was lost: keep the row pending and say so in the audit log."""
        with self.db.write() as session:
            row = session.get_one(ChainTransaction, row_id)
            row.last_error = error
            row.updated_at = self.clock.now_ms()
            self.audit.append(
                session,
                category=Category.MONEY,
                event="chain.tx_broadcast_unconfirmed",
                actor=None,
                details={"tx_hash": row.tx_hash, "why": error[:200]},
            )

    def _mark_unsent(self, row_id: int, error: str) -> None:
        """The node surely has nothing: the row is dropped (its nonce free again), audited."""
        with self.db.write() as session:
            row = session.get_one(ChainTransaction, row_id)
            row.last_error = error
            row.updated_at = self.clock.now_ms()
            row.status = "dropped"
            if row.replaces_id is not None:
                original = session.get(ChainTransaction, row.replaces_id)
                if original is not None and original.replaced_by_id == row.id:
                    original.replaced_by_id = None
            self.audit.append(
                session,
                category=Category.MONEY,
                event="chain.tx_not_sent",
                actor=None,
                details={"tx_hash": row.tx_hash, "why": error[:200]},
            )


def _transaction(live: Live, request: TxRequest, nonce: int) -> dict[str, Any]:
    """The EIP-1559 transaction the vault signs (chain id from the checked node)."""
    transaction: dict[str, Any] = {
        "type": 2,
        "chainId": live.chain_id,
        "nonce": nonce,
        "value": request.value,
        "data": request.data,
        "gas": request.gas_limit,
        "maxFeePerGas": request.max_fee_per_gas,
        "maxPriorityFeePerGas": request.max_priority_fee_per_gas,
    }
    if request.to is not None:
        transaction["to"] = request.to
    return transaction
