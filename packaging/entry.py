"""Frozen entry point of both programs: ``qenex-desktop`` (the window) and ``qenex`` (the command line).

On Linux and macOS the bundle holds one executable, ``qenex-desktop``, and ``qenex`` is a symlink to it
(busybox style): the name it was started by picks the program, so the two share one copy of the code.
On Windows they are two executables (console and windowed) built from this same script.
"""

import sys
from pathlib import Path


def _program(argv0: str) -> str:
    name = Path(argv0).name.lower().removesuffix(".exe")
    return "cli" if name == "qenex" else "gui"


if _program(sys.argv[0]) == "cli":
    from qenex_desktop.cli.main import main
else:
    from qenex_desktop.gui.app import main

raise SystemExit(main())
