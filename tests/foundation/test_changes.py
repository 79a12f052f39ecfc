"""The core says what each state change changed (issue 11, section 2).

The set comes from the audit entries the change committed, so it is reported for this process's
operations (``collect``) and for another process's (``foreign_changes``) by one mechanism.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qenex_desktop.core import changes
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.changes import EVENT_CHANGES, EVENT_FAMILY_CHANGES, Changed, changes_for_event
from qenex_desktop.core.errors import QenexError
from tests.conftest import STRONG_PASSWORD

PACKAGE = Path(__file__).resolve().parents[2] / "qenex_desktop"
QENEX = Path(sys.executable).parent / "qenex"
TRADE = Changed.BALANCES | Changed.POOLS | Changed.POSITIONS | Changed.AUDIT


def _reported(action: Callable[[], object]) -> Changed:
    with changes.collect() as log:
        action()
    return log.changed


@pytest.fixture
def tracking() -> Iterator[None]:
    changes.own_entries.tracking = True
    yield
    changes.own_entries.tracking = False


def test_each_mutation_reports_what_it_changed(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    exchange = core.exchange
    assert _reported(lambda: exchange.create_token("GOLD", "Gold", 2, "1000")) == (
        Changed.TOKENS | Changed.BALANCES | Changed.AUDIT
    )
    exchange.create_token("SILV", "Silver", 2, "1000")
    assert _reported(lambda: exchange.create_pool("GOLD", "SILV", "100", "400")) == TRADE
    assert _reported(lambda: exchange.swap_exact_in("GOLD", "SILV", "5", 0)) == TRADE
    assert _reported(lambda: exchange.add_liquidity("GOLD", "SILV", "10", "40")) == TRADE
    assert _reported(lambda: exchange.create_account("Savings")) == Changed.ACCOUNTS | Changed.AUDIT
    assert _reported(lambda: exchange.transfer("GOLD", "1", "Main", "Savings")) == (
        Changed.BALANCES | Changed.AUDIT
    )
    assert _reported(lambda: core.chain.add_network("Other", "http://127.0.0.1:9", 31337)) == (
        Changed.NETWORKS | Changed.AUDIT
    )
    assert _reported(lambda: core.wallet.create(password=STRONG_PASSWORD)) & Changed.ACCOUNTS
    assert _reported(lambda: core.auth.logout()) == Changed.SESSION | Changed.AUDIT


def test_a_refused_change_reports_nothing(logged_in_core: QenexCore) -> None:
    exchange = logged_in_core.exchange
    exchange.create_token("GOLD", "Gold", 2, "1000")
    with changes.collect() as log, pytest.raises(QenexError):
        exchange.create_token("GOLD", "Gold again", 2, "1")  # exists: rolled back whole
    assert log.changed == Changed.NONE
    assert log.entries == []


def test_reads_report_nothing(logged_in_core: QenexCore) -> None:
    exchange = logged_in_core.exchange
    exchange.create_token("GOLD", "Gold", 2, "1000")
    assert _reported(exchange.list_tokens) == Changed.NONE
    assert _reported(exchange.balances) == Changed.NONE


def _literal_events() -> set[str]:
    """Every audit event written as a literal ``event="..."`` anywhere in the package."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.keyword) and node.arg == "event"):
                continue
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                found.add(node.value.value)
    return found


def test_every_event_the_core_writes_says_what_it_changed() -> None:
    events = _literal_events()
    assert "profile.created" in events and "token.imported" in events  # the walk finds them
    unmapped = {
        event
        for event in events
        if event not in EVENT_CHANGES and not any(event.startswith(p) for p in EVENT_FAMILY_CHANGES)
    }
    assert unmapped == set()
    assert changes_for_event("something.new") == Changed.everything()  # unknown: nothing goes stale


def test_another_processs_changes_are_told_apart_from_our_own(
    logged_in_core: QenexCore, data_dir: Path, tracking: None
) -> None:
    core = logged_in_core
    with core.db.read() as session:
        start = core.audit.newest_id(session)
    core.exchange.create_account("Ours")  # this process: announced already by its operation
    created = subprocess.run(
        [
            str(QENEX),
            "--data-dir",
            str(data_dir),
            "token",
            "create",
            "--symbol",
            "CLI",
            "--name",
            "Cli",
            "--decimals",
            "2",
            "--supply",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    with core.db.read() as session:
        entries = core.audit.events_after(session, start)
    assert [event for _id, event in entries] == ["exchange.account_created", "exchange.token_created"]
    assert (
        changes.foreign_changes(str(core.db.path), entries)
        == Changed.TOKENS | Changed.BALANCES | Changed.AUDIT
    )
