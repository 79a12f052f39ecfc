"""The .deb installs with dpkg into a scratch root and its commands run from there; the .tar.gz unpacks
into a folder that runs as it is. Both carry the package metadata's version in their names."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tarfile
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import STRONG_PASSWORD
from tests.packaging.conftest import BUILD_TIMEOUT_S, Release, run

pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT_S)]


def dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dpkg", *args], capture_output=True, text=True, timeout=300)


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), field], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_installer_names_carry_the_metadata_version(release: Release) -> None:
    version = metadata.version("qenex-desktop")
    assert deb_field(release.deb, "Package") == "qenex-desktop"
    assert deb_field(release.deb, "Version") == version  # a plain release: PEP 440 == Debian here
    assert release.deb.name.startswith(f"qenex-desktop_{version}_")
    assert release.tarball.name.startswith(f"qenex-desktop-{version}-linux-")


def test_deb_depends_on_the_system_libraries_the_bundle_links_to(release: Release) -> None:
    """glibc and libxcb are never bundled (PyInstaller leaves them to the system), so they must be
    named, as found from the bundle's ELF files (ldd, then dpkg -S)."""
    depends = {name.strip() for name in deb_field(release.deb, "Depends").split(",")}
    assert {"libc6", "libxcb1", "libegl1"} <= depends


def test_deb_installs_the_bundle_commands_desktop_entry_and_icon(scratch_root: Path) -> None:
    listed = dpkg(f"--root={scratch_root}", "--status", "qenex-desktop")
    assert "Status: install ok installed" in listed.stdout
    for command in ("qenex", "qenex-desktop"):
        link = scratch_root / "usr" / "bin" / command
        assert link.is_symlink()
        assert not os.readlink(link).startswith("/"), "relative, so it works in any root"
        assert link.resolve() == (scratch_root / "opt" / "qenex-desktop" / "qenex-desktop").resolve()
    desktop_file = scratch_root / "usr" / "share" / "applications" / "qenex-desktop.desktop"
    if shutil.which("desktop-file-validate"):  # desktop-file-utils, where installed
        checked = subprocess.run(["desktop-file-validate", str(desktop_file)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(desktop_file)
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "qenex-desktop"
    assert desktop["Type"] == "Application"
    icon = desktop["Icon"]
    icons = list((scratch_root / "usr" / "share" / "icons" / "hicolor").glob(f"*/apps/{icon}.*"))
    assert {p.suffix for p in icons} == {".png", ".svg"}
    assert icons[0].stat().st_size > 0


def test_installed_cli_runs_from_the_path_on_a_fresh_data_dir(scratch_root: Path, tmp_path: Path) -> None:
    qenex = scratch_root / "usr" / "bin" / "qenex"
    version = run(qenex, ["--version"])
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"qenex {metadata.version('qenex-desktop')}"
    data = tmp_path / "installed-data"
    created = run(
        qenex,
        ["--data-dir", str(data), "profile", "create", "--username", "carol", "--password-stdin"],
        stdin=STRONG_PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    assert (data / "ledger.db").exists()
    status = run(qenex, ["--data-dir", str(data), "--json", "profile", "list"])
    assert '"profiles": ["carol"]' in status.stdout


def test_deb_removes_cleanly(scratch_root: Path) -> None:
    removed = dpkg(
        f"--root={scratch_root}", "--force-not-root", "--log=/dev/null", "--remove", "qenex-desktop"
    )
    assert removed.returncode == 0, removed.stderr
    assert not (scratch_root / "opt" / "qenex-desktop").exists()
    assert not (scratch_root / "usr" / "bin" / "qenex").is_symlink()


def test_tarball_unpacks_into_a_folder_that_runs(release: Release, tmp_path: Path) -> None:
    with tarfile.open(release.tarball) as archive:
        archive.extractall(tmp_path, filter="tar")
    folder = tmp_path / f"qenex-desktop-{release.version}"
    try:
        assert (folder / "qenex").is_symlink()
        result = run(folder / "qenex", ["--version"])
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"qenex {release.version}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
