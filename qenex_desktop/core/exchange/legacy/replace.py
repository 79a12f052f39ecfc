"""Recognising a newer copy of a file imported before, and what changed on either side.

A file is a newer copy of an earlier import when it is of the same kind (system.db or defi.db),
differs in its SHA-256, and still has every user (id, name, created_at), token (symbol,
decimals) and pool (id, pair) the earlier file had: the originals never delete or rename those.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from sqlalchemy.orm import Session

from qenex_desktop.core.exchange.legacy.footprint import LiveImport, changes_since
from qenex_desktop.core.exchange.legacy.numbers import NumberRefused, round_exact, units_text
from qenex_desktop.core.exchange.legacy.source import SourceData, shown
from qenex_desktop.core.exchange.legacy.view import LedgerView

_LISTED = 20


def find_replacements(view: LedgerView, sources: list[SourceData]) -> dict[int, LiveImport]:
    """Source index -> the live import it is a newer copy of (the latest such)."""
    found: dict[int, LiveImport] = {}
    for index, source in enumerate(sources):
        if source.problems or source.file.sha256 in view.hashes:
            continue
        identity = source.identity()
        candidates = [
            live
            for live in view.live
            if live.kind == source.file.kind and live.covers(identity) and live not in found.values()
        ]
        if candidates:
            found[index] = candidates[-1]
    return found


def replacement_problems(
    session: Session, view: LedgerView, sources: list[SourceData], replacing: dict[int, LiveImport]
) -> tuple[list[str], list[str]]:
    """(problems, notes): what was changed here since each earlier import, and what the newer file
    changes, when anything was changed here (a replacement would overwrite it)."""
    problems: list[str] = []
    notes: list[str] = []
    for index, live in replacing.items():
        changed = changes_since(session, live, view.live)
        if not changed:
            continue
        where = sources[index].where
        shown_here = changed[:_LISTED] + (
            [f"and {len(changed) - _LISTED} more"] if len(changed) > _LISTED else []
        )
        problems.append(
            f"{where} is a newer copy of {shown(live.name)}, imported before; it cannot replace that import "
            f"because what it brought was used here since: {'; '.join(shown_here)}"
        )
        notes += [
            f"{where} (newer copy): {line}" for line in file_changes(view, sources[index], live)[:_LISTED]
        ]
    return problems, notes


def file_changes(view: LedgerView, source: SourceData, live: LiveImport) -> list[str]:
    """What the newer file says differently from the earlier import, holder by holder."""
    symbols = {state.id: state for state in view.tokens.values()}
    before: dict[tuple[str, str], int] = defaultdict(int)
    for item in live.footprint.balances:
        token = symbols.get(item["token_id"])
        if token is not None:
            before[(item["owner"], token.symbol)] += int(item["units"])
    exact: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for row in source.balances:
        exact[(row.owner, row.symbol)] += row.amount
    lines: list[str] = []
    known = {tuple(u) for u in live.footprint.identity.get("users", [])}
    for user in source.users:
        if (user.original_id, user.name, user.created_at or "") not in known:
            lines.append(f"new user {shown(user.name)}")
    for owner, symbol in sorted(set(before) | set(exact)):
        decimals = source.tokens[symbol].decimals if symbol in source.tokens else 0
        try:
            after = round_exact(exact.get((owner, symbol), Fraction(0)), decimals).units
        except NumberRefused:
            continue
        if after != before.get((owner, symbol), 0):
            was = units_text(before.get((owner, symbol), 0), decimals)
            lines.append(f"{owner.replace(':', ' ', 1)} {symbol}: {was} -> {units_text(after, decimals)}")
    return lines
