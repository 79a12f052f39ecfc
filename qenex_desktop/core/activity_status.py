"""What happened to one tracked transaction, in order: its status history.

Told from what the ledger keeps: the ``chain_transactions`` row (signed, settled: confirmed with its
block and gas, failed with the decoded reason, replaced by which, dropped and why; which one it
replaced) and the audit entries the signer and tracker wrote for its hash while it was open (sent,
the node's answer lost, signed again, re-broadcast outcomes). The audit entries are read over
``ix_audit_log_category_created`` for the transaction's own time span, never the whole log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from qenex_desktop.core.audit import Category, parse_details
from qenex_desktop.core.chain.types import TxInfo
from qenex_desktop.core.db.models import AuditEntry

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore

#: Audit events of a transaction's life that the row alone does not say.
_MIDDLE = {
    "chain.tx_broadcast_unconfirmed": (
        "pending",
        "The node's answer was lost after it was sent: it may have arrived (do not send again).",
    ),
    "chain.tx_signed_again": ("pending", "Signed again (same nonce) after the node refused it."),
    "chain.tx_not_sent": ("pending", "The node could not be reached: not sent."),
}
#: How long after its last update a settling entry may still be written (the same unit of work).
_SLACK_MS = 5_000


@dataclass(frozen=True)
class StatusStep:
    time_ms: int
    status: str  # pending | confirmed | failed | replaced | dropped
    text: str


def _opening(tx: TxInfo) -> StatusStep:
    if tx.kind == "faucet":
        return StatusStep(tx.created_at, "confirmed", "Paid by the local chain's dev account (faucet).")
    words = f"Signed and sent with nonce {tx.nonce}."
    if tx.replaces:
        how = "cancel (0 ETH to yourself)" if tx.kind == "cancel" else "speed-up (higher fees)"
        words = f"Signed and sent as a {how} of {tx.replaces}, nonce {tx.nonce}."
    return StatusStep(tx.created_at, "pending", words)


def _settled(tx: TxInfo) -> StatusStep | None:
    if tx.status == "pending" or tx.kind == "faucet":
        return None
    if tx.status == "confirmed":
        text = f"Mined in block {tx.block_number}, {tx.gas_used or 0:,} gas used."
    elif tx.status == "failed":
        text = f"Mined in block {tx.block_number} but failed: {tx.revert_reason or 'no reason given'}."
    elif tx.status == "replaced":
        text = f"Replaced by {tx.replaced_by}." if tx.replaced_by else "Replaced by another with its nonce."
    else:
        text = f"Dropped: {tx.last_error}" if tx.last_error else "Dropped by the node."
    return StatusStep(tx.updated_at, tx.status, text)


def status_history(core: QenexCore, tx: TxInfo) -> list[StatusStep]:
    """The steps of ``tx``, oldest first (runs on a worker: it reads the ledger)."""
    steps = [_opening(tx)]
    with core.db.read() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.category == Category.MONEY.value,
                AuditEntry.created_at >= tx.created_at,
                AuditEntry.created_at <= tx.updated_at + _SLACK_MS,
                AuditEntry.event.in_(list(_MIDDLE)),
            )
            .order_by(AuditEntry.created_at, AuditEntry.id)
        ).all()
        for entry in entries:
            details = parse_details(entry.details) or {}
            if details.get("tx_hash") == tx.tx_hash:
                status, text = _MIDDLE[entry.event]
                steps.append(StatusStep(entry.created_at, status, text))
    if tx.status == "pending" and tx.broadcast_unconfirmed and len(steps) == 1:
        steps.append(StatusStep(tx.updated_at, "pending", _MIDDLE["chain.tx_broadcast_unconfirmed"][1]))
    if tx.last_error and tx.status == "pending":
        steps.append(StatusStep(tx.updated_at, "pending", f"Re-broadcast refused: {tx.last_error}"))
    settled = _settled(tx)
    if settled is not None:
        steps.append(settled)
    return steps
