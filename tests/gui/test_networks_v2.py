"""The Networks dialog's Uniswap V2 fields (issue 16) on the real Hardhat node with V2 deployed by
the dev-chain path: a factory, router and WETH the router does not confirm are refused at the field
(nothing saved), one or two alone are refused, the right three are saved with the network; Edit
shows them, and emptying all three forgets them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.chain.v2.deployment import call
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.networks import NetworksDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow
from tests.gui.profile_helpers import tab_to, type_into
from tests.gui.test_networks_dialog import select
from tests.gui.test_swap_onchain import onchain_profile
from tests.hardhat_node import HardhatNode


def _open(qtbot: QtBot, window: MainWindow) -> NetworksDialog:
    from qenex_desktop.gui.dialogs.settings import SettingsDialog

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    window.menu_actions.settings.trigger()
    settings = window._modal
    assert isinstance(settings, SettingsDialog)
    settings.networks_button.setFocus()
    qtbot.keyClick(settings.networks_button, Qt.Key.Key_Space)
    dialog = settings.networks_dialog
    assert isinstance(dialog, NetworksDialog)
    qtbot.waitUntil(lambda: len(dialog.networks) >= 2, timeout=10_000)
    return dialog


def test_v2_fields_are_checked_with_the_router_and_saved(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    _address, qxc, weth, router = onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    dialog = _open(qtbot, window)
    assert window.ctx is not None
    factory = call(window.ctx.core.chain.live().client, router, "router", "factory")[0]
    core = window.ctx.core

    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "With V2")
    tab_to(qtbot, dialog, dialog.rpc_url)
    qtbot.keyClicks(dialog.rpc_url, hardhat_node.url)
    tab_to(qtbot, dialog, dialog.chain_id)
    qtbot.keyClicks(dialog.chain_id, "31337")
    assert not dialog.v2_box.isVisible()  # folded: most networks are added without a V2
    tab_to(qtbot, dialog, dialog.v2_toggle)
    qtbot.keyClick(dialog.v2_toggle, Qt.Key.Key_Space)  # unfold the V2 rows
    assert dialog.v2_box.isVisible()
    tab_to(qtbot, dialog, dialog.v2_router)  # a router alone
    qtbot.keyClicks(dialog.v2_router, router)
    qtbot.keyClick(dialog.v2_router, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.v2_errors[0].text() != "", timeout=10_000)
    assert "factory, router and WETH together" in dialog.v2_errors[0].text()
    assert "With V2" not in [n.name for n in core.chain.networks()]

    qtbot.keyClick(dialog.v2_router, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back one field
    assert dialog.focusWidget() is dialog.v2_factory
    qtbot.keyClicks(dialog.v2_factory, factory)
    tab_to(qtbot, dialog, dialog.weth)
    qtbot.keyClicks(dialog.weth, qxc)  # not the router's WETH
    qtbot.keyClick(dialog.weth, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.v2_errors[2].text() != "", timeout=10_000)
    assert f"is {weth}, not {qxc}" in dialog.v2_errors[2].text()
    assert "With V2" not in [n.name for n in core.chain.networks()]

    type_into(qtbot, dialog.weth, weth)
    qtbot.keyClick(dialog.weth, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(n.name == "With V2" for n in dialog.networks), timeout=10_000)  # on_done
    saved = core.chain.network("With V2")
    assert (saved.v2_factory, saved.v2_router, saved.v2_weth) == (factory, router, weth)
    qtbot.waitUntil(lambda: any(n.name == "With V2" for n in dialog.networks), timeout=10_000)

    select(qtbot, dialog, "With V2")
    dialog.edit_button.setFocus()
    qtbot.keyClick(dialog.edit_button, Qt.Key.Key_Space)
    assert (dialog.v2_factory.text(), dialog.v2_router.text(), dialog.weth.text()) == (factory, router, weth)
    assert dialog.v2_box.isVisible()  # a network that has one shows it unfolded
    for field in (dialog.v2_factory, dialog.v2_router, dialog.weth):
        type_into(qtbot, field, "")
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.weth, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not core.chain.network("With V2").has_v2, timeout=10_000)
