"""On-chain swaps (issue 16) on a real Hardhat node with V2 deployed by the dev-chain script.

The CLI: ``qenex node start`` gives the network its V2; ``swap quote|exec --venue chain`` quotes
what the router gives and swaps in two tracked steps (an exact approval, then the swap);
``network add --v2-*`` is checked with the router. The core: a swap whose price moved past the
slippage (another account traded first) fails with the router's decoded reason and leaves only
the exact approval; a deadline that passed when mined fails EXPIRED; one that passed before
signing is refused and nothing is signed.
"""

from __future__ import annotations

from typing import Any

import pytest

from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.swap import UNLIMITED
from qenex_desktop.core.errors import ValidationError
from tests.chain.conftest import ETHER
from tests.chain.test_cli_chain import Cli, cli
from tests.chain.v2_support import OnChain, dev_send, onchain
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

__all__ = ["cli", "onchain"]
DEV_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"  # Hardhat's dev account #1 (public test key)


def _eth_call(node: HardhatNode, to: str, contract: str, name: str, *args: object) -> tuple[Any, ...]:
    result = node.rpc("eth_call", [{"to": to, "data": abi.encode_call(contract, name, *args)}, "latest"])
    return abi.decode_result(contract, name, result)


@pytest.fixture
def cli_chain(cli: Cli, hardhat_node: HardhatNode) -> tuple[Cli, dict[str, object]]:
    hardhat_node.set_automine(True)
    cli(
        "network", "add", "--name", "Test node", "--rpc-url", hardhat_node.url, "--chain-id", "31337", "--use"
    )
    cli("wallet", "create", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    started = cli("node", "start")
    network = cli("network", "list")["networks"]
    v2 = next(n for n in network if n["name"] == "Test node")["v2"]
    assert v2 is not None and started["qxc_address"]
    return cli, {**v2, "qxc": started["qxc_address"]}


def test_cli_quotes_what_the_router_gives_and_swaps_with_an_exact_approval(
    cli_chain: tuple[Cli, dict[str, object]], hardhat_node: HardhatNode
) -> None:
    cli, v2 = cli_chain
    quote = cli("swap", "quote", "--venue", "chain", "--from", "QXC", "--to", "ETH", "--amount-in", "100")
    amount = 100 * ETHER
    path = [str(v2["qxc"]), str(v2["weth"])]
    router = _eth_call(hardhat_node, str(v2["router"]), "router", "getAmountsOut", amount, path)[0]
    assert quote["amounts_units"] == [str(x) for x in router]
    assert quote["path"] == ["QXC", "ETH"] and quote["round_trips"] == 1
    done = cli(
        "swap", "exec", "--venue", "chain", "--from", "QXC", "--to", "ETH", "--amount-in", "100",
        "--slippage", "1", "--password-stdin", stdin=STRONG_PASSWORD + "\n",
    )  # fmt: skip
    assert done["approval"]["status"] == "confirmed" and done["approval"]["kind"] == "approve"
    assert done["approval"]["amount_units"] == str(amount) and done["approval_unlimited"] is False
    assert done["swap"]["status"] == "confirmed" and done["swap"]["kind"] == "swap"
    assert done["received_units"] == quote["amount_out_units"]
    listed = {tx["hash"]: tx["status"] for tx in cli("chain", "tx", "list")["transactions"]}
    assert listed[done["approval"]["hash"]] == listed[done["swap"]["hash"]] == "confirmed"


def test_cli_unlimited_approval_only_when_asked_and_with_a_warning(
    cli_chain: tuple[Cli, dict[str, object]],
) -> None:
    cli, _ = cli_chain
    done = cli(
        "swap", "exec", "--venue", "chain", "--from", "QXC", "--to", "ETH", "--amount-in", "5",
        "--unlimited-approval", "--password-stdin", stdin=STRONG_PASSWORD + "\n",
    )  # fmt: skip
    assert done["approval_unlimited"] is True and done["approval"]["amount_units"] == str(UNLIMITED)
    assert "WARNING" in done["warning"]


def test_cli_default_venue_is_still_the_ledger(cli_chain: tuple[Cli, dict[str, object]]) -> None:
    cli, _ = cli_chain
    # The ledger answers (it has no such tokens), although the chain could quote this pair.
    refused = cli("swap", "quote", "--from", "QXC", "--to", "ETH", "--amount-in", "1", expect=1)
    assert "Uniswap" not in refused["error"]["message"]
    assert "QXC" in refused["error"]["message"]


def test_network_add_checks_the_v2_deployment_with_the_router(
    cli_chain: tuple[Cli, dict[str, object]], hardhat_node: HardhatNode
) -> None:
    cli, v2 = cli_chain
    base = ["network", "add", "--rpc-url", hardhat_node.url, "--chain-id", "31337"]
    wrong = cli(
        *base, "--name", "Wrong", "--v2-factory", str(v2["factory"]), "--v2-router", str(v2["router"]),
        "--weth", str(v2["qxc"]), expect=1,
    )  # fmt: skip
    assert wrong["error"]["field"] == "weth"
    assert "Wrong" not in [n["name"] for n in cli("network", "list")["networks"]]
    partial = cli(*base, "--name", "Half", "--v2-router", str(v2["router"]), expect=1)
    assert partial["error"]["field"] == "v2_factory"
    added = cli(
        *base, "--name", "Right", "--v2-factory", str(v2["factory"]), "--v2-router", str(v2["router"]),
        "--weth", str(v2["weth"]),
    )  # fmt: skip
    assert added["network"]["v2"] == {"factory": v2["factory"], "router": v2["router"], "weth": v2["weth"]}


# -- the core: failures ------------------------------------------------------------------------------


def test_price_moved_past_slippage_fails_decoded_and_the_approval_is_exact(
    onchain: OnChain, hardhat_node: HardhatNode
) -> None:
    on = onchain
    plan = on.swaps.prepare("QXC", "ETH", amount_in="200", slippage_bps=50)
    assert plan.approve_amount == 200 * ETHER and not plan.unlimited
    on.swaps.approve(plan, password=STRONG_PASSWORD)
    dev = on.core.chain.dev_account()[0]
    dev_send(on, on.qxc.address, abi.encode_call("erc20", "approve", on.deployment.router, 300 * ETHER))
    path = [on.qxc.address, on.deployment.weth]
    front = abi.encode_call("router", "swapExactTokensForETH", 300 * ETHER, 0, path, dev, plan.deadline)
    hardhat_node.set_automine(False)
    try:
        mine = on.swaps.submit(plan, password=STRONG_PASSWORD, wait=False)
        assert mine.status == "pending"
        tip = hex(100 * 10**9)
        hardhat_node.rpc(
            "eth_sendTransaction",
            [{"from": dev, "to": on.deployment.router, "data": front, "gas": hex(300_000),
              "maxPriorityFeePerGas": tip, "maxFeePerGas": hex(200 * 10**9)}],
        )  # fmt: skip
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    on.core.chain.refresh_pending()
    failed = on.core.chain.transaction(mine.tx_hash)
    assert failed.status == "failed"
    assert failed.revert_reason is not None and "INSUFFICIENT_OUTPUT_AMOUNT" in failed.revert_reason
    # Only the exact amount stays approved (the swap did not take it), never an unlimited one.
    assert on.swaps.allowance(on.core.chain.live(), plan.quote, on.address) == 200 * ETHER


def test_deadline_passed_when_mined_fails_expired(onchain: OnChain, hardhat_node: HardhatNode) -> None:
    on = onchain
    plan = on.swaps.prepare("ETH", "QXC", amount_in="0.1", slippage_bps=50, deadline_s=60)
    hardhat_node.set_automine(False)
    try:
        sent = on.swaps.submit(plan, password=STRONG_PASSWORD, wait=False)
        hardhat_node.rpc("evm_increaseTime", [120])
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    on.core.chain.refresh_pending()
    failed = on.core.chain.transaction(sent.tx_hash)
    assert failed.status == "failed" and "EXPIRED" in (failed.revert_reason or "")


def test_deadline_already_passed_is_refused_before_signing(
    onchain: OnChain, hardhat_node: HardhatNode
) -> None:
    on = onchain
    plan = on.swaps.prepare("ETH", "QXC", amount_in="0.1", slippage_bps=50, deadline_s=30)
    hardhat_node.rpc("evm_increaseTime", [31])
    hardhat_node.mine()
    before = len(on.core.chain.transactions())
    with pytest.raises(ValidationError) as refused:
        on.swaps.submit(plan, password=STRONG_PASSWORD)
    assert refused.value.field == "deadline"
    assert len(on.core.chain.transactions()) == before  # nothing signed, nothing recorded
