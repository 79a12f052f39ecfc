"""What a state change changed, said by the core, so each view refreshes exactly what it shows.

Every state change runs in one unit of work with its audit entry (the house rule), so the audit
event names the change: ``changes_for_event`` maps each event the core writes to the ``Changed``
members it touches. ``AuditLog.append`` notes them on the unit of work; when that unit commits
(``Database.write``), they go to the operation that caused them (``collect()``, which the GUI's
operations layer opens around each core call on its worker thread) and the entry ids to
``own_entries``, so that ``foreign_changes`` can tell another process's entries (the CLI, a second
window) from this process's own. One mechanism for both: the GUI announces exactly what the core
reports, whoever made the change. This is Anki's ``OpChanges`` idea, with the audit log as the
single place every change is already written down.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


class Changed(enum.Flag):
    NONE = 0
    BALANCES = enum.auto()  # on-chain or ledger amounts held
    POOLS = enum.auto()  # ledger pools: reserves, prices, volume
    POSITIONS = enum.auto()  # liquidity shares
    TOKENS = enum.auto()  # ledger tokens, imported or deployed chain tokens
    ACCOUNTS = enum.auto()  # wallet accounts and keys, ledger accounts
    NETWORKS = enum.auto()  # the network list, the active choice, a new chain behind one
    TRANSACTIONS = enum.auto()  # tracked chain transactions and their states
    AUDIT = enum.auto()  # new audit entries
    SESSION = enum.auto()  # logins, locks, profiles, passwords
    SETTINGS = enum.auto()  # preferences
    CONTACTS = enum.auto()  # the address book and labels (issue 15)

    @classmethod
    def everything(cls) -> Changed:
        result = cls.NONE
        for member in cls:
            result |= member
        return result


_MONEY = Changed.BALANCES | Changed.TRANSACTIONS
_LEDGER_TRADE = Changed.BALANCES | Changed.POOLS | Changed.POSITIONS

#: Each audit event the core writes, and what it changed (AUDIT is added to every one).
EVENT_CHANGES: dict[str, Changed] = {
    # profiles and sessions
    "profile.created": Changed.SESSION,
    "login.succeeded": Changed.SESSION,
    "login.failed": Changed.SESSION,
    "login.locked_out": Changed.SESSION,
    "logout": Changed.SESSION,
    "session.locked": Changed.SESSION,
    "session.expired": Changed.SESSION,
    "password.changed": Changed.SESSION | Changed.ACCOUNTS,
    "password.rehashed": Changed.SESSION,
    "password.failures_cleared": Changed.SESSION,
    "password.check_failed": Changed.SESSION,
    "password.change_failed": Changed.SESSION,
    # wallet keys
    "wallet.vault_created": Changed.ACCOUNTS,
    "wallet.created": Changed.ACCOUNTS | Changed.BALANCES,
    "wallet.imported": Changed.ACCOUNTS | Changed.BALANCES,
    "wallet.account_added": Changed.ACCOUNTS | Changed.BALANCES,
    "wallet.exported": Changed.NONE,
    "wallet.phrase_revealed": Changed.NONE,
    "wallet.account_renamed": Changed.ACCOUNTS,
    "wallet.account_hidden": Changed.ACCOUNTS | Changed.BALANCES,
    "wallet.account_shown": Changed.ACCOUNTS | Changed.BALANCES,
    # networks and chain transactions
    "network.added": Changed.NETWORKS,
    "network.selected": Changed.NETWORKS | _MONEY | Changed.TOKENS,
    "network.edited": Changed.NETWORKS | _MONEY | Changed.TOKENS,
    "network.removed": Changed.NETWORKS,
    "chain.reset_detected": Changed.NETWORKS | _MONEY | Changed.TOKENS,
    "chain.dev_faucet": Changed.BALANCES,
    "token.imported": Changed.TOKENS | Changed.BALANCES,
    "qxc.deployed": Changed.TOKENS | _MONEY,
    # the local exchange
    "exchange.token_created": Changed.TOKENS | Changed.BALANCES,
    "exchange.account_created": Changed.ACCOUNTS,
    "exchange.account_renamed": Changed.ACCOUNTS | Changed.BALANCES,
    "exchange.minted": Changed.TOKENS | Changed.BALANCES,
    "exchange.burned": Changed.TOKENS | Changed.BALANCES,
    "exchange.transfer": Changed.BALANCES,
    "exchange.pool_created": _LEDGER_TRADE,
    "exchange.pool_oriented": Changed.POOLS,
    "exchange.swap": _LEDGER_TRADE,
    "exchange.liquidity_added": _LEDGER_TRADE,
    "exchange.liquidity_removed": _LEDGER_TRADE,
    "exchange.legacy_imported": Changed.everything(),
    # the address book and labels
    "contact.added": Changed.CONTACTS,
    "contact.edited": Changed.CONTACTS,
    "contact.removed": Changed.CONTACTS,
    "label.tx_set": Changed.CONTACTS | Changed.TRANSACTIONS,
    "label.tx_removed": Changed.CONTACTS | Changed.TRANSACTIONS,
    "label.imported": Changed.CONTACTS | Changed.ACCOUNTS | Changed.TRANSACTIONS,
}
#: Events named by a family (``chain.send_eth``, ``chain.tx_confirmed``, ...): by their prefix.
EVENT_FAMILY_CHANGES: dict[str, Changed] = {
    "chain.tx_": _MONEY,
    "chain.": _MONEY,
    "audit.": Changed.NONE,
    "monitor.": Changed.NONE,
}


def changes_for_event(event: str) -> Changed:
    """What an audit event says changed; an event nobody mapped changes everything (never stale)."""
    found = EVENT_CHANGES.get(event)
    if found is None:
        found = next(
            (changes for prefix, changes in EVENT_FAMILY_CHANGES.items() if event.startswith(prefix)),
            Changed.everything(),
        )
    return found | Changed.AUDIT


# -- one operation's changes ------------------------------------------------------------------------


@dataclass
class ChangeLog:
    """What the units of work committed inside one ``collect()`` block changed."""

    changed: Changed = Changed.NONE
    entries: list[int] = field(default_factory=list)
    #: Told of each unit's changes as it commits, so a long operation (a deploy waiting for its
    #: receipt) shows what it did at once, not when it ends.
    on_commit: Callable[[Changed], None] | None = None


_current: ContextVar[ChangeLog | None] = ContextVar("qenex_changes", default=None)
_SESSION_KEY = "qenex.changes"


@contextmanager
def collect(on_commit: Callable[[Changed], None] | None = None) -> Iterator[ChangeLog]:
    """Gather what the core commits inside this block (on this thread): the operation's changes."""
    log = ChangeLog(on_commit=on_commit)
    token = _current.set(log)
    try:
        yield log
    finally:
        _current.reset(token)


