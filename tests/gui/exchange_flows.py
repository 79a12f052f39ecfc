"""Steps the exchange GUI tests share: open the unlocked window, create tokens and pools through
the dialogs, and read the ledger's state to prove a refusal changed nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import AuditEntry, ExchangeSwap
from qenex_desktop.core.errors import SlippageError
from qenex_desktop.gui.dialogs.create_pool import CreatePoolDialog
from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tab_base import TabBase

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
LedgerState = tuple[tuple[tuple[str, str, int], ...], tuple[tuple[int, int, int, int], ...], int, int]


def show_tab(qtbot: QtBot, window: MainWindow, key: str) -> TabBase:
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=15_000)
    tab = window.tabs[key]
    window.tab_widget.setCurrentWidget(tab)
    window.ops.wait_idle()
    return tab


def create_token(qtbot: QtBot, window: MainWindow, symbol: str, supply: str, decimals: int = 18) -> None:
    assert window.ctx is not None
    dialog = CreateTokenDialog(window.ctx, window)
    dialog.show()
    dialog.symbol.setText(symbol)
    dialog.name.setText(f"{symbol} test token")
    dialog.decimals.setValue(decimals)
    dialog.supply.setText(supply)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result_token is not None, timeout=15_000)
    window.ops.wait_idle()


def create_pool(qtbot: QtBot, window: MainWindow, a: str, b: str, amount_a: str, amount_b: str) -> None:
    assert window.ctx is not None
    core = window.ctx.core
    tokens = core.exchange.list_tokens()
    held = {x.symbol: x.amount for x in core.exchange.balances()}
    dialog = CreatePoolDialog(window.ctx, tokens, held, window)
    dialog.show()
    dialog.token_a.setCurrentText(a)
    dialog.token_b.setCurrentText(b)
    dialog.amount_a.setText(amount_a)
    dialog.amount_b.setText(amount_b)
    assert f"1 {a} =" in dialog.price.text()
    qtbot.keyClick(dialog.amount_b, Qt.Key.Key_Return)  # Return reviews the pool…
    qtbot.waitUntil(lambda: dialog.review_dialog is not None, timeout=15_000)
    review = dialog.review_dialog
    assert review is not None and review.review.action == "create"
    qtbot.keyClick(review, Qt.Key.Key_Return)  # …and Return on the review creates it
    qtbot.waitUntil(lambda: dialog.result_pool is not None, timeout=15_000)
    window.ops.wait_idle()


def qxc_usd_pool(qtbot: QtBot, window: MainWindow) -> None:
    """USD then QXC (USD the lower id: the core sorts it first, as token0), and the pool created as
    QXC/USD at 1 QXC = 2 USD: a pool whose listing order is not the core's."""
    create_token(qtbot, window, "USD", "100000")
    create_token(qtbot, window, "QXC", "100000")
    create_pool(qtbot, window, "QXC", "USD", "1000", "2000")


def refuse_a_swap(qtbot: QtBot, window: MainWindow) -> None:
    """GOLD/SILV made through the dialogs, then a swap the pool refuses for slippage (a person's
    refusal, not a fault), run and answered through the window's operations layer."""
    show_tab(qtbot, window, "swap")
    create_token(qtbot, window, "GOLD", "1000")
    create_token(qtbot, window, "SILV", "5000")
    create_pool(qtbot, window, "GOLD", "SILV", "100", "400")
    assert window.ctx is not None
    exchange = window.ctx.core.exchange
    refused: list[BaseException] = []
    window.ops.run(
        lambda: exchange.swap_exact_in("GOLD", "SILV", "5", "1000"),  # asks for more than the pool gives
        on_error=refused.append,
        quiet=True,
    )
    window.ops.wait_idle()
    qtbot.waitUntil(lambda: bool(refused), timeout=15_000)
    assert isinstance(refused[0], SlippageError)


def ledger_state(core: QenexCore) -> LedgerState:
    """Balances, pools (reserves, shares), swaps and audit entries: what any change would touch."""
    balances = tuple((b.account, b.symbol, b.amount) for b in core.exchange.balances())
    pools = tuple((p.id, p.reserve0, p.reserve1, p.total_shares) for p in core.exchange.list_pools())
    with core.db.read() as session:
        swaps = session.scalar(select(func.count()).select_from(ExchangeSwap)) or 0
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return balances, pools, swaps, audit
