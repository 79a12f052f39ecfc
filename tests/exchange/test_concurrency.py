"""Two processes swapping on one pool at once lose no update.

Each process opens its own core on the same ledger file (as the GUI and the CLI would) and swaps
in opposite directions. Afterwards the recorded swaps, replayed in commit order with the AMM math
from the starting reserves, must give exactly each recorded output and the final reserves: that
only holds if every swap read the reserves the previous one left (BEGIN IMMEDIATE, read inside).
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.synchronize import Event

from sqlalchemy import select

from qenex_desktop.core import amm
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import ExchangePool, ExchangeSwap, ExchangeToken
from tests.conftest import make_core
from tests.exchange.conftest import assert_conserved

SWAPS_PER_PROCESS = 40


def _swapper(config: AppConfig, token_in: str, token_out: str, amount: str, go: Event) -> None:
    core = make_core(config)
    try:
        go.wait(30)
        for _ in range(SWAPS_PER_PROCESS):
            core.exchange.swap_exact_in(token_in, token_out, amount, 0)
            time.sleep(0.001)  # let the other process take the write lock in between
    finally:
        core.close()


def test_two_processes_swapping_on_one_pool_lose_no_update(
    logged_in_core: QenexCore, config: AppConfig
) -> None:
    ex = logged_in_core.exchange
    ex.create_token("USD", "Dollar", 6, "10000000")
    ex.create_token("QXC", "QXC", 18, "10000000")
    ex.create_pool("USD", "QXC", "100000", "50000")
    start = ex.get_pool("USD", "QXC")

    context = multiprocessing.get_context("spawn")
    go = context.Event()
    workers = [
        context.Process(target=_swapper, args=(config, "USD", "QXC", "37.5", go)),
        context.Process(target=_swapper, args=(config, "QXC", "USD", "11.25", go)),
    ]
    for worker in workers:
        worker.start()
    go.set()
    for worker in workers:
        worker.join(240)
        assert worker.exitcode == 0

    with logged_in_core.db.read() as s:
        tokens = {t.id: t.symbol for t in s.scalars(select(ExchangeToken))}
        swaps = s.scalars(select(ExchangeSwap).order_by(ExchangeSwap.id)).all()
        pool = s.scalars(select(ExchangePool)).one()
        assert len(swaps) == 2 * SWAPS_PER_PROCESS
        directions = {tokens[sw.token_in_id] for sw in swaps}
        assert directions == {"USD", "QXC"}
        reserve0, reserve1 = start.reserve0, start.reserve1
        for sw in swaps:
            if sw.token_in_id == pool.token0_id:
                expected = amm.get_amount_out(sw.amount_in, reserve0, reserve1, pool.fee_bps)
                reserve0, reserve1 = reserve0 + sw.amount_in, reserve1 - expected
            else:
                expected = amm.get_amount_out(sw.amount_in, reserve1, reserve0, pool.fee_bps)
                reserve0, reserve1 = reserve0 - expected, reserve1 + sw.amount_in
            assert sw.amount_out == expected, f"swap {sw.id} priced on stale reserves"
        assert (pool.reserve0, pool.reserve1) == (reserve0, reserve1)
        assert pool.swap_count == 2 * SWAPS_PER_PROCESS
    assert_conserved(logged_in_core)
