"""How core.wallet is built: the account edits are parts handed what they use, not a mixin."""

from __future__ import annotations

import inspect

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.instrumentation import OperationSample
from qenex_desktop.core.keys.accounts import AccountLabels, PhraseReveal
from qenex_desktop.core.keys.service import WalletService
from tests.conftest import STRONG_PASSWORD


def test_the_wallet_stacks_nothing_and_each_part_takes_only_what_it_uses() -> None:
    assert WalletService.__bases__ == (object,)
    assert AccountLabels.__bases__ == PhraseReveal.__bases__ == (object,)
    assert list(inspect.signature(AccountLabels).parameters) == [
        "database",
        "audit",
        "auth",
        "instrumentation",
    ]
    assert list(inspect.signature(PhraseReveal).parameters) == [
        "database",
        "audit",
        "auth",
        "vault",
        "unlocked_session",
        "instrumentation",
    ]


def test_the_parts_share_the_wallets_vault_and_the_methods_are_theirs(logged_in_core: QenexCore) -> None:
    wallet = logged_in_core.wallet
    assert wallet.labels.auth is wallet.auth is logged_in_core.auth
    assert wallet.phrases.vault is wallet.vault
    assert wallet.phrases._unlocked_session == wallet.unlocked_session
    for name, part in (("rename_account", AccountLabels), ("set_account_hidden", AccountLabels)):
        assert inspect.signature(getattr(WalletService, name)) == inspect.signature(getattr(part, name))
    assert inspect.signature(WalletService.reveal_mnemonic) == inspect.signature(PhraseReveal.reveal_mnemonic)


def test_a_rename_is_timed_once_under_its_name(logged_in_core: QenexCore) -> None:
    wallet = logged_in_core.wallet
    created = wallet.create(password=STRONG_PASSWORD)
    seen: list[OperationSample] = []

    def listen(sample: OperationSample) -> None:
        seen.append(sample)

    wallet.instrumentation.subscribe(listen)
    try:
        wallet.rename_account(created.account.address, "Everyday")
        wallet.reveal_mnemonic(STRONG_PASSWORD)
    finally:
        wallet.instrumentation.unsubscribe(listen)
    assert [s.operation for s in seen] == ["wallet.rename_account", "wallet.reveal_mnemonic"]
    assert wallet.accounts()[0].name == "Everyday"
