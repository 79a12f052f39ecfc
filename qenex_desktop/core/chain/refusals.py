"""How a node's refusal reads: known custom errors for revert data, and the node's message text."""

from __future__ import annotations

import contextlib
from typing import Any

from qenex_desktop.core.chain.artifact import qxc_artifact
from qenex_desktop.core.chain.client import RpcError
from qenex_desktop.core.chain.revert import RevertDecoder
from qenex_desktop.core.errors import ChainError

# OpenZeppelin 5's IERC6093 errors, so imported OZ tokens' reverts read well without their ABI.
_IERC6093_ABI: list[dict[str, Any]] = [
    {
        "type": "error",
        "name": name,
        "inputs": [{"name": n, "type": t} for n, t in inputs],
    }
    for name, inputs in (
        ("ERC20InsufficientBalance", [("sender", "address"), ("balance", "uint256"), ("needed", "uint256")]),
        ("ERC20InvalidSender", [("sender", "address")]),
        ("ERC20InvalidReceiver", [("receiver", "address")]),
        (
            "ERC20InsufficientAllowance",
            [("spender", "address"), ("allowance", "uint256"), ("needed", "uint256")],
        ),
        ("ERC20InvalidApprover", [("approver", "address")]),
        ("ERC20InvalidSpender", [("spender", "address")]),
    )
]


def rpc_text(exc: RpcError) -> str:
    return exc.message.lower()


def build_decoder() -> RevertDecoder:
    """A decoder for OpenZeppelin's ERC-20 errors and, when its artifact loads, QXC's own."""
    decoder = RevertDecoder([_IERC6093_ABI])
    with contextlib.suppress(ChainError):
        decoder.add_abi(qxc_artifact().abi)
    return decoder
