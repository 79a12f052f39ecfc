"""The main window: tabs, menus, the status bar, and the lock/unlock life of the app.

It opens first, before the core (the ledger opens on a worker thread meanwhile), then shows the
first-run wizard, the unlock dialog, or, when a live session resumes, the tabs at once.
Locked, the tabs are swapped out for a locked page, so no balance stays on screen.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from qenex_desktop import APP_NAME
from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.change_watch import ExternalChangeWatcher
from qenex_desktop.gui.colours import GREEN, GREY, RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.idle import IdleWatcher
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.prefs import Preferences
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.tab_registry import LazyTabs, TabSpec
from qenex_desktop.gui.widgets import EmptyState

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.auth import ActiveSession
    from qenex_desktop.core.chain.client import NodeStatus

_log = logging.getLogger(__name__)

STATUS_POLL_MS = 10_000
IDLE_FILTER_DELAY_MS = 1_500
WARM_UP_DELAY_MS = 800
PENDING_POLL_MS = 4_000
#: The full audit walk starts this long after the ledger opens, once the first views have read.
FULL_AUDIT_DELAY_MS = 3_000


def _warm_up() -> None:
    """Import the core's lazily built subsystems (keys: eth-account, half a second; chain: web3,
    about a second) and the tab modules (pyqtgraph), and load the Keccak backend of EIP-55 checks:
    on a worker, after the window is usable, so no later click or keystroke pays for them on the
    GUI thread. Only imports: the subsystems themselves are built by the first operation that
    uses them (building them here too could race with it)."""
    import importlib

    from qenex_desktop.core.validation import to_checksum_address

    to_checksum_address("0" * 40)
    for name in (
        "qenex_desktop.core.keys.service",
        "qenex_desktop.core.chain.service",
        "qenex_desktop.core.exchange.service",
        "qenex_desktop.gui.tabs.wallet_tab",
        "qenex_desktop.gui.tabs.activity_tab",
        "qenex_desktop.gui.tabs.audit_tab",
        "qenex_desktop.gui.tabs.swap.tab",
        "qenex_desktop.gui.tabs.liquidity.tab",
        "qenex_desktop.gui.tabs.monitoring.tab",
        "qenex_desktop.gui.dialogs.unlock",
        "qenex_desktop.gui.dialogs.first_run",
    ):
        importlib.import_module(name)


def _tab_factory(module: str, class_name: str) -> Callable[[GuiContext], TabBase]:
    """Import a tab's module only when the tab is built (the warm-up imports them meanwhile)."""

    def build(ctx: GuiContext) -> TabBase:
        import importlib

        cls = getattr(importlib.import_module(f"qenex_desktop.gui.tabs.{module}"), class_name)
        tab = cls(ctx)
        assert isinstance(tab, TabBase)
        return tab

    return build


