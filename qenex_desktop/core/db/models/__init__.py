"""Every table of the ledger. Each module registers its tables on ``Base.metadata``."""

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models.app_state import AppState
from qenex_desktop.core.db.models.audit import AuditCheckpoint, AuditEntry
from qenex_desktop.core.db.models.profile import LoginSession, Profile

__all__ = ["AppState", "AuditCheckpoint", "AuditEntry", "Base", "LoginSession", "Profile"]
