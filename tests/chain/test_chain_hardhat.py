"""The chain layer against a real Hardhat node: sends, fees, nonces, tracking, replacement, faults."""

from __future__ import annotations

import threading

import pytest
from eth_account import Account

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.types import TxInfo
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import (
    InsufficientFundsError,
    NodeUnreachableError,
    ValidationError,
    WrongChainError,
)
from qenex_desktop.core.keys.hd import derive_keys
from tests.chain.conftest import ETHER, FAST_SETTINGS, Wallet
from tests.conftest import STRONG_PASSWORD, make_core
from tests.hardhat_node import HardhatNode, free_port

pytestmark = pytest.mark.hardhat
RECIPIENT = "0x000000000000000000000000000000000000dEaD"


def _rows(core: QenexCore) -> list[ChainTransaction]:
    """The wallet's own transactions (the dev faucet's incoming rows aside)."""
    with core.db.read() as session:
        query = session.query(ChainTransaction).filter(ChainTransaction.kind != "faucet")
        return list(query.order_by(ChainTransaction.id))


def _own(txs: list[TxInfo]) -> list[TxInfo]:
    return [t for t in txs if t.kind != "faucet"]


def test_probe_reports_chain_head_genesis_and_latency(
    chain_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    status = chain_core.chain.probe()
    assert status.reachable and status.error is None
    assert status.chain_id == 31337
    assert status.block_number == int(hardhat_node.rpc("eth_blockNumber"), 16)
    assert status.genesis_hash == hardhat_node.rpc("eth_getBlockByNumber", ["0x0", False])["hash"]
    assert status.latency_s is not None and status.latency_s > 0


def test_probe_of_a_dead_node_reports_instead_of_raising(logged_in_core: QenexCore) -> None:
    logged_in_core.chain.add_network("Nobody", f"http://127.0.0.1:{free_port()}", 31337, use=True)
    status = logged_in_core.chain.probe()
    assert not status.reachable and status.chain_id is None
    assert status.error is not None and "refused" in status.error


def test_unreachable_node_is_retried_then_named_clearly(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.chain.settings = FAST_SETTINGS
    core.chain.add_network("Nobody", f"http://127.0.0.1:{free_port()}", 31337, use=True)
    core.wallet.create(password=STRONG_PASSWORD)
    with pytest.raises(NodeUnreachableError, match=r"cannot be reached.*tried 2 times"):
        core.chain.balances()
    assert core.chain.last_status is not None and not core.chain.last_status.reachable


def test_wrong_chain_id_refuses_before_anything_is_signed(
    logged_in_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    core = logged_in_core
    # saved while its node was away, or the node changed chain since: add_network itself refuses it
    core.chain.registry.add("Pretend mainnet", hardhat_node.url, 1, use=True)
    core.wallet.create(password=STRONG_PASSWORD)
    with pytest.raises(WrongChainError, match="serves chain id 31337"):
        core.chain.send(to=RECIPIENT, asset="ETH", amount="1", password=STRONG_PASSWORD)
    assert _rows(core) == []


def test_send_eth_preview_then_confirmed_with_exact_balances(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = funded.core.chain
    before_recipient = int(hardhat_node.rpc("eth_getBalance", [RECIPIENT, "latest"]), 16)
    preview = chain.preview_send(to=RECIPIENT, asset="ETH", amount="1.25")
    estimate = hardhat_node.rpc(
        "eth_estimateGas", [{"from": funded.address, "to": RECIPIENT, "value": hex(preview.amount)}]
    )
    assert preview.amount == 125 * ETHER // 100 and preview.gas_limit == int(estimate, 16)
    assert preview.max_fee == preview.gas_limit * preview.max_fee_per_gas
    assert preview.max_fee_per_gas == 2 * preview.base_fee_per_gas + preview.max_priority_fee_per_gas
    assert preview.total_eth == preview.amount + preview.max_fee
    assert preview.eth_balance == 10 * ETHER and preview.eth_balance_after == 10 * ETHER - preview.total_eth
    tx = chain.send(to=RECIPIENT, asset="ETH", amount="1.25", password=STRONG_PASSWORD)
    assert tx.status == "confirmed" and tx.block_number is not None and tx.gas_used == 21_000
    assert tx.fee_paid is not None and 0 < tx.fee_paid <= preview.max_fee
    balances = chain.balances()[0]
    assert balances.eth.units == 10 * ETHER - preview.amount - tx.fee_paid
    after_recipient = int(hardhat_node.rpc("eth_getBalance", [RECIPIENT, "latest"]), 16)
    assert after_recipient - before_recipient == preview.amount
    assert [t.tx_hash for t in _own(chain.transactions())] == [tx.tx_hash]


def test_two_quick_sends_get_consecutive_nonces(funded: Wallet, hardhat_node: HardhatNode) -> None:
    chain = funded.core.chain
    hardhat_node.set_automine(False)
    results: list[object] = []
    try:

        def send() -> None:
            try:
                results.append(chain.send(to=RECIPIENT, asset="ETH", amount="0.1", password=STRONG_PASSWORD))
            except Exception as exc:  # surfaced below
                results.append(exc)

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    assert all(not isinstance(r, Exception) for r in results), results
    report = chain.refresh_pending()
    assert report.confirmed == 2
    assert sorted(tx.nonce for tx in _own(chain.transactions())) == [0, 1]
    assert {tx.status for tx in chain.transactions()} == {"confirmed"}


def test_insufficient_funds_is_refused_and_nothing_recorded(funded: Wallet) -> None:
    with pytest.raises(InsufficientFundsError, match="You have 10 ETH"):
        funded.core.chain.preview_send(to=RECIPIENT, asset="ETH", amount="11")
    with pytest.raises(InsufficientFundsError, match="network fee"):
        funded.core.chain.send(to=RECIPIENT, asset="ETH", amount="10", password=STRONG_PASSWORD)
    assert _rows(funded.core) == []


def test_speed_up_replaces_the_pending_transaction(funded: Wallet, hardhat_node: HardhatNode) -> None:
    chain = funded.core.chain
    hardhat_node.set_automine(False)
    try:
        original = chain.send(to=RECIPIENT, asset="ETH", amount="0.5", password=STRONG_PASSWORD)
        assert original.status == "pending"
        faster = chain.speed_up(original.tx_hash)
        assert faster.nonce == original.nonce and faster.replaces == original.tx_hash
        assert faster.max_fee_per_gas > original.max_fee_per_gas
        assert faster.max_priority_fee_per_gas > original.max_priority_fee_per_gas
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    chain.refresh_pending()
    assert chain.transaction(faster.tx_hash).status == "confirmed"
    old = chain.transaction(original.tx_hash)
    assert old.status == "replaced" and old.replaced_by == faster.tx_hash
    with pytest.raises(ValidationError, match="replaced already"):
        chain.speed_up(original.tx_hash)


def test_cancel_sends_nothing_to_the_recipient(funded: Wallet, hardhat_node: HardhatNode) -> None:
    chain = funded.core.chain
    recipient = Account.create().address
    hardhat_node.set_automine(False)
    try:
        original = chain.send(to=recipient, asset="ETH", amount="2", password=STRONG_PASSWORD)
        cancel = chain.cancel(original.tx_hash)
        assert cancel.kind == "cancel" and cancel.recipient == funded.address and cancel.amount == 0
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    report = chain.refresh_pending()
    assert report.confirmed == 1 and report.replaced == 1
    assert chain.transaction(original.tx_hash).status == "replaced"
    assert int(hardhat_node.rpc("eth_getBalance", [recipient, "latest"]), 16) == 0


def test_pending_transactions_are_picked_up_after_a_restart(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    core = funded.core
    hardhat_node.set_automine(False)
    try:
        tx = core.chain.send(to=RECIPIENT, asset="ETH", amount="0.3", password=STRONG_PASSWORD)
        core.close()
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    again = make_core(core.config)
    try:
        again.chain.settings = FAST_SETTINGS
        assert again.chain.transaction(tx.tx_hash).status == "pending"
        report = again.chain.refresh_pending()
        assert report.confirmed == 1
        assert again.chain.transaction(tx.tx_hash).status == "confirmed"
    finally:
        again.close()


def test_a_transaction_the_node_forgot_is_sent_again(funded: Wallet, hardhat_node: HardhatNode) -> None:
    chain = funded.core.chain
    hardhat_node.set_automine(False)
    try:
        tx = chain.send(to=RECIPIENT, asset="ETH", amount="0.2", password=STRONG_PASSWORD)
        assert hardhat_node.rpc("hardhat_dropTransaction", [tx.tx_hash]) is True
        report = chain.refresh_pending()
        assert report.rebroadcast == 1 and chain.transaction(tx.tx_hash).status == "pending"
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    assert chain.refresh_pending().confirmed == 1


def test_a_transaction_whose_nonce_went_elsewhere_is_dropped(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = funded.core.chain
    hardhat_node.set_automine(False)
    try:
        tx = chain.send(to=RECIPIENT, asset="ETH", amount="0.2", password=STRONG_PASSWORD)
        hardhat_node.rpc("hardhat_dropTransaction", [tx.tx_hash])
        # another wallet holding the same phrase spends that nonce first
        key = derive_keys(funded.mnemonic, [0])[0]
        other = Account.sign_transaction(
            {
                "type": 2,
                "chainId": 31337,
                "nonce": tx.nonce,
                "to": funded.address,
                "value": 0,
                "gas": 21_000,
                "maxFeePerGas": 10 * 10**9,
                "maxPriorityFeePerGas": 10**9,
            },
            key,
        )
        hardhat_node.rpc("eth_sendRawTransaction", ["0x" + bytes(other.raw_transaction).hex()])
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    report = chain.refresh_pending()
    assert report.dropped == 1
    assert chain.transaction(tx.tx_hash).status == "dropped"


def test_node_restarted_with_a_fresh_chain_marks_old_data_stale(
    logged_in_core: QenexCore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.chain.conftest import use_node
    from tests.hardhat_node import start_hardhat_node

    node = start_hardhat_node(tmp_path_factory.mktemp("restart"))
    core = logged_in_core
    try:
        use_node(core, node, "Restarting node")
        address = core.wallet.create(password=STRONG_PASSWORD).account.address
        core.chain.dev_faucet(address, eth=5 * ETHER, qxc=0)
        first_genesis = core.chain.network().genesis_hash
        node.set_automine(False)
        pending = core.chain.send(to=RECIPIENT, asset="ETH", amount="1", password=STRONG_PASSWORD)
        node.restart()  # mid-flow: the pending transaction's chain is gone
        report = core.chain.refresh_pending()
        assert report.chain_reset and report.checked == 0
        network = core.chain.network()
        assert network.genesis_hash != first_genesis
        assert core.chain.transactions() == []  # never mixed with the new chain
        stale = _own(core.chain.transactions(include_stale=True))
        assert [(t.tx_hash, t.stale, t.status) for t in stale] == [(pending.tx_hash, True, "pending")]
        assert core.chain.balances()[0].eth.units == 0  # the fresh chain's truth, not the cached past
        with core.db.read() as session:
            events = [e.event for e in core.audit.entries(session, limit=50)]
        assert "chain.reset_detected" in events
        with pytest.raises(ValidationError, match="no longer serves"):
            core.chain.speed_up(pending.tx_hash)
    finally:
        node.stop()
