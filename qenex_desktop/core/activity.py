"""The Activity history: the wallet's own transactions, the transfers the scan found, the ledger's changes.

Three sources, each read a page at a time after a key (keyset pagination over an index: a page
costs the same with ten rows or a hundred thousand), merged newest first:

* ``chain``: the rows the wallet signed and follows (``chain_transactions``, the profile's rows of
  the active network, by id; ``ix_chain_transactions_page``);
* ``transfer``: ERC-20 Transfer events touching the profile's addresses that the history scan
  stored (``chain_transfers``, by block and log index; ``ix_chain_transfers_page``), minus those of
  a transaction the wallet tracks itself (already a ``chain`` row);
* ``ledger``: the exchange's changes made by this person, read from the audit log (by id).

A :class:`Cursor` says where each source stopped; ``page(core, cursor)`` returns the next rows and
the cursor after them. Money stays integers of base units (``Leg``); text is for the GUI and the
export (``activity_export``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from eth_abi import decode as abi_decode
from eth_abi.exceptions import DecodingError
from sqlalchemy import and_, exists, or_, select

from qenex_desktop.core.activity_marks import Suspicion, annotate
from qenex_desktop.core.audit import parse_details
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.types import TxInfo
from qenex_desktop.core.db.models import AuditEntry, ChainToken, ChainTransaction, ChainTransfer
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.validation import to_checksum_address

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qenex_desktop.core.app import QenexCore

PAGE_SIZE = 100
K = TypeVar("K")

#: The exchange's state changes, as the audit log records them (one entry per change).
LEDGER_EVENTS = {
    "exchange.token_created": "Create token",
    "exchange.minted": "Mint",
    "exchange.burned": "Burn",
    "exchange.transfer": "Transfer",
    "exchange.swap": "Swap",
    "exchange.pool_created": "Create pool",
    "exchange.liquidity_added": "Add liquidity",
    "exchange.liquidity_removed": "Remove liquidity",
}


@dataclass(frozen=True)
class Leg:
    """One asset that moved: ``amount`` base units of ``symbol``.

    ``asset``: "ETH", the token contract, or "ledger:SYM" for the exchange's local ledger."""

    asset: str
    symbol: str
    decimals: int
    amount: int
    direction: str  # "in" | "out" | "self"


@dataclass(frozen=True)
class ActivityItem:
    source: str  # "chain" | "transfer" | "ledger"
    #: When (ms since the epoch); None for a transfer scanned before block times were kept.
    time_ms: int | None
    #: chain: send_eth | send_token | deploy | cancel | faucet; transfer: receive | send | self;
    #: ledger: the audit event ("exchange.swap", ...).
    kind: str
    status: str
    legs: tuple[Leg, ...]
    from_address: str | None
    to_address: str | None
    #: The transaction hash in full, or "audit #<id>" for a ledger change.
    reference: str
    block_number: int | None = None
    gas_used: int | None = None
    #: Wei the sender paid (gas used × price); None when not ours or not mined.
    fee_paid: int | None = None
    tx: TxInfo | None = None
    #: Ledger: the audit entry's details (what the change was).
    details: dict[str, Any] = field(default_factory=dict)
    #: The call data the wallet signed ("0x": none, or not the wallet's transaction).
    data: str = "0x"
    #: The person's label on the transaction (``ContactBook.set_tx_label``), read with the page.
    label: str | None = None
    #: An incoming transfer that looks like address poisoning (``activity_marks``): folded away.
    suspicion: Suspicion | None = None

    @property
    def key(self) -> int:
        return self.time_ms or 0


@dataclass(frozen=True)
class Cursor:
    """Where each source's next page starts (None: from the newest); ``done``: nothing older left."""

    tx_before: int | None = None
    transfer_before: tuple[int, int] | None = None
    ledger_before: int | None = None
    tx_done: bool = False
    transfer_done: bool = False
    ledger_done: bool = False

    @property
    def done(self) -> bool:
        return self.tx_done and self.transfer_done and self.ledger_done


@dataclass(frozen=True)
class Page:
    items: list[ActivityItem]
    cursor: Cursor

    @property
    def more(self) -> bool:
        return not self.cursor.done


