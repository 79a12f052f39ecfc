"""The main window: tabs, menus, the status bar, and the lock/unlock life of the app.

It opens first, before the core (the ledger opens on a worker thread meanwhile), then shows the
first-run wizard, the unlock dialog, or, when a live session resumes, the tabs at once.
Locked, the tabs are swapped out for a locked page, so no balance stays on screen. Its menus,
status bar and local-node control are parts of their own (``gui/window/``); which tabs there are
and how they are built is ``gui/tab_registry.py``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStackedWidget, QTabWidget, QWidget

from qenex_desktop import APP_NAME
from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.change_watch import ExternalChangeWatcher
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.idle import IdleWatcher
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.prefs import Preferences
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.tab_registry import (
    LazyTabs,
    QuietPreloader,
    import_light_tabs,
    main_tabs,
    warm_up,
)
from qenex_desktop.gui.widgets import EmptyState
from qenex_desktop.gui.window.approvals_menu import install_approvals_menu
from qenex_desktop.gui.window.contacts_menu import install_contacts_menu
from qenex_desktop.gui.window.ledger_menu import install_ledger_menu
from qenex_desktop.gui.window.menus import MenuSlots, build_menus, make_action
from qenex_desktop.gui.window.node import LocalNodeControl
from qenex_desktop.gui.window.profile_menu import install_profile_menu
from qenex_desktop.gui.window.status import StatusBar

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.auth import ActiveSession

#: The node probe (on a worker, skipped while one is on its way): the block shown follows each block.
STATUS_POLL_MS = 2_000
IDLE_FILTER_DELAY_MS = 1_500
WARM_UP_DELAY_MS = 800
PENDING_POLL_MS = 4_000
#: The full audit walk starts this long after the ledger opens, once the first views have read.
FULL_AUDIT_DELAY_MS = 3_000


class MainWindow(QMainWindow):
    #: Emitted once the tabs show (unlocked or resumed): the app is interactive.
    ready = Signal()
    #: Emitted once the ledger is open and the tabs are built (then: wizard, unlock, or tabs).
    core_opened = Signal()
    #: Emitted after every lock.
    locked_changed = Signal(bool)

    def __init__(
        self, prefs: Preferences, ops: Operations, *, headless: bool = False, start_node: bool = True
    ) -> None:
        super().__init__()
        self.prefs = prefs
        self.ops = ops
        self.headless = headless
        self.ctx: GuiContext | None = None
        self.tab_widget = QTabWidget()
        self.tab_widget.setDocumentMode(True)
        #: The tabs by key ("wallet", "swap", ...), filled when the ledger is open.
        self.tabs = LazyTabs(self.tab_widget)
        self.opened = False
        ops.dialog_parent = self
        ops.headless = headless
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(820, 560)

        self.stack = QStackedWidget()
        self.opening_page = EmptyState(
            self.tr("Opening your ledger…"), self.tr("This takes a moment the first time."), icon_name="app"
        )
        self.locked_page = EmptyState(
            self.tr("QENEX Desktop is locked"),
            self.tr(
                "You are logged out, your keys are locked (cleared from memory) and your balances are "
                "hidden. Unlock to log in again."
            ),
            icon_name="lock",
        )
        self.unlock_button = self.locked_page.add_button(self.tr("Unlock…"), "unlock")
        self.unlock_button.clicked.connect(self.show_unlock)
        for page in (self.opening_page, self.locked_page, self.tab_widget):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)

        self.status = StatusBar(self, ops, lambda: self.ctx)
        self.menu_actions = build_menus(self, self._menu_slots())
        self.profile_actions = install_profile_menu(self)  # Profile: password, log out, switch, keys
        self.ledger_actions = install_ledger_menu(self)  # the Ledger menu (window/ledger_menu.py)
        self.contacts_action = install_contacts_menu(self)  # Tools → Address book… (window/contacts_menu.py)
        self.approvals_action = install_approvals_menu(self)  # Tools → Approvals… (window/approvals_menu.py)
        # Start the local node on the built-in network (tests turn it off: port 8545 is not theirs).
        self.node = LocalNodeControl(
            ops,
            self.status,
            lambda: self.ctx,
            self.refresh_status,
            enabled=start_node and not headless,
            parent=self,
        )
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self.idle.set_limit_minutes(prefs.auto_lock_minutes)
        #: Loads the heavy modules and readies the chart tabs while nobody types (after the warm-up).
        self.preload: QuietPreloader | None = None
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_POLL_MS)
        self._status_timer.timeout.connect(self.status.poll)
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(PENDING_POLL_MS)
        self._pending_timer.timeout.connect(self.refresh_pending)
        self.change_watch = ExternalChangeWatcher(self.ops, self)  # the CLI's changes reach the views
        self.audit_check_timer = QTimer(self)  # the full audit walk, once the ledger is open
        self.audit_check_timer.setSingleShot(True)
        self.audit_check_timer.setInterval(FULL_AUDIT_DELAY_MS)
        self.audit_check_timer.timeout.connect(self.check_audit_chain)
        ops.busy_changed.connect(self.status.show_busy)
        ops.session_lost.connect(self._on_session_lost)
        ops.changed.connect(self._on_changed)
        ops.error_shown.connect(self._on_error_shown)
        geometry = prefs.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        self._set_locked_ui(True)
        self.stack.setCurrentWidget(self.opening_page)

    # -- building ----------------------------------------------------------------------------

    def _menu_slots(self) -> MenuSlots:
        return MenuSlots(
            lock=self.lock,
            settings=self.show_settings,
            quit=self.close,
            refresh=self.refresh_all,
            wallet=lambda method: self._tab_call("wallet", method),
            start_node=lambda: self.node.start(),
            stop_node=lambda: self.node.stop(),
            verify_audit=lambda: self._tab_call("audit", "verify"),
            about=self.show_about,
        )

    def _build_tabs(self, ctx: GuiContext, then: Callable[[], None]) -> None:
        self.tabs.ctx = ctx
        self.tabs.on_built.append(self._tab_built)
        for number, spec in enumerate(main_tabs(self.tr), start=1):
            # Only the Wallet tab is built now; the others when first shown (see tab_registry).
            self.tabs.add(spec, build_now=spec.key == "wallet")
            title = spec.title.replace("&", "")
            show = self._show_tab(spec.key)
            self.menu_actions.view_menu.addAction(
                make_action(self, title, show, f"Ctrl+{number}", spec.icon_name)
            )
        then()

    def _tab_built(self, _key: str, tab: TabBase) -> None:
        from qenex_desktop.gui.tabs.wallet_tab import WalletTab  # imported already: it was just built

        if isinstance(tab, WalletTab):
            tab.wallet_created.connect(self.node.start_if_default)

    # -- opening the core ---------------------------------------------------------------------

    def open_core(self, factory: Callable[[], QenexCore]) -> None:
        """Open the ledger off the GUI thread (migrations may run), then decide what to show."""

        def open_and_look() -> tuple[QenexCore, ActiveSession | None, bool]:
            core = factory()
            import_light_tabs()  # keep even these imports off the GUI thread
            # The monitoring core records operations from the moment it is built (lazily, on the
            # core): built here, off the GUI thread, every operation of the run is measured.
            _ = core.monitoring
            session = core.auth.current_session()
            return core, session, core.auth.has_profiles()

        self.ops.run(
            open_and_look, name="open core", on_done=self._on_core_open, on_error=self._on_core_failed
        )

    def _on_core_failed(self, error: BaseException) -> None:
        self.opening_page.set_text(
            self.tr("The ledger could not be opened"),
            self.tr("{error}\nCheck the data dir and its permissions, then start the app again.").format(
                error=error
            ),
        )

    def _on_core_open(self, result: tuple[QenexCore, ActiveSession | None, bool]) -> None:
        core, session, has_profiles = result
        self.ctx = GuiContext(core=core, ops=self.ops, prefs=self.prefs, headless=self.headless)
        # Imports of the other tabs (pyqtgraph...) off the GUI thread, once the window is usable and
        # its first reads are done (a C extension's import holds the interpreter lock for a while).
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)
        self._build_tabs(self.ctx, lambda: self._after_tabs(session, has_profiles))

    def _warm_up(self) -> None:
        """The core's heavy imports on a worker; then the Qt ones (pyqtgraph) on this thread while
        nobody types or clicks, so a tab's first visit does not stall."""
        preload = QuietPreloader(self, lambda: self.idle.last_input, steps=self.tabs.quiet_steps())
        self.preload = preload
        self.ops.run(warm_up, name="warm-up", quiet=True, on_done=lambda _r: preload.start())

    def _after_tabs(self, session: ActiveSession | None, has_profiles: bool) -> None:
        self.opened = True
        self._status_timer.start()
        assert self.ctx is not None
        self.change_watch.watch(self.ctx.core)
        self.refresh_status()
        self.audit_check_timer.start()
        if session is not None:
            self.enter_unlocked(session.username, resumed=True)
        elif has_profiles:
            self.stack.setCurrentWidget(self.locked_page)
            if not self.headless:
                self.show_unlock()
        else:
            self.stack.setCurrentWidget(self.locked_page)
            if not self.headless:
                self.show_first_run()
        self.core_opened.emit()

    @property
    def core(self) -> QenexCore:
        assert self.ctx is not None, "the core is not open yet"
        return self.ctx.core

    # -- lock and unlock ----------------------------------------------------------------------

    def show_first_run(self) -> None:
        from qenex_desktop.gui.dialogs.first_run import FirstRunWizard

        if self.ctx is None:
            return
        wizard = FirstRunWizard(self.ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished_unlocked.connect(lambda username: self.enter_unlocked(username))
        wizard.open()
        self._modal: QWidget = wizard

    def show_unlock(self) -> None:
        from qenex_desktop.gui.dialogs.unlock import UnlockDialog

        if self.ctx is None:
            return
        existing = getattr(self, "_modal", None)
        with contextlib.suppress(RuntimeError):
            if isinstance(existing, UnlockDialog) and existing.isVisible():
                existing.raise_()
                return
        dialog = UnlockDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unlocked.connect(lambda username: self.enter_unlocked(username))
        dialog.open()
        self._modal = dialog

    def enter_unlocked(self, username: str, *, resumed: bool = False) -> None:
        if self.ctx is None:
            return
        self.ctx.locked = False
        self.ctx.username = username
        self._set_locked_ui(False)
        self.stack.setCurrentWidget(self.tab_widget)
        self.idle.arm(True)
        # Watch input only while unlocked, and not during startup: an app-wide Python event
        # filter wraps every event (and first-time wrapping of each event class costs a few ms).
        QTimer.singleShot(IDLE_FILTER_DELAY_MS, self, self._watch_input)
        for tab in self.tabs.values():
            tab.set_locked(False)
        self._pending_timer.start()
        self.ops.changed.emit(Changed.everything())
        if resumed:
            self.status.message(
                self.tr("Welcome back, {name}: your session resumed.").format(name=username), 6000
            )
        self.node.start_if_default()
        self.ready.emit()

    def lock(self, *, reason: str = "lock") -> None:
        """Ctrl+L and auto-lock: wipe keys, end the session, hide balances, ask to unlock.
        ``reason="logout"``: Log out and Switch profile (the same, audited as a logout)."""
        if self.ctx is None or self.ctx.locked:
            return
        core = self.ctx.core
        wallet = core.__dict__.get("wallet")
        if wallet is not None:
            wallet.lock()  # at once, on this thread: the keys leave memory before anything else
        self.ctx.locked = True
        self.idle.arm(False)
        self._unwatch_input()
        self._pending_timer.stop()
        for tab in self.tabs.values():
            tab.set_locked(True)
        self._set_locked_ui(True)
        self.stack.setCurrentWidget(self.locked_page)
        self._close_dialogs()
        self.ops.run(
            lambda: core.auth.logout(reason=reason),
            name="lock",
            quiet=True,
        )
        self.locked_changed.emit(True)
        if not self.headless:
            self.show_unlock()

    def _on_error_shown(self, message: str) -> None:
        # While locked, errors are inline in the unlock dialog or wizard; background reads that
        # fail because the session just ended must not hide the message that says so.
        if self.ctx is not None and not self.ctx.locked:
            self.status.message(message, 8000)

    def _on_session_lost(self) -> None:
        """The core's session ended under us (idle or lifetime limit, or a logout elsewhere)."""
        if self.ctx is not None and not self.ctx.locked:
            self.lock()
            self.status.message(
                self.tr(
                    "Your session ended (idle too long, or its lifetime is over): you are logged out. "
                    "Unlock to log in again."
                ),
                15_000,
            )

    def _close_dialogs(self) -> None:
        """Locking closes every open dialog: a half-typed send or a password field must not stay."""
        for dialog in self.findChildren(QDialog):
            with contextlib.suppress(RuntimeError):
                if dialog.isVisible():
                    dialog.reject()

    def _watch_input(self) -> None:
        app = QApplication.instance()
        if app is not None and self.ctx is not None and not self.ctx.locked:
            app.removeEventFilter(self.idle)
            app.installEventFilter(self.idle)
            self.idle.touch()

    def _unwatch_input(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)

    def _set_locked_ui(self, locked: bool) -> None:
        for action in self.menu_actions.unlocked_only:
            action.setEnabled(not locked)
        self.status.show_locked(locked)
        self.unlock_button.setEnabled(locked)

    # -- dialogs -----------------------------------------------------------------------------

    def show_settings(self) -> None:
        from qenex_desktop.gui.dialogs.settings import SettingsDialog

        if self.ctx is None:
            return
        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self._on_settings_applied)
        dialog.open()
        self._modal = dialog

    def _on_settings_applied(self) -> None:
        from qenex_desktop.gui.theme import apply_theme

        self.idle.set_limit_minutes(self.prefs.auto_lock_minutes)
        self.idle.arm(self.ctx is not None and not self.ctx.locked)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.prefs.theme)
        self.ops.changed.emit(Changed.SETTINGS)  # preferences live outside the ledger: said here
        self.refresh_status()

    def show_about(self) -> None:
        from qenex_desktop.gui.dialogs.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _show_tab(self, key: str) -> Callable[[], None]:
        def show() -> None:  # Ctrl+N: the tab, with the keyboard in it (its focus proxy, if it names one)
            tab = self.tabs.get(key)
            if tab is None:
                return
            self.tab_widget.setCurrentWidget(tab)
            tab.setFocus(Qt.FocusReason.ShortcutFocusReason)

        return show

    def _tab_call(self, key: str, method: str) -> None:
        tab = self.tabs.get(key)
        if tab is None or (self.ctx is not None and self.ctx.locked):
            return
        self.tab_widget.setCurrentWidget(tab)
        getattr(tab, method)()

    # -- status and refresh ---------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.ops.changed.emit(Changed.everything())
        self.refresh_status()

    def refresh_status(self) -> None:
        if self.ctx is None:
            return
        self.status.refresh()  # the node probe, on a worker (window/status.py)

    def refresh_pending(self) -> None:
        """Settle pending transactions on a timer (only when there are some)."""
        if self.ctx is None or self.ctx.locked:
            return
        core = self.ctx.core
        wallet_tab = self.tabs.get("wallet")
        if wallet_tab is None or not getattr(wallet_tab, "pending_count", 0):
            return

        # What settled is announced from the core's own report of the change (core.changes).
        self.ops.run(core.chain.refresh_pending, name="refresh pending", quiet=True, owner=self)

    def check_audit_chain(self) -> None:
        """The full audit walk in the background at every start (the monitoring worker repeats it
        daily); its result and time show on the Monitoring tab's Health page."""
        if self.ctx is None:
            return
        check = self.ctx.core.monitoring.check_audit_chain
        self.ops.run(check, name="full audit check", quiet=True, owner=self)

    def _on_changed(self, changes: Changed) -> None:
        if changes & (Changed.NETWORKS | Changed.SETTINGS | Changed.TRANSACTIONS):
            self.refresh_status()

    # -- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.prefs.set_geometry("main", QByteArray(self.saveGeometry()))
        self._status_timer.stop()
        self._pending_timer.stop()
        self.audit_check_timer.stop()
        self.change_watch.stop()
        self._unwatch_input()
        self.ops.shutdown()
        if self.ctx is not None:
            self.ctx.core.close()
        super().closeEvent(event)

    def current_widget(self) -> QWidget | None:
        return self.stack.currentWidget()
