"""The default account ("Main") is always one of your own, never a counterparty (issue 10, item 14).

Older ledgers may hold a counterparty named "Main" (it could be added before Main opened itself);
operations without an account then spent that counterparty's tokens. The row is written here
directly, as such a ledger has it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import ExchangeAccount, Profile
from qenex_desktop.core.errors import AlreadyExistsError, ValidationError
from qenex_desktop.core.exchange import ExchangeService
from tests.exchange.conftest import Cli, ex_core, snapshot


def _add_counterparty_main(core: QenexCore) -> None:
    with core.db.write() as session:
        alice = session.scalar(select(Profile.id).where(Profile.username == "alice"))
        assert alice is not None
        session.add(ExchangeAccount(profile_id=alice, name="Main", kind="counterparty", created_at=1))


@pytest.fixture
def taken(ex: ExchangeService) -> ExchangeService:
    """alice's own Trading account holds AAA and BBB, a pool exists, and "Main" is a counterparty."""
    _add_counterparty_main(ex_core(ex))
    ex.create_account("Trading")
    ex.create_token("AAA", "Token A", 0, "1000000", account="Trading")
    ex.create_token("BBB", "Token B", 0, "1000000", account="Trading")
    ex.create_pool("AAA", "BBB", "100000", "100000", account="Trading")
    ex.transfer("AAA", "500", "Trading", "Main")  # paying the counterparty is allowed
    return ex


OPERATIONS: dict[str, Callable[[ExchangeService], Any]] = {
    "token create": lambda ex: ex.create_token("CCC", "C", 0, "10"),
    "token mint": lambda ex: ex.mint("AAA", "1"),
    "token burn": lambda ex: ex.burn("AAA", "1"),
    "pool create": lambda ex: ex.create_pool("AAA", "CCX", "500", "1000000"),
    "swap exec": lambda ex: ex.swap_exact_in("AAA", "BBB", "10", "0"),
    "swap exact out": lambda ex: ex.swap_exact_out("AAA", "BBB", "10", "100"),
    "liquidity add": lambda ex: ex.add_liquidity("AAA", "BBB", "10", "10"),
    "liquidity remove": lambda ex: ex.remove_liquidity("AAA", "BBB", shares="1"),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operations_without_an_account_never_use_a_counterparty_named_main(
    taken: ExchangeService, name: str
) -> None:
    if name == "pool create":
        taken.create_token("CCX", "X", 0, "10000000", account="Trading")
        taken.transfer("CCX", "1000000", "Trading", "Main")
    before = snapshot(ex_core(taken))
    with pytest.raises(ValidationError) as caught:
        OPERATIONS[name](taken)
    assert caught.value.field == "account"
    assert "--account" in caught.value.message
    assert snapshot(ex_core(taken)) == before


def test_a_quote_to_remove_liquidity_reads_only_your_own_main(taken: ExchangeService) -> None:
    with pytest.raises(ValidationError) as caught:
        taken.quote_remove_liquidity("AAA", "BBB", percent="50")
    assert caught.value.field == "account"


def test_naming_an_own_account_still_works_beside_a_counterparty_main(taken: ExchangeService) -> None:
    taken.burn("AAA", "1", account="Trading")
    taken.swap_exact_in("AAA", "BBB", "10", "0", account="Trading")
    [held] = taken.balances("Main")
    assert (held.symbol, held.amount) == ("AAA", 500)


def test_a_counterparty_cannot_take_the_default_account_name(ex: ExchangeService) -> None:
    with pytest.raises(ValidationError) as caught:
        ex.create_account("Main", counterparty=True)
    assert caught.value.field == "account"
    ex.create_token("AAA", "Token A", 0, "10")  # Main opens itself as your own account
    assert [(a.name, a.kind) for a in ex.list_accounts()] == [("Main", "own")]
    with pytest.raises(AlreadyExistsError):
        ex.create_account("Main")


def test_cli_burn_without_an_account_refuses_instead_of_spending_the_counterparty(cli: Cli) -> None:
    core = QenexCore(AppConfig.load(str(cli.data_dir)))
    try:
        _add_counterparty_main(core)
    finally:
        core.close()
    cli("account", "create", "Trading")
    cli("token", "create", "--symbol", "USD", "--name", "D", "--decimals", "0", "--supply", "100",
        "--account", "Trading")  # fmt: skip
    cli("token", "transfer", "--token", "USD", "--from", "Trading", "--to", "Main", "--amount", "10")
    refused = cli("token", "burn", "--token", "USD", "--amount", "1", expect=1)
    assert refused["error"]["field"] == "account"
    refused = cli("token", "create", "--symbol", "EUR", "--name", "E", "--decimals", "0", "--supply", "5",
                  expect=1)  # fmt: skip
    assert refused["error"]["field"] == "account"
    assert cli("balance", "--account", "Main")["balances"][0]["amount_units"] == "10"
    assert [t["symbol"] for t in cli("token", "list")["tokens"]] == ["USD"]
