"""History carried over from the original QENEX programs: their ``transactions`` and ``audit_log``.

Read-only (a trigger refuses UPDATE; migration 0007): each row is one original row, kept as the
original wrote it, linked to the import that brought it. A newer copy of the same file replaces
its rows with the newer file's (they hold everything the older one did and more).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models import exchange as _exchange  # noqa: F401  (the tables its foreign keys name)
from qenex_desktop.core.db.models import profile as _profile  # noqa: F401  (the tables its foreign keys name)


class LegacyHistoryEntry(Base):
    __tablename__ = "exchange_legacy_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_legacy_imports.id", ondelete="CASCADE"), index=True, nullable=False
    )
    #: The imported user the row is about (sender, or the user an audit row names), when known.
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="SET NULL"), index=True, nullable=True
    )
    #: "transactions" or "audit_log".
    source_table: Mapped[str] = mapped_column(String(32), nullable=False)
    source_row: Mapped[str] = mapped_column(Text, nullable=False)
    #: The original's timestamp text, as stored (its clock, its format).
    happened_at: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: type (transactions) or action (audit_log).
    kind: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Original username or address of who did it, and of the receiver when there is one.
    actor: Mapped[str | None] = mapped_column(Text, nullable=True)
    counterparty: Mapped[str | None] = mapped_column(Text, nullable=True)
    symbol: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: The amount as the original wrote it (decimal text, never rounded).
    amount: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Every column of the original row, as canonical JSON.
    details: Mapped[str] = mapped_column(Text, nullable=False)
