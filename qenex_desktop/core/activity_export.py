"""The Activity history as the file a person gives to an accountant: CSV or JSON, streamed.

One CSV line per asset that moved (a swap is two lines with the same reference; a deploy, which
moves none, is one line with the amount empty); JSON is one array of transactions, each with its
``legs``. Amounts are in token units with all their decimals ("1.5", never rounded, never a
float), times ISO 8601 in UTC ("2026-06-01T12:00:00.000Z"), hashes and addresses in full, the fee
in ETH, the person's label on the transaction last (``label``, empty when none; issue 15). Rows
are read a page at a time (``activity.iterate``) and written as they come, so the file's size,
not memory, grows with the history.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from qenex_desktop.core import activity
from qenex_desktop.core.activity import ActivityItem, Leg
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.private_files import open_private
from qenex_desktop.core.validation import format_amount

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore

FORMATS = ("csv", "json")
CSV_FIELDS = [
    "time_utc",
    "network",
    "source",
    "action",
    "status",
    "direction",
    "amount",
    "symbol",
    "asset",
    "from",
    "to",
    "tx_hash",
    "block",
    "gas_used",
    "fee_eth",
    "label",
]


def iso_time(ms: int | None) -> str:
    """ISO 8601 in UTC with milliseconds; empty when the time is not known."""
    if ms is None:
        return ""
    moment = datetime.fromtimestamp(ms // 1000, tz=UTC).replace(microsecond=(ms % 1000) * 1000)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fee_eth(item: ActivityItem) -> str:
    return format_amount(item.fee_paid, 18) if item.fee_paid is not None else ""


def _leg_fields(leg: Leg | None) -> dict[str, str]:
    if leg is None:
        return {"direction": "", "amount": "", "symbol": "", "asset": ""}
    return {
        "direction": leg.direction,
        "amount": format_amount(leg.amount, leg.decimals),
        "symbol": leg.symbol,
        "asset": leg.asset,
    }


def _common(item: ActivityItem, network: str) -> dict[str, Any]:
    return {
        "time_utc": iso_time(item.time_ms),
        "network": network,
        "source": item.source,
        "action": activity.action_name(item),
        "status": item.status,
        "from": item.from_address or "",
        "to": item.to_address or "",
        "tx_hash": item.reference,
        "block": item.block_number,
        "gas_used": item.gas_used,
        "fee_eth": fee_eth(item),
        "label": item.label or "",
    }


#: A cell a spreadsheet would run as a formula (a ledger account's free-text name could start so).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(items: Any, out: TextIO, network: str) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for item in items:
        common = _common(item, network)
        common["block"] = "" if item.block_number is None else str(item.block_number)
        common["gas_used"] = "" if item.gas_used is None else str(item.gas_used)
        for leg in item.legs or (None,):
            writer.writerow({key: _cell(value) for key, value in {**common, **_leg_fields(leg)}.items()})
        count += 1
    return count


def write_json(items: Any, out: TextIO, network: str) -> int:
    """One JSON array, one transaction per line (valid JSON as a whole, readable line by line)."""
    out.write("[")
    count = 0
    for item in items:
        record = _common(item, network)
        record["legs"] = [{**_leg_fields(leg), "decimals": leg.decimals} for leg in item.legs]
        out.write(("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False, sort_keys=True))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def export(core: QenexCore, out: TextIO, fmt: str, *, include_stale: bool = False) -> int:
    """Write the profile's history on the active network, newest first; returns how many transactions."""
    if fmt not in FORMATS:
        raise ValidationError(f"Export as csv or json, not {fmt!r}.", field="format")
    network = core.chain.network().name
    items = activity.iterate(core, include_stale=include_stale)
    return write_csv(items, out, network) if fmt == "csv" else write_json(items, out, network)


def export_to(core: QenexCore, path: Path, fmt: str, *, include_stale: bool = False) -> int:
    """To a file only its owner can read (0600, also over an older file)."""
    if fmt not in FORMATS:
        raise ValidationError(f"Export as csv or json, not {fmt!r}.", field="format")
    with open_private(path, newline="") as out:
        return export(core, out, fmt, include_stale=include_stale)