def page(
    core: QenexCore, cursor: Cursor | None = None, *, size: int = PAGE_SIZE, include_stale: bool = False
) -> Page:
    """The next ``size`` rows after ``cursor``, newest first, and the cursor after them."""
    cursor = cursor or Cursor()
    profile_id = core.auth.require_session().profile_id
    username = core.auth.require_session().username
    network = core.chain.network()
    addresses = core.wallet.addresses(profile_id)
    with core.db.read() as session:
        txs = (
            []
            if cursor.tx_done
            else _tx_page(core, session, profile_id, cursor.tx_before, size, include_stale)
        )
        transfers: list[tuple[ActivityItem, tuple[int, int]]] = []
        if not cursor.transfer_done and network.genesis_hash is not None and addresses:
            transfers = _transfer_page(
                session, profile_id, network.id, network.genesis_hash, addresses, cursor, size
            )
        ledger = (
            [] if cursor.ledger_done else _ledger_page(session, core, username, cursor.ledger_before, size)
        )
        txs = _annotated(session, profile_id, txs)
        transfers = _annotated(session, profile_id, transfers)
        ledger = _annotated(session, profile_id, ledger)
    merged = heapq.merge(
        ((item, "tx", item_id) for item, item_id in txs),
        ((item, "transfer", key) for item, key in transfers),
        ((item, "ledger", item_id) for item, item_id in ledger),
        key=lambda entry: entry[0].key,
        reverse=True,
    )
    taken: list[ActivityItem] = []
    last: dict[str, Any] = {}
    counts = {"tx": 0, "transfer": 0, "ledger": 0}
    for item, source, key in merged:
        if len(taken) >= size:
            break
        taken.append(item)
        last[source] = key
        counts[source] += 1
    fetched = {"tx": len(txs), "transfer": len(transfers), "ledger": len(ledger)}

    def done(source: str, already: bool) -> bool:
        return already or (fetched[source] < size and counts[source] == fetched[source])

    after = replace(
        cursor,
        tx_before=last.get("tx", cursor.tx_before),
        transfer_before=last.get("transfer", cursor.transfer_before),
        ledger_before=last.get("ledger", cursor.ledger_before),
        tx_done=done("tx", cursor.tx_done),
        transfer_done=done("transfer", cursor.transfer_done or network.genesis_hash is None or not addresses),
        ledger_done=done("ledger", cursor.ledger_done),
    )
    return Page(taken, after)


def _annotated(
    session: Session, profile_id: int, rows: list[tuple[ActivityItem, K]]
) -> list[tuple[ActivityItem, K]]:
    """Rows with their labels and poisoning marks (``activity_marks``), in the page's read."""
    items = annotate(session, profile_id, [item for item, _key in rows])
    return [(item, key) for item, (_old, key) in zip(items, rows, strict=True)]


def iterate(core: QenexCore, *, include_stale: bool = False, size: int = PAGE_SIZE) -> Iterator[ActivityItem]:
    """Every row, newest first, a page at a time (what an export streams)."""
    cursor: Cursor | None = None
    while True:
        result = page(core, cursor, size=size, include_stale=include_stale)
        yield from result.items
        if not result.more:
            return
        cursor = result.cursor


# -- what a row did ------------------------------------------------------------------------------

_CHAIN_ACTIONS = {
    "send_eth": "ETH send",
    "send_token": "Token transfer",
    "deploy": "Deploy contract",
    "cancel": "Cancel (0 ETH to self)",
    "faucet": "Faucet (received)",
    "approve": "Approve",
}
_TRANSFER_ACTIONS = {"receive": "Token received", "send": "Token sent", "self": "Token to self"}
#: The ERC-20 calls decoded: selector → the function's name as the contract spells it.
FUNCTIONS = {
    erc20.selector("transfer(address,uint256)"): "transfer",
    erc20.selector("approve(address,uint256)"): "approve",
    erc20.selector("transferFrom(address,address,uint256)"): "transferFrom",
}
_CALLS = {
    erc20.selector("transfer(address,uint256)"): ("Token transfer", ["address", "uint256"], ["to", "amount"]),
    erc20.selector("approve(address,uint256)"): ("Approve", ["address", "uint256"], ["spender", "amount"]),
    erc20.selector("transferFrom(address,address,uint256)"): (
        "Token transfer (from)",
        ["address", "address", "uint256"],
        ["from", "to", "amount"],
    ),
}


@dataclass(frozen=True)
class DecodedCall:
    name: str  # "Approve", "Token transfer", ...
    function: str  # "approve", "transfer", "transferFrom"
    arguments: tuple[tuple[str, str | int], ...]  # ("spender", "0x…"), ("amount", 10**18)


