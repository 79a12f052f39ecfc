"""Frozen entry point of both programs: ``qenex-desktop`` (the window) and ``qenex`` (the command line).

On Linux and macOS the bundle holds one executable, ``qenex-desktop``, and ``qenex`` is a symlink to it
(busybox style): the name it was started by picks the program, so the two share one copy of the code.
On Windows they are two executables (console and windowed) built from this same script.

The spec leaves out PyInstaller's PySide6 run-time hook, which loads QtCore in every process (about
0.5 s for a CLI that never uses Qt); the window sets up the one thing it did, below, before Qt loads.
"""

import os
import sys
from pathlib import Path


def _program(argv0: str) -> str:
    name = Path(argv0).name.lower().removesuffix(".exe")
    return "cli" if name == "qenex" else "gui"


def _qt_plugins_from_the_bundle() -> None:
    """Qt's plugins come from the bundle only, never from a system Qt named in the environment."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is None:
        return
    qt = Path(bundle, "PySide6") if sys.platform == "win32" else Path(bundle, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = str(qt / "plugins")


if _program(sys.argv[0]) == "cli":
    from qenex_desktop.cli.main import main
else:
    _qt_plugins_from_the_bundle()
    from qenex_desktop.gui.app import main

raise SystemExit(main())
