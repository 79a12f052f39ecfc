"""Ledgers for ``bench.scale``: the small one through the core API, the big one by cloning its
history back in time with SQL and re-hashing the audit chain with the project's own code."""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit import GENESIS_HASH, canonical_content, chain_hash
from qenex_desktop.core.clock import ManualClock, SystemClock
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.security.keyring_store import _plaintext_file_backend

KEYRING_NAME = "keyring.cfg"
USER, PASSWORD = "bench", "lantern orbit velvet 42"
DAY_S = 86_400
TOKENS = [f"T{i:02d}" for i in range(20)]
QUOTE = TOKENS[0]


def config(root: Path) -> AppConfig:
    return AppConfig(
        data_dir=root / "data",
        security=SecuritySettings(argon2=Argon2Parameters.fast_for_tests()),
        keyring_file=root / KEYRING_NAME,
    )


def open_core(root: Path, *, meta: dict[str, Any] | None = None, real_clock: bool = False) -> QenexCore:
    """The ledger's core, logged in; its clock at the ledger's last moment (or the real one)."""
    meta = meta or json.loads((root / "meta.json").read_text())
    cfg = config(root)
    clock = SystemClock() if real_clock else ManualClock(meta["end_ms"])
    core = QenexCore(
        cfg, clock=clock, keyring_backend=_plaintext_file_backend(cfg.keyring_file), log_to_file=False
    )
    core.auth.login(USER, PASSWORD)
    return core


