"""The main window's menus: File, View (its tabs are added as they are registered), Tools, Help.

The window hands in what each entry does (``MenuSlots``); the actions come back named
(``WindowActions``), so the window can enable the unlocked-only ones and tests can trigger them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon


@dataclass(frozen=True)
class MenuSlots:
    """What the menu entries do."""

    lock: Callable[[], None]
    settings: Callable[[], None]
    quit: Callable[[], Any]
    refresh: Callable[[], None]
    #: A Wallet tab method by name: "open_send", "open_receive", "open_import_token", "deploy_qxc".
    wallet: Callable[[str], None]
    start_node: Callable[[], None]
    stop_node: Callable[[], None]
    verify_audit: Callable[[], None]
    about: Callable[[], None]


@dataclass(frozen=True)
class WindowActions:
    lock: QAction
    settings: QAction
    refresh: QAction
    send: QAction
    receive: QAction
    import_token: QAction
    deploy: QAction
    start_node: QAction
    stop_node: QAction
    verify: QAction
    view_menu: QMenu

    @property
    def unlocked_only(self) -> list[QAction]:
        """Entries that act on your session or keys: off while the app is locked."""
        return [self.lock, self.send, self.receive, self.import_token, self.deploy, self.verify, self.refresh]


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], Any],
    shortcut: str | QKeySequence.StandardKey | None = None,
    icon_name: str = "",
    *,
    fallback: str = "",
) -> QAction:
    """An action with an icon (a blank one keeps the menu's text aligned) and a shortcut; a
    platform without a standard key for ``shortcut`` gets ``fallback``."""
    action = QAction(icon(icon_name) if icon_name else icon("blank"), text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if fallback and action.shortcut().isEmpty():
        action.setShortcut(QKeySequence(fallback))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window: QMainWindow, slots: MenuSlots) -> WindowActions:
    menus = window.menuBar()
    tr = window.tr
    file_menu = menus.addMenu(tr("&File"))
    lock = make_action(window, tr("&Lock"), slots.lock, "Ctrl+L", "lock")
    settings = make_action(
        window,
        tr("&Settings…"),
        slots.settings,
        QKeySequence.StandardKey.Preferences,
        "settings",
        fallback="Ctrl+,",
    )
    quit_action = make_action(
        window, tr("&Quit"), slots.quit, QKeySequence.StandardKey.Quit, "exit", fallback="Ctrl+Q"
    )
    file_menu.addActions([lock, settings])
    file_menu.addSeparator()
    file_menu.addAction(quit_action)

    view_menu = menus.addMenu(tr("&View"))
    refresh = make_action(window, tr("&Refresh"), slots.refresh, "F5", "refresh")
    view_menu.addAction(refresh)
    view_menu.addSeparator()

    tools = menus.addMenu(tr("&Tools"))
    send = make_action(window, tr("&Send…"), lambda: slots.wallet("open_send"), "Ctrl+Shift+S", "send")
    receive = make_action(
        window, tr("&Receive…"), lambda: slots.wallet("open_receive"), "Ctrl+Shift+R", "receive"
    )
    import_token = make_action(
        window, tr("&Import token…"), lambda: slots.wallet("open_import_token"), "Ctrl+I", "token"
    )
    deploy = make_action(window, tr("&Deploy QXC…"), lambda: slots.wallet("deploy_qxc"), None, "deploy")
    start_node = make_action(window, tr("Start &local node"), slots.start_node, None, "node")
    stop_node = make_action(window, tr("S&top local node…"), slots.stop_node)  # asks first
    verify = make_action(window, tr("&Verify audit log"), slots.verify_audit, "Ctrl+Shift+V", "verify")
    tools.addActions([send, receive, import_token, deploy])
    tools.addSeparator()
    tools.addActions([start_node, stop_node, verify])

    help_menu = menus.addMenu(tr("&Help"))
    help_menu.addAction(make_action(window, tr("&About QENEX Desktop"), slots.about, "F1", "info"))
    return WindowActions(
        lock, settings, refresh, send, receive, import_token, deploy, start_node, stop_node, verify, view_menu
    )


def window_context(window: QMainWindow) -> GuiContext | None:
    """The main window's context (``MainWindow.ctx``): None until the ledger is open."""
    ctx = getattr(window, "ctx", None)
    return ctx if isinstance(ctx, GuiContext) else None


def open_unlocked(window: QMainWindow, build: Callable[[GuiContext], QDialog]) -> QDialog | None:
    """Open the dialog ``build`` makes over the window's context, deleted when closed (none while
    locked or before the ledger is open)."""
    ctx = window_context(window)
    if ctx is None or ctx.locked:
        return None
    dialog = build(ctx)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def follow_lock(window: QMainWindow, actions: Sequence[QAction]) -> None:
    """``actions`` on only while the app is unlocked: they follow the window's ``locked_changed``
    and ``ready`` signals, and start as it is now (off before the ledger is open)."""

    def follow(locked: bool) -> None:
        for action in actions:
            action.setEnabled(not locked)

    signals = cast(Any, window)
    signals.locked_changed.connect(follow)
    signals.ready.connect(lambda: follow(False))
    ctx = window_context(window)
    follow(ctx is None or ctx.locked)


def install_in_tools(window: QMainWindow, action: QAction, after: Callable[[QAction], bool]) -> None:
    """Put ``action`` in the Tools menu right after the first entry ``after`` picks (else at the
    end), on only while the app is unlocked (``follow_lock``)."""
    tools = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Tools"), None)
    if isinstance(tools, QMenu):
        entries = tools.actions()
        found = next((i for i, a in enumerate(entries) if after(a)), None)
        before = entries[found + 1] if found is not None and found + 1 < len(entries) else None
        if before is not None:
            tools.insertAction(before, action)
        else:
            tools.addAction(action)
    follow_lock(window, [action])
