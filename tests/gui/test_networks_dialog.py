"""The Networks dialog with the keyboard, on the real core (issue 12 item 7, issue 13 "Networks").

Adding a network asks its node for its chain id: a node serving another chain is refused at the
chain id field (nothing saved); a node that does not answer is saved unverified and the dialog says
so. The built-in network and the active one cannot be deleted; delete asks first; edit changes the
explorer; Use (Return in the list) switches after the same chain-id check.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.networks import NetworksDialog, network_dialogs
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core
from tests.hardhat_node import HardhatNode, free_port

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def open_networks(qtbot: QtBot, window: MainWindow) -> NetworksDialog:
    """Settings (its menu action), then its Networks… button with the space bar."""
    from qenex_desktop.gui.dialogs.settings import SettingsDialog

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    window.menu_actions.settings.trigger()
    settings = window._modal
    assert isinstance(settings, SettingsDialog)
    qtbot.waitUntil(lambda: "Nowhere" in settings.network_label.text(), timeout=10_000)
    settings.networks_button.setFocus()
    qtbot.keyClick(settings.networks_button, Qt.Key.Key_Space)
    dialog = settings.networks_dialog
    assert isinstance(dialog, NetworksDialog)
    qtbot.waitUntil(lambda: len(dialog.networks) >= 2, timeout=10_000)
    return dialog


def type_network(qtbot: QtBot, dialog: NetworksDialog, name: str, url: str, chain_id: str) -> None:
    """Name, Tab, URL, Tab, chain id, Return (the form's Add)."""
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.rpc_url
    qtbot.keyClicks(dialog.rpc_url, url)
    qtbot.keyClick(dialog.rpc_url, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.chain_id
    qtbot.keyClicks(dialog.chain_id, chain_id)
    qtbot.keyClick(dialog.chain_id, Qt.Key.Key_Return)


def add_network(qtbot: QtBot, dialog: NetworksDialog, name: str, url: str, chain_id: str) -> None:
    """``type_network``, then wait until the list shows it saved."""
    type_network(qtbot, dialog, name, url, chain_id)
    qtbot.waitUntil(lambda: name in [n.name for n in dialog.networks], timeout=10_000)


def opened(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> tuple[MainWindow, NetworksDialog, QenexCore]:
    """A window on ``config``, its Networks dialog opened with the keys, and the window's core."""
    window = make_window(lambda: fast_core(config))
    dialog = open_networks(qtbot, window)
    assert window.ctx is not None
    return window, dialog, window.ctx.core


def select(qtbot: QtBot, dialog: NetworksDialog, name: str) -> None:
    """Walk the list with the arrow keys to ``name``."""
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(len(dialog.networks)):
        current = dialog.selected()
        if current is not None and current.name == name:
            return
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    current = dialog.selected()
    assert current is not None and current.name == name


def names(core: QenexCore) -> list[str]:
    return [n.name for n in core.chain.networks()]


@pytest.mark.hardhat
def test_a_wrong_chain_id_is_refused_at_the_field_and_the_right_one_is_saved_verified(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, hardhat_node: HardhatNode
) -> None:
    _, dialog, core = opened(qtbot, make_window, prepared)

    type_network(qtbot, dialog, "Mainnet?", hardhat_node.url, "1")
    qtbot.waitUntil(lambda: dialog.field_errors[2].shown, timeout=10_000)
    assert "serves chain id 31337, not 1" in dialog.field_errors[2].text()
    assert "Mainnet?" not in names(core)
    assert core.chain.network().name == "Nowhere"

    dialog.chain_id.selectAll()
    qtbot.keyClicks(dialog.chain_id, "31337")
    assert not dialog.field_errors[2].shown  # the refusal goes as the field is edited
    qtbot.keyClick(dialog.chain_id, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Mainnet?" in [n.name for n in dialog.networks], timeout=10_000)
    saved = core.chain.network("Mainnet?")
    assert saved.verified and saved.chain_id == 31337
    assert "serves chain id 31337" in dialog.notice.text()


def test_an_absent_node_is_saved_unverified_and_the_dialog_says_so(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    _, dialog, core = opened(qtbot, make_window, prepared)
    add_network(qtbot, dialog, "Away", f"http://127.0.0.1:{free_port()}", "5")
    assert not core.chain.network("Away").verified
    assert "did not answer" in dialog.notice.text() and "not verified yet" in dialog.notice.text()
    away = next(n for n in dialog.networks if n.name == "Away")
    row = dialog.networks.index(away)
    assert "not verified yet" in dialog.model.index(row, 3).data()


def test_the_built_in_and_the_active_network_cannot_be_deleted_and_delete_asks_first(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window, dialog, core = opened(qtbot, make_window, prepared)
    add_network(qtbot, dialog, "Spare", f"http://127.0.0.1:{free_port()}", "7")

    for name, why in (("Local Hardhat", "built in"), ("Nowhere", "in use")):
        select(qtbot, dialog, name)
        assert not dialog.delete_button.isEnabled()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
        assert why in dialog.general_error.text()
        assert dialog.confirm_box is None
        assert name in names(core)

    select(qtbot, dialog, "Spare")
    assert dialog.delete_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and "Spare" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Escape keeps it
    window.ops.wait_idle()
    assert "Spare" in names(core)

    select(qtbot, dialog, "Spare")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    delete.setFocus()
    qtbot.keyClick(delete, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Spare" not in [n.name for n in dialog.networks], timeout=10_000)
    assert "Spare" not in names(core)
    assert "Deleted Spare" in dialog.notice.text()


def test_edit_sets_the_explorer_and_the_built_in_keeps_its_node(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    _, dialog, core = opened(qtbot, make_window, prepared)

    select(qtbot, dialog, "Local Hardhat")
    dialog.edit_button.setFocus()
    qtbot.keyClick(dialog.edit_button, Qt.Key.Key_Space)
    assert dialog.editing is not None and dialog.editing.is_builtin
    assert dialog.name.isReadOnly() and dialog.rpc_url.isReadOnly() and dialog.chain_id.isReadOnly()
    assert dialog.focusWidget() is dialog.explorer_url
    qtbot.keyClicks(dialog.explorer_url, "ftp://nope")
    qtbot.keyClick(dialog.explorer_url, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.field_errors[3].shown, timeout=10_000)
    assert core.chain.network("Local Hardhat").explorer_url is None

    dialog.explorer_url.selectAll()
    qtbot.keyClicks(dialog.explorer_url, "https://otterscan.example/")
    qtbot.keyClick(dialog.explorer_url, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: core.chain.network("Local Hardhat").explorer_url is not None, timeout=10_000)
    assert core.chain.network("Local Hardhat").explorer_url == "https://otterscan.example"
    qtbot.waitUntil(
        lambda: any(n.explorer_url == "https://otterscan.example" for n in dialog.networks), timeout=10_000
    )

    select(qtbot, dialog, "Nowhere")
    dialog.edit_button.setFocus()
    qtbot.keyClick(dialog.edit_button, Qt.Key.Key_Space)
    assert dialog.focusWidget() is dialog.name and not dialog.name.isReadOnly()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Nowhere at all")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Nowhere at all" in names(core), timeout=10_000)
    assert core.chain.network().name == "Nowhere at all"  # the active one was renamed, still active


@pytest.mark.hardhat
def test_use_checks_the_chain_id_and_refuses_a_node_on_another_chain(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, hardhat_node: HardhatNode
) -> None:
    core = fast_core(prepared)
    core.chain.add_network("Test node", hardhat_node.url, 31337)
    core.chain.registry.add("Chain one?", hardhat_node.url, 1)  # as an older version kept it, unchecked
    core.close()
    window, dialog, core = opened(qtbot, make_window, prepared)
    chain = core.chain

    select(qtbot, dialog, "Chain one?")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Return in the list: Use
    qtbot.waitUntil(lambda: dialog.general_error.shown, timeout=10_000)
    assert "serves chain id 31337, not 1" in dialog.general_error.text()
    assert chain.network().name == "Nowhere"

    select(qtbot, dialog, "Test node")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chain.network().name == "Test node", timeout=10_000)
    qtbot.waitUntil(lambda: "Using Test node" in dialog.notice.text(), timeout=10_000)
    assert not dialog.general_error.shown
    qtbot.waitUntil(lambda: window.status.network_button.text() == "Test node", timeout=10_000)


@pytest.mark.hardhat
def test_the_screenshot_dialog_shows_the_wrong_chain_refusal_and_saves_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, hardhat_node: HardhatNode
) -> None:
    core = fast_core(prepared)
    core.chain.add_network("Test node", hardhat_node.url, 31337, use=True)
    core.close()
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    before = names(window.ctx.core)
    [(name, dialog)] = network_dialogs(window.ctx, window)
    assert name == "dialog-networks" and isinstance(dialog, NetworksDialog)
    assert "serves chain id 31337, not 1" in dialog.field_errors[2].text()
    assert names(window.ctx.core) == before
    dialog.close()


@pytest.mark.hardhat
def test_the_health_page_checks_again_when_the_network_changes_and_shows_whole_messages(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, hardhat_node: HardhatNode
) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QHeaderView

    from qenex_desktop.gui.tabs.monitoring.health import MESSAGE_COLUMN
    from qenex_desktop.gui.tabs.monitoring.tab import PAGE_HEALTH, MonitoringTab
    from tests.gui.exchange_flows import show_tab

    core = fast_core(prepared)
    core.chain.add_network("Test node", hardhat_node.url, 31337)
    core.close()
    window = make_window(lambda: fast_core(prepared))
    window.resize(1000, 700)
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    tab.pages.setCurrentIndex(PAGE_HEALTH)

    def node_check() -> tuple[str, str]:
        data = tab.health_data
        found = [h for h in data.health if h.name == "node"] if data is not None else []
        return (found[0].status.value, found[0].message) if found else ("", "")

    qtbot.waitUntil(lambda: node_check()[0] == "fail", timeout=30_000)

    assert window.ctx is not None
    dialog = NetworksDialog(window.ctx, window)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.networks) == 3, timeout=10_000)
    select(qtbot, dialog, "Test node")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Using Test node" in dialog.notice.text(), timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # No Run checks pressed: the switch alone makes the node check run again, on the new network.
    qtbot.waitUntil(lambda: node_check()[0] == "ok", timeout=30_000)
    assert "Test node" in node_check()[1]

    view = tab.health_page.health_view
    header = view.horizontalHeader()
    assert header.sectionResizeMode(MESSAGE_COLUMN) == QHeaderView.ResizeMode.Stretch
    model = tab.health_page.health_model
    qtbot.wait(50)
    width = header.sectionSize(MESSAGE_COLUMN)
    for row in range(model.rowCount()):
        message = model.index(row, MESSAGE_COLUMN).data()
        assert model.index(row, MESSAGE_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == message
        needed = view.fontMetrics().boundingRect(
            QRect(0, 0, width - 8, 10_000), int(Qt.TextFlag.TextWordWrap), message
        )
        assert needed.height() <= view.rowHeight(row), (message, needed.height(), view.rowHeight(row))
