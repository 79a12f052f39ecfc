"""Preferences the GUI keeps between runs (QSettings, an INI file in the data dir).

Kept per data dir, not per user, so two data dirs (a test's, a demo's) never share a window
layout or an auto-lock time. Other tabs add their own keys through ``value``/``set_value``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT

DEFAULT_AUTO_LOCK_MIN = 10
DEFAULT_SESSION_LIFETIME_H = 12
DEFAULT_SLIPPAGE = "0.5"  # percent, parsed with core.validation.parse_slippage_bps
THEMES = ("system", "light", "dark")


class Preferences:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    # -- generic ---------------------------------------------------------------------------

    def value(self, key: str, default: str = "") -> str:
        found = self.qsettings.value(key, default)
        return str(found) if found is not None else default

    def set_value(self, key: str, value: str) -> None:
        self.qsettings.setValue(key, value)
        self.qsettings.sync()

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        try:
            number = int(self.value(key, str(default)))
        except ValueError:
            return default
        return min(max(number, low), high)

    # -- named preferences -----------------------------------------------------------------

    @property
    def auto_lock_minutes(self) -> int:
        """0 turns auto-lock off."""
        return self._int("security/auto_lock_minutes", DEFAULT_AUTO_LOCK_MIN, 0, 24 * 60)

    @auto_lock_minutes.setter
    def auto_lock_minutes(self, minutes: int) -> None:
        self.set_value("security/auto_lock_minutes", str(minutes))

    @property
    def session_lifetime_hours(self) -> int:
        return self._int("security/session_lifetime_hours", DEFAULT_SESSION_LIFETIME_H, 1, 24 * 30)

    @session_lifetime_hours.setter
    def session_lifetime_hours(self, hours: int) -> None:
        self.set_value("security/session_lifetime_hours", str(hours))

    @property
    def slippage_percent(self) -> str:
        """Default slippage tolerance for swaps, as the percent text the person typed."""
        return self.value("trade/slippage_percent", DEFAULT_SLIPPAGE)

    @slippage_percent.setter
    def slippage_percent(self, text: str) -> None:
        self.set_value("trade/slippage_percent", text)

    @property
    def trade_account(self) -> str:
        """The ledger account the Swap and Liquidity tabs trade on (Main until another is chosen)."""
        return self.value("trade/account", DEFAULT_ACCOUNT) or DEFAULT_ACCOUNT

    @trade_account.setter
    def trade_account(self, name: str) -> None:
        self.set_value("trade/account", name)

    @property
    def theme(self) -> str:
        theme = self.value("view/theme", "system")
        return theme if theme in THEMES else "system"

    @theme.setter
    def theme(self, theme: str) -> None:
        self.set_value("view/theme", theme if theme in THEMES else "system")

    @property
    def hide_zero_balances(self) -> bool:
        """The Wallet tab folds away tokens holding nothing (ETH always shows)."""
        return self.value("wallet/hide_zero_balances", "false") == "true"

    @hide_zero_balances.setter
    def hide_zero_balances(self, hide: bool) -> None:
        self.set_value("wallet/hide_zero_balances", "true" if hide else "false")

    def geometry(self, name: str) -> QByteArray | None:
        found = self.qsettings.value(f"geometry/{name}")
        return found if isinstance(found, QByteArray) else None

    def set_geometry(self, name: str, data: QByteArray) -> None:
        self.qsettings.setValue(f"geometry/{name}", data)
        self.qsettings.sync()
