"""`qenex chain token import` says when the imported token's symbol is already in use (issue 12,
item 9): a second QXC deployment is imported, and the line names the wallet's QXC and the local
ledger's QXC it could be taken for, and the address that names the new one."""

from __future__ import annotations

import pytest

from qenex_desktop.core.chain.artifact import qxc_artifact
from qenex_desktop.core.chain.qxc import constructor_args
from qenex_desktop.core.validation import parse_address
from tests.chain.test_cli_chain import Cli, cli  # noqa: F401  (the fixture)
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

#: Hardhat's first dev account: its node signs for it.
DEV = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


@pytest.mark.hardhat
def test_importing_a_token_whose_symbol_is_in_use_says_so(cli: Cli, hardhat_node: HardhatNode) -> None:  # noqa: F811
    hardhat_node.set_automine(True)
    cli(
        "network", "add", "--name", "Test node", "--rpc-url", hardhat_node.url, "--chain-id", "31337", "--use"
    )
    cli("wallet", "create", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    qxc = cli("node", "start")["qxc_address"]
    cli("token", "create", "--symbol", "QXC", "--name", "Ledger QXC", "--decimals", "18", "--supply", "5")
    artifact = qxc_artifact()
    data = artifact.deploy_data(constructor_args(artifact, DEV))
    tx = hardhat_node.rpc("eth_sendTransaction", [{"from": DEV, "data": data, "gas": hex(6_000_000)}])
    second = parse_address(str(hardhat_node.rpc("eth_getTransactionReceipt", [tx])["contractAddress"]))

    imported = cli("chain", "token", "import", second)
    assert imported["token"]["address"] == second and imported["token"]["symbol"] == "QXC"
    assert imported["symbol_in_use"] == [f"QXC at {qxc}", "QXC of the local ledger"]
    again = cli("chain", "token", "import", qxc)  # the wallet's own QXC: the other QXCs are named
    assert f"QXC at {second}" in again["symbol_in_use"]
