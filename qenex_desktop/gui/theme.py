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


_ROLE = QPalette.ColorRole
#: Properties on the application: the theme chosen last, and whether it follows the OS's changes.
_THEME_PROPERTY = "qenexTheme"
_FOLLOWING_PROPERTY = "qenexFollowsColorScheme"

#: The dark palette's colours of an enabled widget (active and inactive windows alike). Fields are
#: a little lighter than the window: Fusion outlines check boxes and radio buttons with a darker
#: shade of the window colour, so they stay visible only on a lighter base.
_DARK_ENABLED = {
    _ROLE.Window: "#2b2d30",
    _ROLE.WindowText: "#e6e6e6",
    _ROLE.Base: "#3a3d42",
    _ROLE.AlternateBase: "#33363a",
    _ROLE.Text: "#e6e6e6",
    _ROLE.Button: "#2b2d30",
    _ROLE.ButtonText: "#e6e6e6",
    _ROLE.BrightText: "#ffffff",
    _ROLE.ToolTipBase: "#2b2d30",
    _ROLE.ToolTipText: "#e6e6e6",
    _ROLE.Highlight: "#3f6fb5",
    _ROLE.HighlightedText: "#ffffff",
    _ROLE.PlaceholderText: "#9a9a9a",
    _ROLE.Link: "#7aa7e8",
    _ROLE.LinkVisited: "#a48ad6",
    # Fusion draws check boxes, radio buttons and frames from these: keep them visible on dark.
    _ROLE.Light: "#6b6f76",
    _ROLE.Midlight: "#4a4d53",
    _ROLE.Mid: "#5c6066",
    _ROLE.Dark: "#8a8e95",
    _ROLE.Shadow: "#101112",
}

#: A disabled widget recedes: every role is set (a role left out falls back to the light default,
#: and Fusion then painted disabled buttons bright white, louder than the enabled ones), the face
#: is the window's own colour, the text dim, the outline faint.
_DARK_DISABLED = {
    **_DARK_ENABLED,
    _ROLE.WindowText: "#7a7a7a",
    _ROLE.Base: "#2f3135",
    _ROLE.AlternateBase: "#2f3135",
    _ROLE.Text: "#7a7a7a",
    _ROLE.Button: "#2b2d30",
    _ROLE.ButtonText: "#7a7a7a",
    _ROLE.BrightText: "#9a9a9a",
    _ROLE.Highlight: "#3a4350",
    _ROLE.HighlightedText: "#9a9a9a",
    _ROLE.PlaceholderText: "#5f6166",
    _ROLE.Light: "#3f4247",
    _ROLE.Midlight: "#36383d",
    _ROLE.Mid: "#3f4247",
    _ROLE.Dark: "#55585e",
}


def _dark_palette() -> QPalette:
    palette = QPalette()
    groups = (
        (QPalette.ColorGroup.Active, _DARK_ENABLED),
        (QPalette.ColorGroup.Inactive, _DARK_ENABLED),
        (QPalette.ColorGroup.Disabled, _DARK_DISABLED),
    )
    for group, colours in groups:
        for role, colour in colours.items():
            palette.setColor(group, role, QColor(colour))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """``system`` follows the OS (and its later changes); ``light``/``dark`` force one.

    Every widget gets the new palette at once (Qt sends each a ``PaletteChange``); what paints with
    colours of its own, such as the charts (``charts.TimeChart``), listens for that and repaints.
    """
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    scheme = _SCHEMES.get(theme, Qt.ColorScheme.Unknown)
    app.setProperty(_THEME_PROPERTY, theme)
    if not app.property(_FOLLOWING_PROPERTY):
        app.setProperty(_FOLLOWING_PROPERTY, True)
        hints.colorSchemeChanged.connect(lambda _scheme: _scheme_changed(app))
    hints.setColorScheme(scheme)
    _set_palette(app, theme)


def _set_palette(app: QApplication, theme: str) -> None:
    hints = QGuiApplication.styleHints()
    scheme = _SCHEMES.get(theme, Qt.ColorScheme.Unknown)
    effective = hints.colorScheme() if theme == "system" else scheme
    if effective == Qt.ColorScheme.Dark:
        app.setPalette(_dark_palette())
    else:
        app.setPalette(app.style().standardPalette())


def _scheme_changed(app: QApplication) -> None:
    """The OS went dark or light: with ``system`` chosen, the app goes with it."""
    theme = app.property(_THEME_PROPERTY)
    if theme == "system":
        _set_palette(app, theme)
