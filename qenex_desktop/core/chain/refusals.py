"""How a node's refusal reads: known custom errors for revert data, and the node's message text.

A node answers "no" with a JSON-RPC error whose only stable content is its message (geth, Hardhat
and others word it alike), so this module is the one place that reads those words.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from qenex_desktop.core.chain.artifact import qxc_artifact
from qenex_desktop.core.chain.client import RpcError
from qenex_desktop.core.chain.revert import RevertDecoder
from qenex_desktop.core.errors import (
    ChainError,
    InsufficientFundsError,
    QenexError,
    TransactionRevertedError,
)

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


def already_known(exc: RpcError) -> bool:
    """The node refused a broadcast because it has that very transaction already (not a failure)."""
    text = rpc_text(exc)
    return "already known" in text or "known transaction" in text


def build_decoder() -> RevertDecoder:
    """A decoder for OpenZeppelin's ERC-20 errors and, when its artifact loads, QXC's own."""
    decoder = RevertDecoder([_IERC6093_ABI])
    with contextlib.suppress(ChainError):
        decoder.add_abi(qxc_artifact().abi)
    return decoder


class Refusals:
    """Turns a node's refusal into a domain error; holds the revert decoder, built on first need."""

    def __init__(self) -> None:
        self._decoder: RevertDecoder | None = None
        self._guard = threading.Lock()

    def decoder(self) -> RevertDecoder:
        """The one decoder (loading QXC's artifact costs, so it is built once, by one thread)."""
        if self._decoder is None:
            with self._guard:
                if self._decoder is None:
                    self._decoder = build_decoder()
        return self._decoder

    def error_for(self, exc: RpcError) -> QenexError:
        """A node's refusal as a domain error a person can act on."""
        text = rpc_text(exc)
        data = exc.revert_data()
        if data is not None or "revert" in text or "execution reverted" in text:
            reason = self.decoder().describe(data) if data else exc.message
            return TransactionRevertedError(
                f"The contract refused this transaction: {reason}. Nothing was sent.", field="amount"
            )
        if "insufficient funds" in text or "enough funds" in text:
            return InsufficientFundsError(
                "Not enough ETH to pay for this transaction and its network fee.", field="amount"
            )
        if "nonce too low" in text:
            return ChainError("The account's nonce moved on (another wallet sent from it?); try again.")
        if "underpriced" in text:
            return ChainError(f"The node wants a higher fee: {exc.message}", field="fee")
        return ChainError(f"The node refused the transaction: {exc.message}")