def note(session_info: dict[str, Any], entry_id: int, event: str) -> None:
    """Called by ``AuditLog.append``: this unit of work, once committed, changed what ``event`` says."""
    pending = session_info.setdefault(_SESSION_KEY, ChangeLog())
    pending.changed |= changes_for_event(event)
    pending.entries.append(entry_id)


def committed(session_info: dict[str, Any], ledger: str) -> None:
    """Called by the ledger (``ledger`` names its file) after a unit of work committed: its changes
    are now real."""
    pending: ChangeLog | None = session_info.pop(_SESSION_KEY, None)
    if pending is None:
        return
    own_entries.add(ledger, pending.entries)
    log = _current.get()
    if log is not None:
        log.changed |= pending.changed
        log.entries.extend(pending.entries)
        if log.on_commit is not None:
            log.on_commit(pending.changed)


def discarded(session_info: dict[str, Any]) -> None:
    """A unit of work rolled back: what it noted never happened."""
    session_info.pop(_SESSION_KEY, None)


# -- another process's changes ----------------------------------------------------------------------


class _OwnEntries:
    """Audit entry ids this process committed, per ledger file (until the watcher looked past them)."""

    def __init__(self) -> None:
        self._ids: dict[str, set[int]] = {}
        self._lock = threading.Lock()
        #: Only a process that watches for other processes' changes (the window) keeps ids; a CLI
        #: process, which never looks, keeps none.
        self.tracking = False

    def add(self, ledger: str, ids: Iterable[int]) -> None:
        if not self.tracking:
            return
        with self._lock:
            self._ids.setdefault(ledger, set()).update(ids)

    def take(self, ledger: str, ids: Iterable[int]) -> set[int]:
        """Which of ``ids`` are this process's own (and forget those: each is looked at once)."""
        with self._lock:
            mine = self._ids.get(ledger, set())
            own = mine.intersection(ids)
            mine.difference_update(own)
            return own

    def forget(self) -> None:
        """A watcher starts on a ledger: ids kept before belong to its baseline or another ledger."""
        with self._lock:
            self._ids.clear()


own_entries = _OwnEntries()


def foreign_changes(ledger: str, entries: Iterable[tuple[int, str]]) -> Changed:
    """What the entries of ``ledger`` written by *other* processes changed (this process's own were
    announced by the operations that made them)."""
    listed = list(entries)
    own = own_entries.take(ledger, (entry_id for entry_id, _event in listed))
    result = Changed.NONE
    for entry_id, event in listed:
        if entry_id not in own:
            result |= changes_for_event(event)
    return result
