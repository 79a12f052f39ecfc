"""The rules the layout stands on, checked on every test run."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / tool), *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )


def test_core_never_imports_qt_or_the_gui() -> None:
    result = _run("lint-imports", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "qenex_desktop", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


# -- money is int base units: no float -----------------------------------------------------------
#
# The rule, over every module of qenex_desktop: a call to ``float`` is a float; so is a true division
# ``/`` (or ``/=``) that touches money, meaning an operand that mentions a name or attribute with a
# money word in it (MONEY_WORDS, split at "_" and digits: ``reserve1``, ``amount_in``, ``pool.fee_bps``),
# or a divisor ``10 ** <...decimals...>`` (base units to whole tokens). ``//`` is integer and fine;
# ``Path / "x"`` names no money. The functions below may use floats, each for the reason given;
# an entry that no longer matches anything fails too, so the list cannot rot.

MONEY_WORDS = frozenset(
    {"amount", "balance", "reserve", "supply", "share", "fee", "value", "unit", "units", "price"}
    | {"volume", "wei", "liquidity", "deposit", "payout", "cost", "reward", "debt", "funds"}
)

#: "module:function" -> why a float is right there.
FLOAT_ALLOWED: dict[str, str] = {
    "qenex_desktop.gui.charts:TimeChart.set_series": "drawing: pyqtgraph plots floats",
    "qenex_desktop.gui.tabs.liquidity.tab:LiquidityTab._show_history": "drawing: the price chart's points",
    "qenex_desktop.gui.tabs.monitoring.reads:valued_in_quote": "drawing: volume and fee bars",
    "qenex_desktop.gui.formatting:micros_text": "timing: microseconds shown as ms or s",
    "qenex_desktop.core.monitoring.pools:_price": "metrics: a pool's price series for charts, not money",
    "qenex_desktop.core.monitoring.analytics:latency_series": "metrics: latency in ms",
    "qenex_desktop.core.monitoring.analytics:count_series": "metrics: calls per second, error rate",
    "qenex_desktop.core.monitoring.service:MonitoringService.system_series": "metrics: system samples",
    "qenex_desktop.core.monitoring.transactions:TransactionTracker.count_series": "metrics: txs per bucket",
    "qenex_desktop.core.chain.node:LocalNodeManager._our_process": "timing: psutil's process start time",
    "qenex_desktop.core.security.keyring_store:platform_keyrings": "keyring's backend priority is a float",
}


def _words(identifier: str) -> set[str]:
    return {w for w in re.split(r"[_\d]+", identifier.lower()) if w}


def _names_money(node: ast.AST) -> bool:
    """Some name or attribute in this expression has a money word (plural too) in it."""
    for sub in ast.walk(node):
        ident = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else None
        if ident and any(w in MONEY_WORDS or w.removesuffix("s") in MONEY_WORDS for w in _words(ident)):
            return True
    return False


def _is_decimals_scale(node: ast.AST) -> bool:
    """``10 ** decimals`` (or ``10 ** token.decimals1``): dividing by it turns base units into tokens."""
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Pow)
        and isinstance(node.left, ast.Constant)
        and node.left.value == 10
        and any("decimals" in _words(getattr(s, "id", getattr(s, "attr", ""))) for s in ast.walk(node.right))
    )


def float_uses(source: str) -> Iterator[tuple[str, int, str]]:
    """(function qualname or "<module>", line, code) of each float the rule above finds in source."""

    def visit(node: ast.AST, where: str) -> Iterator[tuple[str, int, str]]:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = child.name if where == "<module>" else f"{where}.{child.name}"
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "float":
                yield where, child.lineno, ast.unparse(child)
            pair = (
                (child.left, child.right)
                if isinstance(child, ast.BinOp) and isinstance(child.op, ast.Div)
                else (child.target, child.value)
                if isinstance(child, ast.AugAssign) and isinstance(child.op, ast.Div)
                else None
            )
            if pair and (_names_money(pair[0]) or _names_money(pair[1]) or _is_decimals_scale(pair[1])):
                yield where, child.lineno, ast.unparse(child)
            yield from visit(child, inner)

    yield from visit(ast.parse(source), "<module>")


def test_the_float_check_finds_floats_on_money() -> None:
    """The check itself: it must fail on float(amount) and on money divided with /, and only there."""
    found = [
        (where, code)
        for where, _line, code in float_uses(
            "def pay(amount: int) -> float:\n"
            "    return float(amount)\n"
            "def fee(pool, amount_in):\n"
            "    return amount_in * pool.fee_bps / 10_000\n"
            "class Pool:\n"
            "    def whole(self, units, decimals):\n"
            "        return units / 10**decimals\n"
            "    def scaled(self, x, token):\n"
            "        x /= 10 ** token.decimals1\n"
            "        return x\n"
            "def fine(data_dir, amount, elapsed_ms):\n"
            "    return data_dir / 'ledger.db', amount // 3, elapsed_ms / 1000\n"
        )
    ]
    assert found == [
        ("pay", "float(amount)"),
        ("fee", "amount_in * pool.fee_bps / 10000"),
        ("Pool.whole", "units / 10 ** decimals"),
        ("Pool.scaled", "x /= 10 ** token.decimals1"),
    ]


def test_no_float_reaches_money_code() -> None:
    """Money is int base units (Decimal only at the edges): a float outside FLOAT_ALLOWED is a bug."""
    package = PROJECT_ROOT / "qenex_desktop"
    offenders: list[str] = []
    used: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        for where, line, code in float_uses(path.read_text("utf-8")):
            if f"{module}:{where}" in FLOAT_ALLOWED:
                used.add(f"{module}:{where}")
            else:
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{line} in {where}: {code}")
    assert offenders == []
    assert sorted(set(FLOAT_ALLOWED) - used) == [], "allow-list entries that match no float any more"


@pytest.mark.parametrize(
    ("small", "service"), [("exchange.types", "exchange"), ("monitoring.windows", "monitoring")]
)
def test_importing_a_small_module_of_a_package_does_not_import_its_service(small: str, service: str) -> None:
    """core/exchange and core/monitoring name their parts lazily: a small import stays small."""
    code = (
        f"import sys, qenex_desktop.core.{small};print('qenex_desktop.core.{service}.service' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
    from qenex_desktop.core.exchange import ExchangeService, TokenInfo  # still importable by name

    assert ExchangeService.__module__.endswith("exchange.service") and TokenInfo.__name__ == "TokenInfo"


# -- files and functions a newcomer can read (issue 11, section 4) --------------------------------
#
# No module of qenex_desktop over MAX_MODULE_LINES lines and no function (method, nested function)
# over MAX_FUNCTION_LINES, from its ``def`` line to its last line; migrations are a record of the
# past, not code to read, and are left out. The few places below are still being split by the
# parts that own them; each entry must still be over its limit, so the list cannot rot.

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80

#: "module" or "module:function" -> why it may be longer for now.
SIZE_ALLOWED: dict[str, str] = {}


def oversized(source: str, module: str) -> Iterator[tuple[str, int]]:
    """("module" or "module:function", lines) of what is over its limit in ``source``."""
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        yield module, lines

    def visit(node: ast.AST, where: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = child.name if not where else f"{where}.{child.name}"
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                if not isinstance(child, ast.ClassDef) and length > MAX_FUNCTION_LINES:
                    yield f"{module}:{name}", length
                yield from visit(child, name)
            else:
                yield from visit(child, where)

    yield from visit(ast.parse(source), "")


def test_the_size_check_finds_long_functions_and_modules() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = f"class A:\n    def long(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n"
    source += "def short():\n    return 1\n" + "\n" * MAX_MODULE_LINES
    assert [where for where, _lines in oversized(source, "m")] == ["m", "m:A.long"]


def test_no_module_or_function_is_too_long_to_read() -> None:
    package = PROJECT_ROOT / "qenex_desktop"
    found: dict[str, int] = {}
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        found.update(oversized(path.read_text("utf-8"), module))
    assert {where: lines for where, lines in found.items() if where not in SIZE_ALLOWED} == {}
    assert sorted(set(SIZE_ALLOWED) - set(found)) == [], "allow-list entries that are short enough now"
