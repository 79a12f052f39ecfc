"""Column types for money.

SQLite integers stop at 2^63-1, and an ERC-20 balance can reach 2^256-1. Base units are stored
as 78-digit zero-padded decimal text: exact for every uint256, and ordered like the numbers
they hold, so comparisons and ``ORDER BY`` in SQL stay right. Arithmetic happens in Python ints.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

UINT256_DIGITS = 78  # len(str(2**256 - 1))
_UINT256_MAX = 2**256 - 1


def encode_uint256(value: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"money must be an int of base units, not {type(value).__name__}")
    if not 0 <= value <= _UINT256_MAX:
        raise ValueError("money must be within 0..2^256-1")
    return str(value).zfill(UINT256_DIGITS)


class Uint256(TypeDecorator[int]):
    impl = String(UINT256_DIGITS)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return encode_uint256(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int(value)

    def process_literal_param(self, value: Any, dialect: Dialect) -> str:
        return f"'{encode_uint256(value)}'"
