"""Named address-book operations (issue 15): read, add, edit and delete contacts, BIP-329 labels.

Each function holds the core call, the operation's name and where each refusal's ``field`` is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Unpack

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from qenex_desktop.gui.operations.base import OpsContext, Reply
from qenex_desktop.gui.operations.runner import Done, Failed, InlineErrorTarget


def read_contacts(ctx: OpsContext, *, on_done: Done, owner: QObject) -> int:
    book = ctx.core.contacts
    return ctx.ops.run(book.contacts, name="contacts", on_done=on_done, owner=owner, quiet=True)


def read_network_names(ctx: OpsContext, *, on_done: Done, owner: QObject) -> int:
    """The names of the networks a contact may be used on."""
    core = ctx.core
    return ctx.ops.run(
        lambda: [n.name for n in core.chain.networks()],
        name="networks",
        on_done=on_done,
        owner=owner,
        quiet=True,
    )


def read_completions(ctx: OpsContext, *, on_done: Done, owner: QObject) -> int:
    """(text shown, address) for the Send dialog's To field: contacts, then own account labels."""
    core = ctx.core

    def read() -> list[tuple[str, str]]:
        rows = [(f"{c.name} — {c.address}", c.address) for c in core.contacts.contacts()]
        rows += [(f"{a.name} — {a.address}", a.address) for a in core.wallet.accounts() if not a.hidden]
        return rows

    return ctx.ops.run(read, name="address completions", on_done=on_done, owner=owner, quiet=True)


def save_contact(
    ctx: OpsContext,
    contact_id: int | None,
    *,
    name: str,
    address: str,
    note: str,
    networks: Sequence[str],
    errors: Mapping[str, InlineErrorTarget],
    **reply: Unpack[Reply],
) -> int:
    """Add a contact (``contact_id`` None) or change one; refusals land at name/address/note."""
    book = ctx.core.contacts
    if contact_id is None:
        call = lambda: book.add_contact(name, address, note=note, networks=networks)  # noqa: E731
    else:
        call = lambda: book.edit_contact(  # noqa: E731
            contact_id, name=name, address=address, note=note, networks=networks
        )
    return ctx.ops.run(call, name="save contact", fields=errors, **reply)


def remove_contact(
    ctx: OpsContext, contact_id: int, *, on_done: Done, on_error: Failed | None = None, owner: QObject
) -> int:
    book = ctx.core.contacts
    return ctx.ops.run(
        lambda: book.remove_contact(contact_id),
        name="delete contact",
        on_done=on_done,
        on_error=on_error,
        owner=owner,
    )


def export_labels(ctx: OpsContext, path: Path, *, on_done: Done, owner: QObject) -> int:
    """Write the profile's labels as BIP-329 JSON lines to ``path`` (the dialog asked where)."""
    book = ctx.core.contacts

    def write() -> int:
        from qenex_desktop.core.contacts import bip329

        lines = bip329.export_lines(book)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return len(lines)

    return ctx.ops.run(write, name="export labels", on_done=on_done, owner=owner)


def import_labels(ctx: OpsContext, path: Path, *, on_done: Done, owner: QObject) -> int:
    book = ctx.core.contacts

    def read() -> object:
        from qenex_desktop.core.contacts import bip329
        from qenex_desktop.core.errors import ValidationError

        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"Cannot read {path}: {exc}", field="file") from None
        return bip329.import_text(book, text)

    return ctx.ops.run(read, name="import labels", on_done=on_done, owner=owner)


def set_tx_label(
    ctx: OpsContext,
    tx_hash: str,
    label: str,
    *,
    errors: Mapping[str, InlineErrorTarget] | None = None,
    on_done: Done,
    on_error: Failed | None = None,
    trigger: QWidget | None = None,
    owner: QObject,
) -> int:
    """Label a transaction (an empty label removes it); a refusal lands at ``label``."""
    book = ctx.core.contacts
    return ctx.ops.run(
        lambda: book.set_tx_label(tx_hash, label),
        name="label transaction",
        on_done=on_done,
        on_error=on_error,
        trigger=trigger,
        owner=owner,
        fields=errors,
    )
