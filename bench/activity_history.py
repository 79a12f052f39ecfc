"""Issue 13: the Activity tab opens as fast with 100,000 transactions as with 10.

Run: ``.venv/bin/python -m bench.activity_history [--big N]``. Builds two profiles' ledgers in a
temporary folder (10 and N tracked transactions plus as many scanned incoming transfers, written by
SQL in the shapes the core writes), then times what opening the tab reads: the first page
(``core.activity.page``) and the next one after it ("Load more"). Prints one JSON object: each
metric at both sizes and ``growth`` (big / small; a keyset page over an index stays near 1).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from qenex_desktop.core import activity
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.db.models import ChainNetwork, ChainToken, ChainTransaction, ChainTransfer

PASSWORD = "lantern orbit velvet 42"
GENESIS = "0x" + "ab" * 32
TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
START_MS = 1_780_000_000_000


def fill_history(core: QenexCore, count: int, *, address: str | None = None) -> str:
    """``count`` tracked sends and ``count`` scanned incoming transfers on the active network
    (its genesis set to ``GENESIS`` when unknown); returns the wallet address they belong to."""
    session_info = core.auth.require_session()
    addresses = core.wallet.addresses(session_info.profile_id)
    mine = address or (addresses[0] if addresses else "0x" + "11" * 20)
    network = core.chain.network()
    other = "0x" + "22" * 20
    with core.db.write() as session:
        session.execute(
            update(ChainNetwork)
            .where(ChainNetwork.id == network.id, ChainNetwork.genesis_hash.is_(None))
            .values(genesis_hash=GENESIS)
        )
        genesis = network.genesis_hash or GENESIS
        if session.get(ChainToken, 1) is None:
            session.execute(
                insert(ChainToken),
                [
                    dict(
                        network_id=network.id,
                        genesis_hash=genesis,
                        stale=False,
                        address=TOKEN,
                        name="Qenex",
                        symbol="QXC",
                        decimals=18,
                        is_qxc=True,
                        created_at=START_MS,
                    )
                ],
            )
        for first in range(0, count, 5000):
            chunk = range(first, min(count, first + 5000))
            session.execute(
                insert(ChainTransaction),
                [_tx(network.id, genesis, session_info.profile_id, mine, other, i) for i in chunk],
            )
            session.execute(
                insert(ChainTransfer), [_transfer(network.id, genesis, mine, other, i) for i in chunk]
            )
    return mine


def _tx(network_id: int, genesis: str, profile_id: int, mine: str, other: str, i: int) -> dict[str, Any]:
    return dict(
        network_id=network_id,
        genesis_hash=genesis,
        stale=False,
        profile_id=profile_id,
        tx_hash="0x" + f"{i:064x}",
        kind="send_eth",
        from_address=mine,
        to_address=other,
        asset="ETH",
        asset_symbol="ETH",
        asset_decimals=18,
        recipient=other,
        amount=10**15 * (i + 1),
        value=10**15 * (i + 1),
        data="0x",
        nonce=i,
        gas_limit=21000,
        max_fee_per_gas=2 * 10**9,
        max_priority_fee_per_gas=10**9,
        raw_tx="0x",
        status="confirmed",
        block_number=2 * i + 1,
        gas_used=21000,
        effective_gas_price=10**9,
        broadcast_attempts=1,
        created_at=START_MS + 2 * i * 1000,
        updated_at=START_MS + 2 * i * 1000,
    )


def _transfer(network_id: int, genesis: str, mine: str, other: str, i: int) -> dict[str, Any]:
    return dict(
        network_id=network_id,
        genesis_hash=genesis,
        stale=False,
        token_address=TOKEN,
        block_number=2 * i + 2,
        tx_hash="0x" + f"{i:062x}ff",
        log_index=0,
        from_address=other,
        to_address=mine,
        amount=10**18 * (i + 1),
        block_time=START_MS + (2 * i + 1) * 1000,
    )


def _median_ms(call: Callable[[], object], n: int = 9) -> float:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples) * 1000, 2)


def measure(root: Path, count: int) -> dict[str, float]:
    config = AppConfig(
        data_dir=root / "data",
        security=SecuritySettings(argon2=Argon2Parameters.fast_for_tests()),
        keyring_file=root / "keyring.cfg",
    )
    core = QenexCore(config)
    try:
        core.auth.create_profile("bench", PASSWORD)
        core.auth.login("bench", PASSWORD)
        core.wallet.create(password=PASSWORD)
        fill_history(core, count)
        first = activity.page(core)
        return {
            "first_page_ms": _median_ms(lambda: activity.page(core)),
            "next_page_ms": _median_ms(lambda: activity.page(core, first.cursor)),
            "rows_per_page": float(len(first.items)),
        }
    finally:
        core.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.activity_history")
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--big", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as small_dir, tempfile.TemporaryDirectory() as big_dir:
        small = measure(Path(small_dir), args.small)
        big = measure(Path(big_dir), args.big)
    result: dict[str, Any] = {"transactions": {"small": args.small, "big": args.big}}
    for name in ("first_page_ms", "next_page_ms"):
        result[name] = {
            "small": small[name],
            "big": big[name],
            "growth": round(big[name] / max(small[name], 0.01), 2),
        }
    result["rows_per_page"] = {"small": small["rows_per_page"], "big": big["rows_per_page"]}
    # A page of 100 rows against one of 20: what is left of the growth is per row, not per history.
    per_row = {
        size: round(m["first_page_ms"] / max(m["rows_per_page"], 1.0), 3)
        for size, m in (("small", small), ("big", big))
    }
    result["first_page_ms_per_row"] = {
        **per_row,
        "growth": round(per_row["big"] / max(per_row["small"], 0.001), 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
