"""How core.exchange is built: parts composed once, each handed only what it uses (not a mixin tower).

The behaviour is pinned by the other tests of this folder; these check the wiring and the import
graph, like ``tests/chain/test_composition.py`` does for core.chain.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import tomllib

import grimp
import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.exchange.accounts import Accounts
from qenex_desktop.core.exchange.analytics import Analytics
from qenex_desktop.core.exchange.legacy_imports import LegacyImports
from qenex_desktop.core.exchange.liquidity import Liquidity
from qenex_desktop.core.exchange.liquidity_quote import LiquidityReviews
from qenex_desktop.core.exchange.pools import Pools
from qenex_desktop.core.exchange.service import ExchangeService
from qenex_desktop.core.exchange.session_gate import SessionGate
from qenex_desktop.core.exchange.swaps import Swaps
from qenex_desktop.core.exchange.tokens import Tokens
from qenex_desktop.core.exchange.unit import LiquidityRecords
from qenex_desktop.core.instrumentation import OperationSample
from tests.conftest import PROJECT_ROOT

EXCHANGE = "qenex_desktop.core.exchange"
EXCHANGE_DIR = PROJECT_ROOT / "qenex_desktop" / "core" / "exchange"
#: Top to bottom, as pinned in pyproject.toml's layers contract.
LAYERS = [
    "service",
    "liquidity_quote",
    "accounts | analytics | legacy_imports | liquidity | pools | swaps | tokens",
    "unit",
    "lookups | session_gate | legacy",
    "ledger | routing | statements | types",
]
#: The facade's attribute of each part, and the one constructor each part has: nothing it does not use.
PARTS: dict[str, tuple[type, list[str]]] = {
    "gate": (SessionGate, ["auth", "clock"]),
    "records": (LiquidityRecords, ["audit", "clock"]),
    "accounts": (Accounts, ["database", "audit", "clock", "gate", "instrumentation"]),
    "tokens": (Tokens, ["database", "audit", "clock", "gate", "instrumentation"]),
    "pools": (Pools, ["database", "audit", "clock", "gate", "records", "instrumentation"]),
    "swaps": (Swaps, ["database", "audit", "clock", "gate", "instrumentation"]),
    "liquidity": (Liquidity, ["database", "clock", "gate", "records", "instrumentation"]),
    "reviews": (LiquidityReviews, ["database", "login"]),
    "analytics": (Analytics, ["database", "login"]),
    "imports": (LegacyImports, ["database", "audit", "clock", "login", "instrumentation"]),
}

#: What the GUI, the CLI, monitoring, bench/ and the tests call on ``core.exchange``.
API = [
    "create_account",
    "rename_account",
    "list_accounts",
    "transfer",
    "balances",
    "create_token",
    "list_tokens",
    "get_token",
    "mint",
    "burn",
    "create_pool",
    "orient_pool",
    "list_pools",
    "get_pool",
    "quote_swap",
    "swap_exact_in",
    "swap_exact_out",
    "add_liquidity",
    "remove_liquidity",
    "quote_add_liquidity",
    "quote_remove_liquidity",
    "positions",
    "review_add_liquidity",
    "review_create_pool",
    "review_remove_liquidity",
    "swap_history",
    "price_history",
    "pool_stats",
    "supply_check",
    "import_legacy",
    "legacy_history",
]


def test_the_facade_stacks_nothing_and_no_part_has_a_base() -> None:
    assert ExchangeService.__bases__ == (object,)
    assert [cls.__name__ for cls, _ in PARTS.values() if cls.__bases__ != (object,)] == []


@pytest.mark.parametrize("attribute", sorted(PARTS))
def test_each_part_takes_only_what_it_uses(attribute: str) -> None:
    """The constructor's parameters are the ones named here, and every one is used by a method
    (``instrumentation`` by ``@operation``, the gate by ``@with_session`` or a read's check)."""
    cls, expected = PARTS[attribute]
    assert list(inspect.signature(cls).parameters) == expected
    body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    assert isinstance(body, ast.ClassDef)
    methods = [n for n in body.body if isinstance(n, ast.FunctionDef)]
    init = next(m for m in methods if m.name == "__init__")
    stored = {
        target.attr: value.id
        for node in init.body
        if isinstance(node, ast.Assign)
        and isinstance(value := node.value, ast.Name)
        and isinstance(target := node.targets[0], ast.Attribute)
    }
    assert sorted(stored.values()) == sorted(expected)
    methods = [m for m in methods if m is not init]
    read = {n.attr for m in methods for n in ast.walk(m) if isinstance(n, ast.Attribute)}
    decorators = {ast.unparse(d).split("(")[0] for m in methods for d in m.decorator_list}
    used = {
        name
        for attr, name in stored.items()
        if attr in read
        or (name == "instrumentation" and "operation" in decorators)
        or (name == "gate" and "with_session" in decorators)
    }
    assert used == set(expected)


def test_parts_are_built_once_and_share_the_gate_and_the_records(core: QenexCore) -> None:
    exchange = core.exchange
    assert core.exchange is exchange
    for attribute, (cls, _) in PARTS.items():
        assert type(getattr(exchange, attribute)) is cls, attribute
    assert exchange.gate.auth is core.auth
    writers: list[Accounts | Tokens | Pools | Swaps | Liquidity] = [
        exchange.accounts,
        exchange.tokens,
        exchange.pools,
        exchange.swaps,
        exchange.liquidity,
    ]
    assert all(part._gate is exchange.gate for part in writers)
    assert exchange.pools.records is exchange.liquidity.records is exchange.records
    readers: list[LiquidityReviews | Analytics | LegacyImports] = [
        exchange.reviews,
        exchange.analytics,
        exchange.imports,
    ]
    assert all(part.db is core.db for part in [*writers, *readers])
    assert all(p.instrumentation is core.instrumentation for p in [*writers, exchange.imports])
    assert exchange.reviews._login == exchange.gate.check == exchange.analytics._login


def _delegated() -> list[tuple[str, str]]:
    """(facade method, part attribute) for every public method of the facade."""
    owners = {cls: attribute for attribute, (cls, _) in PARTS.items()}
    found = []
    for name, member in inspect.getmembers(ExchangeService, inspect.isfunction):
        if not name.startswith("_"):
            owner = inspect.unwrap(member).__qualname__.split(".")[0]
            found.append((name, next(a for c, a in owners.items() if c.__name__ == owner)))
    return found


def test_every_facade_method_is_a_parts_own_with_its_signature() -> None:
    delegated = _delegated()
    assert sorted(name for name, _ in delegated) == sorted(API)
    for name, attribute in delegated:
        part_method = getattr(PARTS[attribute][0], name)
        facade_method = getattr(ExchangeService, name)
        assert inspect.signature(facade_method) == inspect.signature(part_method), name
        assert facade_method.__doc__ == part_method.__doc__


def test_an_operation_is_timed_once_whichever_way_it_is_called(logged_in_core: QenexCore) -> None:
    exchange = logged_in_core.exchange
    seen: list[OperationSample] = []

    def listen(sample: OperationSample) -> None:
        seen.append(sample)

    exchange.instrumentation.subscribe(listen)
    try:
        exchange.create_account("Savings")
        exchange.accounts.create_account("Travel")
        exchange.list_accounts()
    finally:
        exchange.instrumentation.unsubscribe(listen)
    assert [(s.operation, s.outcome) for s in seen] == [("exchange.create_account", "ok")] * 2


def test_a_facade_method_calls_the_part_it_names(
    logged_in_core: QenexCore, monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange = logged_in_core.exchange
    monkeypatch.setattr(exchange.pools, "list_pools", lambda: ["from the pools part"])
    assert exchange.list_pools() == ["from the pools part"]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(EXCHANGE.split(".")[0], cache_dir=None)


def test_no_part_reaches_the_facade(graph: grimp.ImportGraph) -> None:
    below = {m for m in graph.modules if m.startswith(EXCHANGE + ".") and m != f"{EXCHANGE}.service"}
    assert {m for m in below if f"{EXCHANGE}.service" in graph.find_modules_directly_imported_by(m)} == set()


def test_no_part_casts_itself_into_the_service() -> None:
    """A typing ``cast`` of a SQLAlchemy table is fine; one to the facade or a part is the old tower."""
    classes = {"ExchangeService", *(cls.__name__ for cls, _ in PARTS.values())}
    offenders = []
    for path in sorted(EXCHANGE_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "cast"
                and any(name in ast.unparse(node.args[0]) for name in classes)
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_the_layers_contract_pins_core_exchanges_order() -> None:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    layered = [c for c in contracts if c.get("type") == "layers" and c.get("containers") == [EXCHANGE]]
    assert len(layered) == 1
    assert layered[0]["layers"] == LAYERS
    assert layered[0].get("exhaustive") is True


def test_every_module_of_core_exchange_is_in_a_layer() -> None:
    named = {name.strip() for layer in LAYERS for name in layer.split("|")}
    present = {p.stem for p in EXCHANGE_DIR.glob("*.py") if p.stem != "__init__"}
    present |= {p.parent.name for p in EXCHANGE_DIR.glob("*/__init__.py")}
    assert present == named
