"""Icons from ``qenex_desktop/resources/icons`` (SVG, drawn for this app), tinted for the palette."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"


@cache
def icon(name: str) -> QIcon:
    path = ICON_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def icon_path(name: str) -> Path:
    return ICON_DIR / f"{name}.svg"
