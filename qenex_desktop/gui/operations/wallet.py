"""Named wallet mutations: the HD accounts of the recovery phrase, imports after the first run, the
backups (keystore file, the phrase shown again) and account labels.

Each function holds the core call, the operation's name and where each refusal's ``field`` is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from qenex_desktop.core.errors import AlreadyExistsError, ValidationError
from qenex_desktop.gui.operations.base import OpsContext, Reply
from qenex_desktop.gui.operations.runner import Done, Failed, InlineErrorTarget

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.keys.service import WalletAccountInfo

#: What an import reads: "mnemonic" (a phrase), "private_key", or "keystore" (a file and its password).
IMPORT_KINDS = ("mnemonic", "private_key", "keystore")


def add_account(
    ctx: OpsContext,
    password: str | None,
    *,
    trigger: QWidget,
    name: str | None = None,
    on_done: Done | None = None,
    owner: QObject | None = None,
) -> int:
    """Derive the next account of the recovery phrase (refusals go to a message box)."""
    wallet = ctx.core.wallet
    return ctx.ops.run(
        lambda: wallet.add_account(name=name or None, password=password),
        name="add account",
        trigger=trigger,
        on_done=on_done,
        owner=owner,
    )


def import_secret(
    core: QenexCore,
    kind: str,
    secret: str,
    *,
    accounts: int = 1,
    name: str | None = None,
    keystore_password: str = "",
    password: str | None = None,
) -> list[WalletAccountInfo]:
    """``wallet import`` of the CLI: ``secret`` is the phrase, the key, or the keystore file's path."""
    wallet = core.wallet
    if kind == "mnemonic":
        return wallet.import_mnemonic(secret, accounts=accounts, name=name, password=password)
    if kind == "private_key":
        return [wallet.import_private_key(secret, name=name, password=password)]
    if not secret.strip():
        raise ValidationError("Choose the keystore file.", field="keystore")
    from qenex_desktop.core.keys.keystore import load_keystore_file  # eth libraries: not at start-up

    data = load_keystore_file(secret.strip())
    return [wallet.import_keystore(data, keystore_password, name=name, password=password)]


def import_key(
    ctx: OpsContext,
    kind: str,
    secret: str,
    *,
    accounts: int,
    name: str | None,
    keystore_password: str,
    password: str | None,
    errors: Mapping[str, InlineErrorTarget],
    **reply: Unpack[Reply],
) -> int:
    """Import after the first run; ``errors`` is keyed secret, keystore, accounts, name, password, "*"."""
    core = ctx.core
    return ctx.ops.run(
        lambda: import_secret(
            core,
            kind,
            secret,
            accounts=accounts,
            name=name or None,
            keystore_password=keystore_password,
            password=password,
        ),
        name="import key",
        fields={
            "mnemonic": errors["secret"],
            "private_key": errors["secret"],
            "key": errors["secret"],
            "keystore": errors["keystore"],
            "keystore_password": errors["keystore"],
            "accounts": errors["accounts"],
            "account": errors["name"],
            "address": errors["*"],
            "password": errors["password"],
            "*": errors["*"],
        },
        **reply,
    )


def export_to_file(core: QenexCore, address: str, password: str, path: Path) -> Path:
    """``wallet export``: the account's keystore v3 file, sealed under the profile password, written
    to a new 0600 file (an existing one is refused before the password is checked)."""
    from qenex_desktop.core.keys.keystore import save_keystore_file

    if not str(path).strip():
        raise ValidationError("Choose where to save the file.", field="output")
    if path.exists():
        raise AlreadyExistsError(f"{path} exists already; choose another file name.", field="output")
    save_keystore_file(path, core.wallet.export_keystore(address, password))
    return path


def export_keystore(
    ctx: OpsContext,
    address: str,
    password: str,
    path: Path,
    *,
    password_error: InlineErrorTarget,
    file_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    core = ctx.core
    return ctx.ops.run(
        lambda: export_to_file(core, address, password, path),
        name="export keystore",
        fields={"password": password_error, "output": file_error, "*": general_error},
        **reply,
    )


def reveal_mnemonic(
    ctx: OpsContext,
    password: str,
    address: str | None,
    *,
    password_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """The recovery phrase again, after the password (audited by the core)."""
    wallet = ctx.core.wallet
    return ctx.ops.run(
        lambda: wallet.reveal_mnemonic(password, address=address),
        name="show recovery phrase",
        fields={"password": password_error, "*": general_error},
        **reply,
    )


def rename_account(
    ctx: OpsContext,
    address: str,
    name: str,
    *,
    name_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    wallet = ctx.core.wallet
    return ctx.ops.run(
        lambda: wallet.rename_account(address, name),
        name="rename account",
        fields={"name": name_error, "*": name_error},
        **reply,
    )


def set_account_hidden(
    ctx: OpsContext,
    address: str,
    hidden: bool,
    *,
    error: InlineErrorTarget,
    on_error: Failed,
    **reply: Unpack[Reply],
) -> int:
    wallet = ctx.core.wallet
    return ctx.ops.run(
        lambda: wallet.set_account_hidden(address, hidden),
        name="hide account" if hidden else "show account",
        on_error=on_error,
        fields={"*": error},
        **reply,
    )


def read_accounts(ctx: OpsContext, *, on_done: Done, owner: QObject) -> int:
    """The profile's accounts, hidden ones too (flagged), for the dialogs that pick or edit one."""
    wallet = ctx.core.wallet
    return ctx.ops.run(wallet.accounts, name="accounts", on_done=on_done, owner=owner, quiet=True)
