"""``qenex-desktop``'s own start: the screenshot and demo code is not imported unless asked for,
and ``--screenshots`` never runs on the default data dir (its demo password is published)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT


def _python(code_or_args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def test_the_app_and_its_window_do_not_import_the_screenshot_or_demo_code() -> None:
    done = _python(
        [
            "-c",
            "import sys\n"
            "import qenex_desktop.gui.app, qenex_desktop.gui.main_window\n"
            "demo = ('gui.screenshots', 'gui.exchange_demo', 'gui.legacy_demo')\n"
            "print(sorted(m for m in sys.modules if m.endswith(demo)))",
        ]
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_screenshots_without_a_data_dir_refuse_and_create_nothing(tmp_path: Path) -> None:
    data, home, out = tmp_path / "default-data", tmp_path / "home", tmp_path / "shots"
    home.mkdir()
    env = {"QENEX_DATA_DIR": str(data), "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share")}
    done = _python(["-m", "qenex_desktop.gui.app", "--screenshots", str(out)], env)
    assert done.returncode == 2
    assert "--screenshots needs --data-dir DIR" in done.stderr
    assert not data.exists() and not out.exists()
    assert list(home.iterdir()) == []  # no profile, no settings, no log in the user's data dir
