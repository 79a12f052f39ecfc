"""QXC deploy parameters: what the wallet passes to QXCToken's constructor.

The constructor's inputs are read from the shipped ABI and filled by name, so a reordering in
the contract cannot silently swap the cap and the initial supply.
"""

from __future__ import annotations

from typing import Any

from qenex_desktop.core.chain.artifact import ContractArtifact
from qenex_desktop.core.errors import ChainError

QXC_DECIMALS = 18
#: Hard cap of the supply (ERC20Capped) and what is minted to the deployer at deploy.
QXC_CAP_WHOLE = 1_000_000_000
QXC_INITIAL_SUPPLY_WHOLE = 100_000_000


def constructor_args(artifact: ContractArtifact, owner: str) -> list[Any]:
    args: list[Any] = []
    for param in artifact.constructor_inputs():
        name = str(param.get("name", "")).lower().lstrip("_")
        kind = str(param["type"])
        if kind == "address":
            args.append(owner)
        elif kind.startswith("uint") and "cap" in name:
            args.append(QXC_CAP_WHOLE * 10**QXC_DECIMALS)
        elif kind.startswith("uint") and ("supply" in name or "initial" in name or "mint" in name):
            args.append(QXC_INITIAL_SUPPLY_WHOLE * 10**QXC_DECIMALS)
        else:
            raise ChainError(
                f"QXCToken's constructor takes {kind} {param.get('name')!r}, which the wallet does not know "
                "how to fill: update qenex_desktop/core/chain/qxc.py."
            )
    return args
