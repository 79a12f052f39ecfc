"""Every table of the ledger. Each module registers its tables on ``Base.metadata``."""

from qenex_desktop.core.db.base import Base
from qenex_desktop.core.db.models.app_state import AppState
from qenex_desktop.core.db.models.audit import AuditCheckpoint, AuditEntry
from qenex_desktop.core.db.models.chain import (
    ChainNetwork,
    ChainScanCursor,
    ChainToken,
    ChainTransaction,
    ChainTransfer,
    WalletAccount,
    WalletSecret,
    WalletVault,
)
from qenex_desktop.core.db.models.chain_pools import ChainPool, ChainPoolEvent
from qenex_desktop.core.db.models.contacts import ChainTxLabel, WalletContact, WalletContactNetwork
from qenex_desktop.core.db.models.exchange import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangeLegacyImport,
    ExchangePool,
    ExchangePosition,
    ExchangePricePoint,
    ExchangeSwap,
    ExchangeToken,
)
from qenex_desktop.core.db.models.legacy import LegacyHistoryEntry
from qenex_desktop.core.db.models.monitoring import (
    HealthResult,
    HoldingSnapshot,
    MetricAggregate,
    MetricPoint,
    SystemSample,
)
from qenex_desktop.core.db.models.profile import LoginSession, Profile

#: The tables of data read from one chain (each row carries its chain's ``genesis_hash``): flagged
#: stale together when a network serves a new chain or changes its chain id.
CHAIN_DATA = (ChainToken, ChainTransaction, ChainTransfer, ChainScanCursor, ChainPool)

__all__ = ["CHAIN_DATA", "AppState", "AuditCheckpoint", "AuditEntry", "Base", "LoginSession", "Profile"]
__all__ += [
    "ChainNetwork",
    "ChainPool",
    "ChainPoolEvent",
    "ChainScanCursor",
    "ChainToken",
    "ChainTransaction",
    "ChainTransfer",
    "WalletAccount",
    "WalletSecret",
    "WalletVault",
]
__all__ += ["HealthResult", "HoldingSnapshot", "MetricAggregate", "MetricPoint", "SystemSample"]
__all__ += [
    "ExchangeAccount",
    "ExchangeBalance",
    "ExchangeLegacyImport",
    "ExchangePool",
    "ExchangePosition",
    "ExchangePricePoint",
    "ExchangeSwap",
    "ExchangeToken",
    "LegacyHistoryEntry",
]
__all__ += ["ChainTxLabel", "WalletContact", "WalletContactNetwork"]
