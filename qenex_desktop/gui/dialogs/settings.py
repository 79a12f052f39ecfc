"""Settings: network (the local Hardhat node or a custom RPC with its chain id), auto-lock, session
lifetime, the default slippage of swaps, and the theme."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
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
from qenex_desktop.gui.widgets import FieldError

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
        self._active: str | None = None
        self._load_networks()

    def _build_network(self) -> QGroupBox:
        """The active network, and a form to add a node of your own."""
        network_box = QGroupBox(self.tr("Network"))
        network_form = QFormLayout(network_box)
        self.network = QComboBox()
        self.network_error = FieldError()
        network_form.addRow(self.tr("Active network"), self.network)
        network_form.addRow("", self.network_error)
        hint = QLabel(self.tr("Or add a node of your own (its chain id is checked on every use):"))
        hint.setWordWrap(True)
        network_form.addRow(hint)
        self.custom_name = QLineEdit()
        self.custom_name.setPlaceholderText(self.tr("a name, like My node"))
        self.custom_name_error = FieldError()
        self.custom_url = QLineEdit()
        self.custom_url.setPlaceholderText("http://127.0.0.1:8545")
        self.custom_url_error = FieldError()
        self.custom_chain = QLineEdit()
        self.custom_chain.setPlaceholderText("31337")
        self.custom_chain_error = FieldError()
        add_row = QHBoxLayout()
        self.add_button = QPushButton(icon("add"), self.tr("Add and use"))
        self.add_button.clicked.connect(self.add_network)
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        network_form.addRow(self.tr("Name"), self.custom_name)
        network_form.addRow("", self.custom_name_error)
        network_form.addRow(self.tr("RPC URL"), self.custom_url)
        network_form.addRow("", self.custom_url_error)
        network_form.addRow(self.tr("Chain id"), self.custom_chain)
        network_form.addRow("", self.custom_chain_error)
        network_form.addRow(add_row)
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
        self.network.clear()
        for info in networks:
            self.network.addItem(f"{info.name} — {info.rpc_url} (chain {info.chain_id})", info.name)
            if info.is_active:
                self._active = info.name
                self.network.setCurrentIndex(self.network.count() - 1)

    def add_network(self) -> None:
        chain = self.ctx.core.chain
        name, url, chain_id = self.custom_name.text(), self.custom_url.text(), self.custom_chain.text()
        self.ctx.ops.run(
            lambda: chain.add_network(name, url, chain_id or "0", use=True),
            name="add network",
            on_done=lambda _info: self._load_networks(),
            trigger=self.add_button,
            owner=self,
            fields={
                "name": self.custom_name_error,
                "rpc_url": self.custom_url_error,
                "chain_id": self.custom_chain_error,
                "*": self.network_error,
            },
        )

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
        chosen = self.network.currentData()
        if chosen and chosen != self._active:
            chain = self.ctx.core.chain
            self.ctx.ops.run(
                lambda: chain.use_network(str(chosen)),
                name="use network",
                on_done=lambda _info: self._finish(),
                trigger=self.ok_button,
                owner=self,
                fields={"*": self.network_error},
            )
            return
        self._finish()

    def _finish(self) -> None:
        self.applied.emit()
        self.accept()
