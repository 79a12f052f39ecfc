"""A send whose answer is lost is never reported as "not sent", and is paid once (issue 10, item 1).

Through a proxy in front of the test run's Hardhat node that spoils ``eth_sendRawTransaction``: it
either reads the request and closes (the node never saw it) or forwards it and closes before the
answer (the node took it and mined it). Either way the row stays pending under its hash, the
person is told not to send again, and ``refresh_pending`` settles it: mined, re-sent with the same
signature, or - only after the node has not known it for ``forget_after_s`` - dropped.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.client import ChainClient
from qenex_desktop.core.clock import SystemClock
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.errors import NodeUnreachableError
from tests.chain.conftest import ETHER, FAST_SETTINGS, Wallet
from tests.chain.rpc_proxy import RpcProxy, Spoil, rpc_proxy
from tests.chain.test_cli_chain import Cli
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

RECIPIENT = "0x000000000000000000000000000000000000bEEF"


@pytest.fixture
def proxy(hardhat_node: HardhatNode) -> Iterator[RpcProxy]:
    with rpc_proxy(hardhat_node.url) as running:
        yield running


@pytest.fixture
def proxied(funded: Wallet, proxy: RpcProxy) -> Wallet:
    """The funded wallet, its active network reaching the node through the proxy."""
    funded.core.chain.add_network("Through a proxy", proxy.url, 31337, use=True)
    return funded


def _balance(node: HardhatNode, address: str) -> int:
    return int(node.rpc("eth_getBalance", [address, "latest"]), 16)


def _audit_events(core: QenexCore) -> list[str]:
    with core.db.read() as session:
        return list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)).all())


def test_answer_lost_after_the_node_took_it_stays_pending_and_is_paid_once(
    proxied: Wallet, proxy: RpcProxy, hardhat_node: HardhatNode
) -> None:
    core = proxied.core
    before = _balance(hardhat_node, RECIPIENT)
    proxy.spoil(Spoil.FORWARD_THEN_CLOSE)

    tx = core.chain.send(
        to=RECIPIENT, asset="ETH", amount="1", from_address=proxied.address, password=STRONG_PASSWORD
    )

    assert proxy.spoiled == [Spoil.FORWARD_THEN_CLOSE]
    assert tx.status == "pending"
    assert tx.broadcast_unconfirmed is True
    assert "chain.tx_broadcast_unconfirmed" in _audit_events(core)
    report = core.chain.refresh_pending()
    assert report.confirmed == 1
    settled = core.chain.transaction(tx.tx_hash)
    assert settled.status == "confirmed"
    assert settled.broadcast_unconfirmed is False
    assert _balance(hardhat_node, RECIPIENT) - before == ETHER


def test_request_read_and_dropped_is_re_sent_with_the_same_signature(
    proxied: Wallet, proxy: RpcProxy, hardhat_node: HardhatNode
) -> None:
    core = proxied.core
    before = _balance(hardhat_node, RECIPIENT)
    proxy.spoil(Spoil.READ_AND_CLOSE)

    tx = core.chain.send(
        to=RECIPIENT, asset="ETH", amount="1", from_address=proxied.address, password=STRONG_PASSWORD
    )

    assert tx.status == "pending" and tx.broadcast_unconfirmed
    assert hardhat_node.rpc("eth_getTransactionByHash", [tx.tx_hash]) is None  # the node never saw it
    assert _balance(hardhat_node, RECIPIENT) == before
    first = core.chain.refresh_pending()
    assert first.rebroadcast == 1
    core.chain.refresh_pending()
    assert core.chain.transaction(tx.tx_hash).status == "confirmed"
    assert _balance(hardhat_node, RECIPIENT) - before == ETHER


def test_never_arriving_send_is_dropped_only_after_the_node_forgot_it_for_a_while(
    proxied: Wallet, proxy: RpcProxy, hardhat_node: HardhatNode
) -> None:
    core = proxied.core
    proxy.spoil(Spoil.READ_AND_CLOSE, times=1_000)  # every broadcast and re-broadcast is lost
    tx = core.chain.send(
        to=RECIPIENT, asset="ETH", amount="1", from_address=proxied.address, password=STRONG_PASSWORD
    )
    for _ in range(FAST_SETTINGS.rebroadcast_attempts + 3):
        core.chain.refresh_pending()
    assert core.chain.transaction(tx.tx_hash).status == "pending"  # re-sends used up, but not long enough

    core.chain.settings = replace(core.chain.settings, forget_after_s=0)
    core.chain.refresh_pending()
    assert core.chain.transaction(tx.tx_hash).status == "dropped"

    proxy.spoil(Spoil.PASS, times=0)
    again = core.chain.send(
        to=RECIPIENT, asset="ETH", amount="1", from_address=proxied.address, password=STRONG_PASSWORD
    )
    assert again.nonce == tx.nonce  # the dropped one's nonce was still free: nothing was paid twice
    assert again.status == "confirmed"


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    run = Cli(tmp_path / "cli-data", capsys, monkeypatch)
    run("profile", "create", "--username", "carol", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    run("login", "--username", "carol", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    return run


def test_cli_send_with_a_lost_answer_says_do_not_send_again_and_exits_0(
    cli: Cli, proxy: RpcProxy, hardhat_node: HardhatNode
) -> None:
    created = cli("wallet", "create", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    sender = created["account"]["address"]
    hardhat_node.rpc("hardhat_setBalance", [sender, hex(5 * ETHER)])
    cli("network", "add", "--name", "Proxy", "--rpc-url", proxy.url, "--chain-id", "31337", "--use")
    before = _balance(hardhat_node, RECIPIENT)
    proxy.spoil(Spoil.FORWARD_THEN_CLOSE)

    sent = cli(
        "chain",
        "send",
        "--asset",
        "ETH",
        "--to",
        RECIPIENT,
        "--amount",
        "1",
        "--yes",
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )

    assert sent["ok"] is True
    assert sent["broadcast_unconfirmed"] is True
    assert sent["transaction"]["status"] == "pending"
    status = cli("chain", "tx", "status", sent["transaction"]["hash"])
    assert status["transaction"]["status"] == "confirmed"
    assert _balance(hardhat_node, RECIPIENT) - before == ETHER


# -- how the client tells "never sent" from "may have arrived", on real sockets ----------------------


def _client(url: str) -> ChainClient:
    settings = replace(FAST_SETTINGS, request_timeout_s=0.5)
    return ChainClient(url, expected_chain_id=None, settings=settings, clock=SystemClock())


def _server(behaviour: str) -> str:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve() -> None:
        while True:
            connection, _ = listener.accept()
            connection.recv(65536)
            if behaviour == "hang":
                time.sleep(2)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def _free_port_url() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    ("where", "may_have_arrived"),
    [("nothing listens", False), ("reads and closes", True), ("reads and never answers", True)],
)
def test_a_failed_send_says_whether_the_request_may_have_arrived(where: str, may_have_arrived: bool) -> None:
    url = {
        "nothing listens": _free_port_url,
        "reads and closes": lambda: _server("close"),
        "reads and never answers": lambda: _server("hang"),
    }[where]()
    with pytest.raises(NodeUnreachableError) as raised:
        _client(url).send_raw(b"\x02")
    assert raised.value.request_may_have_arrived is may_have_arrived
    assert ("refused" in raised.value.message) is not may_have_arrived
