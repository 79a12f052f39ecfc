"""Small helpers the foundation tests share: raw looks at the ledger file and counting Argon2 work."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import argon2
import pytest


@contextmanager
def raw_ledger(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, the way an attacker or a curious admin would open the file."""
    connection = sqlite3.connect(path, timeout=30)
    try:
        yield connection
        connection.commit()
    finally:
        connection.close()


def ledger_bytes(path: Path) -> bytes:
    """The database file and its WAL, everything SQLite has written."""
    data = b""
    for suffix in ("", "-wal"):
        candidate = Path(str(path) + suffix)
        if candidate.exists():
            data += candidate.read_bytes()
    return data


class Argon2Counter:
    """Counts Argon2 verifications (the expensive step) done through argon2-cffi."""

    def __init__(self) -> None:
        self.verifies = 0
        self.hashes = 0


def count_argon2(monkeypatch: pytest.MonkeyPatch) -> Argon2Counter:
    counter = Argon2Counter()
    real_verify = argon2.PasswordHasher.verify
    real_hash = argon2.PasswordHasher.hash

    def verify(self: argon2.PasswordHasher, *args: Any, **kwargs: Any) -> bool:
        counter.verifies += 1
        return real_verify(self, *args, **kwargs)

    def hash_(self: argon2.PasswordHasher, *args: Any, **kwargs: Any) -> str:
        counter.hashes += 1
        return real_hash(self, *args, **kwargs)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", verify)
    monkeypatch.setattr(argon2.PasswordHasher, "hash", hash_)
    return counter
