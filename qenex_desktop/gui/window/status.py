"""The main window's status bar: busy, network, block, node health and lock state, at the right;
messages (what an operation said, a welcome back) at the left.

A message longer than the room is elided with "…" and its full text is the tooltip (Qt's own
status message was cut at the edge with no sign). The network is a button: a click opens the menu of
networks (as in MetaMask); picking one asks its node for its chain id first, and a node serving
another chain is refused, the network unchanged. The node is probed on a worker every couple of
seconds (the main window's timer), so the block shown follows each new block; a node that answers
with another chain id than its network's shows in red as a wrong chain, never as "Node OK".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QActionGroup, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QStatusBar,
    QToolButton,
    QWidget,
)

from qenex_desktop.gui.colours import AMBER, GREEN, GREY, RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.operations import networks as network_ops

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.chain.client import NodeStatus
    from qenex_desktop.core.chain.types import NetworkInfo

#: The widest the network's name is shown in the bar (longer names elide; the tooltip has it all).
NETWORK_NAME_WIDTH = 220
#: How long a refused switch stays in the message line.
ERROR_MESSAGE_MS = 30_000


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when it does not fit; the full text is its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(self.contentsRect().width(), 0)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))


class MessageBar(QStatusBar):
    """A status bar whose message is an ``ElidedLabel``: ``showMessage``, ``clearMessage`` and
    ``currentMessage`` work as Qt's do (``widgets.status_message`` calls them), only visibly elided."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = ElidedLabel()
        self.addWidget(self.message_label, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)
        #: The refusal shown in red now ("" when the message is not one).
        self._error = ""

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        if text and text == self._error:
            return  # the window echoes every shown error here: it stays red
        self._show(text, "", timeout or 0)

    def clearMessage(self) -> None:
        self._show("", "", 0)

    def currentMessage(self) -> str:
        return self.message_label.full_text()

    # An ``InlineErrorTarget`` (operations): a refusal shown in red in the message line.
    def show_error(self, message: str) -> None:
        self._show(message, text_style(RED), ERROR_MESSAGE_MS)
        self._error = message

    def clear_error(self) -> None:
        self.clearMessage()

    def _show(self, text: str, style: str, timeout_ms: int) -> None:
        self._error = ""
        self.message_label.setStyleSheet(style)
        self.message_label.set_full_text(text)
        if timeout_ms > 0 and text:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()
        self.messageChanged.emit(text)


@dataclass(frozen=True)
class NodeView:
    """What one probe read: the active network, its node's answer, and every network for the menu."""

    network: NetworkInfo
    status: NodeStatus
    networks: list[NetworkInfo]


def read_node(core: QenexCore) -> NodeView:
    """On a worker: the networks, and a probe of the active one's node (it never raises)."""
    chain = core.chain  # built on first use (imports web3): never on the GUI thread
    networks = chain.networks()
    network = next((n for n in networks if n.is_active), None) or chain.network()
    return NodeView(network, chain.probe(), networks)


def wrong_chain(network: NetworkInfo, status: NodeStatus) -> bool:
    """The node answered, with another chain id than the network promises."""
    return status.reachable and status.chain_id is not None and status.chain_id != network.chain_id


