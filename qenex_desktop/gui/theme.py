"""Light, dark, or whatever the system uses (the default), applied to the whole app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}


def _dark_palette() -> QPalette:
    palette = QPalette()
    # Fields a little lighter than the window: Fusion outlines check boxes and radio buttons with a
    # darker shade of the window colour, so they stay visible only on a lighter base.
    base, window, text = QColor("#3a3d42"), QColor("#2b2d30"), QColor("#e6e6e6")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, window)
        palette.setColor(group, QPalette.ColorRole.WindowText, text)
        palette.setColor(group, QPalette.ColorRole.Base, base)
        palette.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#33363a"))
        palette.setColor(group, QPalette.ColorRole.Text, text)
        palette.setColor(group, QPalette.ColorRole.Button, window)
        palette.setColor(group, QPalette.ColorRole.ButtonText, text)
        palette.setColor(group, QPalette.ColorRole.ToolTipBase, window)
        palette.setColor(group, QPalette.ColorRole.ToolTipText, text)
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor("#3f6fb5"))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#9a9a9a"))
        palette.setColor(group, QPalette.ColorRole.Link, QColor("#7aa7e8"))
        # Fusion draws check boxes, radio buttons and frames from these: keep them visible on dark.
        palette.setColor(group, QPalette.ColorRole.Light, QColor("#6b6f76"))
        palette.setColor(group, QPalette.ColorRole.Midlight, QColor("#4a4d53"))
        palette.setColor(group, QPalette.ColorRole.Mid, QColor("#5c6066"))
        palette.setColor(group, QPalette.ColorRole.Dark, QColor("#8a8e95"))
        palette.setColor(group, QPalette.ColorRole.Shadow, QColor("#101112"))
    disabled = QColor("#7a7a7a")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """``system`` follows the OS (and its later changes); ``light``/``dark`` force one."""
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    scheme = _SCHEMES.get(theme, Qt.ColorScheme.Unknown)
    hints.setColorScheme(scheme)
    effective = hints.colorScheme() if theme == "system" else scheme
    if effective == Qt.ColorScheme.Dark:
        app.setPalette(_dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
