from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base


class AuditEntry(Base):
    """One link of the hash chain. See ``qenex_desktop.core.audit`` for how the hashes are made."""

    __tablename__ = "audit_log"
    #: Time windows of one category (monitoring's money counts) read only the window (0007).
    __table_args__ = (Index("ix_audit_log_category_created", "category", "created_at"),)

    #: Sequence number: 1, 2, 3, ... with no gaps, so a deleted entry shows. Triggers (migration
    #: 0006) refuse an insert whose id is not max(id) + 1 and any change of an id.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    category: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    event: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    actor: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[str] = mapped_column(Text, nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False)


class AuditCheckpoint(Base):
    """The last entry a full verification reached, so the next check starts there."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verified_through: Mapped[int] = mapped_column(Integer, nullable=False)
    verified_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    verified_at: Mapped[int] = mapped_column(BigInteger, nullable=False)


class AuditStats(Base):
    """How many entries ``audit_log`` holds, kept by triggers (migration 0009) in the transaction
    of every insert and delete: the incremental verify compares it with max(id) instead of counting."""

    __tablename__ = "audit_stats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entries: Mapped[int] = mapped_column(Integer, nullable=False)
