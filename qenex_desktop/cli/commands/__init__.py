"""Each module adds one command group with ``register(subparsers)``; handlers take (ctx, args)."""

from types import ModuleType

from qenex_desktop.cli.commands import (
    audit,
    auth,
    chain,
    monitor,
    network,
    node,
    profile,
    qxc,
    status,
    wallet,
)

COMMAND_MODULES: list[ModuleType] = [profile, auth, status, audit]
COMMAND_MODULES += [wallet, chain, network, qxc, node]
COMMAND_MODULES += [monitor]
