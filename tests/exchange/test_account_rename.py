"""Renaming a ledger account (issue 13): one unit of work with its audit entry; the balances stay
with the account; Main keeps its name; a refusal changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qenex_desktop.core.changes import Changed, collect
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.errors import AlreadyExistsError, NotFoundError, QenexError, ValidationError
from qenex_desktop.core.exchange import ExchangeService
from tests.exchange.conftest import assert_conserved, ex_core, snapshot


def test_a_renamed_account_keeps_its_balances_and_is_audited(two_tokens: ExchangeService) -> None:
    two_tokens.create_account("Savings")
    two_tokens.transfer("AAA", "12.5", "Main", "Savings")
    with collect() as log:
        renamed = two_tokens.rename_account("Savings", "Rainy day")
    assert log.changed == Changed.ACCOUNTS | Changed.BALANCES | Changed.AUDIT
    assert renamed.name == "Rainy day" and renamed.kind == "own"
    assert [a.name for a in two_tokens.list_accounts()] == ["Main", "Rainy day"]
    assert [(b.symbol, b.amount_text) for b in two_tokens.balances("Rainy day")] == [("AAA", "12.5")]
    core = ex_core(two_tokens)
    with core.db.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert entry.event == "exchange.account_renamed"
    assert_conserved(core)


def test_a_counterparty_is_renamed_and_can_still_be_paid(two_tokens: ExchangeService) -> None:
    two_tokens.create_account("Bob", counterparty=True)
    renamed = two_tokens.rename_account("Bob", "Bob Jones")
    assert renamed.kind == "counterparty"
    two_tokens.transfer("BBB", "3", "Main", "Bob Jones")
    with pytest.raises(NotFoundError):
        two_tokens.transfer("BBB", "3", "Main", "Bob")


@pytest.mark.parametrize(
    ("old", "new", "error", "field"),
    [
        ("Main", "Everyday", ValidationError, "account"),
        ("Savings", "Main", ValidationError, "new_name"),
        ("Savings", "Savings", ValidationError, "new_name"),
        ("Savings", "Bob", AlreadyExistsError, "new_name"),
        ("Nobody", "Somebody", NotFoundError, "account"),
        ("Savings", "   ", ValidationError, "new_name"),
    ],
)
def test_refused_renames_change_nothing(
    two_tokens: ExchangeService, old: str, new: str, error: type[QenexError], field: str
) -> None:
    two_tokens.create_account("Savings")
    two_tokens.create_account("Bob", counterparty=True)
    before = snapshot(ex_core(two_tokens))
    with pytest.raises(error) as refused:
        two_tokens.rename_account(old, new)
    assert refused.value.field == field
    assert snapshot(ex_core(two_tokens)) == before
