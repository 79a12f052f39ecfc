"""The exact transaction run on the user's own node before it is signed (``eth_call`` at ``pending``).

Same from, to, value, data, gas, fees and nonce as what would be signed; nothing leaves the machine
but that call to the node the wallet already uses. A revert comes back as ``Simulation(reverted=True)``
with its decoded reason (``RevertDecoder``: Error(string), Panic, the custom errors we know); a token
call that answers ``false`` instead of reverting (old ERC-20s) counts as refused too. Any other
refusal of the node (not a revert) is the domain error it means.
"""

from __future__ import annotations

from typing import Any

from eth_abi import decode

from qenex_desktop.core.chain.client import ChainClient, RpcError
from qenex_desktop.core.chain.decode import explain_revert
from qenex_desktop.core.chain.refusals import Refusals
from qenex_desktop.core.chain.types import DecodedCall, Simulation
from qenex_desktop.core.errors import TransactionRevertedError

#: Calls whose ERC-20 answer is a bool (false means refused, for tokens that do not revert).
_BOOL_ANSWERS = ("transfer", "approve", "transfer_from")


def call_of(
    *,
    sender: str,
    to: str | None,
    value: int,
    data: str,
    gas: int,
    max_fee_per_gas: int,
    max_priority_fee_per_gas: int,
    nonce: int,
) -> dict[str, Any]:
    """The JSON-RPC call object of the transaction that would be signed."""
    call: dict[str, Any] = {
        "from": sender,
        "value": hex(value),
        "data": data,
        "gas": hex(gas),
        "maxFeePerGas": hex(max_fee_per_gas),
        "maxPriorityFeePerGas": hex(max_priority_fee_per_gas),
        "nonce": hex(nonce),
    }
    if to is not None:
        call["to"] = to
    return call


def simulate(client: ChainClient, refusals: Refusals, tx: dict[str, Any], *, call: DecodedCall) -> Simulation:
    """Run ``tx`` at the pending block; ``call`` is what it does (decoded), for the answer's meaning."""
    try:
        answer = client.call(tx, "pending")
    except RpcError as exc:
        error = refusals.error_for(exc)
        if not isinstance(error, TransactionRevertedError):
            raise error from None
        data = exc.revert_data()
        reason = refusals.decoder().describe(data) if data else exc.message
        return Simulation(True, reason, explain_revert(data, call))
    if call.kind in _BOOL_ANSWERS and _answered_false(answer):
        return Simulation(True, "the token answered false (it refused the call without reverting)")
    return Simulation(False)


def _answered_false(answer: str) -> bool:
    raw = bytes.fromhex((answer or "0x").removeprefix("0x"))
    if len(raw) != 32:
        return False  # no answer (tokens that return nothing) is success
    try:
        return not bool(decode(["bool"], raw)[0])
    except Exception:
        return False
