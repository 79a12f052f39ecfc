"""The frozen window on a real display server, X11 (Xvfb) and Wayland (weston's headless backend), not
only offscreen: the xcb and wayland platform plugins and what they link to load from the bundle.

``scripts/setup.sh --tests`` (run by ``make test``) installs Xvfb and weston as root with apt. Where one is
still missing these tests skip, except under CI=true, where they fail: CI must never pass without
having shown the window on both."""

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


def require_program(program: str, apt_packages: str) -> None:
    """Skip a test whose display server is not installed; under CI=true, fail it instead."""
    if shutil.which(program) is not None:
        return
    reason = f"{program} is not installed (apt-get install {apt_packages}; scripts/setup.sh --tests does)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI runs the frozen window on every display server")
    pytest.skip(reason)


def test_a_missing_display_server_skips_but_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not installed"):
        require_program("qenex-no-such-display-server", "nothing")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_program("qenex-no-such-display-server", "nothing")


def assert_ready(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    assert "QENEX_READY" in result.stdout


def test_frozen_window_starts_on_x11(release: Release, locked_data_dir: Path) -> None:
    require_program("xvfb-run", "xvfb xauth")
    require_program("xauth", "xauth")
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
    require_program("weston", "weston")
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