def decode_call(data: str) -> DecodedCall | None:
    """The ERC-20 call in ``data`` (transfer, approve, transferFrom), or None when it is none of them."""
    text = (data or "").lower()
    known = _CALLS.get(text[:10])
    if known is None:
        return None
    name, types, names = known
    try:
        values = abi_decode(types, bytes.fromhex(text[10:]))
    except (ValueError, DecodingError):
        return None
    shown = tuple(
        (label, to_checksum_address(str(value)) if kind == "address" else int(value))
        for label, kind, value in zip(names, types, values, strict=True)
    )
    return DecodedCall(name, FUNCTIONS[text[:10]], shown)


def action_name(item: ActivityItem) -> str:
    """What the row did, in words: "ETH send", "Token transfer", "Approve", "Deploy contract", ..."""
    if item.source == "ledger":
        return LEDGER_EVENTS.get(item.kind, item.kind)
    if item.source == "transfer":
        return _TRANSFER_ACTIONS.get(item.kind, item.kind)
    call = decode_call(item.data)
    if item.kind not in ("send_eth", "send_token", "deploy", "faucet") and call is not None:
        return call.name
    return _CHAIN_ACTIONS.get(item.kind, item.kind)


# -- the sources ---------------------------------------------------------------------------------


def tx_page_query(
    profile_id: int,
    network_id: int,
    genesis_hash: str | None,
    before: int | None,
    size: int,
    include_stale: bool,
) -> Any:
    query = select(ChainTransaction).where(
        ChainTransaction.profile_id == profile_id, ChainTransaction.network_id == network_id
    )
    if before is not None:
        query = query.where(ChainTransaction.id < before)
    if not include_stale:
        query = query.where(ChainTransaction.stale.is_(False), ChainTransaction.genesis_hash == genesis_hash)
    return query.order_by(ChainTransaction.id.desc()).limit(size)


def _tx_page(
    core: QenexCore, session: Session, profile_id: int, before: int | None, size: int, include_stale: bool
) -> list[tuple[ActivityItem, int]]:
    network = core.chain.network()
    rows = session.scalars(
        tx_page_query(profile_id, network.id, network.genesis_hash, before, size, include_stale)
    ).all()
    result = []
    for row in rows:
        tx = core.chain.tracker.info(session, row, network.name)
        legs: tuple[Leg, ...] = ()
        if tx.kind != "deploy":
            direction = "in" if tx.kind == "faucet" else "out"
            legs = (Leg(tx.asset, tx.symbol, tx.decimals, tx.amount, direction),)
        item = ActivityItem(
            source="chain",
            time_ms=tx.created_at,
            kind=tx.kind,
            status=tx.status + (" (stale)" if tx.stale else ""),
            legs=legs,
            from_address=tx.from_address,
            to_address=tx.recipient or tx.to_address,
            reference=tx.tx_hash,
            block_number=tx.block_number,
            gas_used=tx.gas_used,
            fee_paid=None if tx.kind == "faucet" else tx.fee_paid,  # the dev account paid it, not you
            tx=tx,
            data=row.data or "0x",
        )
        result.append((item, row.id))
    return result


def transfer_page_query(
    profile_id: int,
    network_id: int,
    genesis_hash: str,
    addresses: list[str],
    before: tuple[int, int] | None,
    size: int,
) -> Any:
    # A transfer of a transaction this profile signed is its own row already; another profile's
    # send to this one is an incoming transfer here.
    tracked = exists().where(
        ChainTransaction.network_id == ChainTransfer.network_id,
        ChainTransaction.tx_hash == ChainTransfer.tx_hash,
        ChainTransaction.profile_id == profile_id,
    )
    query = select(ChainTransfer).where(
        ChainTransfer.network_id == network_id,
        ChainTransfer.genesis_hash == genesis_hash,
        ChainTransfer.stale.is_(False),
        or_(ChainTransfer.from_address.in_(addresses), ChainTransfer.to_address.in_(addresses)),
        ~tracked,
    )
    if before is not None:
        block, log_index = before
        query = query.where(
            or_(
                ChainTransfer.block_number < block,
                and_(ChainTransfer.block_number == block, ChainTransfer.log_index < log_index),
            )
        )
    return query.order_by(ChainTransfer.block_number.desc(), ChainTransfer.log_index.desc()).limit(size)


