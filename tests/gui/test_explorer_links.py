"""Tables with addresses and hashes offer "Open in explorer" when the network has an explorer URL
(issue 12, item 8), and never build a link from anything but an http(s) base and a 0x value."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from qenex_desktop.gui import table_view
from qenex_desktop.gui.models import RowTableModel, address_column, hash_column
from qenex_desktop.gui.table_view import DataTableView, explorer_link

TX = "0x" + "ab" * 32
TO = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"


@dataclass(frozen=True)
class Sent:
    tx_hash: str
    to: str


def _view(qtbot: QtBot, explorer: str | None) -> DataTableView:
    model: RowTableModel[Sent] = RowTableModel(
        [hash_column("Hash", lambda r: r.tx_hash), address_column("To", lambda r: r.to)]
    )
    model.set_rows([Sent(TX, TO)])
    view = DataTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.explorer = lambda: explorer
    return view


def test_open_in_explorer_is_offered_only_with_an_explorer_and_opens_its_page(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _view(qtbot, None)
    texts = [a.text() for a in plain.context_actions(plain.model().index(0, 0))]
    assert texts == ["Copy transaction hash", "Copy address"]

    view = _view(qtbot, "https://explorer.example/")
    actions = {a.text(): a for a in view.context_actions(view.model().index(0, 1))}
    assert list(actions) == [
        "Copy transaction hash",
        "Copy address",
        "Open transaction in explorer",
        "Open address in explorer",
    ]
    opened: list[str] = []
    monkeypatch.setattr(table_view, "open_url", lambda url: opened.append(url.toString()))
    actions["Open transaction in explorer"].trigger()
    actions["Open address in explorer"].trigger()
    assert opened == [f"https://explorer.example/tx/{TX}", f"https://explorer.example/address/{TO}"]


def test_no_link_from_another_scheme_or_a_value_that_is_not_hex() -> None:
    assert explorer_link("javascript:alert(1)", "hash", TX) is None
    assert explorer_link("file:///etc", "address", TO) is None
    assert explorer_link("https://x.example", "hash", "Main") is None
    assert explorer_link("http://127.0.0.1:5100", "hash", TX) == QUrl(f"http://127.0.0.1:5100/tx/{TX}")
