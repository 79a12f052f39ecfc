"""The frozen window on a real display server, X11 (Xvfb) and Wayland (weston's headless backend), not
only offscreen: the xcb and wayland platform plugins and what they link to load from the bundle.

Skipped where Xvfb or weston is not installed (``apt-get install xvfb xauth weston``)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import STRONG_PASSWORD
from tests.packaging.conftest import BUILD_TIMEOUT_S, Release, run

pytestmark = [pytest.mark.slow, pytest.mark.gui, pytest.mark.timeout(BUILD_TIMEOUT_S)]


@pytest.fixture
def locked_data_dir(release: Release, tmp_path: Path) -> Path:
    """A profile and a network on a port nothing listens on: the app opens to its locked window."""
    data = tmp_path / "data"
    qenex = release.bundle / "qenex"
    created = run(
        qenex,
        ["--data-dir", str(data), "profile", "create", "--username", "dana", "--password-stdin"],
        stdin=STRONG_PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    added = run(
        qenex,
        [
            "--data-dir",
            str(data),
            "network",
            "add",
            "--name",
            "Isolated",
            "--rpc-url",
            "http://127.0.0.1:9",
            "--chain-id",
            "31337",
            "--use",
        ],
    )
    assert added.returncode == 0, added.stderr
    return data


def assert_ready(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    assert "QENEX_READY" in result.stdout


def test_frozen_window_starts_on_x11(release: Release, locked_data_dir: Path) -> None:
    if shutil.which("xvfb-run") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb xauth)")
    result = run(
        "xvfb-run",
        [
            "-a",
            str(release.bundle / "qenex-desktop"),
            "--data-dir",
            str(locked_data_dir),
            "--exit-when-ready",
        ],
        env={"QT_QPA_PLATFORM": "xcb"},
    )
    assert_ready(result)


@pytest.fixture
def weston(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A headless Wayland compositor of our own (own runtime dir and socket), stopped by its pid."""
    if shutil.which("weston") is None:
        pytest.skip("weston is not installed (apt-get install weston)")
    runtime = tmp_path / "xdg-runtime"
    runtime.mkdir(mode=0o700)
    socket_name = f"wl-qenex-{os.getpid()}"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    # kiosk-shell: no helper clients to wait for, a toplevel is mapped at once. With the default
    # desktop-shell this test hung (window never ready) in 3 of ~8 runs on a loaded box; the cause
    # was not proven, the helper-client start-up of desktop-shell is the suspect.
    compositor = subprocess.Popen(
        [
            "weston",
            "--backend=headless-backend.so",
            "--shell=kiosk-shell.so",
            f"--socket={socket_name}",
            "--idle-time=0",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not (runtime / socket_name).exists():
            if compositor.poll() is not None or time.monotonic() > deadline:
                pytest.fail("weston did not start")
            time.sleep(0.1)
        yield {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": socket_name, "QT_QPA_PLATFORM": "wayland"}
    finally:
        os.killpg(compositor.pid, signal.SIGTERM)
        compositor.wait(timeout=20)


def test_frozen_window_starts_on_wayland(
    release: Release, locked_data_dir: Path, weston: dict[str, str]
) -> None:
    result = run(
        release.bundle / "qenex-desktop",
        ["--data-dir", str(locked_data_dir), "--exit-when-ready"],
        env=weston,
    )
    assert_ready(result)
