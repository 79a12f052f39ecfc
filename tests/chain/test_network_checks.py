"""A network is checked against its node when added or moved, and can be edited and removed
(issue 12, item 7).

Before, a network with chain id 1 for a node serving 31337 was accepted and made active; the status
bar stayed green while nothing could be read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.errors import NotFoundError, ValidationError, WrongChainError
from tests.chain.test_cli_chain import Cli
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode, free_port

pytestmark = pytest.mark.hardhat


def _audit_count(core: QenexCore) -> int:
    with core.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _nowhere() -> str:
    return f"http://127.0.0.1:{free_port()}"


def test_a_wrong_chain_id_is_refused_at_add_and_nothing_is_saved(
    logged_in_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    core = logged_in_core
    before = (core.chain.networks(), _audit_count(core))
    with pytest.raises(WrongChainError) as refused:
        core.chain.add_network("Mainnet?", hardhat_node.url, 1, use=True)
    assert refused.value.field == "chain_id"
    assert "serves chain id 31337, not 1" in refused.value.message
    assert (core.chain.networks(), _audit_count(core)) == before
    assert core.chain.network().name == "Local Hardhat"


def test_the_right_chain_id_is_verified_at_once_and_an_absent_node_saves_unverified(
    logged_in_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    chain = logged_in_core.chain
    checked = chain.add_network("Test node", hardhat_node.url, 31337)
    assert checked.verified
    assert checked.genesis_hash == hardhat_node.rpc("eth_getBlockByNumber", ["0x0", False])["hash"]
    away = chain.add_network("Away", _nowhere(), 5)
    assert not away.verified and away.genesis_hash is None


def test_edit_renames_moves_and_checks_like_add(logged_in_core: QenexCore, hardhat_node: HardhatNode) -> None:
    chain = logged_in_core.chain
    chain.add_network("Work", _nowhere(), 31337, use=True)
    renamed = chain.edit_network("Work", new_name="Office")
    assert renamed.name == "Office" and renamed.is_active  # the active choice follows the rename
    with pytest.raises(WrongChainError):
        chain.edit_network("Office", rpc_url=hardhat_node.url, chain_id=1)
    assert chain.network("Office").chain_id == 31337
    moved = chain.edit_network("Office", rpc_url=hardhat_node.url)
    assert moved.verified and moved.rpc_url == hardhat_node.url
    with pytest.raises(ValidationError, match="built in"):
        chain.edit_network("Local Hardhat", rpc_url=_nowhere())


def test_remove_refuses_the_built_in_the_active_and_one_with_history(
    logged_in_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    core = logged_in_core
    chain = core.chain
    chain.add_network("Spare", _nowhere(), 10)
    chain.remove_network("Spare")
    with pytest.raises(NotFoundError):
        chain.network("Spare")
    with pytest.raises(ValidationError, match="built in"):
        chain.remove_network("Local Hardhat")
    hardhat_node.set_automine(True)
    chain.add_network("Test node", hardhat_node.url, 31337, use=True)
    with pytest.raises(ValidationError, match="active network"):
        chain.remove_network("Test node")
    address = core.wallet.create(password=STRONG_PASSWORD).account.address
    chain.dev_faucet(address, eth=10**18, qxc=0)
    chain.send(to=address, asset="ETH", amount="0.1", password=STRONG_PASSWORD)
    chain.use_network("Local Hardhat")
    with pytest.raises(ValidationError, match="2 tracked transaction"):  # the faucet's row and the send
        chain.remove_network("Test node")


def test_cli_network_edit_and_remove(cli: Cli, hardhat_node: HardhatNode) -> None:
    refused = cli(
        "network", "add", "--name", "Bad", "--rpc-url", hardhat_node.url, "--chain-id", "1", expect=1
    )
    assert refused["error"]["code"] == "wrong_chain" and refused["error"]["field"] == "chain_id"
    added = cli("network", "add", "--name", "Later", "--rpc-url", _nowhere(), "--chain-id", "31337")
    assert added["network"]["verified"] is False
    edited = cli("network", "edit", "Later", "--rpc-url", hardhat_node.url)
    assert edited["network"]["verified"] is True
    assert cli("network", "remove", "Later") == {"ok": True, "removed": "Later"}
    names = [n["name"] for n in cli("network", "list")["networks"]]
    assert names == ["Local Hardhat"]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    run = Cli(tmp_path / "cli-data", capsys, monkeypatch)
    run("profile", "create", "--username", "erin", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    run("login", "--username", "erin", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    return run


def test_a_new_chain_id_marks_the_old_chains_rows_stale_at_once(
    logged_in_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    from qenex_desktop.core.db.models import ChainTransaction

    core = logged_in_core
    hardhat_node.set_automine(True)
    core.chain.add_network("Test node", hardhat_node.url, 31337, use=True)
    address = core.wallet.create(password=STRONG_PASSWORD).account.address
    core.chain.dev_faucet(address, eth=10**18, qxc=0)
    core.chain.send(to=address, asset="ETH", amount="0.1", password=STRONG_PASSWORD)
    core.chain.use_network("Local Hardhat")
    core.chain.registry.edit("Test node", chain_id=5)  # what edit_network saves once the node agrees
    with core.db.read() as session:
        stale = session.scalars(select(ChainTransaction.stale)).all()
    assert stale == [True, True]  # the faucet's incoming row and the send
