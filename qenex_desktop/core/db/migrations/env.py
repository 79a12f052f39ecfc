"""Alembic environment: migrations run from the app on start, on the connection it hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models import load_all

load_all()  # every table on Base.metadata
config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Used by `alembic` on the command line for development (revision --autogenerate).
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev-ledger.db"
        with create_engine(url).connect() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
