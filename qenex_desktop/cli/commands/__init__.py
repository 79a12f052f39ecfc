"""Each module adds one command group with ``register(subparsers)``; handlers take (ctx, args)."""

from types import ModuleType

from qenex_desktop.cli.commands import (
    account,
    audit,
    auth,
    balance,
    chain,
    import_legacy,
    liquidity,
    monitor,
    network,
    node,
    pool,
    profile,
    qxc,
    status,
    swap,
    token,
    wallet,
)

COMMAND_MODULES: list[ModuleType] = [profile, auth, status, audit]
COMMAND_MODULES += [wallet, chain, network, qxc, node]
COMMAND_MODULES += [monitor]
COMMAND_MODULES += [token, account, balance, pool, swap, liquidity, import_legacy]
