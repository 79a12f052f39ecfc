"""What the Activity table shows of the core's history pages (``core.activity``), read on a worker.

A row is text for people (grouped amounts, the fee in ETH, the block, the person's label, why an
incoming transfer looks like poisoning) plus the core's item, which the details dialog uses. Chain
assets are named with ``wallet_snapshot.asset_labels``, so two tokens that both call themselves
QXC are told apart ("QXC (0x5FbD…0aa3)").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qenex_desktop.core import activity
from qenex_desktop.core.activity import ActivityItem, Cursor, Leg
from qenex_desktop.core.chain.types import ETH_DECIMALS
from qenex_desktop.core.errors import QenexError
from qenex_desktop.gui.formatting import amount_text, exact_amount_text, full_amount_text
from qenex_desktop.gui.wallet_snapshot import LEDGER_PREFIX, asset_labels

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore

#: What a chain row did, as the table says it.
KINDS = {
    "send_eth": "Send ETH",
    "send_token": "Send token",
    "deploy": "Deploy contract",
    "cancel": "Cancel",
    "speed_up": "Speed up",
    "faucet": "Faucet",
    "approve": "Approve",
    "receive": "Received",
    "send": "Sent",
    "self": "To yourself",
}
SOURCES = {"chain": "On-chain", "transfer": "On-chain", "ledger": "Ledger"}


@dataclass(frozen=True)
class ActivityRow:
    #: When (ms); None for a transfer scanned before block times were kept.
    created_at: int | None
    source: str  # "On-chain" | "Ledger"
    kind: str
    status: str
    amount: str
    from_address: str | None
    to_address: str | None
    reference: str  # tx hash or ledger id
    detail: str
    block: int | None = None
    #: The fee paid, in ETH, grouped ("" when not ours or not mined).
    fee: str = ""
    #: Every digit, grouped (the tooltip), and plain (what Copy takes).
    amount_full: str = ""
    amount_exact: str = ""
    item: ActivityItem | None = None
    #: The person's label on the transaction ("" when none).
    label: str = ""
    #: Why the core marked this incoming transfer as likely address poisoning ("" when it did not):
    #: such rows are folded away until "Show N suspicious transfers" is ticked.
    suspicious: str = ""

    @property
    def replaceable(self) -> bool:
        """A pending transaction the wallet signed: it can be sped up or cancelled."""
        return self.item is not None and self.item.source == "chain" and self.status == "pending"

    @property
    def on_chain(self) -> bool:
        return self.reference.startswith("0x")


@dataclass(frozen=True)
class RowsPage:
    rows: list[ActivityRow]
    cursor: Cursor
    more: bool


def _labels(core: QenexCore) -> dict[str, str]:
    """Each chain asset's name (ETH, token contracts) with the ledger's symbols counted as clashes."""
    chain = [(token.address, token.symbol) for token in core.chain.tokens()]
    try:
        ledger = [(LEDGER_PREFIX + token.symbol, token.symbol) for token in core.exchange.list_tokens()]
    except QenexError:  # any other exception is a bug: the operations layer reports it
        ledger = []
    return asset_labels([("ETH", "ETH"), *chain, *ledger])


def _leg_text(leg: Leg, labels: dict[str, str], *, full: bool = False) -> str:
    name = leg.symbol if leg.asset.startswith(LEDGER_PREFIX) else labels.get(leg.asset, leg.symbol)
    shown = full_amount_text(leg.amount, leg.decimals) if full else amount_text(leg.amount, leg.decimals)
    return f"{shown} {name}"


def _amounts(item: ActivityItem, labels: dict[str, str], *, full: bool = False) -> str:
    joiner = " → " if item.kind == "exchange.swap" else " + "
    return joiner.join(_leg_text(leg, labels, full=full) for leg in item.legs)


def _detail(item: ActivityItem, amount: str) -> str:
    tx = item.tx
    if item.source == "ledger":
        return f"pool {item.details['pool_id']}" if "pool_id" in item.details else ""
    if item.source == "transfer":
        return {"in": "Incoming transfer", "out": "Outgoing transfer", "self": "Between your accounts"}[
            item.legs[0].direction
        ] + " (found by the history scan)."
    assert tx is not None
    detail = tx.revert_reason or tx.last_error or ""
    if tx.stale:
        detail = "stale: from a chain this node no longer serves. " + detail
    if tx.contract_address:
        detail = f"contract {tx.contract_address} " + detail
    if tx.kind == "faucet":  # incoming: the local chain's dev account paid this account
        detail = f"Faucet: {amount}, received from the local chain's dev account. " + detail
    return detail.strip()


def to_row(item: ActivityItem, labels: dict[str, str]) -> ActivityRow:
    amount = _amounts(item, labels)
    single = item.legs[0] if len(item.legs) == 1 else None
    if item.source == "ledger":
        kind = activity.LEDGER_EVENTS.get(item.kind, item.kind)
    else:
        kind = KINDS.get(item.kind, activity.action_name(item))
    return ActivityRow(
        created_at=item.time_ms,
        source=SOURCES[item.source],
        kind=kind,
        status=item.status,
        amount=amount,
        from_address=item.from_address,
        to_address=item.to_address,
        reference=item.reference,
        detail=_detail(item, amount),
        block=item.block_number,
        fee=amount_text(item.fee_paid, ETH_DECIMALS) if item.fee_paid is not None else "",
        amount_full=_amounts(item, labels, full=True),
        amount_exact=exact_amount_text(single.amount, single.decimals) if single else "",
        item=item,
        label=item.label or "",
        suspicious=item.suspicion.text if item.suspicion is not None else "",
    )


def read_page(core: QenexCore, cursor: Cursor | None, *, size: int, include_stale: bool) -> RowsPage:
    """Runs on a worker: the next ``size`` rows after ``cursor`` (None: from the newest)."""
    result = activity.page(core, cursor, size=size, include_stale=include_stale)
    labels = _labels(core)
    return RowsPage([to_row(item, labels) for item in result.items], result.cursor, result.more)
