"""A pool is listed the way the person ordered it (QXC/USD stays QXC/USD), and a flip is kept.

The core stores tokens sorted by id (as Uniswap sorts by address); before migration 0010 a pool
created as QXC/USD, QXC made after USD, came back as "USD/QXC, 1 USD = 0.5 QXC, TVL 2000 QXC".
"""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import Database, migrate
from qenex_desktop.core.exchange import ExchangeService
from tests.exchange.conftest import ex_core, snapshot

E18 = 10**18


def _usd_then_qxc(ex: ExchangeService) -> None:
    ex.create_token("USD", "Dollar", 18, "100000")  # the lower id: token0 in the pool
    ex.create_token("QXC", "Qenex", 18, "100000")


def test_a_pool_is_listed_as_it_was_created(ex: ExchangeService) -> None:
    _usd_then_qxc(ex)
    ex.create_pool("QXC", "USD", "1000", "2000")  # "1 QXC = 2 USD"
    [pool] = ex.list_pools()
    assert (pool.symbol0, pool.symbol1) == ("USD", "QXC")  # the math's order is unchanged
    assert (pool.base_symbol, pool.quote_symbol) == ("QXC", "USD")
    assert pool.base_price == "2"
    assert pool.quote_price == "0.5"
    assert (pool.base_reserve, pool.quote_reserve) == (1000 * E18, 2000 * E18)
    assert pool.tvl_in_quote == 4000 * E18  # TVL in USD, not "2000 QXC"
    [position] = ex.positions()
    assert (position.base_symbol, position.quote_symbol) == ("QXC", "USD")


def test_sorted_creation_stays_sorted(ex: ExchangeService) -> None:
    _usd_then_qxc(ex)
    ex.create_pool("USD", "QXC", "2000", "1000")
    [pool] = ex.list_pools()
    assert (pool.base_symbol, pool.quote_symbol, pool.base_price) == ("USD", "QXC", "0.5")


def test_a_flip_is_kept_with_its_audit_entry_and_changes_no_money(ex: ExchangeService) -> None:
    _usd_then_qxc(ex)
    ex.create_pool("QXC", "USD", "1000", "2000")
    before = snapshot(ex_core(ex))
    flipped = ex.orient_pool("USD", "QXC")
    assert (flipped.base_symbol, flipped.base_price) == ("USD", "0.5")
    [pool] = ex.list_pools()
    assert (pool.base_symbol, pool.quote_symbol) == ("USD", "QXC")
    after = snapshot(ex_core(ex))
    for table in ("exchange_balances", "exchange_positions", "exchange_price_points"):
        assert before[table] == after[table]
    entries = ex_core(ex).audit_trail.page(limit=1)
    assert entries[0].event == "exchange.pool_oriented"
    assert entries[0].details == {"pool_id": str(pool.id), "pair": ["USD", "QXC"]}  # ints are stored as text
    # asking for the order it already has writes nothing
    count = len(ex_core(ex).audit_trail.page(limit=100))
    ex.orient_pool("USD", "QXC")
    assert len(ex_core(ex).audit_trail.page(limit=100)) == count


def test_migration_0010_gives_existing_pools_the_sorted_order(config: AppConfig) -> None:
    database = Database(config.database_path)
    try:
        migrate.upgrade(database, "0009")
        with database.write_engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO exchange_tokens"
                    " (id, symbol, name, decimals, total_supply, origin, created_at) VALUES"
                    " (1, 'USD', 'Dollar', 18, '0', 'local', 0), (2, 'QXC', 'Qenex', 18, '0', 'local', 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO exchange_pools (token0_id, token1_id, fee_bps, reserve0, reserve1,"
                    " total_shares, locked_shares, volume0, volume1, fees0, fees1, swap_count, created_at)"
                    " VALUES (1, 2, 30, '1', '1', '1', '1', '0', '0', '0', '0', 0, 0)"
                )
            )
        migrate.upgrade(database, "0010")
        with database.read_engine.connect() as connection:
            assert connection.execute(text("SELECT base_is_token0 FROM exchange_pools")).scalar_one() == 1
        alembic = migrate.alembic_config()
        with database.write_engine.begin() as connection:
            alembic.attributes["connection"] = connection
            command.downgrade(alembic, "0009")
        with database.read_engine.connect() as connection:
            columns = [row[1] for row in connection.execute(text("PRAGMA table_info(exchange_pools)"))]
        assert "base_is_token0" not in columns
    finally:
        database.dispose()
