"""Allowances (issue 16) on the real Hardhat node: found from the tokens' Approval events of the
profile's accounts and confirmed with allowance(); one given outside the app (another script) is
listed and revoked with approve(spender, 0), tracked like a send; the router's is named and an
unlimited one flagged; a spent or revoked one is not listed; the CLI's list and revoke."""

from __future__ import annotations

import secrets

import pytest

from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.allowances import Allowances
from qenex_desktop.core.chain.v2.swap import UNLIMITED
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import to_checksum_address
from tests.chain.conftest import ETHER
from tests.chain.test_cli_chain import Cli, cli
from tests.chain.test_v2_swap_cli import cli_chain
from tests.chain.v2_support import OnChain, onchain
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

__all__ = ["cli", "cli_chain", "onchain"]
#: Hardhat's dev account #1: a public test key, so "another script" (the node) can sign as it.
DEV_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
DEV_1_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"


def _spender() -> str:
    return to_checksum_address("0x" + secrets.token_hex(20))


def _approve_outside(node: HardhatNode, owner: str, token: str, spender: str, amount: int) -> None:
    """approve() signed by the node for ``owner`` (an unlocked dev account): not through the app."""
    data = abi.encode_call("erc20", "approve", spender, amount)
    node.rpc("eth_sendTransaction", [{"from": owner, "to": token, "data": data, "gas": hex(100_000)}])


def test_an_allowance_given_outside_the_app_is_listed_and_revoked(
    onchain: OnChain, hardhat_node: HardhatNode
) -> None:
    on = onchain
    hardhat_node.set_automine(True)
    on.core.wallet.import_private_key(DEV_1_KEY, name="Dev one", password=STRONG_PASSWORD)
    spender = _spender()
    _approve_outside(hardhat_node, DEV_1, on.qxc.address, spender, 123 * ETHER)
    allowances = Allowances(on.core.chain)
    found = [a for a in allowances.scan().allowances if a.spender == spender]
    assert [(a.owner, a.token, a.amount, a.unlimited) for a in found] == [
        (DEV_1, on.qxc.address, 123 * ETHER, False)
    ]
    assert found[0].symbol == "QXC" and found[0].spender_name is None

    current = allowances.current("QXC", spender, owner=DEV_1)
    tx = allowances.revoke(current, password=STRONG_PASSWORD)
    assert tx.status == "confirmed" and tx.kind == "approve" and tx.amount == 0
    assert on.core.chain.transaction(tx.tx_hash).recipient == spender  # tracked like a send
    assert [a for a in allowances.scan().allowances if a.spender == spender] == []
    with pytest.raises(ValidationError) as refused:
        allowances.current("QXC", spender, owner=DEV_1)
    assert refused.value.field == "spender"


def test_the_routers_allowance_is_named_unlimited_flagged_and_spent_ones_dropped(onchain: OnChain) -> None:
    on = onchain
    plan = on.swaps.prepare("QXC", "ETH", amount_in="10", slippage_bps=100, unlimited_approval=True)
    on.swaps.approve(plan, password=STRONG_PASSWORD)
    exact = on.swaps.prepare("ETH", "QXC", amount_in="0.01", slippage_bps=100)  # ETH in: no approval
    assert exact.approve_amount == 0
    [router] = [a for a in Allowances(on.core.chain).scan().allowances if a.owner == on.address]
    assert router.spender == on.deployment.router and router.spender_name == "Uniswap V2 Router02"
    assert router.amount == UNLIMITED and router.unlimited
    # An exact approval that a swap spent entirely is no allowance any more.
    revoke = Allowances(on.core.chain).current("QXC", on.deployment.router)
    Allowances(on.core.chain).revoke(revoke, password=STRONG_PASSWORD)
    spent = on.swaps.prepare("QXC", "ETH", amount_in="5", slippage_bps=100)
    assert spent.approve_amount == 5 * ETHER
    on.swaps.execute(spent, password=STRONG_PASSWORD)
    assert [a for a in Allowances(on.core.chain).scan().allowances if a.owner == on.address] == []


def test_a_bounded_scan_says_it_did_not_reach_back(onchain: OnChain, hardhat_node: HardhatNode) -> None:
    on = onchain
    settings = on.core.chain.settings
    on.core.chain.settings = type(settings)(**{**settings.__dict__, "log_range_blocks": 1})
    spender = _spender()
    data = abi.encode_call("erc20", "approve", spender, 7)
    on.core.chain.deployer._dev_send(on.core.chain.live(), {"to": on.qxc.address, "data": data})
    on.core.wallet.import_private_key(DEV_1_KEY, password=STRONG_PASSWORD)
    _approve_outside(hardhat_node, DEV_1, on.qxc.address, spender, 9)
    hardhat_node.mine()
    hardhat_node.mine()
    scan = Allowances(on.core.chain).scan(max_ranges=1)  # the newest block only
    assert not scan.complete and scan.from_block == scan.to_block
    assert [a for a in scan.allowances if a.spender == spender] == []
    wide = Allowances(on.core.chain).scan(max_ranges=100_000)
    assert wide.complete and [a.amount for a in wide.allowances if a.spender == spender] == [9]


def test_cli_allowance_list_and_revoke(
    cli_chain: tuple[Cli, dict[str, object]], hardhat_node: HardhatNode
) -> None:
    cli, v2 = cli_chain
    cli(
        "swap", "exec", "--venue", "chain", "--from", "QXC", "--to", "ETH", "--amount-in", "5",
        "--unlimited-approval", "--password-stdin", stdin=STRONG_PASSWORD + "\n",
    )  # fmt: skip
    [listed] = cli("allowance", "list")["allowances"]
    assert listed["spender"] == v2["router"] and listed["spender_name"] == "Uniswap V2 Router02"
    assert listed["unlimited"] is True and listed["symbol"] == "QXC"
    shown = cli("allowance", "revoke", "--token", "QXC", "--spender", str(v2["router"]))
    assert shown["sent"] is False  # only shown: nothing signed without --yes
    assert cli("allowance", "list")["allowances"] == [listed]
    done = cli(
        "allowance", "revoke", "--token", "QXC", "--spender", str(v2["router"]), "--yes", "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )  # fmt: skip
    assert done["sent"] is True and done["transaction"]["status"] == "confirmed"
    assert done["transaction"]["kind"] == "approve" and done["transaction"]["amount_units"] == "0"
    assert cli("allowance", "list")["allowances"] == []
    again = cli("allowance", "revoke", "--token", "QXC", "--spender", str(v2["router"]), expect=1)
    assert again["error"]["field"] == "spender"
