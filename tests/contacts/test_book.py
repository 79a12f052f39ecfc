"""The address book in the ledger: add/edit/delete, each one unit of work with its audit entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.changes import Changed, collect
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.errors import AlreadyExistsError, NotFoundError, ValidationError
from tests.conftest import STRONG_PASSWORD

BOB = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
CAROL = "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"


def _events(core: QenexCore) -> list[str]:
    with core.db.read() as session:
        return list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)))


def test_a_contact_is_added_edited_and_removed_with_its_audit_entries(logged_in_core: QenexCore) -> None:
    book = logged_in_core.contacts
    with collect() as log:
        added = book.add_contact("Bob", BOB.lower(), note="rent")
    assert log.changed & Changed.CONTACTS
    assert (added.name, added.address, added.note) == ("Bob", BOB, "rent")  # stored EIP-55
    assert [c.name for c in book.contacts()] == ["Bob"]
    network = logged_in_core.chain.registry.get(None).name  # the built-in one
    edited = book.edit_contact(added.id, name="Bobby", address=BOB, note="", networks=[network.upper()])
    assert (edited.name, edited.note, edited.networks) == ("Bobby", None, (network,))
    assert book.find("bobby").id == added.id and book.find(BOB.lower()).id == added.id
    assert book.edit_contact(added.id, name="Bobby", address=BOB, networks=[network]) == edited  # no entry
    assert book.remove_contact("Bobby").address == BOB
    assert book.contacts() == []
    assert _events(logged_in_core)[-3:] == ["contact.added", "contact.edited", "contact.removed"]


def test_names_and_addresses_are_unique_and_checked(logged_in_core: QenexCore) -> None:
    book = logged_in_core.contacts
    book.add_contact("Bob", BOB)
    with pytest.raises(AlreadyExistsError) as same_address:
        book.add_contact("Robert", BOB)
    assert same_address.value.field == "address"
    with pytest.raises(AlreadyExistsError) as same_name:
        book.add_contact("BOB", CAROL)
    assert same_name.value.field == "name"
    with pytest.raises(ValidationError) as bad_checksum:
        book.add_contact("Carol", CAROL[:-1] + "b")
    assert bad_checksum.value.field == "address"
    with pytest.raises(NotFoundError):
        book.add_contact("Carol", CAROL, networks=["Nowhere"])
    assert [c.name for c in book.contacts()] == ["Bob"]  # nothing half-written


def test_an_own_account_is_never_a_contact(logged_in_core: QenexCore) -> None:
    own = logged_in_core.wallet.create(password=STRONG_PASSWORD).account.address
    with pytest.raises(ValidationError) as refused:
        logged_in_core.contacts.add_contact("Me", own)
    assert refused.value.field == "address"


def test_a_transaction_label_is_set_changed_and_removed(logged_in_core: QenexCore) -> None:
    book = logged_in_core.contacts
    tx = "0x" + "ab" * 32
    assert book.set_tx_label(tx.upper().replace("0X", "0x"), "rent for May") == "rent for May"
    assert book.tx_labels() == {tx: "rent for May"}
    book.set_tx_label(tx, "rent for May")  # unchanged: no entry
    book.set_tx_label(tx, "")
    assert book.tx_labels() == {}
    assert _events(logged_in_core)[-2:] == ["label.tx_set", "label.tx_removed"]