def _transfer_page(
    session: Session,
    profile_id: int,
    network_id: int,
    genesis_hash: str,
    addresses: list[str],
    cursor: Cursor,
    size: int,
) -> list[tuple[ActivityItem, tuple[int, int]]]:
    rows = session.scalars(
        transfer_page_query(profile_id, network_id, genesis_hash, addresses, cursor.transfer_before, size)
    ).all()
    tokens: dict[str, ChainToken] = {}
    wanted = {row.token_address for row in rows}
    if wanted:
        for found in session.scalars(
            select(ChainToken).where(
                ChainToken.network_id == network_id,
                ChainToken.genesis_hash == genesis_hash,
                ChainToken.address.in_(wanted),
            )
        ):
            tokens[found.address] = found
    mine = set(addresses)
    result = []
    for row in rows:
        token = tokens.get(row.token_address)
        outgoing, incoming = row.from_address in mine, row.to_address in mine
        direction = "self" if outgoing and incoming else ("out" if outgoing else "in")
        leg = Leg(
            row.token_address,
            token.symbol if token else "?",
            token.decimals if token else 0,
            row.amount,
            direction,
        )
        item = ActivityItem(
            source="transfer",
            time_ms=row.block_time,
            kind={"in": "receive", "out": "send", "self": "self"}[direction],
            status="confirmed",
            legs=(leg,),
            from_address=row.from_address,
            to_address=row.to_address,
            reference=row.tx_hash,
            block_number=row.block_number,
        )
        result.append((item, (row.block_number, row.log_index)))
    return result


def ledger_page_query(username: str, before: int | None, size: int) -> Any:
    query = select(AuditEntry).where(AuditEntry.event.in_(list(LEDGER_EVENTS)), AuditEntry.actor == username)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    return query.order_by(AuditEntry.id.desc()).limit(size)


def _ledger_page(
    session: Session, core: QenexCore, username: str, before: int | None, size: int
) -> list[tuple[ActivityItem, int]]:
    entries = session.scalars(ledger_page_query(username, before, size)).all()
    decimals = _ledger_decimals(core) if entries else {}
    result = []
    for entry in entries:
        details = parse_details(entry.details)
        if details is None:  # not text the app writes: the Audit tab and verify show it
            result.append(
                (_ledger_item(entry.event, entry.id, entry.created_at, {}, decimals, broken=True), entry.id)
            )
            continue
        result.append((_ledger_item(entry.event, entry.id, entry.created_at, details, decimals), entry.id))
    return result


def _ledger_decimals(core: QenexCore) -> dict[str, int]:
    try:
        return {t.symbol: t.decimals for t in core.exchange.list_tokens()}
    except QenexError:  # any other exception is a bug: the caller reports it
        return {}


def _units(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _ledger_legs(event: str, details: dict[str, Any], decimals: dict[str, int]) -> tuple[Leg, ...]:
    def leg(symbol: Any, amount: Any, direction: str) -> Leg:
        name = str(symbol)
        return Leg(f"ledger:{name}", name, decimals.get(name, 0), _units(amount), direction)

    if event == "exchange.swap":
        path = list(details.get("path") or ["?"])
        return (leg(path[0], details.get("amount_in"), "out"), leg(path[-1], details.get("amount_out"), "in"))
    if "pair" in details:
        pair = list(details.get("pair") or [])
        amounts = list(details.get("amounts") or [])
        direction = "in" if event == "exchange.liquidity_removed" else "out"
        return tuple(leg(sym, amounts[i] if i < len(amounts) else 0, direction) for i, sym in enumerate(pair))
    if event == "exchange.token_created":
        return (leg(details.get("symbol"), details.get("supply"), "in"),)
    direction = "in" if event == "exchange.minted" else "out"
    return (leg(details.get("symbol"), details.get("amount"), direction),)


def _ledger_item(
    event: str,
    entry_id: int,
    created_at: int,
    details: dict[str, Any],
    decimals: dict[str, int],
    *,
    broken: bool = False,
) -> ActivityItem:
    account = str(details.get("account") or details.get("from") or "")
    return ActivityItem(
        source="ledger",
        time_ms=created_at,
        kind=event,
        status="unreadable" if broken else "confirmed",
        legs=() if broken else _ledger_legs(event, details, decimals),
        from_address=account or None,
        to_address=str(details["to"]) if details.get("to") else None,
        reference=f"audit #{entry_id}",
        details=details,
    )
