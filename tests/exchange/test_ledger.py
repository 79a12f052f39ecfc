"""Tokens, ledger accounts, mint/burn/transfer: money is conserved and refusals change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    InsufficientFundsError,
    NotFoundError,
    NotLoggedInError,
    PermissionDeniedError,
    ValidationError,
)
from qenex_desktop.core.exchange import ExchangeService
from tests.conftest import STRONG_PASSWORD, make_core
from tests.exchange.conftest import assert_conserved, ex_core, snapshot


def _balance(ex: ExchangeService, symbol: str, account: str = "Main") -> int:
    return sum(b.amount for b in ex.balances(account) if b.symbol == symbol)


def test_create_token_credits_the_supply_to_main(two_tokens: ExchangeService) -> None:
    tokens = {t.symbol: t for t in two_tokens.list_tokens()}
    assert tokens["AAA"].total_supply == 10**24
    assert tokens["BBB"].total_supply == 10**12
    assert tokens["AAA"].creator == "alice"
    assert _balance(two_tokens, "AAA") == 10**24
    assert [a.name for a in two_tokens.list_accounts()] == ["Main"]


def test_create_token_writes_one_money_audit_entry(logged_in_core: QenexCore) -> None:
    with logged_in_core.db.read() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    logged_in_core.exchange.create_token("QQQ", "Q", 2, "5")
    entries = logged_in_core.audit.entries(logged_in_core.db.read().__enter__(), limit=1)
    assert entries[0].event == "exchange.token_created"
    assert entries[0].category == "money"
    with logged_in_core.db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before + 1


def test_duplicate_symbol_is_refused(two_tokens: ExchangeService) -> None:
    with pytest.raises(AlreadyExistsError) as caught:
        two_tokens.create_token("aaa", "Again", 18, "1")
    assert caught.value.field == "symbol"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"symbol": "1AB"}, "symbol"),
        ({"symbol": ""}, "symbol"),
        ({"name": ""}, "name"),
        ({"name": "bad\x00name"}, "name"),
        ({"decimals": 37}, "decimals"),
        ({"decimals": -1}, "decimals"),
        ({"decimals": "two"}, "decimals"),
        ({"supply": "-5"}, "supply"),
        ({"supply": "1.0000001", "decimals": 6}, "supply"),
        ({"supply": "1e9"}, "supply"),
        ({"supply": 1.5}, "supply"),
        ({"supply": True}, "supply"),
        ({"supply": "abc"}, "supply"),
        ({"supply": str(2**256)}, "supply"),
        ({"max_supply": "10", "supply": "11"}, "max_supply"),
        ({"max_supply": "0"}, "max_supply"),
    ],
)
def test_create_token_refuses_bad_input(ex: ExchangeService, kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"symbol": "TOK", "name": "Token", "decimals": 6, "supply": "100"}
    args.update(kwargs)
    before = snapshot(ex_core(ex))
    with pytest.raises(ValidationError) as caught:
        ex.create_token(**args)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert str(caught.value)
    assert snapshot(ex_core(ex)) == before


def test_mint_by_creator_within_cap(ex: ExchangeService) -> None:
    ex.create_token("CAP", "Capped", 0, "10", max_supply="15")
    change = ex.mint("CAP", "5")
    assert change.total_supply == 15
    assert _balance(ex, "CAP") == 15
    before = snapshot(ex_core(ex))
    with pytest.raises(ValidationError) as caught:
        ex.mint("CAP", "1")
    assert caught.value.field == "amount"
    assert "maximum supply" in str(caught.value)
    assert snapshot(ex_core(ex)) == before
    assert_conserved(ex_core(ex))


def test_only_the_creator_may_mint(logged_in_core: QenexCore) -> None:
    logged_in_core.exchange.create_token("ALC", "Alice coin", 0, "10")
    logged_in_core.auth.create_profile("bobby", STRONG_PASSWORD)
    logged_in_core.auth.login("bobby", STRONG_PASSWORD)
    with pytest.raises(PermissionDeniedError) as caught:
        logged_in_core.exchange.mint("ALC", "1")
    assert caught.value.field == "symbol"
    assert logged_in_core.exchange.get_token("ALC").total_supply == 10


def test_burn_shrinks_supply_and_refuses_more_than_held(two_tokens: ExchangeService) -> None:
    change = two_tokens.burn("BBB", "0.5")
    assert change.total_supply == 10**12 - 500_000
    before = snapshot(ex_core(two_tokens))
    with pytest.raises(InsufficientFundsError) as caught:
        two_tokens.burn("BBB", "1000000")
    assert caught.value.field == "amount"
    assert snapshot(ex_core(two_tokens)) == before
    assert_conserved(ex_core(two_tokens))


def test_transfer_between_own_accounts_and_to_a_counterparty(two_tokens: ExchangeService) -> None:
    two_tokens.create_account("Trading")
    two_tokens.create_account("Bob desk", counterparty=True)
    two_tokens.transfer("AAA", "10", "Main", "Trading")
    two_tokens.transfer("AAA", "2.5", "Trading", "Bob desk")
    assert _balance(two_tokens, "AAA", "Trading") == 75 * 10**17
    assert _balance(two_tokens, "AAA", "Bob desk") == 25 * 10**17
    assert_conserved(ex_core(two_tokens))
    kinds = {a.name: a.kind for a in two_tokens.list_accounts()}
    assert kinds == {"Main": "own", "Trading": "own", "Bob desk": "counterparty"}


def test_transfer_to_the_same_account_is_refused_and_doubles_nothing(two_tokens: ExchangeService) -> None:
    before = snapshot(ex_core(two_tokens))
    with pytest.raises(ValidationError) as caught:
        two_tokens.transfer("AAA", "10", "Main", "main ".strip().capitalize())
    assert caught.value.field == "to_account"
    assert snapshot(ex_core(two_tokens)) == before
    assert _balance(two_tokens, "AAA") == 10**24


def test_spending_from_a_counterparty_is_refused(two_tokens: ExchangeService) -> None:
    two_tokens.create_account("Bob desk", counterparty=True)
    two_tokens.transfer("AAA", "1", "Main", "Bob desk")
    with pytest.raises(ValidationError) as caught:
        two_tokens.transfer("AAA", "1", "Bob desk", "Main")
    assert caught.value.field == "from_account"


@pytest.mark.parametrize(
    ("args", "error", "field"),
    [
        (("AAA", "0", "Main", "Trading"), ValidationError, "amount"),
        (("AAA", "-1", "Main", "Trading"), ValidationError, "amount"),
        (("AAA", -1, "Main", "Trading"), ValidationError, "amount"),
        (("AAA", "1,5", "Main", "Trading"), ValidationError, "amount"),
        (("AAA", "nan", "Main", "Trading"), ValidationError, "amount"),
        (("AAA", None, "Main", "Trading"), ValidationError, "amount"),
        (("AAA", "2000000", "Main", "Trading"), InsufficientFundsError, "amount"),
        (("ZZZ", "1", "Main", "Trading"), NotFoundError, "symbol"),
        (("AAA", "1", "Nowhere", "Trading"), NotFoundError, "from_account"),
        (("AAA", "1", "Main", "Nowhere"), NotFoundError, "to_account"),
        (("AAA", "1", "Main", ""), ValidationError, "to_account"),
        (("AAA", "1", "Main", None), ValidationError, "to_account"),
    ],
)
def test_transfer_refuses_bad_input(
    two_tokens: ExchangeService, args: tuple[object, ...], error: type[Exception], field: str
) -> None:
    two_tokens.create_account("Trading")
    before = snapshot(ex_core(two_tokens))
    with pytest.raises(error) as caught:
        two_tokens.transfer(*args)  # type: ignore[arg-type]
    assert getattr(caught.value, "field", None) == field
    assert snapshot(ex_core(two_tokens)) == before


def test_duplicate_account_name_is_refused(ex: ExchangeService) -> None:
    ex.create_account("Trading")
    with pytest.raises(AlreadyExistsError):
        ex.create_account("  Trading ")


def test_operations_need_a_login(core: QenexCore) -> None:
    with pytest.raises(NotLoggedInError):
        core.exchange.create_token("AAA", "A", 0, "1")
    with pytest.raises(NotLoggedInError):
        core.exchange.balances()


def test_a_session_ended_elsewhere_is_noticed_inside_the_write(logged_in_core: QenexCore) -> None:
    """The remembered session is re-checked inside each write unit: a logout anywhere stops the next one."""
    ex = logged_in_core.exchange
    ex.create_token("AAA", "A", 0, "10")
    logged_in_core.auth.logout()
    before = snapshot(logged_in_core)
    with pytest.raises(NotLoggedInError):
        ex.mint("AAA", "1")
    assert snapshot(logged_in_core) == before


def test_switching_profile_is_noticed(logged_in_core: QenexCore) -> None:
    ex = logged_in_core.exchange
    ex.create_token("AAA", "A", 0, "10")
    logged_in_core.auth.create_profile("bobby", STRONG_PASSWORD)
    logged_in_core.auth.login("bobby", STRONG_PASSWORD)
    with pytest.raises(PermissionDeniedError):
        ex.mint("AAA", "1")  # acts as bobby now, not as the remembered alice
    assert ex.balances() == []


def test_an_idle_session_expires_and_is_audited(config: AppConfig, clock: ManualClock) -> None:
    core = make_core(config, clock)
    try:
        core.auth.create_profile("alice", STRONG_PASSWORD)
        core.auth.login("alice", STRONG_PASSWORD)
        core.exchange.create_token("AAA", "A", 0, "10")
        clock.advance(core.config.security.session_idle_timeout_s + 1)
        with pytest.raises(NotLoggedInError):
            core.exchange.mint("AAA", "1")
        with core.db.read() as s:
            events = list(s.scalars(select(AuditEntry.event).order_by(AuditEntry.id.desc()).limit(1)))
        assert events == ["session.expired"]
    finally:
        core.close()
