"""Settings: the networks (the one in use, and the Networks dialog to add, edit, delete and use
them), auto-lock, session lifetime, the default slippage of swaps, and the theme."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import parse_slippage_bps
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.prefs import THEMES
from qenex_desktop.gui.widgets import FieldError, settle_return_key

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import NetworkInfo


class SettingsDialog(QDialog):
    applied = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.setWindowIcon(icon("settings"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_network())
        layout.addWidget(self._build_security())
        layout.addWidget(self._build_display())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.networks_dialog: QDialog | None = None
        settle_return_key(self, self.ok_button)  # Return saves, never opens Networks…
        self._load_networks()

    def _build_network(self) -> QGroupBox:
        """The network in use, and the Networks dialog (add, edit, delete, use; chain ids checked)."""
        network_box = QGroupBox(self.tr("Network"))
        row = QHBoxLayout(network_box)
        self.network_label = QLabel(self.tr("Reading…"))
        self.network_label.setWordWrap(True)
        self.networks_button = QPushButton(icon("settings"), self.tr("Networks…"))
        self.networks_button.setToolTip(self.tr("Add, edit, delete and use networks"))
        self.networks_button.clicked.connect(self.show_networks)
        row.addWidget(self.network_label, 1)
        row.addWidget(self.networks_button)
        return network_box

    def _build_security(self) -> QGroupBox:
        prefs = self.ctx.prefs
        security_box = QGroupBox(self.tr("Security"))
        security_form = QFormLayout(security_box)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 24 * 60)
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setSpecialValueText(self.tr("Never"))
        self.auto_lock.setValue(prefs.auto_lock_minutes)
        self.lifetime = QSpinBox()
        self.lifetime.setRange(1, 24 * 30)
        self.lifetime.setSuffix(self.tr(" h"))
        self.lifetime.setValue(prefs.session_lifetime_hours)
        security_form.addRow(self.tr("Lock after idle"), self.auto_lock)
        security_form.addRow(self.tr("Session lifetime"), self.lifetime)
        lifetime_hint = QLabel(
            self.tr(
                "How long a login stays valid, also across restarts of the app (applies from the next login)."
            )
        )
        lifetime_hint.setWordWrap(True)
        security_form.addRow("", lifetime_hint)
        return security_box

    def _build_display(self) -> QGroupBox:
        prefs = self.ctx.prefs
        other_box = QGroupBox(self.tr("Trading and display"))
        other_form = QFormLayout(other_box)
        self.slippage = QLineEdit(prefs.slippage_percent)
        self.slippage_error = FieldError()
        self.theme = QComboBox()
        names = {"system": self.tr("Follow the system"), "light": self.tr("Light"), "dark": self.tr("Dark")}
        for key in THEMES:
            self.theme.addItem(names[key], key)
        self.theme.setCurrentIndex(THEMES.index(prefs.theme))
        other_form.addRow(self.tr("Default slippage (%)"), self.slippage)
        other_form.addRow("", self.slippage_error)
        other_form.addRow(self.tr("Theme"), self.theme)
        return other_box

    def _load_networks(self) -> None:
        chain = self.ctx.core.chain
        self.ctx.ops.run(chain.networks, name="networks", on_done=self._show_networks, owner=self, quiet=True)

    def _show_networks(self, networks: list[NetworkInfo]) -> None:
        active = next((n for n in networks if n.is_active), None)
        if active is None:
            return
        state = "" if active.verified else self.tr(" (not verified yet)")
        self.network_label.setText(
            self.tr("In use: {name} — {url}, chain id {id}{state}").format(
                name=active.name, url=active.rpc_url, id=active.chain_id, state=state
            )
        )
        self.network_label.setToolTip(
            self.tr("{n} network(s) known: press Networks… to add, edit, delete or use one.").format(
                n=len(networks)
            )
        )

    def show_networks(self) -> None:
        """The Networks dialog, over this one; what it changes shows here when it closes."""
        from qenex_desktop.gui.dialogs.networks import NetworksDialog

        dialog = NetworksDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.networks_changed.connect(self._load_networks)
        dialog.open()
        self.networks_dialog = dialog

    def apply(self) -> None:
        try:
            parse_slippage_bps(self.slippage.text())
        except ValidationError as exc:
            self.slippage_error.show_error(exc.message)
            return
        prefs = self.ctx.prefs
        prefs.auto_lock_minutes = self.auto_lock.value()
        prefs.session_lifetime_hours = self.lifetime.value()
        prefs.slippage_percent = self.slippage.text().strip()
        prefs.theme = str(self.theme.currentData())
        auth = self.ctx.core.auth
        auth.settings = dataclasses.replace(auth.settings, session_lifetime_s=self.lifetime.value() * 3600)
        self._finish()

    def _finish(self) -> None:
        self.applied.emit()
        self.accept()
