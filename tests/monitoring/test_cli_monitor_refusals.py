"""``qenex monitor metrics`` and ``stats`` count a person's refusals apart from faults (issue 12).

Before, the command line printed one "errors" count: a swap refused for slippage read like a crash.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from qenex_desktop.cli.context import EXIT_OK
from qenex_desktop.cli.main import main
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.errors import SlippageError
from tests.conftest import STRONG_PASSWORD, make_core
from tests.monitoring.conftest import recorded_trading


def _run(capsys: pytest.CaptureFixture[str], config: AppConfig, *args: str, as_json: bool = True) -> Any:
    flags = ["--json"] if as_json else []
    code = main(["--data-dir", str(config.data_dir), *flags, "monitor", *args])
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    return json.loads(out) if as_json else out


@pytest.fixture
def refused_ledger(config: AppConfig) -> AppConfig:
    """A wrong password and a swap refused for slippage (refusals), beside calls that went through."""
    core = recorded_trading(config)
    ex = core.exchange
    with pytest.raises(SlippageError):
        ex.swap_exact_in("AAA", "BBB", "1", "1000")
    core.close()
    return config


def test_metrics_print_refused_and_failed_apart(
    capsys: pytest.CaptureFixture[str], refused_ledger: AppConfig
) -> None:
    data = _run(capsys, refused_ledger, "metrics", "--window", "1h")
    ops = {o["operation"]: o for o in data["operations"]}
    swap, login = ops["exchange.swap"], ops["auth.login"]
    assert (swap["count"], swap["refusals"], swap["faults"]) == (2, 1, 0)
    assert (login["count"], login["refusals"], login["faults"]) == (2, 1, 0)
    text = _run(capsys, refused_ledger, "metrics", "--operation", "exchange.swap", as_json=False)
    header, row = text.splitlines()[:2]
    assert header.split()[:4] == ["operation", "calls", "refused", "failed"]
    assert row.split()[:4] == ["exchange.swap", "2", "1", "0"]


def test_stats_print_the_windows_refusals_and_faults(
    capsys: pytest.CaptureFixture[str], refused_ledger: AppConfig
) -> None:
    data = _run(capsys, refused_ledger, "stats", "--no-node", "--window", "1h")
    operations = data["operations"]
    assert operations["refusals"] == 2 and operations["faults"] == 0
    assert operations["calls"] >= 8
    text = _run(capsys, refused_ledger, "stats", "--no-node", "--window", "1h", as_json=False)
    assert f"Operations: {operations['calls']} calls, 2 refused (your input), 0 failed (faults)" in text


def test_stats_list_a_pool_as_the_person_ordered_it(
    capsys: pytest.CaptureFixture[str], config: AppConfig
) -> None:
    """USD is the older token (the core's token0); the pool was created as QXC/USD."""
    core = make_core(config)
    core.monitoring  # noqa: B018 - building it starts recording
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    ex = core.exchange
    ex.create_token("USD", "Dollar", 6, "100000")
    ex.create_token("QXC", "QENEX", 18, "100000")
    ex.create_pool("QXC", "USD", "1000", "2000")
    ex.swap_exact_in("USD", "QXC", "10", 0)  # QXC gets dearer in USD
    core.close()
    data = _run(capsys, config, "stats", "--no-node", "--window", "1h")
    (pool,) = data["pools"]
    assert (pool["pair"], pool["base"], pool["quote"]) == ("QXC/USD", "QXC", "USD")
    assert pool["tvl_in_quote"] == str(2 * 2010 * 10**6)
    assert pool["base_price_change_bps"] > 0 > pool["price_change_bps"]
    text = _run(capsys, config, "stats", "--no-node", "--window", "1h", as_json=False)
    (line,) = [x for x in text.splitlines() if x.strip().startswith("QXC/USD")]
    assert "volume 0 QXC + 10 USD" in line and "TVL 4020 USD" in line and "price +" in line
