"""What a transaction does, read from its calldata, and what it changes in the sender's balances.

The calls the app knows, by selector: the first four bytes of keccak-256 of the signature,
computed with ``erc20.selector`` (the project's keccak), never typed in:

==========================================  ==========  ============================
signature                                   selector    from
==========================================  ==========  ============================
transfer(address,uint256)                   0xa9059cbb  EIP-20
approve(address,uint256)                    0x095ea7b3  EIP-20
transferFrom(address,address,uint256)       0x23b872dd  EIP-20
mint(address,uint256)                       0x40c10f19  QXCToken (MINTER_ROLE)
burn(uint256)                               0x42966c68  QXCToken (ERC20Burnable)
burnFrom(address,uint256)                   0x79cc6790  QXCToken (ERC20Burnable)
pause()                                     0x8456cb59  QXCToken (PAUSER_ROLE)
unpause()                                   0x3f4ba83a  QXCToken (PAUSER_ROLE)
grantRole(bytes32,address)                  0x2f2ff15d  AccessControl (admin)
revokeRole(bytes32,address)                 0xd547741f  AccessControl (admin)
renounceRole(bytes32,address)               0x36568abe  AccessControl
==========================================  ==========  ============================

The Uniswap V2 Router02 swap and liquidity calls are read by ``decode_router`` (its table there).
Anything else with calldata is an "unknown" contract call, shown with its selector, never as a
plain send. An approve of 2^256-1, or of at least 2^255 (what "unlimited" buttons send), is flagged.
"""

from __future__ import annotations

from collections.abc import Callable

from eth_abi import decode, encode
from eth_utils import keccak

from qenex_desktop.core.chain.decode_router import decode_router, router_changes
from qenex_desktop.core.chain.erc20 import selector
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, BalanceChange, DecodedCall, TokenInfo
from qenex_desktop.core.validation import format_amount, to_checksum_address

#: An approve of at least this much is "unlimited" (2^256-1 is the usual, some send 2^255 and up).
UNLIMITED_FROM = 2**255

#: kind -> (signature, argument names in order).
KNOWN: dict[str, tuple[str, tuple[str, ...]]] = {
    "transfer": ("transfer(address,uint256)", ("target", "amount")),
    "approve": ("approve(address,uint256)", ("target", "amount")),
    "transfer_from": ("transferFrom(address,address,uint256)", ("source", "target", "amount")),
    "mint": ("mint(address,uint256)", ("target", "amount")),
    "burn": ("burn(uint256)", ("amount",)),
    "burn_from": ("burnFrom(address,uint256)", ("source", "amount")),
    "pause": ("pause()", ()),
    "unpause": ("unpause()", ()),
    "grant_role": ("grantRole(bytes32,address)", ("role", "target")),
    "revoke_role": ("revokeRole(bytes32,address)", ("role", "target")),
    "renounce_role": ("renounceRole(bytes32,address)", ("role", "target")),
}
_BY_SELECTOR = {selector(signature): kind for kind, (signature, _names) in KNOWN.items()}
#: QXCToken's roles (AccessControl): the admin role is zero, the others keccak of their name.
ROLE_IDS = {
    "DEFAULT_ADMIN_ROLE": bytes(32),
    "MINTER_ROLE": keccak(text="MINTER_ROLE"),
    "PAUSER_ROLE": keccak(text="PAUSER_ROLE"),
}
_ROLE_NAMES = {role_id: name for name, role_id in ROLE_IDS.items()}


def _types(signature: str) -> list[str]:
    inner = signature[signature.index("(") + 1 : -1]
    return inner.split(",") if inner else []


def encode_call(kind: str, *args: object) -> str:
    """Calldata of one of the ``KNOWN`` calls (a role by its name, or its 32 bytes)."""
    signature, _names = KNOWN[kind]
    types = _types(signature)
    values = [
        ROLE_IDS.get(a, a) if isinstance(a, str) and t == "bytes32" else a
        for t, a in zip(types, args, strict=True)
    ]
    return selector(signature) + (encode(types, values).hex() if types else "")


