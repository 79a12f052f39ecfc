"""The ledger database: SQLite through SQLAlchemy 2, schema by Alembic."""

from qenex_desktop.core.db.engine import Database

__all__ = ["Database"]
