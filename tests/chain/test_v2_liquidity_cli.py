"""``pool list|create`` and ``liquidity add|remove|positions`` with ``--venue chain`` (issue 16) on the
real Hardhat node, V2 deployed by ``qenex node start``: a deposit at the pool's price mints what the
math predicts with exact approvals (tracked like sends), positions come from the LP balance, total
supply and reserves, a removal pays back the predicted amounts, a new pool is created, and the
default venue stays the ledger."""

from __future__ import annotations

from math import isqrt

import pytest

from qenex_desktop.core import amm
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.liquidity import LiquidityPlan, V2Liquidity
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.validation import format_amount
from tests.chain.conftest import ETHER
from tests.chain.test_cli_chain import Cli, cli
from tests.chain.test_v2_swap_cli import _eth_call, cli_chain
from tests.chain.v2_support import OnChain, dev_send, onchain
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

__all__ = ["cli", "cli_chain", "onchain"]
PASSWORD = STRONG_PASSWORD + "\n"


def _reserves(node: HardhatNode, pair: str, qxc: str) -> tuple[int, int]:
    r0, r1, _ = _eth_call(node, pair, "pair", "getReserves")
    token0 = _eth_call(node, pair, "pair", "token0")[0]
    return (int(r0), int(r1)) if token0 == qxc else (int(r1), int(r0))


