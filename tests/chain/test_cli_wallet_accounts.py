"""``qenex wallet rename|hide|unhide``, and ``wallet list`` says which accounts are hidden (issue 12
follow-up): what Profile → Accounts… does, from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import STRONG_PASSWORD
from tests.exchange.conftest import Cli

PASSWORD = STRONG_PASSWORD + "\n"


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    run = Cli(tmp_path / "cli-data", capsys, monkeypatch)
    run("profile", "create", "--username", "erin", "--password-stdin", stdin=PASSWORD)
    run("login", "--username", "erin", "--password-stdin", stdin=PASSWORD)
    return run


def _listed(cli: Cli) -> dict[str, tuple[str, bool]]:
    return {a["address"]: (a["name"], a["hidden"]) for a in cli("wallet", "list")["accounts"]}


def test_rename_hide_and_unhide_from_the_command_line(cli: Cli) -> None:
    first = cli("wallet", "create", "--password-stdin", stdin=PASSWORD)["account"]["address"]
    second = cli("wallet", "add-account", "--password-stdin", stdin=PASSWORD)["account"]["address"]
    assert _listed(cli) == {first: ("Account 1", False), second: ("Account 2", False)}

    assert cli("wallet", "rename", "--address", second, "--name", "Savings")["name"] == "Savings"
    clash = cli("wallet", "rename", "--address", first, "--name", "savings", expect=1)
    assert clash["error"]["field"] == "name"

    hidden = cli("wallet", "hide", "--address", second)
    assert (hidden["hidden"], hidden["changed"]) == (True, True)
    assert _listed(cli) == {first: ("Account 1", False), second: ("Savings", True)}
    text = cli("wallet", "list", as_json=False)
    (line,) = [x for x in text.splitlines() if x.startswith(second)]
    assert "Savings" in line and line.endswith("hidden")
    assert not next(x for x in text.splitlines() if x.startswith(first)).endswith("hidden")
    last = cli("wallet", "hide", "--address", first, expect=1)  # one account stays shown
    assert last["error"]["field"] == "hidden"

    assert cli("wallet", "unhide", "--address", second)["changed"] is True
    assert cli("wallet", "unhide", "--address", second)["changed"] is False
    assert _listed(cli)[second] == ("Savings", False)
