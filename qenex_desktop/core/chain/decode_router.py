"""The Uniswap V2 Router02 calls the wallet makes (issue 16's on-chain exchange), read back from
calldata: the path, the recipient, the deadline and every amount in the units of what it is of.

Signatures are Uniswap V2 Router02's (``@uniswap/v2-periphery`` ``IUniswapV2Router02.sol``), the
same as the ABI data the project ships (``v2/abi.py`` ``ROUTER``; a test holds them equal: this
module sits below ``v2`` in the core.chain layers, so it cannot import it); selectors computed from
them with ``erc20.selector`` (the project's keccak-256), never typed in:

==============================================================================  ==========
signature                                                                       selector
==============================================================================  ==========
swapExactTokensForTokens(uint256,uint256,address[],address,uint256)             0x38ed1739
swapTokensForExactTokens(uint256,uint256,address[],address,uint256)             0x8803dbee
swapExactETHForTokens(uint256,address[],address,uint256)                        0x7ff36ab5
swapTokensForExactETH(uint256,uint256,address[],address,uint256)                0x4a25d94a
swapExactTokensForETH(uint256,uint256,address[],address,uint256)                0x18cbafe5
swapETHForExactTokens(uint256,address[],address,uint256)                        0xfb3bdb41
addLiquidity(address,address,uint256,uint256,uint256,uint256,address,uint256)   0xe8e33700
addLiquidityETH(address,uint256,uint256,uint256,address,uint256)                0xf305d719
removeLiquidity(address,address,uint256,uint256,uint256,address,uint256)        0xbaa2abde
removeLiquidityETH(address,uint256,uint256,uint256,address,uint256)             0x02751cec
==============================================================================  ==========

The ETH functions' ETH side is the transaction's value (in) or the router's ETH payout (out), never
WETH, although WETH is in the path.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eth_abi import decode

from qenex_desktop.core.chain.erc20 import selector
from qenex_desktop.core.chain.types import (
    ETH,
    ETH_DECIMALS,
    BalanceChange,
    DecodedCall,
    RouterAmount,
    RouterCall,
    TokenInfo,
)
from qenex_desktop.core.validation import to_checksum_address

TokenLookup = Callable[[str], TokenInfo | None]

_IN = (("uint256", "amountIn"), ("uint256", "amountOutMin"))
_OUT = (("uint256", "amountOut"), ("uint256", "amountInMax"))
_ROUTE = (("address[]", "path"), ("address", "to"), ("uint256", "deadline"))
_PAIR = (("address", "tokenA"), ("address", "tokenB"))
_LIQ_MIN = (("uint256", "amountAMin"), ("uint256", "amountBMin"))
_ETH_MIN = (("uint256", "amountTokenMin"), ("uint256", "amountETHMin"))
_TO = (("address", "to"), ("uint256", "deadline"))
#: Router02 function -> its inputs (type, name), as in IUniswapV2Router02.
INPUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "swapExactTokensForTokens": _IN + _ROUTE,
    "swapTokensForExactTokens": _OUT + _ROUTE,
    "swapExactETHForTokens": (("uint256", "amountOutMin"), *_ROUTE),
    "swapTokensForExactETH": _OUT + _ROUTE,
    "swapExactTokensForETH": _IN + _ROUTE,
    "swapETHForExactTokens": (("uint256", "amountOut"), *_ROUTE),
    "addLiquidity": (*_PAIR, ("uint256", "amountADesired"), ("uint256", "amountBDesired"), *_LIQ_MIN, *_TO),
    "addLiquidityETH": (("address", "token"), ("uint256", "amountTokenDesired"), *_ETH_MIN, *_TO),
    "removeLiquidity": (*_PAIR, ("uint256", "liquidity"), *_LIQ_MIN, *_TO),
    "removeLiquidityETH": (("address", "token"), ("uint256", "liquidity"), *_ETH_MIN, *_TO),
}
FUNCTIONS = tuple(INPUTS)


def kind_of(name: str) -> str:
    """The kind of a router function: swapExactETHForTokens is swap_exact_eth_for_tokens."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


#: kind -> the router function's name.
KNOWN = {kind_of(name): name for name in FUNCTIONS}


