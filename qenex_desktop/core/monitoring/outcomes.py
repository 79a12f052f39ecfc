"""How a call ended, in three kinds: done, refused (the person's input) or failed (a fault).

A stored outcome is "ok", the ``code`` of the ``QenexError`` subclass that was raised, or "error"
for any other exception (``core/instrumentation.py``). Which kind a code is follows the exception
classes, never a message: a refusal is a ``QenexError`` a person causes and can fix (slippage,
deadline, insufficient funds, a wrong password, bad input, a contract's revert of their
transaction); a fault is a bug (any other exception) or the app's surroundings failing it (the node
unreachable or on another chain, the ledger busy, the keyring unavailable, a newer schema).
"""

from __future__ import annotations

from enum import StrEnum

from qenex_desktop.core.errors import (
    ChainError,
    KeyringUnavailableError,
    LedgerBusyError,
    QenexError,
    SchemaTooNewError,
    TransactionRevertedError,
)

OK = "ok"
#: What the decorator stores for an exception that is not a ``QenexError``: a bug.
BUG = "error"


class OutcomeKind(StrEnum):
    OK = "ok"
    REFUSAL = "refusal"
    FAULT = "fault"


#: Errors of the app's surroundings, not of the person: these and their subclasses are faults ...
FAULT_KINDS: tuple[type[QenexError], ...] = (
    ChainError,
    LedgerBusyError,
    KeyringUnavailableError,
    SchemaTooNewError,
)
#: ... except these, which the person's own transaction caused (the contract refused it).
REFUSAL_EXCEPTIONS: tuple[type[QenexError], ...] = (TransactionRevertedError,)


def _with_subclasses(kinds: tuple[type[QenexError], ...]) -> set[type[QenexError]]:
    found: set[type[QenexError]] = set()
    todo = list(kinds)
    while todo:
        kind = todo.pop()
        if kind not in found:
            found.add(kind)
            todo.extend(kind.__subclasses__())
    return found


def fault_codes() -> frozenset[str]:
    """The stored outcomes that are faults: the fault kinds' codes, and a bug's."""
    refusals = _with_subclasses(REFUSAL_EXCEPTIONS)
    faults = _with_subclasses(FAULT_KINDS) - refusals
    return frozenset({kind.code for kind in faults} | {BUG, QenexError.code})


_FAULT_CODES = fault_codes()


def outcome_kind(outcome: str) -> OutcomeKind:
    if outcome == OK:
        return OutcomeKind.OK
    return OutcomeKind.FAULT if outcome in _FAULT_CODES else OutcomeKind.REFUSAL


def is_refusal(outcome: str) -> bool:
    return outcome_kind(outcome) is OutcomeKind.REFUSAL
