"""The originals' ``transactions`` and ``audit_log``, carried over as read-only legacy history.

Each original row becomes one ``exchange_legacy_history`` row linked to its import: the columns
people look for (when, what, who, to whom, which token, how much, as the original wrote them;
amounts never rounded) and every column of the row as JSON. A row about an imported user (its
sender or the user an audit entry names) is linked to that user's profile, so their Activity can
show it; the importing profile sees every row of the files it imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from qenex_desktop.core.db.models import ExchangeLegacyImport, LegacyHistoryEntry, Profile
from qenex_desktop.core.exchange.legacy.reader import LegacyFile, Table

HISTORY_TABLES = ("transactions", "audit_log")
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class LegacyHistoryRecord:
    """One row of an original's history, as it was; ``details`` holds every column."""

    id: int
    import_id: int
    source_file: str
    source_kind: str
    source_table: str
    source_row: str
    happened_at: str | None
    kind: str | None
    actor: str | None
    counterparty: str | None
    symbol: str | None
    amount: str | None
    status: str | None
    details: dict[str, Any]


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, float):
        return repr(value)  # NaN and infinities are not JSON; the text is what the cell held
    return value


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.hex() if isinstance(value, bytes) else str(value)


def _json_details(text: Any) -> dict[str, Any]:
    """The DeFi platform writes a transaction's particulars as a JSON object in ``details``."""
    if not isinstance(text, str):
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _first(row: dict[str, Any], *names: str) -> Any:
    for name in names:
        if row.get(name) not in (None, ""):
            return row[name]
    return None


def _entry(
    table: str, row: dict[str, Any], number: int, names: dict[str, str], profiles: dict[str, int | None]
) -> dict[str, Any]:
    lowered = {key.lower(): value for key, value in row.items()}
    inner = _json_details(lowered.get("details"))
    sender = _text(_first(lowered, "from_user_id", "user_id"))
    receiver = _text(lowered.get("to_user_id"))
    address = _text(lowered.get("address"))
    actor = names.get(sender or "", sender) if sender is not None else address
    counterparty = names.get(receiver or "", receiver) if receiver is not None else _text(inner.get("to"))
    linked = profiles.get(sender or "") or profiles.get(receiver or "") or profiles.get(address or "")
    return {
        "profile_id": linked,
        "source_table": table,
        "source_row": _text(lowered.get("id")) or str(number),
        "happened_at": _text(_first(lowered, "confirmed_at", "created_at", "timestamp")),
        "kind": _text(_first(lowered, "type", "action")),
        "actor": actor,
        "counterparty": counterparty,
        "symbol": _text(_first(lowered, "token_symbol", "token"))
        or _text(_first(inner, "token", "token_in")),
        "amount": _text(lowered.get("amount")) or _text(_first(inner, "amount", "amount_in")),
        "status": _text(lowered.get("status")),
        "details": json.dumps(
            {key: _jsonable(value) for key, value in row.items()},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    }


def _user_names(legacy: LegacyFile) -> dict[str, str]:
    users = legacy.tables.get("users")
    if users is None:
        return {}
    id_col, name_col = users.pick("id", "user_id"), users.pick("username", "name", "user")
    if id_col is None or name_col is None:
        return {}
    return {str(row[id_col]): str(row[name_col]) for row in users.rows}


def write_history(
    session: Session,
    legacy: LegacyFile,
    import_id: int,
    user_profiles: dict[str, int],
    holder_profiles: dict[str, int | None],
) -> dict[str, int]:
    """Insert the file's history rows for ``import_id``; returns how many per table."""
    names = _user_names(legacy)
    profiles: dict[str, int | None] = {**holder_profiles, **user_profiles}
    counts: dict[str, int] = {}
    for table_name in HISTORY_TABLES:
        table: Table | None = legacy.tables.get(table_name)
        if table is None:
            continue
        rows = [
            _entry(table_name, dict(zip(table.columns, values, strict=True)), number, names, profiles)
            | {"import_id": import_id}
            for number, values in enumerate(table.rows, start=1)
        ]
        if rows:
            session.execute(insert(LegacyHistoryEntry), rows)
        counts[table_name] = len(rows)
    return counts


def read_history(
    session: Session, viewer_id: int, *, limit: int = DEFAULT_LIMIT, before_id: int | None = None
) -> list[LegacyHistoryRecord]:
    """Newest first: every row of the files the viewer imported, and the rows about the viewer's
    own imported profile (linked to it, or naming its original username as either party: a
    transfer is about its receiver too)."""
    about_me = [
        LegacyHistoryEntry.profile_id == viewer_id,
        ExchangeLegacyImport.imported_by_profile_id == viewer_id,
    ]
    original = session.scalar(select(Profile.display_name).where(Profile.id == viewer_id))
    if original:
        about_me += [LegacyHistoryEntry.actor == original, LegacyHistoryEntry.counterparty == original]
    query = (
        select(LegacyHistoryEntry, ExchangeLegacyImport)
        .join(ExchangeLegacyImport, ExchangeLegacyImport.id == LegacyHistoryEntry.import_id)
        .where(or_(*about_me))
        .order_by(LegacyHistoryEntry.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(LegacyHistoryEntry.id < before_id)
    return [
        LegacyHistoryRecord(
            entry.id,
            entry.import_id,
            source.source_name,
            source.kind,
            entry.source_table,
            entry.source_row,
            entry.happened_at,
            entry.kind,
            entry.actor,
            entry.counterparty,
            entry.symbol,
            entry.amount,
            entry.status,
            json.loads(entry.details),
        )
        for entry, source in session.execute(query).all()
    ]
