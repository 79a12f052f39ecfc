"""Transfer history of the wallet's addresses, scanned from the chain in block ranges.

For each token of the current chain and each address there is a cursor (the first block not
scanned yet). Each range is one ``eth_getLogs`` pair (sent, received) and one unit of work that
stores the events and moves the cursor together, so a scan stopped anywhere (app closed, node
gone) resumes where it stopped, and never stores an event twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.client import to_int
from qenex_desktop.core.chain.types import NetworkInfo, ScanProgress, TransferInfo
from qenex_desktop.core.db.models import ChainScanCursor, ChainToken, ChainTransfer

if TYPE_CHECKING:
    from qenex_desktop.core.chain.service import ChainService, Live


def scan(service: ChainService, live: Live, addresses: list[str], *, max_ranges: int | None) -> ScanProgress:
    head = live.client.block_number()
    step = max(1, service.settings.log_range_blocks)
    tokens = service.tokens(live.network.name)
    ranges = 0
    new = 0
    lowest = head + 1
    for token in tokens:
        for address in addresses:
            cursor = _cursor(service, live, token.address, address, token.deploy_block or 0)
            while cursor <= head:
                if max_ranges is not None and ranges >= max_ranges:
                    return ScanProgress(head, ranges, new, min(lowest, cursor), False)
                end = min(cursor + step - 1, head)
                new += _scan_range(service, live, token.address, address, cursor, end)
                cursor = end + 1
                ranges += 1
            lowest = min(lowest, cursor)
    return ScanProgress(head, ranges, new, lowest, True)


def _cursor(service: ChainService, live: Live, token: str, address: str, start: int) -> int:
    with service.db.read() as session:
        row = session.scalar(
            select(ChainScanCursor).where(
                ChainScanCursor.network_id == live.network.id,
                ChainScanCursor.genesis_hash == live.genesis_hash,
                ChainScanCursor.token_address == token,
                ChainScanCursor.account_address == address,
            )
        )
        return row.next_block if row is not None else start


def _scan_range(service: ChainService, live: Live, token: str, address: str, start: int, end: int) -> int:
    topic = erc20.address_topic(address)
    span = {"address": token, "fromBlock": hex(start), "toBlock": hex(end)}
    found = live.client.logs({**span, "topics": [erc20.TRANSFER_TOPIC, topic]})
    found += live.client.logs({**span, "topics": [erc20.TRANSFER_TOPIC, None, topic]})
    stored = 0
    with service.db.write() as session:
        seen: set[tuple[str, int]] = set()
        for log in found:
            topics = log.get("topics") or []
            if len(topics) != 3 or log.get("removed"):
                continue
            key = (str(log["transactionHash"]), to_int(log["logIndex"]))
            if key in seen:
                continue  # a self-transfer matches both queries
            seen.add(key)
            exists = session.scalar(
                select(ChainTransfer.id).where(
                    ChainTransfer.network_id == live.network.id,
                    ChainTransfer.genesis_hash == live.genesis_hash,
                    ChainTransfer.tx_hash == key[0],
                    ChainTransfer.log_index == key[1],
                )
            )
            if exists is not None:
                continue
            session.add(
                ChainTransfer(
                    network_id=live.network.id,
                    genesis_hash=live.genesis_hash,
                    stale=False,
                    token_address=token,
                    block_number=to_int(log["blockNumber"]),
                    tx_hash=key[0],
                    log_index=key[1],
                    from_address=erc20.topic_address(topics[1]),
                    to_address=erc20.topic_address(topics[2]),
                    amount=erc20.decode_uint(str(log["data"])),
                )
            )
            stored += 1
        row = session.scalar(
            select(ChainScanCursor).where(
                ChainScanCursor.network_id == live.network.id,
                ChainScanCursor.genesis_hash == live.genesis_hash,
                ChainScanCursor.token_address == token,
                ChainScanCursor.account_address == address,
            )
        )
        if row is None:
            row = ChainScanCursor(
                network_id=live.network.id,
                genesis_hash=live.genesis_hash,
                stale=False,
                token_address=token,
                account_address=address,
                next_block=end + 1,
                updated_at=service.clock.now_ms(),
            )
            session.add(row)
        else:
            row.next_block = end + 1
            row.updated_at = service.clock.now_ms()
    return stored


def list_transfers(
    service: ChainService, network: NetworkInfo, addresses: list[str], *, limit: int
) -> list[TransferInfo]:
    if network.genesis_hash is None or not addresses:
        return []
    mine = set(addresses)
    with service.db.read() as session:
        tokens = {
            t.address: t
            for t in session.scalars(
                select(ChainToken).where(
                    ChainToken.network_id == network.id, ChainToken.genesis_hash == network.genesis_hash
                )
            )
        }
        rows = session.scalars(
            select(ChainTransfer)
            .where(
                ChainTransfer.network_id == network.id,
                ChainTransfer.genesis_hash == network.genesis_hash,
                ChainTransfer.stale.is_(False),
                or_(ChainTransfer.from_address.in_(mine), ChainTransfer.to_address.in_(mine)),
            )
            .order_by(ChainTransfer.block_number.desc(), ChainTransfer.log_index.desc())
            .limit(limit)
        ).all()
        result = []
        for row in rows:
            token = tokens.get(row.token_address)
            outgoing, incoming = row.from_address in mine, row.to_address in mine
            result.append(
                TransferInfo(
                    token_address=row.token_address,
                    symbol=token.symbol if token else "?",
                    decimals=token.decimals if token else 0,
                    block_number=row.block_number,
                    tx_hash=row.tx_hash,
                    log_index=row.log_index,
                    from_address=row.from_address,
                    to_address=row.to_address,
                    amount=row.amount,
                    direction="self" if outgoing and incoming else ("out" if outgoing else "in"),
                )
            )
        return result
