"""Migration 0002 creates the exchange tables and takes them away again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import Database, migrate

EXCHANGE_TABLES = {
    "exchange_accounts",
    "exchange_balances",
    "exchange_legacy_imports",
    "exchange_pools",
    "exchange_positions",
    "exchange_price_points",
    "exchange_swaps",
    "exchange_tokens",
}


def _tables(database: Database) -> set[str]:
    with database.read_engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_0002_upgrades_and_downgrades(config: AppConfig) -> None:
    database = Database(config.database_path)
    try:
        migrate.upgrade(database, "0002")
        assert _tables(database) >= EXCHANGE_TABLES
        alembic = migrate.alembic_config()
        with database.write_engine.begin() as connection:
            alembic.attributes["connection"] = connection
            command.downgrade(alembic, "0001")
        assert not EXCHANGE_TABLES & _tables(database)
        assert "profiles" in _tables(database)
    finally:
        database.dispose()
