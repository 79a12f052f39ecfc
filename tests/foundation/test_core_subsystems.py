"""The core builds each subsystem exactly once, whatever the threads (issue 10, item 3).

``functools.cached_property`` has no lock from Python 3.12 on: the GUI's workers touching
``core.wallet`` first at the same time built two ``WalletService`` objects, and Lock wiped only one
key vault. These tests make the build slow so that a missing lock shows on every run.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.keys.service import WalletService
from qenex_desktop.core.keys.vault import KeyVault
from qenex_desktop.core.once import built_once
from tests.conftest import STRONG_PASSWORD

THREADS = 16


def _all_at_once(action: Any, threads: int = THREADS) -> list[Any]:
    barrier = threading.Barrier(threads)
    results: list[Any] = [None] * threads
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = action()
        except BaseException as exc:  # reported below, not swallowed
            errors.append(exc)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert not errors, errors
    return results


class _Slow:
    builds = 0

    @built_once
    def part(self) -> object:
        type(self).builds += 1
        time.sleep(0.05)  # a window in which another thread would build its own
        return object()


def test_built_once_builds_one_object_for_many_threads_at_once() -> None:
    _Slow.builds = 0
    owner = _Slow()
    seen = _all_at_once(lambda: owner.part)
    assert _Slow.builds == 1
    assert len({id(value) for value in seen}) == 1
    assert owner.part is seen[0]


def test_built_once_is_per_instance() -> None:
    _Slow.builds = 0
    first, second = _Slow(), _Slow()
    assert first.part is not second.part
    assert _Slow.builds == 2


def test_concurrent_first_access_yields_one_wallet_and_lock_wipes_every_vault(
    logged_in_core: QenexCore, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = logged_in_core
    vaults: list[KeyVault] = []
    real_vault_init = KeyVault.__init__
    real_wallet_init = WalletService.__init__

    def counting_vault_init(self: KeyVault) -> None:
        real_vault_init(self)
        vaults.append(self)

    def slow_wallet_init(self: WalletService, *args: Any, **kwargs: Any) -> None:
        real_wallet_init(self, *args, **kwargs)
        time.sleep(0.05)

    monkeypatch.setattr(KeyVault, "__init__", counting_vault_init)
    monkeypatch.setattr(WalletService, "__init__", slow_wallet_init)

    # As the window's workers do: some ask for the wallet, some for the chain (which takes it).
    seen = _all_at_once(lambda: core.wallet if threading.get_ident() % 2 else core.chain.wallet)
    assert len({id(wallet) for wallet in seen}) == 1
    assert core.chain.wallet is core.wallet
    assert len(vaults) == 1

    core.wallet.create(password=STRONG_PASSWORD)
    assert core.wallet.is_unlocked()
    core.wallet.lock()
    assert all(not vault.is_unlocked() for vault in vaults)


def test_each_subsystem_is_built_once_under_concurrent_first_access(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    names = ("token_store", "auth", "wallet", "exchange", "chain")
    seen = _all_at_once(lambda: tuple(getattr(core, name) for name in names))
    for index, name in enumerate(names):
        assert len({id(row[index]) for row in seen}) == 1, name
