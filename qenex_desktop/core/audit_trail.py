"""The audit log as the GUI and the CLI read it: pages of entries, a verify, an export.

``AuditLog`` (core/audit.py) is what services write through, inside their own unit of work. This
is the reading side, one place for both front ends: each call opens its own read (verify walks a
snapshot and then moves the checkpoint in one short write), so no caller opens sessions around
the log or parses its JSON itself.

Details keep amounts as exact integers of base units (what the hash covers). ``money_fields`` says
which details are amounts and of which asset (a symbol, a token address, "ETH", "LP" for pool
shares, "gwei" for a fee per gas), and ``AuditTrail.assets`` gives each asset's symbol and
decimals, so a front end can word ``amount=20000000000000000000`` as "amount=20 QXC".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from qenex_desktop.core.audit import AuditLog, AuditVerification, parse_details
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.private_files import open_private


@dataclass(frozen=True)
class AuditRecord:
    id: int
    created_at: int
    category: str
    event: str
    actor: str | None
    #: The stored details text, exactly (what the hash covers).
    details_text: str
    #: The same, parsed; None when it is not text the app writes (verify calls the entry edited).
    details: dict[str, Any] | None
    entry_hash: str


@dataclass(frozen=True)
class Asset:
    symbol: str
    decimals: int


#: Assets every ledger has: ether (and its fee unit) and pool shares (18 decimals, as Uniswap V2's).
BUILT_IN_ASSETS = {"ETH": Asset("ETH", 18), "gwei": Asset("gwei", 9), "LP": Asset("LP", 18)}
#: Details holding one amount of the asset named by "symbol" (ledger) or "asset" (chain).
_AMOUNT_KEYS = ("amount", "supply", "max_supply", "total_supply")
#: Details that are always of one asset.
_FIXED_KEYS = {
    "shares": "LP",
    "locked_shares": "LP",
    "eth_wei": "ETH",
    "qxc_units": "chain:QXC",
    "max_fee_per_gas": "gwei",
    "max_priority_fee_per_gas": "gwei",
}

#: key -> [(base units, asset reference)]: one entry, or one per token of a pair ("amounts").
MoneyFields = dict[str, list[tuple[int, str]]]


def _units(value: Any) -> int | None:
    """An amount as stored (ints are kept as text); None when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


def _swap_fields(details: dict[str, Any], path: list[Any]) -> MoneyFields:
    first, last = str(path[0]), str(path[-1])
    limit_of = last if details.get("kind") == "exact_in" else first
    found: MoneyFields = {}
    for key, ref in (("amount_in", first), ("amount_out", last), ("limit", limit_of)):
        units = _units(details.get(key))
        if units is not None:
            found[key] = [(units, ref)]
    return found


def money_fields(details: dict[str, Any] | None) -> MoneyFields:
    """Which details are amounts, and of which asset: read by their keys, never guessed from digits."""
    if not details:
        return {}
    found: MoneyFields = {}
    path = details.get("path")
    if isinstance(path, list) and path:
        found |= _swap_fields(details, path)
    asset = details.get("symbol", details.get("asset"))
    if isinstance(asset, str):
        for key in _AMOUNT_KEYS:
            units = _units(details.get(key))
            if units is not None:
                found[key] = [(units, asset)]
    for key, ref in _FIXED_KEYS.items():
        units = _units(details.get(key))
        if units is not None:
            found[key] = [(units, ref)]
    pair, amounts = details.get("pair"), details.get("amounts")
    if isinstance(pair, list) and isinstance(amounts, list) and len(pair) == len(amounts):
        parsed = [_units(a) for a in amounts]
        if all(u is not None for u in parsed):
            found["amounts"] = [(u or 0, str(ref)) for u, ref in zip(parsed, pair, strict=True)]
    return found


def _record(entry: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=entry.id,
        created_at=entry.created_at,
        category=entry.category,
        event=entry.event,
        actor=entry.actor,
        details_text=entry.details,
        details=parse_details(entry.details),
        entry_hash=entry.entry_hash,
    )


class AuditTrail:
    def __init__(self, database: Database, log: AuditLog) -> None:
        self.db = database
        self.log = log

    def page(
        self, *, limit: int = 200, before_id: int | None = None, category: str | None = None
    ) -> list[AuditRecord]:
        """Newest first, for the Audit view."""
        with self.db.read() as session:
            return [
                _record(e)
                for e in self.log.entries(session, limit=limit, before_id=before_id, category=category)
            ]

    def assets(self) -> dict[str, Asset]:
        """Every asset an entry can name: ledger tokens by symbol, chain tokens by address (lower
        case) and as "chain:<symbol>" where one decimals fits every chain token of that symbol, and
        the built-in ones."""
        from qenex_desktop.core.db.models import ChainToken, ExchangeToken  # their tables when asked

        with self.db.read() as session:
            ledger = session.execute(select(ExchangeToken.symbol, ExchangeToken.decimals)).all()
            chain = session.execute(select(ChainToken.address, ChainToken.symbol, ChainToken.decimals)).all()
        found = dict(BUILT_IN_ASSETS)
        by_symbol: dict[str, set[int]] = {}
        for address, symbol, decimals in chain:
            found[address.lower()] = Asset(symbol, decimals)
            by_symbol.setdefault(symbol, set()).add(decimals)
        for symbol, decimals_seen in by_symbol.items():
            if len(decimals_seen) == 1:
                found[f"chain:{symbol}"] = Asset(symbol, decimals_seen.pop())
        for symbol, decimals in ledger:
            found[symbol] = Asset(symbol, decimals)
        return found

    def of_events(self, events: Iterable[str], *, actor: str, limit: int = 1000) -> list[AuditRecord]:
        """One person's entries of these kinds, newest first (the Activity tab's ledger rows)."""
        with self.db.read() as session:
            rows = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.event.in_(list(events)), AuditEntry.actor == actor)
                .order_by(AuditEntry.id.desc())
                .limit(limit)
            ).all()
            return [_record(e) for e in rows]

    def verify(self, *, full: bool = True) -> AuditVerification:
        """The chain from the last checkpoint, or all of it; never holds the write lock while walking."""
        return self.log.verify_ledger(self.db, incremental=not full)

    def export(self, out: TextIO, fmt: str) -> int:
        """Every entry, oldest first, as JSON lines or CSV, streamed; returns how many."""
        with self.db.read() as session:
            return self.log.export(session, out, fmt)

    def export_to(self, path: Path, fmt: str) -> int:
        """To a file only its owner can read (0600, also over an older file)."""
        with open_private(path, newline="") as out:
            return self.export(out, fmt)