def build_small(root: Path, operations: int, rng: random.Random, days: int = 10) -> dict[str, Any]:
    root.mkdir(parents=True)
    cfg = config(root)
    end_ms = int(time.time() * 1000) // 3_600_000 * 3_600_000
    clock = ManualClock(end_ms - days * DAY_S * 1000)
    core = QenexCore(
        cfg, clock=clock, keyring_backend=_plaintext_file_backend(cfg.keyring_file), log_to_file=False
    )
    core.auth.create_profile(USER, PASSWORD)
    core.auth.login(USER, PASSWORD)
    mon = core.monitoring
    mon.worker.stop()  # snapshots and flushes below, in step with the clock
    ex = core.exchange
    step_s = days * DAY_S / operations
    for symbol in TOKENS:
        ex.create_token(symbol, f"Token {symbol}", 18 if symbol != QUOTE else 6, "1000000000000")
    own = [f"Own{i:02d}" for i in range(20)]
    others = [f"Peer{i:03d}" for i in range(180)]
    for name in own:
        ex.create_account(name)
    for name in others:
        ex.create_account(name, counterparty=True)
    pairs = [(QUOTE, t) for t in TOKENS[1:]]
    while len(pairs) < 50:
        a, b = rng.sample(TOKENS[1:], 2)
        if (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
    for a, b in pairs:
        ex.create_pool(a, b, "1000000", str(rng.randint(500_000, 2_000_000)))
    chain_times: list[int] = []
    done = len(TOKENS) + len(own) + len(others) + len(pairs)
    for i in range(operations - done):
        clock.advance(step_s)
        if core.auth.current_session() is None:  # ten days pass: the session ends, as a person's
            core.auth.login(USER, PASSWORD)
        with contextlib.suppress(QenexError):  # refused (a drained account...): counted, as in use
            _one_operation(ex, rng, pairs, own, others, i)
        mon.sample_holdings()  # what the worker does after each money operation
        if rng.random() < 0.10:
            chain_times.append(clock.now_ms())
        if i % 256 == 0:
            mon.flush()
    mon.flush()
    core.close()
    _add_chain_rows(cfg.database_path, chain_times)
    meta = {
        "operations": operations,
        "end_ms": clock.now_ms(),
        "span_ms": days * DAY_S * 1000,
        "quote": QUOTE,
        "swap_pair": list(pairs[0]),
        "profile_id": 1,
    }
    (root / "meta.json").write_text(json.dumps(meta))
    return meta


def _one_operation(
    ex: Any, rng: random.Random, pairs: list[tuple[str, str]], own: list[str], others: list[str], i: int
) -> None:
    """69% swaps, 26% transfers, 4% liquidity, 1% mints (each one committed operation)."""
    r = rng.random()
    a, b = rng.choice(pairs)
    if rng.random() < 0.5:
        a, b = b, a
    if r < 0.69:
        ex.swap_exact_in(a, b, f"{rng.randint(1, 500)}", 0)
    elif r < 0.95:
        target = rng.choice(own + others)
        ex.transfer(rng.choice(TOKENS), f"{rng.randint(1, 100)}", "Main", target)
    elif r < 0.99:
        if i % 2:
            ex.add_liquidity(a, b, "100", "1000000", min_a=0, min_b=0)
        else:
            ex.remove_liquidity(a, b, percent="1")
    else:
        ex.mint(rng.choice(TOKENS), "1000")


def _add_chain_rows(ledger: Path, times: list[int]) -> None:
    """One signed-transaction row per chosen step (the chain layer itself needs a node)."""
    conn = sqlite3.connect(ledger)
    with conn:
        conn.execute(
            "INSERT INTO chain_networks (name, rpc_url, chain_id, is_builtin, created_at) "
            "VALUES ('bench', 'http://127.0.0.1:9', 31337, 0, 0)"
        )
        network = conn.execute("SELECT id FROM chain_networks WHERE name = 'bench'").fetchone()[0]
        statuses = ["confirmed"] * 8 + ["failed", "pending"]
        conn.executemany(
            "INSERT INTO chain_transactions (network_id, genesis_hash, stale, profile_id, tx_hash, kind, "
            "from_address, to_address, asset, asset_symbol, asset_decimals, recipient, amount, value, "
            "data, nonce, gas_limit, max_fee_per_gas, max_priority_fee_per_gas, raw_tx, status, "
            "broadcast_attempts, created_at, updated_at) VALUES (?, ?, 0, 1, ?, 'send_eth', ?, ?, 'ETH', "
            "'ETH', 18, ?, ?, ?, '0x', ?, 21000, '1000000000', '1000000', '0x00', ?, 1, ?, ?)",
            [
                (
                    network,
                    "0x" + "11" * 32,
                    f"0x{n:064x}",
                    "0x" + "aa" * 20,
                    "0x" + "bb" * 20,
                    "0x" + "bb" * 20,
                    str(10**15),
                    str(10**15),
                    n,
                    statuses[n % 10],
                    t,
                    t,
                )
                for n, t in enumerate(times)
            ],
        )
    conn.close()


#: Tables whose rows are history, and the columns holding their times (shifted back per copy).
HISTORY = {
    "exchange_swaps": ("created_at",),
    "exchange_price_points": ("created_at",),
    "monitor_points": ("t_ms",),
    "monitor_holdings": ("t_ms",),
    "monitor_system": ("t_ms",),
    "chain_transactions": ("created_at", "updated_at"),
}


def build_big(small: Path, root: Path, clones: int) -> dict[str, Any]:
    shutil.copytree(small, root)
    meta = json.loads((root / "meta.json").read_text())
    span = meta["span_ms"]
    conn = sqlite3.connect(root / "data" / "ledger.db", isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    for table, times in HISTORY.items():
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] != "id"]
        for k in range(1, clones + 1):
            shift = k * span
            chosen = []
            for column in columns:
                if column in times:
                    chosen.append(f"{column} - {shift}")
                elif table == "exchange_price_points" and column == "swap_id":
                    chosen.append("NULL")
                elif table == "chain_transactions" and column == "tx_hash":
                    chosen.append(f"printf('0xc%059x%04x', id, {k})")
                else:
                    chosen.append(column)
            conn.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(chosen)} FROM {table} "
                f"WHERE {times[0]} > {meta['end_ms'] - span - 1}"
            )
    _rechain_audit(conn, clones, span)
    conn.execute("DELETE FROM audit_checkpoint")
    conn.execute("DELETE FROM monitor_health")
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()
    meta["operations"] = meta["operations"] * (clones + 1)
    (root / "meta.json").write_text(json.dumps(meta))
    return meta


def _rechain_audit(conn: sqlite3.Connection, clones: int, span: int) -> None:
    """The audit log as K older copies then the original, ids 1..N, every hash computed again."""
    original = conn.execute(
        "SELECT created_at, category, event, actor, details FROM audit_log ORDER BY id"
    ).fetchall()
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM audit_log")
    prev = GENESIS_HASH
    entry_id = 0
    rows = []
    for k in range(clones, -1, -1):
        for created_at, category, event, actor, details in original:
            entry_id += 1
            at = created_at - k * span
            entry_hash = chain_hash(prev, canonical_content(entry_id, at, category, event, actor, details))
            rows.append((entry_id, at, category, event, actor, details, prev, entry_hash))
            prev = entry_hash
    conn.executemany(
        "INSERT INTO audit_log (id, created_at, category, event, actor, details, prev_hash, entry_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    for _name, sql in triggers:
        conn.execute(sql)
