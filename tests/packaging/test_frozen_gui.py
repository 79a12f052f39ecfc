"""The frozen window offscreen, installed from the .deb, on a fresh data dir: it starts, creates the demo
profile, shows the main window, writes the screenshots (``--screenshots``) and exits 0."""

from __future__ import annotations

import json
import socket
import struct
from importlib import metadata
from pathlib import Path

import pytest

from tests.packaging.conftest import BUILD_TIMEOUT_S, Release, run

pytestmark = [pytest.mark.slow, pytest.mark.gui, pytest.mark.timeout(BUILD_TIMEOUT_S)]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_frozen_gui_reports_the_metadata_version(release: Release) -> None:
    result = run(release.bundle / "qenex-desktop", ["--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"qenex-desktop {metadata.version('qenex-desktop')}"


def test_installed_gui_takes_screenshots_of_the_main_window_on_a_fresh_data_dir(
    scratch_root: Path,
    tmp_path: Path,
) -> None:
    qenex = scratch_root / "usr" / "bin" / "qenex"
    data, shots = tmp_path / "data", tmp_path / "shots"
    # The only thing set up beforehand: a local network on a free port, so the run cannot reach
    # a node someone runs on the default 8545 (with none answering it just skips the node).
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
            f"http://127.0.0.1:{free_port()}",
            "--chain-id",
            "31337",
            "--use",
        ],
    )
    assert added.returncode == 0, added.stderr

    result = run(
        scratch_root / "usr" / "bin" / "qenex-desktop",
        ["--data-dir", str(data), "--screenshots", str(shots)],
        env={"QT_QPA_PLATFORM": "offscreen"},
        timeout=600,
    )
    log = (
        (data / "logs" / "qenex.log").read_text("utf-8", errors="replace") if (data / "logs").exists() else ""
    )
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}\n{log[-4000:]}"
    names = {p.stem for p in shots.glob("*.png")}
    for expected in (
        "first-run-1-profile",
        "tab-wallet",
        "tab-swap",
        "tab-liquidity",
        "tab-monitoring",
        "dialog-about",
    ):
        assert expected in names, f"{expected}.png missing; got {sorted(names)}"
    width, height = png_size(shots / "tab-wallet.png")
    assert width >= 640 and height >= 400
    # What a module or data file missing from the bundle looks like, even where the app copes.
    for missing in ("ModuleNotFoundError", "ImportError", "FileNotFoundError"):
        assert missing not in log, log[-4000:]

    profiles = run(qenex, ["--data-dir", str(data), "--json", "profile", "list"])
    assert json.loads(profiles.stdout)["profiles"] == ["demo"]
