"""What a read asks SQLite: the statements it runs on the read engine, for the query-plan tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from qenex_desktop.core.app import QenexCore


def read_statements(core: QenexCore, read: Callable[[], object]) -> list[tuple[str, Any]]:
    """Every statement ``read`` runs on the read engine, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(core.db.read_engine, "before_cursor_execute", record)
    try:
        read()
    finally:
        event.remove(core.db.read_engine, "before_cursor_execute", record)
    return seen
