"""Uint256: base units up to 2^256-1 survive a real SQLite file exactly (SQLite ints stop at 2^63-1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from qenex_desktop.core.db import Database
from qenex_desktop.core.db.types import UINT256_DIGITS, Uint256

EDGE_VALUES = [0, 1, 2**63 - 1, 2**63, 2**64, 2**256 - 1]


def _table(database: Database) -> Table:
    metadata = MetaData()
    table = Table("money", metadata, Column("id", Integer, primary_key=True), Column("amount", Uint256()))
    metadata.create_all(database.write_engine)
    return table


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "money.db")
    yield db
    db.dispose()


def test_uint256_round_trips_edge_values_exactly(database: Database) -> None:
    table = _table(database)
    with database.write() as session:
        for index, value in enumerate(EDGE_VALUES):
            session.execute(insert(table).values(id=index, amount=value))
    with database.read() as session:
        back = [row.amount for row in session.execute(select(table).order_by(table.c.id))]
    assert back == EDGE_VALUES
    assert all(type(v) is int for v in back)


def test_uint256_is_stored_as_fixed_width_text_that_sorts_like_numbers(database: Database) -> None:
    table = _table(database)
    values = [2**256 - 1, 10, 2**63, 9, 0]
    with database.write() as session:
        for index, value in enumerate(values):
            session.execute(insert(table).values(id=index, amount=value))
    with database.read_engine.connect() as connection:
        raw = [r[0] for r in connection.exec_driver_sql("SELECT amount FROM money ORDER BY amount")]
        greater = connection.exec_driver_sql(
            "SELECT count(*) FROM money WHERE amount > ?", (str(2**63 - 1).zfill(UINT256_DIGITS),)
        ).scalar_one()
    assert all(len(text) == UINT256_DIGITS for text in raw)
    assert [int(text) for text in raw] == sorted(values)
    assert greater == 2


@pytest.mark.parametrize("bad", [-1, 2**256, -(2**255)])
def test_uint256_refuses_negatives_and_overflow(database: Database, bad: int) -> None:
    table = _table(database)
    with pytest.raises(StatementError, match=r"0\.\.2\^256-1"), database.write() as session:
        session.execute(insert(table).values(id=1, amount=bad))
    with database.read() as session:
        assert session.execute(select(table)).all() == []


@pytest.mark.parametrize("bad", [1.5, True, "12"])
def test_uint256_refuses_anything_but_int(database: Database, bad: object) -> None:
    table = _table(database)
    with pytest.raises(StatementError, match="must be an int"), database.write() as session:
        session.execute(insert(table).values(id=1, amount=bad))
