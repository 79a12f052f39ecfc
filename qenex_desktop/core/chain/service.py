"""The chain layer as the GUI and the CLI see it: networks, balances, sends, tracking, tokens, QXC.

Every operation first checks the node: the chain id must be the network's (else nothing is read
or signed), and the genesis hash must be the one the ledger knows; when it is not (a local node
restarted with a fresh chain), the old chain's rows are marked stale in one unit of work and
everything shown afterwards comes from the new chain only.

The operations live in one module per job, each part built on the one before it: networks (and
the live node) < assets (tokens, balances) < tracking < sends < deploy (QXC, dev faucet).
"""

from __future__ import annotations

from qenex_desktop.core.chain.deploy import HARDHAT_DEV_MNEMONIC, DeployOps
from qenex_desktop.core.chain.networks import ACTIVE_NETWORK_KEY, LOCAL_NETWORK_NAME, Live


class ChainService(DeployOps):
    """One object for ``core.chain``: every part's operations on one set of dependencies."""


__all__ = ["ACTIVE_NETWORK_KEY", "HARDHAT_DEV_MNEMONIC", "LOCAL_NETWORK_NAME", "ChainService", "Live"]