def test_add_positions_remove_on_chain(
    cli_chain: tuple[Cli, dict[str, object]], hardhat_node: HardhatNode
) -> None:
    cli, v2 = cli_chain
    [pool] = cli("pool", "list", "--venue", "chain")["pools"]
    assert pool["pair"] == ["QXC", "ETH"] or pool["pair"] == ["ETH", "QXC"]
    pair = pool["pair_address"]
    reserve_qxc, reserve_eth = _reserves(hardhat_node, pair, str(v2["qxc"]))
    total = int(_eth_call(hardhat_node, pair, "pair", "totalSupply")[0])
    added = cli(
        "liquidity", "add", "--venue", "chain", "--token-a", "QXC", "--token-b", "ETH", "--amount-a", "100",
        "--slippage", "1", "--password-stdin", stdin=PASSWORD,
    )  # fmt: skip
    want_eth = amm.quote(100 * ETHER, reserve_qxc, reserve_eth)  # at the pool's price
    assert added["amount_a_units"] == str(100 * ETHER) and added["amount_b_units"] == str(want_eth)
    assert added["min_a_units"] == str(99 * ETHER) and added["min_b_units"] == str(want_eth * 99 // 100)
    shares = amm.mint_shares(100 * ETHER, want_eth, reserve_qxc, reserve_eth, total)
    assert added["shares_units"] == str(shares)
    [approval] = added["approvals"]  # QXC only (ETH goes as value), for exactly this amount
    assert approval["kind"] == "approve" and approval["amount_units"] == str(100 * ETHER)
    assert added["transaction"]["status"] == "confirmed" and added["transaction"]["kind"] == "liquidity_add"
    lp = int(_eth_call(hardhat_node, pair, "pair", "balanceOf", added["account"])[0])
    assert lp == shares
    listed = {tx["hash"]: tx["status"] for tx in cli("chain", "tx", "list")["transactions"]}
    assert listed[approval["hash"]] == listed[added["transaction"]["hash"]] == "confirmed"

    [position] = cli("liquidity", "positions", "--venue", "chain")["positions"]
    assert position["my_shares_units"] == str(shares) and position["pair_address"] == pair
    assert position["total_shares_units"] == str(total + shares)

    reserve_qxc, reserve_eth = _reserves(hardhat_node, pair, str(v2["qxc"]))
    removed = cli(
        "liquidity", "remove", "--venue", "chain", "--token-a", "QXC", "--token-b", "ETH", "--percent", "50",
        "--password-stdin", stdin=PASSWORD,
    )  # fmt: skip
    burnt = shares // 2
    out_qxc, out_eth = amm.burn_amounts(burnt, reserve_qxc, reserve_eth, total + shares)
    assert removed["shares_units"] == str(burnt)
    assert removed["amount_a_units"] == str(out_qxc) and removed["amount_b_units"] == str(out_eth)
    assert [a["amount_units"] for a in removed["approvals"]] == [str(burnt)]  # the LP token, exactly
    assert removed["transaction"]["kind"] == "liquidity_remove"
    assert int(_eth_call(hardhat_node, pair, "pair", "balanceOf", added["account"])[0]) == shares - burnt
    rest = cli(
        "liquidity", "remove", "--venue", "chain", "--token-a", "ETH", "--token-b", "QXC",
        "--lp", format_amount(shares - burnt, 18), "--password-stdin", stdin=PASSWORD,
    )  # fmt: skip
    assert rest["shares_units"] == str(shares - burnt)
    assert cli("liquidity", "positions", "--venue", "chain")["positions"] == []


def test_create_a_pool_on_chain_and_refusals(
    cli_chain: tuple[Cli, dict[str, object]], hardhat_node: HardhatNode
) -> None:
    cli, _ = cli_chain
    refused = cli(
        "pool", "create", "--venue", "chain", "--token-a", "QXC", "--token-b", "ETH", "--amount-a", "1",
        "--amount-b", "1", stdin=PASSWORD, expect=1,
    )  # fmt: skip
    assert "has a pool already" in refused["error"]["message"]
    fee = cli(
        "pool", "create", "--venue", "chain", "--token-a", "QXC", "--token-b", "WETH", "--amount-a", "1",
        "--amount-b", "1", "--fee-bps", "50", expect=1,
    )  # fmt: skip
    assert fee["error"]["field"] == "fee_bps"
    limits = cli(
        "liquidity", "add", "--venue", "chain", "--token-a", "QXC", "--token-b", "ETH", "--amount-a", "1",
        "--min-a", "1", expect=1,
    )  # fmt: skip
    assert limits["error"]["field"] == "min_a"
    nothing = cli(
        "liquidity", "remove", "--venue", "chain", "--token-a", "QXC", "--token-b", "ETH", "--percent", "10",
        expect=1,
    )  # fmt: skip
    assert "no liquidity" in nothing["error"]["message"]
    # A deposit into a new pool: the second token is a fresh ERC-20 the wallet got and imported.
    owner = cli("wallet", "list")["accounts"][0]["address"]
    token = _second_token(cli, hardhat_node, owner)
    created = cli(
        "pool", "create", "--venue", "chain", "--token-a", "QXC", "--token-b", token, "--amount-a", "30",
        "--amount-b", "70", "--password-stdin", stdin=PASSWORD,
    )  # fmt: skip
    assert created["pair_address"] is None  # the router made it
    assert created["shares_units"] == str(isqrt(30 * ETHER * 70 * ETHER) - 1000)
    assert len(created["approvals"]) == 2 and created["transaction"]["status"] == "confirmed"
    pools = cli("pool", "list", "--venue", "chain")["pools"]
    assert len(pools) == 2


def _second_token(cli: Cli, node: HardhatNode, owner: str) -> str:
    """Another ERC-20 (a second QXC contract) deployed by another script from Hardhat's dev account
    #0, 500 of it sent to the wallet, and imported: it has no pool with QXC yet."""
    from qenex_desktop.core.chain.artifact import qxc_artifact
    from qenex_desktop.core.chain.qxc import constructor_args

    artifact = qxc_artifact()
    dev = node.rpc("eth_accounts")[0]
    data = artifact.deploy_data(constructor_args(artifact, dev))
    sent = node.rpc("eth_sendTransaction", [{"from": dev, "data": data, "gas": hex(5_000_000)}])
    token = str(node.rpc("eth_getTransactionReceipt", [sent])["contractAddress"])
    pay = {"from": dev, "to": token, "data": erc20.transfer_call(owner, 500 * ETHER), "gas": hex(100_000)}
    node.rpc("eth_sendTransaction", [pay])
    return str(cli("chain", "token", "import", token)["token"]["address"])


def test_default_venue_is_still_the_ledger(cli_chain: tuple[Cli, dict[str, object]]) -> None:
    cli, _ = cli_chain
    assert cli("pool", "list")["pools"] == []  # the ledger's (no ledger pools), not the chain's one
    assert cli("liquidity", "positions")["positions"] == []
    missing = cli("liquidity", "add", "--token-a", "QXC", "--token-b", "USD", "--amount-a", "1", expect=1)
    assert missing["error"]["field"] == "amount_b"


def test_a_price_moved_past_the_minimums_is_refused_with_the_routers_reason(
    onchain: OnChain, hardhat_node: HardhatNode
) -> None:
    """Planned at slippage 0, then another account trades first: the router's estimate reverts and
    the add is refused before signing with the decoded reason; the approval was exact."""
    on = onchain
    liquidity = V2Liquidity(V2Swaps(on.venue))
    plan = liquidity.prepare_add("QXC", "ETH", "50", slippage_bps=0)
    [need] = liquidity.needed_approvals(plan)
    approval = liquidity.approve(plan, need, password=STRONG_PASSWORD)
    assert approval.amount == 50 * ETHER
    dev = on.core.chain.dev_account()[0]
    path = [on.deployment.weth, on.qxc.address]
    front = abi.encode_call("router", "swapExactETHForTokens", 0, path, dev, plan.deadline)
    dev_send(on, on.deployment.router, front, ETHER)  # ETH in: QXC gets dearer, the ETH side short
    with pytest.raises(QenexError) as refused:
        liquidity.submit(plan, password=STRONG_PASSWORD)
    assert "UniswapV2Router: INSUFFICIENT_" in refused.value.message, refused.value.message
    assert _lp_of(on, plan) == 0


def _lp_of(on: OnChain, plan: LiquidityPlan) -> int:
    assert plan.pool.pair is not None
    return on.core.chain.assets.token_balance(on.core.chain.live(), plan.pool.pair, on.address)
