"""Issue 13: the Activity tab opens as fast with 100,000 transactions as with 10.

Run: ``.venv/bin/python -m bench.activity_history [--big N]``. Builds two profiles' ledgers in a
temporary folder (10 and N tracked transactions plus as many scanned incoming transfers, written by
SQL in the shapes the core writes), then times what opening the tab reads: the first page
(``core.activity.page``), the same as the tab's rows (``read_page``: text for
people) and the next page after it ("Load more"). Prints one JSON object: each
metric at 10, 1,000 and N transactions, and its growth from 10 and from 1,000 to N (at 10 a page
holds 20 rows, from 1,000 on a full page of 100: the growth from 1,000 is the one an index keeps
near 1; what is left from 10 is the page's own size).
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
        from qenex_desktop.gui.tabs.activity_tab.rows import read_page  # what the tab's worker runs

        first = activity.page(core)
        return {
            "first_page_ms": _median_ms(lambda: activity.page(core)),
            "tab_first_rows_ms": _median_ms(
                lambda: read_page(core, None, size=activity.PAGE_SIZE, include_stale=False)
            ),
            "next_page_ms": _median_ms(lambda: activity.page(core, first.cursor)),
            "rows_per_page": float(len(first.items)),
        }
    finally:
        core.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.activity_history")
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--full", type=int, default=1_000, help="a history of full pages (the baseline)")
    parser.add_argument("--big", type=int, default=100_000)
    args = parser.parse_args(argv)
    sizes = {"small": args.small, "full_pages": args.full, "big": args.big}
    measured: dict[str, dict[str, float]] = {}
    for key, count in sizes.items():
        with tempfile.TemporaryDirectory() as folder:
            measured[key] = measure(Path(folder), count)
    result: dict[str, Any] = {"transactions": sizes}
    for name in ("first_page_ms", "tab_first_rows_ms", "next_page_ms", "rows_per_page"):
        result[name] = {key: measured[key][name] for key in sizes}
    # The comparison (10 against 100,000) and the fair one: pages of the same 100 rows
    # over 1,000 and 100,000 transactions, which an index keeps near 1.
    for name in ("first_page_ms", "tab_first_rows_ms", "next_page_ms"):
        result[name]["growth_big_vs_small"] = round(
            measured["big"][name] / max(measured["small"][name], 0.01), 2
        )
        result[name]["growth_big_vs_full_pages"] = round(
            measured["big"][name] / max(measured["full_pages"][name], 0.01), 2
        )
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
