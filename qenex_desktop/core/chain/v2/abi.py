"""The ABI of every Uniswap V2 and ERC-20 function the wallet calls, as data, with their encoders.

Only these functions (no bytecode: the dev chain's deploy reads the npm packages' artifacts).
Signatures and types come from ``@uniswap/v2-core`` (IUniswapV2Pair, IUniswapV2Factory),
``@uniswap/v2-periphery`` (IUniswapV2Router02) and EIP-20; selectors are computed from them.
"""

from __future__ import annotations

from typing import Any

from eth_abi import decode, encode
from eth_utils import keccak

from qenex_desktop.core.validation import to_checksum_address

Param = tuple[str, str]


def _fn(name: str, inputs: list[Param], outputs: list[Param], mutability: str = "view") -> dict[str, Any]:
    return {
        "type": "function",
        "name": name,
        "inputs": [{"name": n, "type": t} for t, n in inputs],
        "outputs": [{"name": n, "type": t} for t, n in outputs],
        "stateMutability": mutability,
    }


_SWAP_IN = [("uint256", "amountIn"), ("uint256", "amountOutMin")]
_SWAP_OUT = [("uint256", "amountOut"), ("uint256", "amountInMax")]
_ROUTE = [("address[]", "path"), ("address", "to"), ("uint256", "deadline")]
_AMOUNTS = [("uint256[]", "amounts")]
_DESIRED = [("uint256", "amountADesired"), ("uint256", "amountBDesired")]
_LIQ_MIN = [("uint256", "amountAMin"), ("uint256", "amountBMin")]
_ETH_MIN = [("uint256", "amountTokenMin"), ("uint256", "amountETHMin")]
_TO_DEADLINE = [("address", "to"), ("uint256", "deadline")]

PAIR: list[dict[str, Any]] = [
    _fn(
        "getReserves",
        [],
        [("uint112", "reserve0"), ("uint112", "reserve1"), ("uint32", "blockTimestampLast")],
    ),
    _fn("token0", [], [("address", "")]),
    _fn("token1", [], [("address", "")]),
    _fn("totalSupply", [], [("uint256", "")]),
    _fn("balanceOf", [("address", "owner")], [("uint256", "")]),
]
FACTORY: list[dict[str, Any]] = [
    _fn("getPair", [("address", "tokenA"), ("address", "tokenB")], [("address", "pair")]),
    _fn("allPairsLength", [], [("uint256", "")]),
]
ROUTER: list[dict[str, Any]] = [
    _fn("factory", [], [("address", "")], "pure"),
    _fn("WETH", [], [("address", "")], "pure"),
    _fn("getAmountsOut", [("uint256", "amountIn"), ("address[]", "path")], _AMOUNTS),
    _fn("getAmountsIn", [("uint256", "amountOut"), ("address[]", "path")], _AMOUNTS),
    _fn("swapExactTokensForTokens", _SWAP_IN + _ROUTE, _AMOUNTS, "nonpayable"),
    _fn("swapTokensForExactTokens", _SWAP_OUT + _ROUTE, _AMOUNTS, "nonpayable"),
    _fn("swapExactETHForTokens", [("uint256", "amountOutMin"), *_ROUTE], _AMOUNTS, "payable"),
    _fn("swapTokensForExactETH", _SWAP_OUT + _ROUTE, _AMOUNTS, "nonpayable"),
    _fn("swapExactTokensForETH", _SWAP_IN + _ROUTE, _AMOUNTS, "nonpayable"),
    _fn("swapETHForExactTokens", [("uint256", "amountOut"), *_ROUTE], _AMOUNTS, "payable"),
    _fn(
        "addLiquidity",
        [("address", "tokenA"), ("address", "tokenB"), *_DESIRED, *_LIQ_MIN, *_TO_DEADLINE],
        [("uint256", "amountA"), ("uint256", "amountB"), ("uint256", "liquidity")],
        "nonpayable",
    ),
    _fn(
        "addLiquidityETH",
        [("address", "token"), ("uint256", "amountTokenDesired"), *_ETH_MIN, *_TO_DEADLINE],
        [("uint256", "amountToken"), ("uint256", "amountETH"), ("uint256", "liquidity")],
        "payable",
    ),
    _fn(
        "removeLiquidity",
        [("address", "tokenA"), ("address", "tokenB"), ("uint256", "liquidity"), *_LIQ_MIN, *_TO_DEADLINE],
        [("uint256", "amountA"), ("uint256", "amountB")],
        "nonpayable",
    ),
    _fn(
        "removeLiquidityETH",
        [("address", "token"), ("uint256", "liquidity"), *_ETH_MIN, *_TO_DEADLINE],
        [("uint256", "amountToken"), ("uint256", "amountETH")],
        "nonpayable",
    ),
]
ERC20: list[dict[str, Any]] = [
    _fn("approve", [("address", "spender"), ("uint256", "amount")], [("bool", "")], "nonpayable"),
    _fn("allowance", [("address", "owner"), ("address", "spender")], [("uint256", "")]),
]
CONTRACTS: dict[str, list[dict[str, Any]]] = {
    "pair": PAIR,
    "factory": FACTORY,
    "router": ROUTER,
    "erc20": ERC20,
}


def fragment(contract: str, name: str) -> dict[str, Any]:
    for entry in CONTRACTS[contract]:
        if entry["name"] == name:
            return entry
    raise KeyError(f"{contract}.{name} is not in the wallet's V2 ABI")


def _types(params: list[dict[str, Any]]) -> list[str]:
    return [str(p["type"]) for p in params]


def selector(contract: str, name: str) -> str:
    entry = fragment(contract, name)
    signature = f"{name}({','.join(_types(entry['inputs']))})"
    return "0x" + keccak(text=signature)[:4].hex()


def encode_call(contract: str, name: str, *args: Any) -> str:
    """Call data of ``contract.name(args)``: selector and ABI-encoded arguments, as 0x-hex."""
    entry = fragment(contract, name)
    return selector(contract, name) + encode(_types(entry["inputs"]), list(args)).hex()


def decode_result(contract: str, name: str, data: str) -> tuple[Any, ...]:
    """The return values of ``contract.name`` from an eth_call's 0x-hex result."""
    types = _types(fragment(contract, name)["outputs"])
    values = decode(types, bytes.fromhex(data.removeprefix("0x")))
    return tuple(_checksummed(kind, value) for kind, value in zip(types, values, strict=True))


def _checksummed(kind: str, value: Any) -> Any:
    """Addresses as EIP-55 text (eth-abi decodes them in lower case)."""
    if kind == "address":
        return to_checksum_address(str(value))
    if kind == "address[]":
        return tuple(to_checksum_address(str(v)) for v in value)
    return value
