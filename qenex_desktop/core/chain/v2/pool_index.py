"""The on-chain pools the person trades through or provides to, indexed from the pairs' events so
Monitoring draws their price, volume and fees as it draws the ledger's pools.

Which pools: the pairs on the paths of the profile's confirmed Router02 calls on the current chain
(swaps, adds and removes, read back with ``decode_router``). Each is indexed from
``LOOKBACK_BLOCKS`` before the first such call (a day of 12-second blocks: Monitoring's default
window has the price before the first trade), then on to the head.

How: per pool a cursor (the first block not indexed yet). Each range is one ``eth_getLogs`` of the
pair's Sync, Swap, Mint and Burn events, the blocks' times in one batch, then one unit of work that
stores the events and moves the cursor together: indexing stopped anywhere (app closed, node gone)
resumes where it stopped and never stores an event twice. A pair emits Sync (its reserves after)
just before the Swap, Mint or Burn of the same call, so each Sync becomes one row with the event that
follows it. Pools carry the chain's genesis hash: a node restarted with a fresh chain flags them
stale (``gateway``), and the new chain's pools are indexed anew.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from eth_abi import decode
from eth_utils import keccak
from sqlalchemy import select

from qenex_desktop.core.chain.client import to_int
from qenex_desktop.core.chain.decode_router import decode_router
from qenex_desktop.core.chain.gateway import Live
from qenex_desktop.core.chain.types import ETH
from qenex_desktop.core.chain.v2.deployment import V2Deployment, of_network
from qenex_desktop.core.chain.v2.quote import FEE_BPS, read_pairs, sort_tokens
from qenex_desktop.core.chain.v2.swap import SWAP_TOPIC
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.db.models import ChainPool, ChainPoolEvent, ChainTransaction
from qenex_desktop.core.errors import NotFoundError

#: Topics of UniswapV2Pair's events (``@uniswap/v2-core`` ``IUniswapV2Pair.sol``), hashed here.
SYNC_TOPIC = "0x" + keccak(text="Sync(uint112,uint112)").hex()
MINT_TOPIC = "0x" + keccak(text="Mint(address,uint256,uint256)").hex()
BURN_TOPIC = "0x" + keccak(text="Burn(address,uint256,uint256,address)").hex()
_KIND = {SWAP_TOPIC: "swap", MINT_TOPIC: "add", BURN_TOPIC: "remove"}
#: A day of 12-second blocks before the first trade is indexed too.
LOOKBACK_BLOCKS = 7_200


@dataclass(frozen=True)
class PoolIndexProgress:
    head: int
    pools: int
    ranges_scanned: int
    new_events: int
    #: The lowest cursor left (``head + 1`` when every pool is indexed to the head).
    lowest_block: int
    done: bool


@dataclass(frozen=True)
class PoolEventRow:
    block_number: int
    log_index: int
    tx_hash: str
    kind: str
    reserve0: int
    reserve1: int
    volume0: int
    volume1: int


class PoolIndex:
    def __init__(self, venue: V2Venue) -> None:
        self.venue = venue
        self.chain = venue.chain

    def index(self, *, max_ranges: int | None = None) -> PoolIndexProgress:
        """Find the pools the profile trades or provides to, then index them up to ``max_ranges``."""
        active = self.chain.auth.require_session()
        live = self.chain.live()
        head = live.client.block_number()
        try:
            deployment = of_network(live.network)
        except NotFoundError:  # no V2 here: nothing to index
            return PoolIndexProgress(head, 0, 0, 0, head + 1, True)
        self._track(live, deployment, active.profile_id)
        step = max(1, self.chain.settings.log_range_blocks)
        ranges = new = 0
        lowest = head + 1
        pools = self._pools(live)
        for pool_id, pair, cursor in pools:
            while cursor <= head:
                if max_ranges is not None and ranges >= max_ranges:
                    return PoolIndexProgress(head, len(pools), ranges, new, min(lowest, cursor), False)
                end = min(cursor + step - 1, head)
                new += self._index_range(live, pool_id, pair, cursor, end)
                cursor, ranges = end + 1, ranges + 1
            lowest = min(lowest, cursor)
        return PoolIndexProgress(head, len(pools), ranges, new, lowest, True)

    # -- which pools ---------------------------------------------------------------------------------

    def traded_pairs(
        self, live: Live, deployment: V2Deployment, profile_id: int
    ) -> dict[tuple[str, str], int]:
        """Sorted token pairs on the profile's confirmed router calls -> the first call's block."""
        with self.chain.db.read() as session:
            rows = session.execute(
                select(ChainTransaction.data, ChainTransaction.value, ChainTransaction.block_number)
                .where(
                    ChainTransaction.network_id == live.network.id,
                    ChainTransaction.genesis_hash == live.genesis_hash,
                    ChainTransaction.stale.is_(False),
                    ChainTransaction.profile_id == profile_id,
                    ChainTransaction.to_address == deployment.router,
                    ChainTransaction.status == "confirmed",
                )
                .order_by(ChainTransaction.id)
            ).all()
        first: dict[tuple[str, str], int] = {}
        for data, value, block in rows:
            decoded = decode_router(deployment.router, int(value), bytes.fromhex(str(data)[2:]))
            if decoded is None or decoded.router is None:
                continue
            path = decoded.router.path
            if len(path) == 1:  # the router's ETH liquidity functions: the token and WETH
                path = (path[0], deployment.weth)
            for a, b in pairwise(path):
                key = sort_tokens(a, b)
                first[key] = min(first.get(key, int(block or 0)), int(block or 0))
        return first

    def _track(self, live: Live, deployment: V2Deployment, profile_id: int) -> None:
        traded = self.traded_pairs(live, deployment, profile_id)
        known = {(p.token0_address, p.token1_address) for p in self._rows(live)}
        missing = [pair for pair in traded if pair not in known]
        if not missing:
            return
        found, _trips = read_pairs(live.client, deployment, missing)
        if not found:
            return
        names = self._names(live, deployment)
        now = self.chain.clock.now_ms()
        with self.chain.db.write() as session:
            for pair, state in found.items():
                exists = session.scalar(
                    select(ChainPool.id).where(
                        ChainPool.network_id == live.network.id,
                        ChainPool.genesis_hash == live.genesis_hash,
                        ChainPool.pair_address == state.pair,
                    )
                )
                if exists is not None:  # another thread or process got here first
                    continue
                (symbol0, decimals0), (symbol1, decimals1) = names(pair[0]), names(pair[1])
                session.add(
                    ChainPool(
                        network_id=live.network.id,
                        genesis_hash=live.genesis_hash,
                        stale=False,
                        pair_address=state.pair,
                        token0_address=pair[0],
                        token1_address=pair[1],
                        symbol0=symbol0,
                        symbol1=symbol1,
                        decimals0=decimals0,
                        decimals1=decimals1,
                        base_is_token0=pair[0] != deployment.weth,  # prices in ETH
                        next_block=max(0, traded[pair] - LOOKBACK_BLOCKS),
                        created_at=now,
                        updated_at=now,
                    )
                )

    def _names(self, live: Live, deployment: V2Deployment) -> Callable[[str], tuple[str, int]]:
        """address -> (symbol, decimals): WETH as ETH, the imported tokens, else as the token says."""
        known = {t.address: (t.symbol, t.decimals) for t in self.chain.assets.tokens(live.network.name)}
        known[deployment.weth] = (ETH, 18)

        def name(address: str) -> tuple[str, int]:
            if address not in known:
                token = self.chain.assets.read_token(live, address)
                known[address] = (token.symbol, token.decimals)
            return known[address]

        return name

    def _rows(self, live: Live) -> list[ChainPool]:
        with self.chain.db.read() as session:
            return list(
                session.scalars(
                    select(ChainPool)
                    .where(
                        ChainPool.network_id == live.network.id,
                        ChainPool.genesis_hash == live.genesis_hash,
                        ChainPool.stale.is_(False),
                    )
                    .order_by(ChainPool.id)
                )
            )

    def _pools(self, live: Live) -> list[tuple[int, str, int]]:
        return [(p.id, p.pair_address, p.next_block) for p in self._rows(live)]

    # -- one range -----------------------------------------------------------------------------------

    def _index_range(self, live: Live, pool_id: int, pair: str, start: int, end: int) -> int:
        logs = live.client.logs(
            {
                "address": pair,
                "fromBlock": hex(start),
                "toBlock": hex(end),
                "topics": [[SYNC_TOPIC, SWAP_TOPIC, MINT_TOPIC, BURN_TOPIC]],
            }
        )
        events = pool_events(logs)
        times = self._block_times(live, {e.block_number for e in events})
        stored = 0
        with self.chain.db.write() as session:
            pool = session.get_one(ChainPool, pool_id)
            if pool.next_block > start:  # another thread or process indexed this range already
                return 0
            for event in events:
                fee0, fee1 = event.volume0 * FEE_BPS // 10_000, event.volume1 * FEE_BPS // 10_000
                session.add(
                    ChainPoolEvent(
                        pool_id=pool_id,
                        block_number=event.block_number,
                        log_index=event.log_index,
                        tx_hash=event.tx_hash,
                        created_at=times[event.block_number],
                        kind=event.kind,
                        reserve0=event.reserve0,
                        reserve1=event.reserve1,
                        volume0=event.volume0,
                        volume1=event.volume1,
                        fee0=fee0,
                        fee1=fee1,
                    )
                )
                stored += 1
            pool.next_block = end + 1
            pool.updated_at = self.chain.clock.now_ms()
        return stored

    def _block_times(self, live: Live, numbers: set[int]) -> dict[int, int]:
        """Each block's time (ms), in one batch, before the write opens. A block stamped after the
        wall clock (a dev chain mining several blocks a second, or moved on by ``evm_increaseTime``)
        is placed at the time it was indexed, so a window that ends now shows it."""
        ordered = sorted(numbers)
        blocks = live.client.batch([("eth_getBlockByNumber", [hex(n), False]) for n in ordered])
        now = self.chain.clock.now_ms()
        return {n: min(to_int(b["timestamp"]) * 1000, now) for n, b in zip(ordered, blocks, strict=True)}


def pool_events(logs: list[dict[str, Any]]) -> list[PoolEventRow]:
    """One row per Sync, with the Swap, Mint or Burn the pair emitted right after it in that call."""
    ordered = sorted(
        (log for log in logs if not log.get("removed") and log.get("topics")),
        key=lambda log: (to_int(log["blockNumber"]), to_int(log["logIndex"])),
    )
    rows: list[PoolEventRow] = []
    for index, log in enumerate(ordered):
        if str(log["topics"][0]).lower() != SYNC_TOPIC:
            continue
        reserve0, reserve1 = decode(["uint112", "uint112"], _data(log))
        after = ordered[index + 1] if index + 1 < len(ordered) else None
        kind, volume0, volume1 = "sync", 0, 0
        if after is not None and _follows(log, after):
            kind = _KIND.get(str(after["topics"][0]).lower(), "sync")
            if kind == "swap":
                volume0, volume1, _out0, _out1 = decode(["uint256"] * 4, _data(after))
        rows.append(
            PoolEventRow(
                block_number=to_int(log["blockNumber"]),
                log_index=to_int(log["logIndex"]),
                tx_hash=str(log["transactionHash"]),
                kind=kind,
                reserve0=int(reserve0),
                reserve1=int(reserve1),
                volume0=int(volume0),
                volume1=int(volume1),
            )
        )
    return rows


def _data(log: dict[str, Any]) -> bytes:
    return bytes.fromhex(str(log["data"]).removeprefix("0x"))


def _follows(sync: dict[str, Any], after: dict[str, Any]) -> bool:
    """``after`` is the next log of the same call: same transaction, the very next log index."""
    return bool(
        after["transactionHash"] == sync["transactionHash"]
        and to_int(after["logIndex"]) == to_int(sync["logIndex"]) + 1
    )
