"""The Uniswap V2 Router02 calls read back from calldata (issue 15, the exchange calls of issue 16):
built with the project's own encoder (``v2.abi.encode_call``), decoded with ``decode.decode_call``;
and on a real Hardhat node, the swap ``qenex swap exec --venue chain`` sent decodes to that swap."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.chain import decode, decode_router
from qenex_desktop.core.chain.types import ETH, TokenInfo
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.validation import to_checksum_address
from qenex_desktop.gui.dialogs.send_preview import describe_call
from tests.chain.conftest import ETHER
from tests.chain.test_cli_chain import Cli, cli
from tests.chain.test_v2_swap_cli import cli_chain
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

__all__ = ["cli", "cli_chain"]
ME = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
ROUTER = "0x7a2088a1bFc9d81c55368AE168C2C02570cB814F"
QXC = TokenInfo("0x5FbDB2315678afecb367f032d93F642f64180aa3", "QENEX Coin", "QXC", 18, True)
USD = TokenInfo("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", "Dollar", "USD", 6, False)
WETH = to_checksum_address("0xcf7ed3acca5a467e9e704c703e3d87f634fb0fc9")
DEADLINE = 1_800_000_000  # 2027-01-15 08:00:00 UTC
TOKENS = {t.address: t for t in (QXC, USD)}

# function, its arguments (after the path or the tokens: amounts, to, deadline), the ETH value,
# (amount name, value, asset, flow) expected, the path / pair expected.
CASES: list[tuple[str, tuple[Any, ...], int, list[tuple[str, int, str | None, str]], tuple[str, ...]]] = [
    ("swapExactTokensForTokens", (5 * ETHER, 9_000_000, [QXC.address, WETH, USD.address], ME, DEADLINE), 0,
     [("amountIn", 5 * ETHER, QXC.address, "out"), ("amountOutMin", 9_000_000, USD.address, "in")],
     (QXC.address, WETH, USD.address)),
    ("swapTokensForExactTokens", (7_000_000, 3 * ETHER, [QXC.address, USD.address], ME, DEADLINE), 0,
     [("amountOut", 7_000_000, USD.address, "in"), ("amountInMax", 3 * ETHER, QXC.address, "out")],
     (QXC.address, USD.address)),
    ("swapExactETHForTokens", (4 * ETHER, [WETH, QXC.address], ME, DEADLINE), ETHER,
     [("amountOutMin", 4 * ETHER, QXC.address, "in"), ("value", ETHER, ETH, "")], (WETH, QXC.address)),
    ("swapTokensForExactETH", (ETHER, 6 * ETHER, [QXC.address, WETH], ME, DEADLINE), 0,
     [("amountOut", ETHER, ETH, "in"), ("amountInMax", 6 * ETHER, QXC.address, "out")], (QXC.address, WETH)),
    ("swapExactTokensForETH", (6 * ETHER, ETHER // 2, [QXC.address, WETH], ME, DEADLINE), 0,
     [("amountIn", 6 * ETHER, QXC.address, "out"), ("amountOutMin", ETHER // 2, ETH, "in")],
     (QXC.address, WETH)),
    ("swapETHForExactTokens", (8 * ETHER, [WETH, QXC.address], ME, DEADLINE), 2 * ETHER,
     [("amountOut", 8 * ETHER, QXC.address, "in"), ("value", 2 * ETHER, ETH, "")], (WETH, QXC.address)),
    ("addLiquidity",
     (QXC.address, USD.address, 10 * ETHER, 20_000_000, 9 * ETHER, 19_000_000, ME, DEADLINE), 0,
     [("amountADesired", 10 * ETHER, QXC.address, "out"), ("amountBDesired", 20_000_000, USD.address, "out"),
      ("amountAMin", 9 * ETHER, QXC.address, ""), ("amountBMin", 19_000_000, USD.address, "")],
     (QXC.address, USD.address)),
    ("addLiquidityETH", (QXC.address, 10 * ETHER, 9 * ETHER, ETHER // 2, ME, DEADLINE), ETHER,
     [("amountTokenDesired", 10 * ETHER, QXC.address, "out"), ("amountTokenMin", 9 * ETHER, QXC.address, ""),
      ("amountETHMin", ETHER // 2, ETH, ""), ("value", ETHER, ETH, "")], (QXC.address,)),
    ("removeLiquidity", (QXC.address, USD.address, 1000, 3 * ETHER, 4_000_000, ME, DEADLINE), 0,
     [("liquidity", 1000, None, "out"), ("amountAMin", 3 * ETHER, QXC.address, "in"),
      ("amountBMin", 4_000_000, USD.address, "in")], (QXC.address, USD.address)),
    ("removeLiquidityETH", (QXC.address, 1000, 3 * ETHER, ETHER // 4, ME, DEADLINE), 0,
     [("liquidity", 1000, None, "out"), ("amountTokenMin", 3 * ETHER, QXC.address, "in"),
      ("amountETHMin", ETHER // 4, ETH, "in")], (QXC.address,)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args", "value", "amounts", "path"), CASES, ids=[c[0] for c in CASES])
def test_each_router_call_round_trips(
    name: str, args: tuple[Any, ...], value: int, amounts: list[tuple[str, int, str | None, str]],
    path: tuple[str, ...],
) -> None:  # fmt: skip
    data = abi.encode_call("router", name, *args)
    call = decode.decode_call(ROUTER, value, data, tokens=TOKENS.get)
    assert call.kind == decode_router.kind_of(name) and decode_router.KNOWN[call.kind] == name
    assert call.function is not None and call.function.startswith(name + "(")
    assert call.selector == abi.selector("router", name) and call.contract == ROUTER
    assert call.router is not None
    assert call.router.recipient == call.target == ME and call.router.deadline == DEADLINE
    assert call.router.path == path
    assert [(a.name, a.value, a.asset, a.flow) for a in call.router.amounts] == amounts
    units = {a.asset: (a.symbol, a.decimals) for a in call.router.amounts}
    assert units.get(USD.address, ("USD", 6)) == ("USD", 6) and units.get(ETH, ("ETH", 18)) == ("ETH", 18)


def test_kinds_are_the_ten_router_functions() -> None:
    assert sorted(decode_router.KNOWN) == sorted(
        ["swap_exact_tokens_for_tokens", "swap_tokens_for_exact_tokens", "swap_exact_eth_for_tokens",
         "swap_tokens_for_exact_eth", "swap_exact_tokens_for_eth", "swap_eth_for_exact_tokens",
         "add_liquidity", "add_liquidity_eth", "remove_liquidity", "remove_liquidity_eth"]
    )  # fmt: skip
    # the same functions as the router ABI the project ships (v2/abi.py), argument for argument
    for name in decode_router.FUNCTIONS:
        inputs = tuple((p["type"], p["name"]) for p in abi.fragment("router", name)["inputs"])
        assert decode_router.INPUTS[name] == inputs, name
    # the well-known selectors of Router02 (as block explorers show them)
    assert abi.selector("router", "swapExactTokensForTokens") == "0x38ed1739"
    assert abi.selector("router", "addLiquidityETH") == "0xf305d719"


def _changes(name: str, *args: Any, value: int = 0, sender: str = ME) -> list[tuple[str, str | None, int]]:
    call = decode.decode_call(ROUTER, value, abi.encode_call("router", name, *args), tokens=TOKENS.get)
    return [(c.asset, c.symbol, c.delta) for c in decode.balance_changes(call, sender, value, 100)]


def test_the_senders_expected_balance_changes() -> None:
    route = ([QXC.address, USD.address], ME, DEADLINE)
    assert _changes("swapExactTokensForTokens", 5, 9, *route) == [
        (ETH, ETH, -100), (QXC.address, "QXC", -5), (USD.address, "USD", 9)
    ]  # fmt: skip
    # ETH in: the value (and the fee) leaves, at least amountOutMin comes
    assert _changes("swapExactETHForTokens", 4, [WETH, QXC.address], ME, DEADLINE, value=50) == [
        (ETH, ETH, -150), (QXC.address, "QXC", 4)
    ]  # fmt: skip
    # ETH out: the ETH row nets the fee against what comes
    assert _changes("swapExactTokensForETH", 6, 1000, [QXC.address, WETH], ME, DEADLINE)[0] == (ETH, ETH, 900)
    # to another recipient: what comes does not come to the sender
    assert _changes("swapExactTokensForTokens", 5, 9, [QXC.address, USD.address], OTHER, DEADLINE) == [
        (ETH, ETH, -100), (QXC.address, "QXC", -5)
    ]  # fmt: skip
    # liquidity: the desired amounts at most go in; removing, at least the minimums come back
    assert _changes("addLiquidity", QXC.address, USD.address, 10, 20, 9, 19, ME, DEADLINE) == [
        (ETH, ETH, -100), (QXC.address, "QXC", -10), (USD.address, "USD", -20)
    ]  # fmt: skip
    assert _changes("removeLiquidityETH", QXC.address, 1000, 3, 40, ME, DEADLINE) == [
        (ETH, ETH, -60), (QXC.address, "QXC", 3)
    ]  # fmt: skip
    # a token the wallet does not know: its base units, no symbol
    unknown = "0x" + "ab" * 20
    changes = _changes("swapExactTokensForTokens", 5, 9, [QXC.address, unknown], ME, DEADLINE)
    assert changes[-1][1:] == (None, 9)


def test_truncated_router_calldata_is_unknown() -> None:
    data = abi.encode_call("router", "swapExactTokensForTokens", 5, 9, [QXC.address, WETH], ME, DEADLINE)
    call = decode.decode_call(ROUTER, 0, data[:80])
    assert call.kind == "unknown" and call.router is None and call.selector == "0x38ed1739"


def test_the_confirm_text_says_the_amounts_path_recipient_and_deadline(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    data = abi.encode_call("router", "swapExactTokensForTokens", 5 * ETHER, 9_500_000,
                           [QXC.address, WETH, USD.address], OTHER, DEADLINE)  # fmt: skip
    text = describe_call(decode.decode_call(ROUTER, 0, data, tokens=TOKENS.get), owner)
    assert "Uniswap V2 swap (swapExactTokensForTokens)" in text
    assert "pays exactly 5 QXC" in text and "receives at least 9.5 USD" in text
    assert f"path QXC → {WETH} → USD" in text and f"to {OTHER}" in text
    assert "deadline 2027-01-15 08:00:00 UTC" in text
    eth = abi.encode_call("router", "removeLiquidityETH", QXC.address, 1000, ETHER, ETHER // 4, ME, DEADLINE)
    text = describe_call(decode.decode_call(ROUTER, 0, eth, tokens=TOKENS.get), owner)
    assert "returns 1000 liquidity shares" in text and "receives at least 0.25 ETH" in text
    assert "pair QXC;" in text


def test_the_swap_the_cli_sent_decodes_to_that_swap(
    cli_chain: tuple[Cli, dict[str, object]], hardhat_node: HardhatNode
) -> None:
    cli, v2 = cli_chain
    done = cli(
        "swap", "exec", "--venue", "chain", "--from", "QXC", "--to", "ETH", "--amount-in", "100",
        "--slippage", "1", "--password-stdin", stdin=STRONG_PASSWORD + "\n",
    )  # fmt: skip
    assert done["swap"]["status"] == "confirmed"
    sent = hardhat_node.rpc("eth_getTransactionByHash", [done["swap"]["hash"]])
    block = hardhat_node.rpc("eth_getBlockByNumber", [sent["blockNumber"], False])
    qxc = TokenInfo(str(v2["qxc"]), "QENEX Coin", "QXC", 18, True)
    call = decode.decode_call(
        sent["to"], int(sent["value"], 16), sent["input"], tokens={qxc.address: qxc}.get
    )
    assert call.kind == "swap_exact_tokens_for_eth" and call.contract is not None
    assert call.contract.lower() == str(v2["router"]).lower()
    assert call.router is not None and call.router.path == (v2["qxc"], v2["weth"])
    assert call.router.recipient.lower() == str(sent["from"]).lower()  # the swap pays its sender
    amounts = {a.name: a for a in call.router.amounts}
    assert amounts["amountIn"].value == 100 * ETHER and amounts["amountIn"].symbol == "QXC"
    assert amounts["amountOutMin"].asset == ETH
    received = int(done["received_units"])
    assert received * 99 // 100 <= amounts["amountOutMin"].value <= received
    assert call.router.deadline > int(block["timestamp"], 16)