def decode_call(
    to: str | None,
    value: int,
    data: str,
    token: TokenInfo | None = None,
    tokens: Callable[[str], TokenInfo | None] | None = None,
) -> DecodedCall:
    """What a transaction to ``to`` with ``value`` wei and ``data`` does (``token``: what ``to`` is;
    ``tokens``: a token address's symbol and decimals, for a router call's path)."""
    raw = bytes.fromhex((data or "0x").removeprefix("0x"))
    if not raw:
        return DecodedCall("eth_send", None, None, None, ETH, ETH_DECIMALS, value, to)
    head = "0x" + raw[:4].hex()
    symbol, decimals = (token.symbol, token.decimals) if token is not None else (None, 0)
    kind = _BY_SELECTOR.get(head)
    if kind is None and len(raw) >= 4:
        routed = decode_router(to, value, raw, tokens)
        if routed is not None:
            return routed
    if kind is None or len(raw) < 4:
        return DecodedCall("unknown", to, None, head, symbol, decimals)
    signature, names = KNOWN[kind]
    try:
        values = decode(_types(signature), raw[4:]) if names else ()
    except Exception:
        return DecodedCall("unknown", to, None, head, symbol, decimals)
    fields: dict[str, object] = {}
    for name, item in zip(names, values, strict=True):
        if name == "role":
            fields[name] = _ROLE_NAMES.get(bytes(item), "0x" + bytes(item).hex())
        elif name in ("target", "source"):
            fields[name] = to_checksum_address(str(item))
        else:
            fields[name] = int(item)
    amount = fields.get("amount")
    unlimited = kind == "approve" and isinstance(amount, int) and amount >= UNLIMITED_FROM
    return DecodedCall(
        kind,
        to,
        signature,
        head,
        symbol,
        decimals,
        amount=amount if isinstance(amount, int) else None,
        target=_text(fields.get("target")),
        source=_text(fields.get("source")),
        role=_text(fields.get("role")),
        unlimited=unlimited,
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def balance_changes(call: DecodedCall, sender: str, value: int, max_fee: int) -> tuple[BalanceChange, ...]:
    """The sender's expected changes: ETH by -(value + the most the fee can be), a token by what the
    call moves to or from the sender (an approve moves nothing, it only allows)."""
    changes = [BalanceChange(ETH, ETH, ETH_DECIMALS, -(value + max_fee))]
    if call.router is not None:
        return router_changes(call, sender, changes[0])
    if call.contract is None or call.amount is None:
        return tuple(changes)
    delta = 0
    if call.kind in ("transfer", "burn"):
        delta = 0 if call.target == sender else -call.amount
    elif call.kind in ("transfer_from", "burn_from"):
        delta = (-call.amount if call.source == sender else 0) + (call.amount if call.target == sender else 0)
    elif call.kind == "mint" and call.target == sender:
        delta = call.amount
    if delta:
        changes.append(BalanceChange(call.contract, call.symbol, call.decimals, delta))
    return tuple(changes)


_INSUFFICIENT_BALANCE = selector("ERC20InsufficientBalance(address,uint256,uint256)")
_INSUFFICIENT_ALLOWANCE = selector("ERC20InsufficientAllowance(address,uint256,uint256)")
_ENFORCED_PAUSE = selector("EnforcedPause()")
_UNAUTHORIZED = selector("AccessControlUnauthorizedAccount(address,bytes32)")


def explain_revert(data: str | None, call: DecodedCall) -> str | None:
    """The errors people meet most (OpenZeppelin 5's), in words and token units; None for others
    (the decoded reason then says it alone)."""
    raw = bytes.fromhex((data or "0x").removeprefix("0x"))
    head, body = "0x" + raw[:4].hex(), raw[4:]

    def units(value: int) -> str:
        return (
            f"{format_amount(value, call.decimals)} {call.symbol}" if call.symbol else f"{value} base units"
        )

    try:
        if head == _INSUFFICIENT_BALANCE:
            _sender, balance, needed = decode(["address", "uint256", "uint256"], body)
            return f"the account holds {units(int(balance))}; this needs {units(int(needed))}"
        if head == _INSUFFICIENT_ALLOWANCE:
            spender, allowance, needed = decode(["address", "uint256", "uint256"], body)
            return (
                f"{to_checksum_address(str(spender))} may spend {units(int(allowance))} of it; "
                f"this needs {units(int(needed))}"
            )
        if head == _ENFORCED_PAUSE:
            return "the token is paused: no transfers until its pauser unpauses it"
        if head == _UNAUTHORIZED:
            account, role = decode(["address", "bytes32"], body)
            name = _ROLE_NAMES.get(bytes(role), "0x" + bytes(role).hex())
            return f"{to_checksum_address(str(account))} does not have {name}"
    except Exception:
        return None
    return None
