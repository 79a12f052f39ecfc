"""Transfer history of the wallet's addresses, scanned from the chain in block ranges.

For each token of the current chain and each address there is a cursor (the first block not
scanned yet). Each range is one ``eth_getLogs`` pair (sent, received) and one unit of work that
stores the events and moves the cursor together, so a scan stopped anywhere (app closed, node
gone) resumes where it stopped, and never stores an event twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.assets import Assets
from qenex_desktop.core.chain.client import to_int
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.networks import NetworkRegistry
from qenex_desktop.core.chain.types import ScanProgress, TransferInfo
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ChainScanCursor, ChainToken, ChainTransfer
from qenex_desktop.core.keys.service import WalletService


class History:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        auth: AuthService,
        wallet: WalletService,
        registry: NetworkRegistry,
        gateway: NodeGateway,
        assets: Assets,
    ) -> None:
        self.db = database
        self.clock = clock
        self.auth = auth
        self.wallet = wallet
        self.registry = registry
        self.gateway = gateway
        self.assets = assets

    def scan(self, *, max_ranges: int | None = None) -> ScanProgress:
        """Scan (or resume scanning) the profile's addresses on the active network, up to ``max_ranges``."""
        active = self.auth.require_session()
        live = self.gateway.live()
        addresses = self.wallet.addresses(active.profile_id)
        head = live.client.block_number()
        step = max(1, self.gateway.settings.log_range_blocks)
        tokens = self.assets.tokens(live.network.name)
        ranges = 0
        new = 0
        lowest = head + 1
        for token in tokens:
            for address in addresses:
                cursor = self._cursor(live, token.address, address, token.deploy_block or 0)
                while cursor <= head:
                    if max_ranges is not None and ranges >= max_ranges:
                        return ScanProgress(head, ranges, new, min(lowest, cursor), False)
                    end = min(cursor + step - 1, head)
                    new += self._scan_range(live, token.address, address, cursor, end)
                    cursor = end + 1
                    ranges += 1
                lowest = min(lowest, cursor)
        return ScanProgress(head, ranges, new, lowest, True)

    def transfers(self, *, limit: int = 200) -> list[TransferInfo]:
        """The profile's stored transfers on the active network's current chain, newest first."""
        active = self.auth.require_session()
        network = self.registry.get()
        addresses = self.wallet.addresses(active.profile_id)
        if network.genesis_hash is None or not addresses:
            return []
        return self._stored(network.id, network.genesis_hash, addresses, limit)

    def _cursor(self, live: Live, token: str, address: str, start: int) -> int:
        with self.db.read() as session:
            row = session.scalar(
                select(ChainScanCursor).where(
                    ChainScanCursor.network_id == live.network.id,
                    ChainScanCursor.genesis_hash == live.genesis_hash,
                    ChainScanCursor.token_address == token,
                    ChainScanCursor.account_address == address,
                )
            )
            return row.next_block if row is not None else start

    def _scan_range(self, live: Live, token: str, address: str, start: int, end: int) -> int:
        topic = erc20.address_topic(address)
        span = {"address": token, "fromBlock": hex(start), "toBlock": hex(end)}
        found = live.client.logs({**span, "topics": [erc20.TRANSFER_TOPIC, topic]})
        found += live.client.logs({**span, "topics": [erc20.TRANSFER_TOPIC, None, topic]})
        times = self._block_times(live, found)
        stored = 0
        with self.db.write() as session:
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
                        block_time=times.get(to_int(log["blockNumber"])),
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
                    updated_at=self.clock.now_ms(),
                )
                session.add(row)
            else:
                row.next_block = end + 1
                row.updated_at = self.clock.now_ms()
        return stored

    @staticmethod
    def _block_times(live: Live, logs: list[dict[str, Any]]) -> dict[int, int]:
        """Each block's time (ms) of the logs found, read once per block, before the write opens."""
        times: dict[int, int] = {}
        for number in sorted({to_int(log["blockNumber"]) for log in logs if not log.get("removed")}):
            block = live.client.get_block(number)
            if block and block.get("timestamp") is not None:
                times[number] = to_int(block["timestamp"]) * 1000
        return times

    def _stored(
        self, network_id: int, genesis_hash: str, addresses: list[str], limit: int
    ) -> list[TransferInfo]:
        mine = set(addresses)
        with self.db.read() as session:
            tokens = {
                t.address: t
                for t in session.scalars(
                    select(ChainToken).where(
                        ChainToken.network_id == network_id, ChainToken.genesis_hash == genesis_hash
                    )
                )
            }
            rows = session.scalars(
                select(ChainTransfer)
                .where(
                    ChainTransfer.network_id == network_id,
                    ChainTransfer.genesis_hash == genesis_hash,
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
