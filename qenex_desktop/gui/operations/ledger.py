"""Named mutations of the local exchange's ledger: mint or burn, transfer, accounts, legacy import.

Each function holds the core call, the operation's name and where each refusal's ``field`` is shown
(the core's field names, so a dialog passes its labels keyed the same way). ``read_ledger`` is the
one read the ledger dialogs share: tokens, accounts and balances in one snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Unpack

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from qenex_desktop.gui.operations.base import OpsContext, Reply, with_general
from qenex_desktop.gui.operations.runner import Done, Failed, InlineErrorTarget

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.types import AccountInfo, Balance, TokenInfo

#: The account a mint, burn or transfer uses when none is chosen (the core's default).
DEFAULT_ACCOUNT = "Main"


@dataclass(frozen=True)
class LedgerView:
    """What the ledger dialogs show: every token, your accounts, what each own account holds."""

    tokens: tuple[TokenInfo, ...]
    accounts: tuple[AccountInfo, ...]
    balances: tuple[Balance, ...]
    username: str

    def own_accounts(self) -> list[str]:
        """Your own account names, Main first (it exists from the first operation that uses it)."""
        names = [a.name for a in self.accounts if a.kind == "own"]
        return [DEFAULT_ACCOUNT, *(n for n in names if n != DEFAULT_ACCOUNT)]

    def counterparties(self) -> list[str]:
        return [a.name for a in self.accounts if a.kind == "counterparty"]

    def held(self, account: str, symbol: str) -> int:
        return sum(b.amount for b in self.balances if b.account == account and b.symbol == symbol)

    def token(self, symbol: str) -> TokenInfo | None:
        return next((t for t in self.tokens if t.symbol == symbol), None)


def read_ledger(ctx: OpsContext, *, on_done: Done, owner: QObject, key: str) -> int:
    """The ledger as the dialogs show it; ``key`` drops an older read that finishes late."""
    core = ctx.core

    def read() -> LedgerView:
        exchange = core.exchange
        session = core.auth.require_session()
        return LedgerView(
            tuple(exchange.list_tokens()),
            tuple(exchange.list_accounts()),
            tuple(exchange.balances()),
            session.username,
        )

    return ctx.ops.run(read, name="read ledger", on_done=on_done, owner=owner, latest=key, quiet=True)


def change_supply(
    ctx: OpsContext,
    kind: Literal["mint", "burn"],
    symbol: str,
    amount: int,
    account: str | None,
    *,
    errors: Mapping[str, InlineErrorTarget],
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """Mint or burn ``amount`` (base units); ``account`` None is Main; ``errors`` keyed symbol,
    amount, account."""
    exchange = ctx.core.exchange
    change = exchange.mint if kind == "mint" else exchange.burn
    return ctx.ops.run(
        lambda: change(symbol, amount, account=account),
        name=kind,
        fields=with_general(errors, general_error),
        **reply,
    )


def transfer(
    ctx: OpsContext,
    symbol: str,
    amount: int,
    from_account: str,
    to_account: str,
    *,
    errors: Mapping[str, InlineErrorTarget],
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """``errors`` keyed symbol, amount, from_account, to_account (a bare "account" is the sender's)."""
    exchange = ctx.core.exchange
    fields = with_general(errors, general_error)
    if "from_account" in errors:
        fields.setdefault("account", errors["from_account"])
    return ctx.ops.run(
        lambda: exchange.transfer(symbol, amount, from_account, to_account),
        name="transfer",
        fields=fields,
        **reply,
    )


def create_account(
    ctx: OpsContext,
    name: str,
    counterparty: bool,
    *,
    name_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """A refused name (taken, empty, too long) shows under the name."""
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.create_account(name, counterparty=counterparty),
        name="create account",
        fields={"account": name_error, "*": general_error},
        **reply,
    )


def rename_account(
    ctx: OpsContext,
    name: str,
    new_name: str,
    *,
    name_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """A refused new name shows under it; a refusal about the account itself on the general line."""
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.rename_account(name, new_name),
        name="rename account",
        fields={"new_name": name_error, "*": general_error},
        **reply,
    )


def import_legacy(
    ctx: OpsContext,
    system_db: Path | None,
    defi_db: Path | None,
    *,
    dry_run: bool,
    errors: Mapping[str, InlineErrorTarget],
    on_done: Done,
    on_error: Failed,
    trigger: QWidget,
    owner: QObject,
) -> int:
    """The dry run or the import of the original files, on a worker (one transaction in the core).

    ``errors`` keyed qenex_os_db, defi_db, source: an unreadable file shows at its picker. A refused
    import (``LegacyImportRefused``, its report inside) goes to ``on_error`` for the dialog to show.
    """
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.import_legacy(qenex_os_db=system_db, defi_db=defi_db, dry_run=dry_run),
        name="legacy dry run" if dry_run else "legacy import",
        on_done=on_done,
        on_error=on_error,
        trigger=trigger,
        owner=owner,
        fields=dict(errors),
    )


def read_legacy_history(
    ctx: OpsContext,
    before_id: int | None,
    limit: int,
    *,
    on_done: Done,
    owner: QObject,
    trigger: QWidget,
) -> int:
    """A page of the history the legacy imports carried over, newest first, before ``before_id``."""
    exchange = ctx.core.exchange
    return ctx.ops.run(
        lambda: exchange.legacy_history(limit=limit, before_id=before_id),
        name="read imported history",
        on_done=on_done,
        owner=owner,
        trigger=trigger,
    )
