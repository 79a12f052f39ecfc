"""Frozen entry point of both programs: ``qenex-desktop`` (the window) and ``qenex`` (the command line).

On Linux and macOS the bundle holds one executable, ``qenex-desktop``, and ``qenex`` is a symlink to it
(busybox style): the name it was started by picks the program, so the two share one copy of the code.
On Windows they are two executables (console and windowed) built from this same script.

The spec leaves out PyInstaller's PySide6 run-time hook, which loads QtCore in every process (about
0.5 s for a CLI that never uses Qt); the window sets up the one thing it did, below, before Qt loads.
"""

import os
import shutil
import sys
from pathlib import Path


def program(argv0: str) -> str:
    """``cli`` or ``gui`` from the name the process was started by, following symlinks until one is
    named ``qenex`` or ``qenex-desktop`` (so a link of any name to ``/usr/bin/qenex`` is the CLI)."""
    found = shutil.which(argv0) if os.sep not in argv0 else argv0
    path = Path(found or argv0)
    for _ in range(40):  # the kernel's own limit on a symlink chain
        name = path.name.lower().removesuffix(".exe")
        if name in ("qenex", "qenex-desktop"):
            return "cli" if name == "qenex" else "gui"
        if not path.is_symlink():
            break
        target = Path(os.readlink(path))
        path = target if target.is_absolute() else path.parent / target
    return "gui"


def _qt_plugins_from_the_bundle() -> None:
    """Qt's plugins come from the bundle only, never from a system Qt named in the environment."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is None:
        return
    qt = Path(bundle, "PySide6") if sys.platform == "win32" else Path(bundle, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = str(qt / "plugins")


if __name__ == "__main__":
    if program(sys.argv[0]) == "cli":
        from qenex_desktop.cli.main import main
    else:
        _qt_plugins_from_the_bundle()
        from qenex_desktop.gui.app import main
    raise SystemExit(main())