#: A local node started or stopped: every chain read may answer differently now.
NODE_CHANGES = Changed.NETWORKS | Changed.BALANCES | Changed.TOKENS | Changed.TRANSACTIONS

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
        #: Start the local node on the built-in network (tests turn it off: port 8545 is not theirs).
        self.start_node = start_node and not headless
        self.prefs = prefs
        self.ops = ops
        self.headless = headless
        self.ctx: GuiContext | None = None
        self.tab_widget = QTabWidget()
        self.tab_widget.setDocumentMode(True)
        #: The tabs by key ("wallet", "swap", ...), filled when the ledger is open.
        self.tabs = LazyTabs(self.tab_widget)
        self.node_started_here = False
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
            self.tr("Your balances are hidden and your keys are cleared from memory. Unlock to continue."),
            icon_name="lock",
        )
        self.unlock_button = self.locked_page.add_button(self.tr("Unlock…"), "unlock")
        self.unlock_button.clicked.connect(self.show_unlock)
        for page in (self.opening_page, self.locked_page, self.tab_widget):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)

        self._build_status_bar()
        self._build_menus()
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self.idle.set_limit_minutes(prefs.auto_lock_minutes)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_POLL_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(PENDING_POLL_MS)
        self._pending_timer.timeout.connect(self.refresh_pending)
        self.change_watch = ExternalChangeWatcher(self.ops, self)  # the CLI's changes reach the views
        self.audit_check_timer = QTimer(self)  # the full audit walk, once the ledger is open
        self.audit_check_timer.setSingleShot(True)
        self.audit_check_timer.setInterval(FULL_AUDIT_DELAY_MS)
        self.audit_check_timer.timeout.connect(self.check_audit_chain)
        ops.busy_changed.connect(self._on_busy)
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

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.network_label = QLabel(self.tr("No network"))
        self.block_label = QLabel("")
        self.node_label = QLabel("")
        self.lock_label = QLabel("")
        self.busy_label = QLabel("")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(80)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.hide()
        for widget in (
            self.busy_bar,
            self.busy_label,
            self.network_label,
            self.block_label,
            self.node_label,
            self.lock_label,
        ):
            bar.addPermanentWidget(widget)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence.StandardKey | None = None,
        icon_name: str = "",
    ) -> QAction:
        action = QAction(icon(icon_name) if icon_name else icon("blank"), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        self.lock_action = self._action(self.tr("&Lock"), self.lock, "Ctrl+L", "lock")
        self.settings_action = self._action(
            self.tr("&Settings…"), self.show_settings, QKeySequence.StandardKey.Preferences, "settings"
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "exit")
        if quit_action.shortcut().isEmpty():
            quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        for action in (self.lock_action, self.settings_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        self.view_menu = menus.addMenu(self.tr("&View"))
        self.refresh_action = self._action(self.tr("&Refresh"), self.refresh_all, "F5", "refresh")
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()

        tools = menus.addMenu(self.tr("&Tools"))
        self.send_action = self._action(
            self.tr("&Send…"), lambda: self._wallet("open_send"), "Ctrl+Shift+S", "send"
        )
        self.receive_action = self._action(
            self.tr("&Receive…"), lambda: self._wallet("open_receive"), "Ctrl+Shift+R", "receive"
        )
        self.import_token_action = self._action(
            self.tr("&Import token…"), lambda: self._wallet("open_import_token"), "Ctrl+I", "token"
        )
        self.deploy_action = self._action(
            self.tr("&Deploy QXC…"), lambda: self._wallet("deploy_qxc"), None, "deploy"
        )
        self.node_action = self._action(self.tr("Start &local node"), self.start_local_node, None, "node")
        self.stop_node_action = self._action(self.tr("S&top local node"), self.stop_local_node)
        self.verify_action = self._action(
            self.tr("&Verify audit log"), lambda: self._tab_call("audit", "verify"), "Ctrl+Shift+V", "verify"
        )
        for action in (self.send_action, self.receive_action, self.import_token_action, self.deploy_action):
            tools.addAction(action)
        tools.addSeparator()
        for action in (self.node_action, self.stop_node_action, self.verify_action):
            tools.addAction(action)
        self.unlocked_actions = [
            self.lock_action,
            self.send_action,
            self.receive_action,
            self.import_token_action,
            self.deploy_action,
            self.verify_action,
            self.refresh_action,
        ]

        help_menu = menus.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About QENEX Desktop"), self.show_about, "F1", "info"))

    def _build_tabs(self, ctx: GuiContext, then: Callable[[], None]) -> None:
        specs: list[tuple[Callable[[GuiContext], TabBase], str, str, str]] = [
            (_tab_factory("wallet_tab", "WalletTab"), "wallet", self.tr("&Wallet"), "wallet"),
            (_tab_factory("swap.tab", "SwapTab"), "swap", self.tr("S&wap"), "swap"),
            (_tab_factory("liquidity.tab", "LiquidityTab"), "liquidity", self.tr("&Liquidity"), "liquidity"),
            (
                _tab_factory("monitoring.tab", "MonitoringTab"),
                "monitoring",
                self.tr("&Monitoring"),
                "monitoring",
            ),
            (_tab_factory("activity_tab", "ActivityTab"), "activity", self.tr("&Activity"), "activity"),
            (_tab_factory("audit_tab", "AuditTab"), "audit", self.tr("A&udit"), "audit"),
        ]
        self.tabs.ctx = ctx
        self.tabs.on_built.append(self._tab_built)
        for number, (cls, key, title, icon_name) in enumerate(specs, start=1):
            # Only the Wallet tab is built now; the others when first shown (see tab_registry).
            self.tabs.add(TabSpec(key, cls, title, icon_name), build_now=key == "wallet")
            self.view_menu.addAction(
                self._action(title.replace("&", ""), self._show_tab(key), f"Ctrl+{number}", icon_name)
            )
        then()

    def _tab_built(self, _key: str, tab: TabBase) -> None:
        from qenex_desktop.gui.tabs.wallet_tab import WalletTab  # imported already: it was just built

        if isinstance(tab, WalletTab):
            tab.wallet_created.connect(self.start_local_node_if_default)

    # -- opening the core ---------------------------------------------------------------------

    def open_core(self, factory: Callable[[], QenexCore]) -> None:
        """Open the ledger off the GUI thread (migrations may run), then decide what to show."""

        def open_and_look() -> tuple[QenexCore, ActiveSession | None, bool]:
            core = factory()
            for module in ("wallet_tab", "activity_tab", "audit_tab"):  # light: keep them off the GUI thread
                importlib.import_module(f"qenex_desktop.gui.tabs.{module}")
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
        QTimer.singleShot(WARM_UP_DELAY_MS, self, lambda: self.ops.run(_warm_up, name="warm-up", quiet=True))
        self._build_tabs(self.ctx, lambda: self._after_tabs(session, has_profiles))

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
            self.statusBar().showMessage(
                self.tr("Welcome back, {name}: your session resumed.").format(name=username), 6000
            )
        self.start_local_node_if_default()
        self.ready.emit()

    def lock(self) -> None:
        """Ctrl+L and auto-lock: wipe keys, end the session, hide balances, ask to unlock."""
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
            lambda: core.auth.logout(reason="lock"),
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
            self.statusBar().showMessage(message, 8000)

    def _on_session_lost(self) -> None:
        """The core's session ended under us (idle or lifetime limit, or a logout elsewhere)."""
        if self.ctx is not None and not self.ctx.locked:
            self.lock()
            self.statusBar().showMessage(
                self.tr("Your session ended (idle too long, or its lifetime is over): unlock to continue."),
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
        for action in getattr(self, "unlocked_actions", []):
            action.setEnabled(not locked)
        self.lock_label.setText(self.tr("Locked") if locked else self.tr("Unlocked"))
        self.lock_label.setStyleSheet(text_style(GREY if locked else GREEN))
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
        return lambda: self.tab_widget.setCurrentWidget(self.tabs[key]) if key in self.tabs else None

    def _tab_call(self, key: str, method: str) -> None:
        tab = self.tabs.get(key)
        if tab is None or (self.ctx is not None and self.ctx.locked):
            return
        self.tab_widget.setCurrentWidget(tab)
        getattr(tab, method)()

    def _wallet(self, method: str) -> None:
        self._tab_call("wallet", method)

    # -- status and refresh ---------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.ops.changed.emit(Changed.everything())
        self.refresh_status()

    def refresh_status(self) -> None:
        if self.ctx is None:
            return
        core = self.ctx.core

        def probe() -> tuple[str, NodeStatus]:
            chain = core.chain  # built on first use (imports web3): never on the GUI thread
            network = chain.network()
            return network.name, chain.probe()

        self.ops.run(
            probe, name="node probe", on_done=self._show_status, quiet=True, owner=self, latest="node probe"
        )

    def _show_status(self, result: tuple[str, NodeStatus]) -> None:
        name, status = result
        self.network_label.setText(name)
        self.network_label.setToolTip(status.url)
        if status.reachable:
            self.block_label.setText(self.tr("Block {n}").format(n=status.block_number))
            latency = f"{(status.latency_s or 0) * 1000:.0f} ms"
            self.node_label.setText(self.tr("Node OK ({latency})").format(latency=latency))
            self.node_label.setStyleSheet(text_style(GREEN))
            self.node_label.setToolTip(self.tr("Chain id {id}").format(id=status.chain_id))
        else:
            self.block_label.setText(self.tr("Block —"))
            self.node_label.setText(self.tr("Node unreachable"))
            self.node_label.setStyleSheet(text_style(RED))
            self.node_label.setToolTip(status.error or "")

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

    def _on_busy(self, count: int) -> None:
        self.busy_bar.setVisible(count > 0)
        self.busy_label.setText(self.tr("Working…") if count else "")

    def _on_changed(self, changes: Changed) -> None:
        if changes & (Changed.NETWORKS | Changed.SETTINGS | Changed.TRANSACTIONS):
            self.refresh_status()

    # -- the local node --------------------------------------------------------------------------

    def start_local_node_if_default(self) -> None:
        """On the embedded default network, start the local node in the background."""
        if self.ctx is None or self.ctx.locked or not self.start_node:
            return
        core = self.ctx.core

        def is_default() -> bool:
            return core.chain.network().is_builtin

        self.ops.run(
            is_default,
            name="network check",
            on_done=lambda builtin: self.start_local_node() if builtin else None,
            quiet=True,
            owner=self,
        )

    def start_local_node(self) -> None:
        if self.ctx is None:
            return
        core = self.ctx.core
        self.statusBar().showMessage(self.tr("Starting the local node, deploying QXC, funding your account…"))
        self.node_label.setText(self.tr("Node starting…"))

        def started(status: Any) -> None:
            self.node_started_here = self.node_started_here or status.started_here
            self.statusBar().showMessage(status.message, 10_000)

        def failed(error: BaseException) -> None:
            self.statusBar().showMessage(self.tr("Local node: {error}").format(error=error), 30_000)
            self.refresh_status()

        self.ops.run(
            lambda: core.node.ensure_running(fund_profile=True),
            name="local node",
            on_done=started,
            on_error=failed,
            changes=NODE_CHANGES,  # a node up (or a new chain) changes what every chain read says
            quiet=True,
            owner=self,
        )

    def stop_local_node(self) -> None:
        if self.ctx is None:
            return
        core = self.ctx.core

        def stopped(was_ours: bool) -> None:
            self.statusBar().showMessage(
                self.tr("Stopped the local node.")
                if was_ours
                else self.tr("This app started no local node."),
                8000,
            )

        self.ops.run(core.node.stop, name="stop node", on_done=stopped, changes=NODE_CHANGES)

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
