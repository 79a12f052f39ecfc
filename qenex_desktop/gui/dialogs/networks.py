"""Networks: the list the wallet knows, with Use, Edit, Delete and a form to add or edit one.

Adding a network or moving it to another node asks that node for its chain id on a worker (the
core's check): a node serving another chain is refused at the chain id field and nothing is saved;
a node that does not answer is saved unverified, and the dialog says so. The built-in network keeps
its name and node (only its explorer can be set) and cannot be deleted; neither can the active one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.gui.colours import AMBER, GREEN, GREY, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.operations import networks as network_ops
from qenex_desktop.gui.widgets import FieldError, fit_columns, heading, make_table, settle_return_key

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import NetworkInfo

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def state_text(t: Callable[[str], str], network: NetworkInfo) -> str:
    """In use, built in, and whether its node has ever answered with the promised chain id."""
    parts = [t("in use")] if network.is_active else []
    if network.is_builtin:
        parts.append(t("built in"))
    parts.append(t("verified") if network.verified else t("not verified yet"))
    return ", ".join(parts)


def network_columns(t: Callable[[str], str]) -> list[Column[NetworkInfo]]:
    return [
        Column(t("Network"), lambda n: ("● " if n.is_active else "") + n.name, tooltip=lambda n: n.name),
        Column(t("Chain id"), lambda n: str(n.chain_id), numeric=True),
        Column(t("RPC URL"), lambda n: n.rpc_url, tooltip=lambda n: n.rpc_url),
        Column(
            t("State"),
            lambda n: state_text(t, n),
            color=lambda n: GREEN if n.verified else AMBER,
            tooltip=lambda n: (
                t("Its node has answered with chain id {id}.").format(id=n.chain_id)
                if n.verified
                else t(
                    "Its node has not answered yet: chain id {id} is checked before anything is read "
                    "or signed."
                ).format(id=n.chain_id)
            ),
        ),
        Column(t("Explorer"), lambda n: n.explorer_url or "—", tooltip=lambda n: n.explorer_url or ""),
    ]


def unverified_note(t: Callable[[str], str], network: NetworkInfo) -> str:
    return t(
        "Saved {name}, but its node at {url} did not answer, so chain id {id} is not verified yet: it is "
        "checked before anything is read or signed on it."
    ).format(name=network.name, url=network.rpc_url, id=network.chain_id)


class NetworksDialog(QDialog):
    #: The list changed (a network added, edited, deleted or used): whoever shows networks re-reads.
    networks_changed = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.networks: list[NetworkInfo] = []
        #: The network the form edits (None: the form adds a new one).
        self.editing: NetworkInfo | None = None
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Networks"))
        self.setWindowIcon(icon("settings"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Networks")))
        self.model: RowTableModel[NetworkInfo] = RowTableModel(network_columns(self.tr))
        self.table = make_table(self.model)
        self.table.setMinimumHeight(150)
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_buttons())
        self.general_error = FieldError(lines=2)
        layout.addWidget(self.general_error)
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        layout.addWidget(self._build_form())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.setMinimumWidth(760)
        settle_return_key(self, self.save_button)
        self._selection_changed()
        self.reload()

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.use_button = QPushButton(icon("blank"), self.tr("Use"))
        self.use_button.clicked.connect(self.use_selected)
        self.edit_button = QPushButton(icon("blank"), self.tr("Edit"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(icon("blank"), self.tr("Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.new_button = QPushButton(icon("add"), self.tr("New"))
        self.new_button.clicked.connect(self.new_network)
        for button in (self.use_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.new_button)
        return row

    def _build_form(self) -> QGroupBox:
        self.form_box = QGroupBox(self.tr("Add a network"))
        form = QFormLayout(self.form_box)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("a name, like My node"))
        self.rpc_url = QLineEdit()
        self.rpc_url.setPlaceholderText("http://127.0.0.1:8545")
        self.chain_id = QLineEdit()
        self.chain_id.setPlaceholderText(self.tr("the chain id its node must serve, like 31337"))
        self.explorer_url = QLineEdit()
        self.explorer_url.setPlaceholderText(self.tr("optional, like https://sepolia.etherscan.io"))
        # Its Uniswap V2 deployment (issue 16): optional, all three or none, checked with the router.
        self.v2_factory, self.v2_router, self.weth = QLineEdit(), QLineEdit(), QLineEdit()
        for field, what in (
            (self.v2_factory, "UniswapV2Factory"),
            (self.v2_router, "Router02"),
            (self.weth, "WETH"),
        ):
            field.setPlaceholderText(self.tr("optional: its {what} address, 0x…").format(what=what))
        # Refusals are sentences (the node's answer, what to do): two lines of room each.
        self.field_errors = (FieldError(lines=2), FieldError(lines=2), FieldError(lines=2), FieldError())
        self.v2_errors = (FieldError(lines=2), FieldError(lines=2), FieldError(lines=2))
        self.errors = network_ops.FormErrors(*self.field_errors, self.general_error, *self.v2_errors)
        labels = (
            self.tr("Name"), self.tr("RPC URL"), self.tr("Chain id"), self.tr("Explorer URL"),
            self.tr("V2 factory"), self.tr("V2 router"), self.tr("WETH"),
        )  # fmt: skip
        fields = (self.name, self.rpc_url, self.chain_id, self.explorer_url, *self._v2_fields())
        # The V2 rows fold away (most networks are added without one; the dialog fits a 768 px screen)
        self.v2_toggle = QToolButton()
        self.v2_toggle.setText(self.tr("Uniswap V2 deployment (optional)"))
        self.v2_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.v2_toggle.setCheckable(True)
        self.v2_toggle.toggled.connect(self.show_v2)
        self.v2_box = QWidget()
        v2_form = QFormLayout(self.v2_box)
        v2_form.setContentsMargins(0, 0, 0, 0)
        errors = (*self.field_errors, *self.v2_errors)
        for index, (label, field, error) in enumerate(zip(labels, fields, errors, strict=True)):
            if index == 4:
                form.addRow(self.v2_toggle)
                form.addRow(self.v2_box)
            target = form if index < 4 else v2_form
            target.addRow(label, field)
            target.addRow("", error)
            field.textEdited.connect(error.clear_error)
        self.show_v2(False)
        hint = QLabel(
            self.tr(
                "The node is asked for its chain id when you save: another chain is refused. A Uniswap V2 "
                "router is asked for its factory and WETH, which must be the ones given."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(text_style(GREY))
        form.addRow(hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(icon("add"), self.tr("Add"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        return self.form_box

    # -- the list ---------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        chain = self.ctx.core.chain
        self.ctx.ops.run(
            chain.networks,
            name="networks",
            on_done=lambda networks: self._show_networks(networks, select),
            owner=self,
            quiet=True,
            latest=f"networks dialog {id(self)}",
        )

    def _show_networks(self, networks: list[NetworkInfo], select: str | None) -> None:
        current = self.selected()
        keep = select or (current.name if current is not None else None)
        self.networks = list(networks)
        self.model.set_rows(self.networks)
        fit_columns(self.table, max_width=260)
        names = [n.name for n in self.networks]
        wanted = keep if keep in names else next((n.name for n in self.networks if n.is_active), None)
        if wanted is not None:
            self.table.selectRow(names.index(wanted))
        self._selection_changed()

    def selected(self) -> NetworkInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0]) if rows else None

    def _selection_changed(self, *_args: QItemSelection) -> None:
        network = self.selected()
        self.use_button.setEnabled(network is not None and not network.is_active)
        self.edit_button.setEnabled(network is not None)
        deletable = network is not None and not network.is_builtin and not network.is_active
        self.delete_button.setEnabled(deletable)
        why = ""
        if network is not None and network.is_builtin:
            why = self.tr("{name} is built in: it cannot be deleted.").format(name=network.name)
        elif network is not None and network.is_active:
            why = self.tr("{name} is in use: use another network first.").format(name=network.name)
        self.delete_button.setToolTip(why)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the list, Return uses the selected network and Delete asks to delete it."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _ENTER_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.use_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)

    # -- use, delete ----------------------------------------------------------------------------

    def use_selected(self) -> None:
        network = self.selected()
        if network is None or network.is_active:
            return
        self._clear_messages()
        network_ops.use(
            self.ctx,
            network.name,
            on_done=self._used,
            error=self.general_error,
            trigger=self.use_button,
            owner=self,
        )

    def _used(self, switched: network_ops.Switched) -> None:
        network = switched.network
        if switched.status.reachable:
            self._notice(
                self.tr("Using {name} (chain id {id}).").format(name=network.name, id=network.chain_id)
            )
        else:
            self._notice(
                self.tr(
                    "Using {name}, but its node does not answer: chain id {id} is checked once it does."
                ).format(name=network.name, id=network.chain_id),
                AMBER,
            )
        self._changed(network.name)

    def delete_selected(self) -> None:
        network = self.selected()
        if network is None:
            return
        self._clear_messages()
        if not self.delete_button.isEnabled():
            self.general_error.show_error(self.delete_button.toolTip())
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete network"),
            self.tr(
                "Delete {name} ({url}, chain id {id})? The tokens imported on it and its history scan "
                "are forgotten by this ledger; you can add the network again later."
            ).format(name=network.name, url=network.rpc_url, id=network.chain_id),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)

        def clicked(button: QAbstractButton) -> None:
            if button is delete:
                self._remove(network)

        box.buttonClicked.connect(clicked)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_box = box
        box.open()

    def _remove(self, network: NetworkInfo) -> None:
        def removed(_result: Any) -> None:
            self._notice(self.tr("Deleted {name}.").format(name=network.name))
            if self.editing is not None and self.editing.name == network.name:
                self.new_network()
            self._changed(None)

        network_ops.remove(
            self.ctx,
            network.name,
            error=self.general_error,
            on_done=removed,
            trigger=self.delete_button,
            owner=self,
        )

    # -- the form -------------------------------------------------------------------------------

    def new_network(self) -> None:
        """The form adds a new network (empty fields)."""
        self.editing = None
        self.form_box.setTitle(self.tr("Add a network"))
        self.save_button.setText(self.tr("Add"))
        for field in (self.name, self.rpc_url, self.chain_id, self.explorer_url, *self._v2_fields()):
            field.clear()
            field.setReadOnly(False)
        self._clear_errors()
        self.show_v2(False)
        self.name.setFocus()

    def edit_selected(self) -> None:
        """The form edits the selected network (the built-in one: only its explorer)."""
        network = self.selected()
        if network is None:
            return
        self.editing = network
        self.form_box.setTitle(self.tr("Edit {name}").format(name=network.name))
        self.save_button.setText(self.tr("Save"))
        self.name.setText(network.name)
        self.rpc_url.setText(network.rpc_url)
        self.chain_id.setText(str(network.chain_id))
        self.explorer_url.setText(network.explorer_url or "")
        for field, value in zip(
            self._v2_fields(), (network.v2_factory, network.v2_router, network.v2_weth), strict=True
        ):
            field.setText(value or "" if network.has_v2 else "")
        self.show_v2(network.has_v2)
        for field in (self.name, self.rpc_url, self.chain_id):
            field.setReadOnly(network.is_builtin)
        self._clear_errors()
        (self.explorer_url if network.is_builtin else self.name).setFocus()

    def form(self) -> network_ops.NetworkForm:
        return network_ops.NetworkForm(
            self.name.text(),
            self.rpc_url.text(),
            self.chain_id.text(),
            self.explorer_url.text(),
            *(field.text() for field in self._v2_fields()),
        )

    def _v2_fields(self) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
        return self.v2_factory, self.v2_router, self.weth

    def show_v2(self, shown: bool) -> None:
        """Unfold (or fold) the V2 rows; a refusal at one of them, or a network that has one, unfolds."""
        if self.v2_toggle.isChecked() != shown:
            self.v2_toggle.setChecked(shown)  # comes back here through toggled
            return
        self.v2_box.setVisible(shown)
        self.v2_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _refused(self, _error: BaseException) -> None:
        if any(error.text() for error in self.v2_errors):
            self.show_v2(True)

    def save(self) -> None:
        """Add the typed network, or save the edited one: its node is asked for its chain id first."""
        self._clear_messages()
        editing = self.editing
        save = network_ops.add if editing is None else partial(network_ops.edit, current=editing)
        save(
            self.ctx,
            form=self.form(),
            errors=self.errors,
            on_done=self._saved,
            on_error=self._refused,
            trigger=self.save_button,
            owner=self,
        )

    def _saved(self, network: NetworkInfo) -> None:
        if network.verified:
            self._notice(
                self.tr("Saved {name}: its node serves chain id {id}.").format(
                    name=network.name, id=network.chain_id
                )
            )
        else:
            self._notice(unverified_note(self.tr, network), AMBER)
        self.new_network()
        self._changed(network.name)

    # -- messages -------------------------------------------------------------------------------

    def _changed(self, select: str | None) -> None:
        self.reload(select)
        self.networks_changed.emit()

    def _notice(self, text: str, colour: str = GREEN) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(text_style(colour))
        self.notice.show()

    def _clear_errors(self) -> None:
        for error in (*self.field_errors, *self.v2_errors):
            error.clear_error()

    def _clear_messages(self) -> None:
        self.general_error.clear_error()
        self.notice.hide()


def network_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """The Networks dialog refusing a wrong chain id: chain id 1 typed for the active network's node.

    The node is asked first; the add is only tried when it answers with another chain (so nothing is
    ever saved by a screenshot run); with no node the form is shown filled in, unsent.
    """
    dialog = NetworksDialog(ctx, window)
    ctx.ops.wait_idle()
    active = next((n for n in dialog.networks if n.is_active), None)
    if active is None:
        return [("dialog-networks", dialog)]
    answer: dict[str, Any] = {}
    ctx.ops.run(
        lambda: ctx.core.chain.gateway.probe_url(active.rpc_url),
        name="screenshot probe",
        on_done=lambda status: answer.setdefault("status", status),
        quiet=True,
    )
    ctx.ops.wait_idle()
    status = answer.get("status")
    wrong = 1 if active.chain_id != 1 else active.chain_id + 1
    dialog.name.setText("Mainnet?")
    dialog.rpc_url.setText(active.rpc_url)
    dialog.chain_id.setText(str(wrong))
    if status is not None and status.reachable and status.chain_id != wrong:
        dialog.save()
        ctx.ops.wait_idle()
    return [("dialog-networks", dialog)]
