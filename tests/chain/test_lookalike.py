"""Warnings before signing (issue 15), on a real Hardhat node: look-alike destinations, first send,
the zero address, a token contract, a contract of another network; poisoning marks in history."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from qenex_desktop.cli.main import main
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.destination_checks import LookalikeNotAcknowledgedError
from qenex_desktop.core.chain.types import TransferInfo
from qenex_desktop.core.contacts.lookalike import (
    ZERO_ADDRESS,
    FindingKind,
    HistoryRow,
    PoisonReason,
    differing_positions,
    looks_alike,
    poisoning_marks,
)
from qenex_desktop.core.contacts.poisoning import poisoned_transfers, transfer_key
from qenex_desktop.core.db.models import ChainToken
from qenex_desktop.core.validation import to_checksum_address
from tests.chain.conftest import ETHER, Wallet
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

BOB = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"


def lookalike_of(address: str) -> str:
    """Same first and last 4 hex digits, a different middle (what a poisoner's key search finds)."""
    body = address[2:].lower()
    middle = "".join("0" if ch != "0" else "1" for ch in body[4:-4])
    return to_checksum_address(body[:4] + middle + body[-4:])


def kinds(core: QenexCore, to: str, asset: str = "ETH") -> set[FindingKind]:
    report = core.chain.preview_send(to=to, asset=asset, amount="0.01").destination
    assert report is not None
    return {finding.kind for finding in report.findings}


def test_the_look_alike_rule() -> None:
    fake = lookalike_of(BOB)
    assert looks_alike(fake, BOB) and looks_alike(fake.lower(), BOB.upper().replace("0X", "0x"))
    assert not looks_alike(BOB, BOB.lower())  # the same address in another case
    assert not looks_alike(BOB, BOB[:5] + "0" + BOB[6:])  # the 4th digit differs: not alike
    positions = differing_positions(fake, BOB)
    assert positions and min(positions) >= 6 and max(positions) <= 37
    assert all(fake[i].lower() != BOB[i].lower() for i in positions)


def test_a_look_alike_of_a_contact_is_refused_without_the_acknowledgement(funded: Wallet) -> None:
    core = funded.core
    core.contacts.add_contact("Bob", BOB)
    fake = lookalike_of(BOB)
    report = core.chain.preview_send(to=fake, asset="ETH", amount="0.5").destination
    assert report is not None and report.needs_acknowledgement
    (finding,) = report.lookalikes
    assert (finding.similar_to, finding.similar_name) == (BOB, "contact Bob")
    assert finding.differing == differing_positions(fake, BOB)
    client = core.chain.gateway.live().client
    nonce, held = client.nonce(funded.address), client.balance(fake)  # the node lives for the session
    with pytest.raises(LookalikeNotAcknowledgedError) as refused:
        core.chain.send(to=fake, asset="ETH", amount="0.5", password=STRONG_PASSWORD)
    assert refused.value.field == "to" and BOB in refused.value.message
    assert client.nonce(funded.address) == nonce and client.balance(fake) == held  # nothing broadcast
    sent = core.chain.send(
        to=fake, asset="ETH", amount="0.5", password=STRONG_PASSWORD, accept_lookalike=True
    )
    assert sent.status == "confirmed" and client.balance(fake) == held + ETHER // 2
    plain = core.chain.preview_send(to=BOB, asset="ETH", amount="0.5").destination
    assert plain is not None and plain.contact_name == "Bob" and not plain.findings


def test_a_look_alike_of_an_own_account_or_of_the_history_is_strong_too(funded: Wallet) -> None:
    core = funded.core
    paid = "0x1111222233334444555566667777888899990000"
    core.chain.send(to=paid, asset="ETH", amount="0.01", password=STRONG_PASSWORD)
    report = core.chain.preview_send(to=lookalike_of(paid), asset="ETH", amount="0.01").destination
    assert report is not None and report.lookalikes[0].similar_name == "in your history"
    mine = core.chain.preview_send(to=lookalike_of(funded.address), asset="ETH", amount="0.01").destination
    assert mine is not None and (mine.lookalikes[0].similar_name or "").startswith("your account")


def test_a_first_send_is_a_notice_until_sent_or_saved(funded: Wallet) -> None:
    core = funded.core
    stranger = to_checksum_address("00000000000000000000000000000000000000ab")
    assert FindingKind.FIRST_SEND in kinds(core, stranger)
    core.chain.send(to=stranger, asset="ETH", amount="0.01", password=STRONG_PASSWORD)
    assert FindingKind.FIRST_SEND not in kinds(core, stranger)
    other = to_checksum_address("00000000000000000000000000000000000000cd")
    core.contacts.add_contact("Other", other)
    assert kinds(core, other) == set()


def test_the_zero_address_and_a_token_contract_are_warned_about(funded: Wallet) -> None:
    core = funded.core
    assert FindingKind.ZERO_ADDRESS in kinds(core, ZERO_ADDRESS)
    qxc = core.chain.deploy_qxc_as_dev()
    core.chain.dev_faucet(funded.address, eth=10 * ETHER, qxc=10**18)
    assert FindingKind.TOKEN_CONTRACT in kinds(core, qxc.address)
    assert FindingKind.TOKEN_CONTRACT in kinds(core, qxc.address, asset=qxc.address)
    assert FindingKind.TOKEN_CONTRACT not in kinds(core, BOB, asset=qxc.address)


def test_an_address_with_no_code_here_that_is_a_contract_elsewhere_is_warned_about(funded: Wallet) -> None:
    core = funded.core
    networks = [n for n in core.chain.networks() if not n.is_active]
    assert networks, "the built-in network is there beside the test node"
    other = networks[0]
    contract = to_checksum_address("5e" * 20)  # nothing is deployed there on the test node
    with core.db.write() as session:
        session.add(
            ChainToken(
                network_id=other.id,
                genesis_hash="0x" + "ee" * 32,
                address=contract,
                name="Elsewhere",
                symbol="ELS",
                decimals=18,
                created_at=0,
            )
        )
    assert core.chain.gateway.live().client.code(contract) in ("0x", "")  # fresh chain: nothing there
    assert FindingKind.NO_CODE_HERE in kinds(core, contract)


def test_poisoning_marks_zero_value_and_look_alike_senders(funded: Wallet) -> None:
    core = funded.core
    core.contacts.add_contact("Bob", BOB)
    me = funded.address

    def transfer(index: int, sender: str, amount: int, direction: str = "in") -> TransferInfo:
        return TransferInfo(BOB, "QXC", 18, 1, "0x" + "ab" * 32, index, sender, me, amount, direction)

    rows = [
        transfer(0, "0x" + "77" * 20, 0),
        transfer(1, lookalike_of(BOB), 5),
        transfer(2, BOB, 5),
        transfer(3, me, 0, direction="out"),
    ]
    marks = poisoned_transfers(core.contacts, rows)
    assert marks == {
        f"0x{'ab' * 32}:0": PoisonReason.ZERO_VALUE,
        f"0x{'ab' * 32}:1": PoisonReason.LOOKALIKE_SENDER,
    }
    assert poisoning_marks([HistoryRow("k", True, lookalike_of(BOB), 1)], []) == {}


def test_the_cli_refuses_a_look_alike_unless_accept_lookalike(
    funded: Wallet, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    funded.core.contacts.add_contact("Bob", BOB)
    fake = lookalike_of(BOB)
    send = ["--data-dir", str(data_dir), "--json", "chain", "send", "--asset", "ETH", "--to", fake]
    send += ["--amount", "0.25", "--from", funded.address]

    def run(*extra: str) -> tuple[int, dict[str, Any]]:
        monkeypatch.setattr("sys.stdin", io.StringIO(STRONG_PASSWORD + "\n"))
        code = main([*send, *extra])
        return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    code, preview = run()
    assert code == 0 and preview["preview"]["warnings"][0]["kind"] == "lookalike"
    assert preview["preview"]["warnings"][0]["similar_to"] == BOB
    held = funded.core.chain.gateway.live().client.balance(fake)  # the node lives for the session
    code, refused = run("--yes", "--password-stdin")
    assert code == 1 and refused["error"]["field"] == "to"
    client = funded.core.chain.gateway.live().client
    assert client.balance(fake) == held
    code, sent = run("--yes", "--password-stdin", "--accept-lookalike")
    assert code == 0 and sent["sent"] is True
    assert client.balance(fake) == held + ETHER // 4


def test_a_real_zero_value_transfer_in_the_scanned_history_is_marked(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    core = funded.core
    qxc = core.chain.deploy_qxc_as_dev()
    dev, _key = core.chain.deployer.dev_account()
    for amount in (0, 7):  # a poisoner's 0, then a real payment from the same (known) sender
        hardhat_node.rpc(
            "eth_sendTransaction",
            [{"from": dev, "to": qxc.address, "data": erc20.transfer_call(funded.address, amount)}],
        )
    while core.chain.scan_history().ranges_scanned:
        pass
    incoming = [t for t in core.chain.transfers() if t.to_address == funded.address and t.from_address == dev]
    assert sorted(t.amount for t in incoming) == [0, 7]
    marks = poisoned_transfers(core.contacts, incoming)
    zero = next(t for t in incoming if t.amount == 0)
    assert marks == {transfer_key(zero): PoisonReason.ZERO_VALUE}