class StatusBar(QObject):
    def __init__(
        self,
        window: QMainWindow,
        ops: Operations | None = None,
        context: Callable[[], GuiContext | None] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ops = ops
        self._context = context
        self.bar = MessageBar()
        window.setStatusBar(self.bar)
        tr = window.tr
        self.network_button = QToolButton()
        self.network_button.setText(tr("No network"))
        self.network_button.setAutoRaise(True)
        self.network_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.network_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.network_menu = QMenu(self.network_button)
        self.network_button.setMenu(self.network_menu)
        self.network_menu.aboutToShow.connect(self._menu_opening)
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
            self.network_button,
            self.block_label,
            self.node_label,
            self.lock_label,
        ):
            self.bar.addPermanentWidget(widget)
        #: The networks of the last probe (the menu's entries).
        self.networks: list[NetworkInfo] = []
        self._probing = False
        #: The Networks dialog its menu opened last (tests look at it).
        self.networks_dialog: QDialog | None = None
        self._fill_menu()

    def message(self, text: str, timeout_ms: int = 0) -> None:
        self.bar.showMessage(text, timeout_ms)

    def show_busy(self, count: int) -> None:
        """How many operations a person waits for (0: idle)."""
        self.busy_bar.setVisible(count > 0)
        self.busy_label.setText(self.tr("Working…") if count else "")

    def show_locked(self, locked: bool) -> None:
        """The session and the keys, each in its own word: logged in (a profile's session is live)
        or logged out; keys unlocked (the app signs without asking) or locked (it asks for the
        password first). Locking the app (Ctrl+L, auto-lock) logs out and locks the keys.

        A password typed for one signature unlocks the keys on a worker: the label is read again
        when each operation ends (the keys' state is in memory, so reading it here is instant)."""
        self._app_locked = locked
        if self.ops is not None and not getattr(self, "_keys_watched", False):
            self._keys_watched = True
            self.ops.busy_changed.connect(lambda _count: self.show_locked(self._app_locked))
        ctx = self._context() if self._context is not None else None
        wallet = ctx.core.__dict__.get("wallet") if ctx is not None else None  # never built here
        keys_unlocked = not locked and wallet is not None and wallet.vault.is_unlocked()
        name = (ctx.username if ctx is not None else None) or ""
        if locked:
            text, colour = self.tr("Logged out"), GREY
            tip = self.tr("Logged out, keys locked. Unlock to log in and unlock your keys.")
        elif keys_unlocked:
            text, colour = self.tr("Logged in · keys unlocked"), GREEN
            tip = self.tr(
                "Logged in as {name}. Your keys are unlocked: the app signs without asking for your "
                "password. Ctrl+L locks the app: it logs out and locks the keys."
            ).format(name=name)
        else:
            text, colour = self.tr("Logged in · keys locked"), ""  # the usual state: no colour
            tip = self.tr(
                "Logged in as {name}. Your keys are locked: the app asks for your password before it "
                "signs, and keeps them unlocked after. Ctrl+L locks the app: it logs out and locks the keys."
            ).format(name=name)
        self.lock_label.setText(text)
        self.lock_label.setToolTip(tip)
        self.lock_label.setStyleSheet(text_style(colour) if colour else "")

    def show_node_starting(self) -> None:
        self.node_label.setText(self.tr("Node starting…"))

    # -- the node ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Probe the active network's node now, on a worker (an older probe's answer is dropped)."""
        ctx = self._context() if self._context is not None else None
        if ctx is None or self.ops is None:
            return
        core = ctx.core
        self._probing = True
        self.ops.run(
            lambda: read_node(core),
            name="node probe",
            on_done=self.show_view,
            on_error=lambda _error: setattr(self, "_probing", False),
            quiet=True,
            owner=self,
            latest="node probe",
            background=True,  # every two seconds: never "Working…"
        )

    def poll(self) -> None:
        """The timer's tick: a new probe unless one is still on its way (a slow node)."""
        if not self._probing:
            self.refresh()

    def show_view(self, view: NodeView) -> None:
        self._probing = False
        if view.networks != self.networks:  # rebuilt only when the list changed, not every 2 s
            self.networks = list(view.networks)
            self._fill_menu()
        self.show_node(view.network, view.status)

    def show_node(self, network: NetworkInfo, status: NodeStatus) -> None:
        """The active network and what the last probe of its node found."""
        metrics = self.network_button.fontMetrics()
        name = metrics.elidedText(network.name, Qt.TextElideMode.ElideRight, NETWORK_NAME_WIDTH)
        self.network_button.setText(name)
        self.network_button.setToolTip(
            self.tr("{name}: {url}, chain id {id}. Click to switch networks.").format(
                name=network.name, url=network.rpc_url, id=network.chain_id
            )
        )
        if wrong_chain(network, status):
            self.block_label.setText(self.tr("Block —"))
            self.node_label.setText(
                self.tr("Wrong chain ({actual}, not {expected})").format(
                    actual=status.chain_id, expected=network.chain_id
                )
            )
            self.node_label.setStyleSheet(text_style(RED, bold=True))
            self.node_label.setToolTip(
                self.tr(
                    "The node at {url} serves chain id {actual}, but {name} expects {expected}: nothing "
                    "is read or signed on it. Edit the network (Settings → Networks) or switch to another."
                ).format(url=status.url, actual=status.chain_id, name=network.name, expected=network.chain_id)
            )
        elif status.reachable:
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

    # -- switching networks -----------------------------------------------------------------------

    def _fill_menu(self) -> None:
        menu = self.network_menu
        menu.clear()
        group = QActionGroup(menu)
        group.setExclusive(True)
        for network in self.networks:
            action = menu.addAction(f"{network.name}  (chain id {network.chain_id})")
            action.setCheckable(True)
            action.setChecked(network.is_active)
            action.setData(network.name)
            action.setToolTip(network.rpc_url)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, name=network.name: self.choose(name))
        if self.networks:
            menu.addSeparator()
        manage = menu.addAction(self.tr("Manage networks…"))
        manage.triggered.connect(self.manage_networks)

    def _unlocked_context(self) -> GuiContext | None:
        """The context while logged in; else None, and the message line says to unlock first."""
        ctx = self._context() if self._context is not None else None
        if ctx is not None and ctx.locked:
            self.message(
                self.tr("Unlock first: networks are switched and managed once you are logged in."), 8000
            )
            return None
        return ctx

    def _menu_opening(self) -> None:
        """Locked, the menu shows the networks but switches nothing (as Settings, it needs a login)."""
        ctx = self._context() if self._context is not None else None
        for action in self.network_menu.actions():
            action.setEnabled(ctx is not None and not ctx.locked)

    def choose(self, name: str) -> None:
        """Use the network ``name`` once its node answers with its chain id (else: refused, in red)."""
        ctx = self._unlocked_context()
        if ctx is None or self.ops is None:
            return
        if any(n.name == name and n.is_active for n in self.networks):
            return
        self.message(self.tr("Asking the node of {name} for its chain id…").format(name=name))
        network_ops.use(
            ctx,
            name,
            on_done=self._switched,
            error=self.bar,
            on_error=lambda _error: self._fill_menu(),  # the check mark back on the network in use
            owner=self,
        )

    def _switched(self, switched: network_ops.Switched) -> None:
        network = switched.network
        if switched.status.reachable:
            self.message(
                self.tr("Using {name} (chain id {id}).").format(name=network.name, id=network.chain_id), 8000
            )
        else:
            self.bar.showMessage(
                self.tr(
                    "Using {name}, but its node does not answer: chain id {id} is checked once it does."
                ).format(name=network.name, id=network.chain_id),
                15_000,
            )
            self.bar.message_label.setStyleSheet(text_style(AMBER))
        self.refresh()

    def manage_networks(self) -> None:
        """The Networks dialog (add, edit, delete, use), over the window."""
        from qenex_desktop.gui.dialogs.networks import NetworksDialog

        ctx = self._unlocked_context()
        if ctx is None:
            return
        dialog = NetworksDialog(ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.networks_changed.connect(self.refresh)
        dialog.open()
        self.networks_dialog = dialog
