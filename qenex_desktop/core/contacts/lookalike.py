"""Look-alike addresses and what a check of a destination found (issue 15). Plain values, no I/O.

Address poisoning plants an address whose first and last characters match one a person uses, so
that a copy from the history (people check the ends of an address, not its middle) sends to the
attacker. Two addresses *look alike* here when they differ but share their first 4 and last 4 hex
digits after ``0x``, compared case-insensitively (the EIP-55 case is a checksum, not part of what a
person reads). The finding names both addresses and which characters differ, so a view can mark
them; ``poisoning_marks`` flags history rows that look like such a plant.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: Hex digits compared at each end (after ``0x``).
EDGE = 4
ZERO_ADDRESS = "0x" + "0" * 40


def _body(address: str) -> str:
    return address[2:].lower() if address[:2].lower() == "0x" else address.lower()


def looks_alike(a: str, b: str) -> bool:
    """Different addresses with the same first and last ``EDGE`` hex digits (case-insensitive)."""
    left, right = _body(a), _body(b)
    if len(left) != 40 or len(right) != 40 or left == right:
        return False
    return left[:EDGE] == right[:EDGE] and left[-EDGE:] == right[-EDGE:]


def differing_positions(a: str, b: str) -> tuple[int, ...]:
    """Indexes into the ``0x…`` text (so 2 is the first hex digit) where the two differ."""
    left, right = _body(a), _body(b)
    return tuple(i + 2 for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y)


class FindingKind(enum.StrEnum):
    LOOKALIKE = "lookalike"  # resembles a known address: needs an explicit acknowledgement
    FIRST_SEND = "first_send"  # never sent to and not in the book: offer to save it
    ZERO_ADDRESS = "zero_address"  # 0x000…0: nobody holds its key
    TOKEN_CONTRACT = "token_contract"  # a token contract itself: tokens sent there are stuck
    NO_CODE_HERE = "no_code_here"  # a contract on another network, nothing on this one


class Severity(enum.StrEnum):
    STRONG = "strong"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    severity: Severity
    message: str
    #: For a look-alike: the known address it resembles, who that is, and the differing indexes.
    similar_to: str | None = None
    similar_name: str | None = None
    differing: tuple[int, ...] = ()


@dataclass(frozen=True)
class DestinationReport:
    """What the checks before signing found about a recipient, and who it is to this profile."""

    address: str
    #: The contact's name, or the own account's label, when the address is one of them.
    contact_name: str | None = None
    own_account: str | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def needs_acknowledgement(self) -> bool:
        return any(f.kind is FindingKind.LOOKALIKE for f in self.findings)

    @property
    def lookalikes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind is FindingKind.LOOKALIKE)

    def has(self, kind: FindingKind) -> bool:
        return any(f.kind is kind for f in self.findings)


def lookalike_findings(destination: str, known: Mapping[str, str]) -> tuple[Finding, ...]:
    """A strong finding for each known address (address -> who it is) the destination resembles."""
    found = []
    for address, who in known.items():
        if looks_alike(destination, address):
            found.append(
                Finding(
                    FindingKind.LOOKALIKE,
                    Severity.STRONG,
                    f"{destination} looks like {address} ({who}) but is a different address: "
                    "addresses like this are planted in histories to be copied by mistake.",
                    similar_to=address,
                    similar_name=who,
                    differing=differing_positions(destination, address),
                )
            )
    return tuple(found)


@dataclass(frozen=True)
class HistoryRow:
    """The part of a history row poisoning is judged on: an incoming token transfer's sender and
    amount (other rows are never marked)."""

    key: str  # the row's id as its caller keys it (e.g. "tx_hash:log_index")
    incoming: bool
    sender: str
    amount: int


class PoisonReason(enum.StrEnum):
    ZERO_VALUE = "zero_value"
    LOOKALIKE_SENDER = "lookalike_sender"


def poisoning_marks(rows: Iterable[HistoryRow], known: Iterable[str]) -> dict[str, PoisonReason]:
    """Which incoming transfers look like poisoning: zero-value ones, and ones from a sender that
    looks like a known address (the book, own accounts, addresses sent to). Row key -> reason."""
    trusted = list(dict.fromkeys(known))
    marks: dict[str, PoisonReason] = {}
    for row in rows:
        if not row.incoming:
            continue
        if row.amount == 0:
            marks[row.key] = PoisonReason.ZERO_VALUE
        elif any(looks_alike(row.sender, address) for address in trusted):
            marks[row.key] = PoisonReason.LOOKALIKE_SENDER
    return marks
