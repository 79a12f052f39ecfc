"""Numbers people can read in the window (issue 12): pools as the person ordered them with a flip,
LP shares in whole LP units, rates to six significant digits, audit amounts with their symbol.

Each view keeps the exact text: in the tooltip and on Copy. The locale is pinned (English) so the
separators are known.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.models import COPY_ROLE
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.audit_tab import AuditTab
from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
from qenex_desktop.gui.tabs.liquidity.tables import FLIP_SHORTCUT
from qenex_desktop.gui.tabs.swap.quote import full_rate, quote_rows
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token, qxc_usd_pool, show_tab

E18 = 10**18


pytestmark = pytest.mark.usefixtures("english_locale")


def _cell(tab: LiquidityTab, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> str:
    return str(tab.pools_model.index(0, column).data(role))


def test_a_pool_is_listed_as_created_and_flips_with_a_key(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    qxc_usd_pool(qtbot, window)  # "1 QXC = 2 USD", USD the core's token0
    qtbot.waitUntil(lambda: tab.pools_model.rowCount() == 1, timeout=15_000)
    assert _cell(tab, 0) == "QXC/USD"  # was "USD/QXC"
    assert _cell(tab, 1) == "1,000 QXC · 2,000 USD"
    assert _cell(tab, 3) == "1 QXC = 2 USD"  # was "1 USD = 0.5 QXC"
    assert _cell(tab, 4) == "4,000 USD"  # was "TVL 2000 QXC"
    # sqrt(1000 * 2000) = 1414.2135... LP minted, less the 1000 base units locked for nobody
    assert _cell(tab, 5) == "99.99% · 1,414.21 LP"
    assert _cell(tab, 5, COPY_ROLE) == "1414.213562373095047801"
    assert "1,414.213562373095047801 of 1,414.213562373095048801 LP" in _cell(
        tab, 5, Qt.ItemDataRole.ToolTipRole
    )
    assert _cell(tab, 1, COPY_ROLE) == "1000 QXC · 2000 USD"
    position = tab.positions_model.index(0, 2).data()
    assert position == "99.99% · 1,414.21 LP"  # was "67183542155491"-style raw shares in messages
    assert tab.positions_model.index(0, 0).data() == "QXC/USD"

    view = tab.pools_view
    assert isinstance(view, DataTableView)
    [flip] = [a for a in view.context_actions(tab.pools_model.index(0, 0)) if a.text().startswith("Show as")]
    assert flip.text() == "Show as USD/QXC"
    view.setFocus()
    view.setCurrentIndex(tab.pools_model.index(0, 0))
    assert flip.shortcut().toString() == FLIP_SHORTCUT == "Ctrl+Shift+F"
    qtbot.keyClick(
        view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: _cell(tab, 0) == "USD/QXC", timeout=15_000)
    assert _cell(tab, 3) == "1 USD = 0.5 QXC"
    assert _cell(tab, 4) == "2,000 QXC"
    assert tab.positions_model.index(0, 0).data() == "USD/QXC"
    assert window.ctx is not None
    [pool] = window.ctx.core.exchange.list_pools()  # remembered in the ledger, for every view
    assert (pool.base_symbol, pool.quote_symbol) == ("USD", "QXC")


def test_a_quotes_rate_is_cut_to_six_digits_and_kept_whole_for_the_confirmation(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    show_tab(qtbot, window, "liquidity")
    create_token(qtbot, window, "QXC", "100000")
    create_token(qtbot, window, "USD", "100000")
    create_pool(qtbot, window, "QXC", "USD", "1000", "2200")
    assert window.ctx is not None
    quote = window.ctx.core.exchange.quote_swap("QXC", "USD", amount_in="10")
    assert len(quote.effective_price.split(".")[1]) > 6  # the core's exact text is long
    rows = quote_rows(quote, 20, {"QXC": 18, "USD": 18}, lambda s: s)
    whole, frac = quote.effective_price.split(".")
    assert rows["Rate"] == f"1 QXC = {whole}.{frac[:5].rstrip('0')} USD"  # 6 significant digits, cut
    assert full_rate(quote) == f"1 QXC = {quote.effective_price} USD"


def test_audit_details_show_amounts_with_their_symbol_and_keep_the_stored_text(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    show_tab(qtbot, window, "liquidity")
    create_token(qtbot, window, "QXC", "100000")
    core = window.ctx.core
    core.exchange.create_account("Savings")
    core.exchange.transfer("QXC", "20", "Main", "Savings")
    audit = show_tab(qtbot, window, "audit")
    assert isinstance(audit, AuditTab)
    qtbot.waitUntil(lambda: any(r.event == "exchange.transfer" for r in audit.model.rows), timeout=15_000)
    row = next(i for i, r in enumerate(audit.model.rows) if r.event == "exchange.transfer")
    column = audit.model.columnCount() - 1
    index = audit.model.index(row, column)
    shown = str(index.data())
    assert "amount=20 QXC" in shown and "20000000000000000000" not in shown
    assert "20000000000000000000" in str(index.data(Qt.ItemDataRole.ToolTipRole))
    audit.view.setFocus()
    audit.view.setCurrentIndex(index)
    qtbot.keyClick(audit.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert '"amount":"20000000000000000000"' in QGuiApplication.clipboard().text()
    created = next(r for r in audit.model.rows if r.event == "exchange.token_created")
    assert "supply=100,000 QXC" in created.details
    [stored] = [r for r in core.audit_trail.page(limit=50) if r.event == "exchange.transfer"]
    assert stored.details is not None and stored.details["amount"] == "20000000000000000000"  # exact