def signature(name: str) -> str:
    return f"{name}({','.join(kind for kind, _arg in INPUTS[name])})"


_BY_SELECTOR = {selector(signature(name)): name for name in FUNCTIONS}


def _side(name: str, arg: str, args: dict[str, object]) -> str | None:
    """What the amount argument ``arg`` of ``name`` is of: ETH, a token address, or None (shares)."""
    path = args.get("path")
    if arg in ("amountIn", "amountInMax"):
        return str(path[0]) if isinstance(path, tuple) else None
    if arg in ("amountOut", "amountOutMin"):
        return ETH if name.endswith("ETH") else (str(path[-1]) if isinstance(path, tuple) else None)
    if arg.startswith("amountETH"):
        return ETH
    for prefix, key in (("amountA", "tokenA"), ("amountB", "tokenB"), ("amountToken", "token")):
        if arg.startswith(prefix):
            return str(args[key])
    return None


def _flow(name: str, arg: str) -> str:
    if name.startswith("swap"):
        return "out" if arg.startswith("amountIn") else "in"
    if name.startswith("add"):
        return "out" if arg.endswith("Desired") else ""
    return "out" if arg == "liquidity" else "in"


def decode_router(
    to: str | None, value: int, raw: bytes, tokens: TokenLookup | None = None
) -> DecodedCall | None:
    """The router call in ``raw`` calldata (None when it is no Router02 call the app knows, or its
    arguments do not decode); ``tokens`` tells a token address's symbol and decimals. The ETH sent
    with it is the "value" amount (it is in the ETH balance change already: no flow)."""
    head = "0x" + raw[:4].hex()
    name = _BY_SELECTOR.get(head)
    if name is None:
        return None
    inputs = INPUTS[name]
    try:
        values = decode([kind for kind, _arg in inputs], raw[4:])
    except Exception:
        return None
    args: dict[str, object] = {}
    for (kind, arg), item in zip(inputs, values, strict=True):
        if kind == "address":
            args[arg] = to_checksum_address(str(item))
        elif kind == "address[]":
            args[arg] = tuple(to_checksum_address(str(v)) for v in item)
        else:
            args[arg] = int(item)
    amounts = []
    for kind, arg in inputs:
        if kind != "uint256" or arg == "deadline":
            continue
        asset = _side(name, arg, args)
        token = tokens(asset) if tokens is not None and asset not in (None, ETH) else None
        symbol, decimals = (ETH, ETH_DECIMALS) if asset == ETH else (None, 0)
        if token is not None:
            symbol, decimals = token.symbol, token.decimals
        amounts.append(RouterAmount(arg, int(str(args[arg])), asset, symbol, decimals, _flow(name, arg)))
    if value:
        amounts.append(RouterAmount("value", value, ETH, ETH, ETH_DECIMALS, ""))
    path = args.get("path")
    if not isinstance(path, tuple):
        path = tuple(str(args[k]) for k in ("tokenA", "tokenB", "token") if k in args)
    recipient = str(args["to"])
    router = RouterCall(path, recipient, int(str(args["deadline"])), tuple(amounts))
    return DecodedCall(kind_of(name), to, signature(name), head, target=recipient, router=router)


def router_changes(call: DecodedCall, sender: str, eth: BalanceChange) -> tuple[BalanceChange, ...]:
    """The sender's expected changes of a router call, the ETH row ``eth`` (value and fee) first:
    what it pays (exact, or the most it may pay), and what it gets when it is the recipient (exact,
    or the least it accepts). Liquidity shares (the pair's token) are not counted."""
    assert call.router is not None
    deltas: dict[str, int] = {ETH: eth.delta}
    units: dict[str, tuple[str | None, int]] = {ETH: (ETH, ETH_DECIMALS)}
    for amount in call.router.amounts:
        if amount.asset is None or not amount.flow:
            continue
        if amount.flow == "in" and call.router.recipient != sender:
            continue
        sign = -1 if amount.flow == "out" else 1
        deltas[amount.asset] = deltas.get(amount.asset, 0) + sign * amount.value
        units[amount.asset] = (amount.symbol, amount.decimals)
    return tuple(
        BalanceChange(asset, units[asset][0], units[asset][1], delta)
        for asset, delta in deltas.items()
        if delta or asset == ETH
    )
