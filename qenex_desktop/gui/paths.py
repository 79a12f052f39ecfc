"""Where file dialogs open: the person's Documents folder, never the directory the app was started in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_dir() -> Path:
    """The Documents folder (``QStandardPaths.DocumentsLocation``) when it exists, else the home folder.

    A folder that does not exist would make Qt's file dialog fall back to the working directory.
    """
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()
