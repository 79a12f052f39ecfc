"""Every table of the ledger, one module per part; each module registers its tables on
``Base.metadata``.

A module is imported when one of its names is first asked for (``from qenex_desktop.core.db.models
import ExchangeToken`` loads the exchange's tables only), so a command that reads balances does not
build the chain's, the contacts' or the monitoring's mapped classes (issue 17: CLI start). A module
imports the modules whose tables its foreign keys name. ``load_all()`` imports every module
(Alembic, schema comparison); ``Base`` asked for here has them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from qenex_desktop.core.db.models.chain_pools import CHAIN_DATA, ChainPool, ChainPoolEvent
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

#: module -> the names it defines.
_MODULES: dict[str, tuple[str, ...]] = {
    "app_state": ("AppState",),
    "audit": ("AuditCheckpoint", "AuditEntry"),
    "chain": (
        "ChainNetwork",
        "ChainScanCursor",
        "ChainToken",
        "ChainTransaction",
        "ChainTransfer",
        "WalletAccount",
        "WalletSecret",
        "WalletVault",
    ),
    "chain_pools": ("CHAIN_DATA", "ChainPool", "ChainPoolEvent"),
    "contacts": ("ChainTxLabel", "WalletContact", "WalletContactNetwork"),
    "exchange": (
        "ExchangeAccount",
        "ExchangeBalance",
        "ExchangeLegacyImport",
        "ExchangePool",
        "ExchangePosition",
        "ExchangePricePoint",
        "ExchangeSwap",
        "ExchangeToken",
    ),
    "legacy": ("LegacyHistoryEntry",),
    "monitoring": ("HealthResult", "HoldingSnapshot", "MetricAggregate", "MetricPoint", "SystemSample"),
    "profile": ("LoginSession", "Profile"),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "CHAIN_DATA",
    "AppState",
    "AuditCheckpoint",
    "AuditEntry",
    "Base",
    "ChainNetwork",
    "ChainPool",
    "ChainPoolEvent",
    "ChainScanCursor",
    "ChainToken",
    "ChainTransaction",
    "ChainTransfer",
    "ChainTxLabel",
    "ExchangeAccount",
    "ExchangeBalance",
    "ExchangeLegacyImport",
    "ExchangePool",
    "ExchangePosition",
    "ExchangePricePoint",
    "ExchangeSwap",
    "ExchangeToken",
    "HealthResult",
    "HoldingSnapshot",
    "LegacyHistoryEntry",
    "LoginSession",
    "MetricAggregate",
    "MetricPoint",
    "Profile",
    "SystemSample",
    "WalletAccount",
    "WalletContact",
    "WalletContactNetwork",
    "WalletSecret",
    "WalletVault",
    "load_all",
]


def load_all() -> None:
    """Import every table's module: ``Base.metadata`` then holds the whole schema."""
    for module in _MODULES:
        importlib.import_module(f"{__name__}.{module}")


def __getattr__(name: str) -> Any:
    if name == "Base":
        load_all()
        from qenex_desktop.core.db.base import Base

        return Base
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
