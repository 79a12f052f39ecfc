"""``qenex-desktop``: start the desktop app.

    qenex-desktop [--data-dir DIR] [--screenshots OUT]

The window shows at once; the ledger opens on a worker thread meanwhile. With ``--screenshots``
the app renders every tab and dialog to ``OUT/<name>.png`` and exits (see gui/screenshots.py);
only then is the screenshot and demo code imported, and only with an explicit ``--data-dir``: a
run may create a demo profile whose password is published, which must never land in the data
dir a person's own profile lives in.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from qenex_desktop import APP_NAME, __version__
from qenex_desktop.core.config import SESSION_LIFETIME_ENV, AppConfig, resolve_data_dir, security_from_env
from qenex_desktop.core.private_files import private_dir, use_private_umask
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.prefs import Preferences
from qenex_desktop.gui.theme import apply_theme

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore

PREFS_FILE = "gui.ini"
_STARTED = time.perf_counter()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="qenex-desktop", description=f"{APP_NAME}: wallet and local exchange"
    )
    parser.add_argument(
        "--data-dir",
        help="where the ledger, logs and settings live (default: QENEX_DATA_DIR or your user data dir)",
    )
    parser.add_argument(
        "--screenshots",
        metavar="OUT",
        help="render every tab and dialog to OUT/<name>.png and exit; needs --data-dir "
        "(creates a demo profile there when it has none)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # For bench/gui_startup.py: print when the app is interactive, then quit.
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.screenshots and not args.data_dir:
        parser.error(
            "--screenshots needs --data-dir DIR: the run may create a demo profile with a published "
            "password there, so name a throw-away data dir (for example build/screenshot-data)"
        )
    return args


def core_factory(data_dir: Path, prefs: Preferences) -> Callable[[], QenexCore]:
    def factory() -> QenexCore:
        from qenex_desktop.core.app import QenexCore

        security = security_from_env()
        if not os.environ.get(SESSION_LIFETIME_ENV):  # the environment wins over the Settings dialog
            security = replace(security, session_lifetime_s=prefs.session_lifetime_hours * 3600)
        return QenexCore(AppConfig.load(data_dir, security=security))

    return factory


#: How often (seconds) Python lets another thread take the interpreter lock. Worker threads doing
#: pure-Python work (imports, SQLAlchemy, web3) would otherwise hold it 5 ms at a time, several
#: times in a row, while the GUI thread waits to paint.
GUI_SWITCH_INTERVAL_S = 0.001


def tune_interpreter() -> None:
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


def make_application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    QCoreApplication.setOrganizationName("QENEX")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    return app


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    tune_interpreter()
    use_private_umask()  # Qt's settings file, the node's records: the user's only
    data_dir = private_dir(resolve_data_dir(args.data_dir))
    app = make_application([sys.argv[0]])
    prefs = Preferences(data_dir / PREFS_FILE)
    apply_theme(app, prefs.theme)
    ops = Operations(app)
    headless = bool(args.screenshots) or args.exit_when_ready
    window = MainWindow(prefs, ops, headless=headless)

    if args.screenshots:
        from qenex_desktop.gui.screenshots import ScreenshotRun

        run = ScreenshotRun(window, Path(args.screenshots), data_dir)
        window.show()
        QTimer.singleShot(0, lambda: window.open_core(core_factory(data_dir, prefs)))
        return run.exec(app)

    if args.exit_when_ready:
        reported: list[bool] = []

        def report() -> None:
            if reported:
                return
            reported.append(True)
            print(f"QENEX_READY {time.perf_counter() - _STARTED:.4f}", flush=True)
            QTimer.singleShot(0, window.close)

        QTimer.singleShot(0, lambda: print(f"QENEX_SHOWN {time.perf_counter() - _STARTED:.4f}", flush=True))
        window.ready.connect(lambda: QTimer.singleShot(0, report))
        window.stack.currentChanged.connect(
            lambda _i: (
                QTimer.singleShot(0, report) if window.stack.currentWidget() is window.locked_page else None
            )
        )

    window.open_core(core_factory(data_dir, prefs))  # on a worker thread, while the window shows
    window.show()
    code = app.exec()
    ops.shutdown()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
