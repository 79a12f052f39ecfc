"""QXC and ERC-20s on a real Hardhat node: deploy, balances, sends, reverts, imports, history."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.artifact import qxc_artifact
from qenex_desktop.core.chain.service import ChainService
from qenex_desktop.core.errors import NotFoundError, TransactionRevertedError, ValidationError
from tests.chain.conftest import ETHER, Wallet
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

pytestmark = pytest.mark.hardhat
RECIPIENT = "0x000000000000000000000000000000000000dEaD"


def _dev(chain: ChainService) -> str:
    return chain.dev_account()[0]


def _as_dev(node: HardhatNode, chain: ChainService, tx: dict[str, str]) -> str:
    """Hardhat's dev accounts are unlocked on its node: it signs for them."""
    tx_hash = str(node.rpc("eth_sendTransaction", [{"from": _dev(chain), **tx}]))
    return tx_hash


def _set_paused(node: HardhatNode, chain: ChainService, token: str, paused: bool, **fees: str) -> str:
    return _as_dev(
        node, chain, {"to": token, "data": erc20.selector("pause()" if paused else "unpause()"), **fees}
    )


def test_deploy_qxc_from_the_wallet_and_remember_it_per_network(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = funded.core.chain
    token = chain.deploy_qxc(password=STRONG_PASSWORD)
    assert token.is_qxc and token.symbol == "QXC" and token.decimals == 18
    assert chain.network().qxc_address == token.address
    code = hardhat_node.rpc("eth_getCode", [token.address, "latest"])
    assert qxc_artifact().runtime_matches(code)  # the shipped runtime code, immutables aside
    supply = erc20.decode_uint(
        hardhat_node.rpc(
            "eth_call", [{"to": token.address, "data": erc20.selector("totalSupply()")}, "latest"]
        )
    )
    balances = chain.balances()[0]
    assert [(b.symbol, b.units) for b in balances.tokens] == [("QXC", supply)] and supply > 0
    deploy_tx = chain.transactions()[0]
    assert deploy_tx.kind == "deploy" and deploy_tx.status == "confirmed"
    assert deploy_tx.contract_address == token.address
    with funded.core.db.read() as session:
        assert "qxc.deployed" in [e.event for e in funded.core.audit.entries(session, limit=20)]


def test_send_qxc_moves_exact_amounts_and_history_records_it(with_qxc: Wallet) -> None:
    chain = with_qxc.core.chain
    preview = chain.preview_send(to=RECIPIENT, asset="QXC", amount="250.5")
    assert preview.asset_balance == 1_000 * ETHER and preview.asset_balance_after == 7495 * ETHER // 10
    assert preview.total_eth == preview.max_fee  # a token send spends ETH only on the fee
    tx = chain.send(to=RECIPIENT, asset="QXC", amount="250.5", password=STRONG_PASSWORD)
    assert tx.status == "confirmed" and tx.recipient == RECIPIENT and tx.to_address == preview.asset
    qxc = chain.balances()[0].tokens[0]
    assert qxc.units == 1_000 * ETHER - 2505 * ETHER // 10
    progress = chain.scan_history()
    assert progress.done
    assert [(t.direction, t.amount) for t in chain.transfers()] == [
        ("out", 2505 * ETHER // 10),
        ("in", 1_000 * ETHER),
    ]
    assert chain.scan_history().new_transfers == 0  # nothing is stored twice


def test_history_scan_resumes_where_it_stopped(with_qxc: Wallet) -> None:
    core = with_qxc.core
    chain = core.chain
    for amount in ("1", "2", "3"):
        chain.send(to=RECIPIENT, asset="QXC", amount=amount, password=STRONG_PASSWORD)
    token = chain.qxc_token()
    assert token is not None and token.deploy_block is not None
    head = int(chain.probe().block_number or 0)
    chain.settings = replace(chain.settings, log_range_blocks=2)
    first = chain.scan_history(max_ranges=1)
    assert not first.done and first.ranges_scanned == 1
    assert first.lowest_cursor == token.deploy_block + 2
    core.close()  # "app closed" mid-scan
    from tests.conftest import make_core

    again = make_core(core.config)
    try:
        again.chain.settings = replace(chain.settings, log_range_blocks=2)
        rest = again.chain.scan_history()
        assert rest.done and rest.head == head
        assert first.ranges_scanned + rest.ranges_scanned == -(-(head - token.deploy_block + 1) // 2)
        amounts = sorted(t.amount for t in again.chain.transfers() if t.direction == "out")
        assert amounts == [1 * ETHER, 2 * ETHER, 3 * ETHER]
    finally:
        again.close()


def test_a_revert_at_estimation_is_refused_with_its_reason(
    with_qxc: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = with_qxc.core.chain
    token = chain.qxc_token()
    assert token is not None
    _set_paused(hardhat_node, chain, token.address, True)
    try:
        with pytest.raises(TransactionRevertedError, match="EnforcedPause"):
            chain.send(to=RECIPIENT, asset="QXC", amount="1", password=STRONG_PASSWORD)
    finally:
        _set_paused(hardhat_node, chain, token.address, False)
    assert [t for t in chain.transactions() if t.kind != "faucet"] == []


def test_a_transaction_that_reverts_on_chain_is_failed_with_the_decoded_reason(
    with_qxc: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = with_qxc.core.chain
    token = chain.qxc_token()
    assert token is not None
    hardhat_node.set_automine(False)
    try:
        tx = chain.send(to=RECIPIENT, asset="QXC", amount="5", password=STRONG_PASSWORD)
        # the pause pays a far higher tip, so it is mined first, in the same block
        _set_paused(
            hardhat_node,
            chain,
            token.address,
            True,
            maxPriorityFeePerGas=hex(50 * 10**9),
            maxFeePerGas=hex(100 * 10**9),
        )
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    try:
        report = chain.refresh_pending()
        failed = chain.transaction(tx.tx_hash)
        assert report.failed == 1 and failed.status == "failed"
        assert failed.revert_reason == "EnforcedPause()"
        assert failed.gas_used is not None and failed.fee_paid is not None
        assert chain.balances()[0].tokens[0].units == 1_000 * ETHER  # nothing moved
    finally:
        _set_paused(hardhat_node, chain, token.address, False)


def test_import_an_erc20_by_address_reads_its_metadata(with_qxc: Wallet, hardhat_node: HardhatNode) -> None:
    chain = with_qxc.core.chain
    artifact = qxc_artifact()
    data = artifact.deploy_data(chain.qxc_constructor_args(artifact, with_qxc.address))
    deploy = _as_dev(hardhat_node, chain, {"data": data, "gas": hex(6_000_000)})
    address = hardhat_node.rpc("eth_getTransactionReceipt", [deploy])["contractAddress"]
    with pytest.raises(NotFoundError, match="not imported"):
        chain.preview_send(to=RECIPIENT, asset=address, amount="1")
    token = chain.import_token(address)
    assert (token.symbol, token.decimals, token.is_qxc) == ("QXC", 18, False)
    assert token.name
    assert chain.import_token(address.lower()) == token  # importing twice keeps one
    balances = chain.balances()[0]
    assert {b.asset for b in balances.tokens} == {token.address, chain.network().qxc_address}
    tx = chain.send(to=RECIPIENT, asset=token.address, amount="7", password=STRONG_PASSWORD)
    assert tx.status == "confirmed" and tx.asset == token.address
    # "QXC" names the wallet's QXC even when an imported token has the same symbol
    assert chain.preview_send(to=RECIPIENT, asset="QXC", amount="1").asset == chain.network().qxc_address
    with pytest.raises(ValidationError, match="no contract"):
        chain.import_token(RECIPIENT)
