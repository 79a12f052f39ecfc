"""The checks of a send's destination before anything is signed (issue 15): typed findings.

Local only: the ledger (the address book, own accounts, the profile's transactions, known token
contracts) and the user's own node (``eth_getCode``). What each finding means:

* ``LOOKALIKE`` (strong): the destination shares its first and last 4 hex digits with an address
  in the book, an own account or the history (``chain_transactions`` from / to / recipient) but is
  a different address. ``Sends.send`` refuses it unless the person acknowledged it.
* ``FIRST_SEND`` (notice): never sent to, not in the book and not an own account.
* ``ZERO_ADDRESS`` (warning): nobody holds the key of 0x000…0.
* ``TOKEN_CONTRACT`` (warning): a token contract known on this network (tokens sent to a token's
  own address are usually stuck there for good).
* ``NO_CODE_HERE`` (warning): no code at this address on this network, but it is a contract the
  ledger knows on another network (a token or a deploy): the person likely picked the wrong one.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from qenex_desktop.core.chain.gateway import Live
from qenex_desktop.core.contacts.lookalike import (
    ZERO_ADDRESS,
    DestinationReport,
    Finding,
    FindingKind,
    Severity,
    lookalike_findings,
)
from qenex_desktop.core.contacts.poisoning import HISTORY, known_addresses
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    ChainNetwork,
    ChainToken,
    ChainTransaction,
    WalletAccount,
    WalletContact,
)
from qenex_desktop.core.errors import ValidationError


class LookalikeNotAcknowledgedError(ValidationError):
    """A send to a look-alike address without the person's explicit acknowledgement."""


def sent_to_before(session: Session, profile_id: int, address: str) -> bool:
    found = session.scalar(
        select(ChainTransaction.id)
        .where(
            ChainTransaction.profile_id == profile_id,
            or_(ChainTransaction.recipient == address, ChainTransaction.to_address == address),
        )
        .limit(1)
    )
    return found is not None


class DestinationChecks:
    def __init__(self, database: Database) -> None:
        self.db = database

    def check(self, live: Live, profile_id: int, recipient: str, asset: str) -> DestinationReport:
        """What a person should know about sending ``asset`` ("ETH" or a token) to ``recipient``."""
        with self.db.read() as session:
            known = known_addresses(session, profile_id)
            contact = session.scalar(
                select(WalletContact.name).where(
                    WalletContact.profile_id == profile_id, WalletContact.address == recipient
                )
            )
            own = session.scalar(
                select(WalletAccount.name).where(
                    WalletAccount.profile_id == profile_id, WalletAccount.address == recipient
                )
            )
            if contact is not None or own is not None:
                # A saved address is trusted: only the book and own accounts are compared with it
                # (a look-alike once sent to after an acknowledgement must not taint the real one).
                known = {a: who for a, who in known.items() if who != HISTORY}
            findings = list(lookalike_findings(recipient, known))
            if recipient == ZERO_ADDRESS:
                findings.append(_zero())
            findings += _contract_findings(session, live, recipient, asset)
            if contact is None and own is None and not sent_to_before(session, profile_id, recipient):
                findings.append(
                    Finding(
                        FindingKind.FIRST_SEND,
                        Severity.NOTICE,
                        "You have never sent to this address and it is not in your address book.",
                    )
                )
        return DestinationReport(recipient, contact_name=contact, own_account=own, findings=tuple(findings))


def refuse_unacknowledged(report: DestinationReport, accepted: bool) -> None:
    """``Sends.send``'s gate: a look-alike destination is signed only when the person said so."""
    if report.needs_acknowledgement and not accepted:
        similar = report.lookalikes[0]
        raise LookalikeNotAcknowledgedError(
            f"{report.address} looks like {similar.similar_to} ({similar.similar_name}). "
            "Check the whole address; to send anyway, acknowledge the look-alike warning "
            "(CLI: --accept-lookalike).",
            field="to",
        )


def _zero() -> Finding:
    return Finding(
        FindingKind.ZERO_ADDRESS,
        Severity.WARNING,
        "This is the zero address: nobody holds its key, so what is sent there is lost.",
    )


def _contract_findings(session: Session, live: Live, recipient: str, asset: str) -> list[Finding]:
    here = session.scalar(
        select(ChainToken.symbol).where(
            ChainToken.network_id == live.network.id,
            ChainToken.genesis_hash == live.genesis_hash,
            ChainToken.stale.is_(False),
            ChainToken.address == recipient,
        )
    )
    if here is not None or recipient == asset:
        symbol = here or "this token"
        return [
            Finding(
                FindingKind.TOKEN_CONTRACT,
                Severity.WARNING,
                f"This is the token contract of {symbol} itself, not a person's account: "
                "tokens sent to it are usually lost.",
            )
        ]
    elsewhere = _contract_elsewhere(session, live, recipient)
    if elsewhere is None or live.client.code(recipient) not in ("0x", ""):
        return []
    return [
        Finding(
            FindingKind.NO_CODE_HERE,
            Severity.WARNING,
            f"This address is a contract on {elsewhere} but has no code on {live.network.name}: "
            "check that you are on the right network.",
        )
    ]


def _contract_elsewhere(session: Session, live: Live, address: str) -> str | None:
    """The name of another network (or an older chain of this one) where ``address`` is a contract."""
    token = session.execute(
        select(ChainNetwork.name, ChainToken.network_id, ChainToken.genesis_hash)
        .join(ChainNetwork, ChainNetwork.id == ChainToken.network_id)
        .where(ChainToken.address == address)
    ).all()
    deploys = session.execute(
        select(ChainNetwork.name, ChainTransaction.network_id, ChainTransaction.genesis_hash)
        .join(ChainNetwork, ChainNetwork.id == ChainTransaction.network_id)
        .where(ChainTransaction.contract_address == address)
    ).all()
    for name, network_id, genesis in [*token, *deploys]:
        if network_id != live.network.id or genesis != live.genesis_hash:
            return str(name) if network_id != live.network.id else f"an earlier chain of {name}"
    return None
