"""Each module adds its command group with ``register(subparsers)``; handlers take (ctx, args).

A module is imported only when its command is the one that runs: ``qenex --version``, ``--help``
and a malformed command line import none of them (the wallet module alone pulls in eth-account,
seconds on a cold, busy machine). ``COMMANDS`` names each top-level command's module and the
one-line help that ``qenex --help`` shows; ``tests/foundation/test_cli_startup.py`` checks each
module registers exactly these names with exactly this help.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: command -> (module in this package, one-line help), in the order ``qenex --help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "profile": ("profile", "create and list profiles"),
    "login": ("auth", "log in and keep the session in the OS keyring"),
    "logout": ("auth", "end the session and remove it from the keyring"),
    "status": ("status", "profile, session, keyring backend, database and schema"),
    "audit": ("audit", "verify and export the tamper-evident audit log"),
    "wallet": ("wallet", "create, import, export and list wallet accounts"),
    "chain": ("chain", "balances, sends, transactions, tokens, history"),
    "network": ("network", "list, add and choose networks"),
    "qxc": ("qxc", "the QXC token"),
    "node": ("node", "start, check and stop the local Hardhat node"),
    "monitor": ("monitor", "health checks, operation metrics, system and transaction stats"),
    "token": ("token", "create, list, mint, burn and transfer local tokens"),
    "account": ("account", "your ledger accounts and counterparties"),
    "balance": ("balance", "token balances of your ledger accounts"),
    "pool": ("pool", "create, list and inspect liquidity pools"),
    "swap": ("swap", "quote or execute a swap on the local exchange"),
    "liquidity": ("liquidity", "add or remove liquidity, list your positions"),
    "allowance": ("allowance", "token allowances your accounts gave, and revoke them"),
    "contact": ("contact", "the address book: names for addresses you send to"),
    "label": ("label", "export or import labels as BIP-329 JSON lines"),
    "import-legacy": (
        "import_legacy",
        "import users, tokens, balances, pools, positions and history of the original QENEX databases",
    ),
    "batch": ("batch", "run many commands in one process: JSON lines in, one JSON object out per line"),
}


def load(module: str) -> ModuleType:
    """The command module ``module`` (a value of ``COMMANDS``), imported now."""
    return importlib.import_module(f"{__name__}.{module}")


def module_names() -> list[str]:
    """Every command module once, in ``COMMANDS`` order."""
    return list(dict.fromkeys(module for module, _ in COMMANDS.values()))
