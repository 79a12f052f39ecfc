"""The Wallet tab's pending-list buttons open a review, so they end in "…" like Activity's.

Found by the walk-through of 2026-12-02: the Wallet tab said "Speed up" and "Cancel transaction",
the Activity tab "Speed up…" and "Cancel transaction…" for the same reviews.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.activity_tab.tab import ActivityTab
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab


def test_speed_up_and_cancel_read_the_same_in_both_tabs(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    wallet = show_tab(qtbot, window, "wallet")
    activity = show_tab(qtbot, window, "activity")
    assert isinstance(wallet, WalletTab) and isinstance(activity, ActivityTab)
    assert wallet.speed_up_button.text() == "Speed up…"
    assert wallet.cancel_button.text() == "Cancel transaction…"
    activity_texts = {b.text() for b in activity.findChildren(type(wallet.speed_up_button))}
    assert {"Speed up…", "Cancel transaction…"} <= activity_texts
