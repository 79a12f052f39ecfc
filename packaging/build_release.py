"""The one build command (``make package``): the PyInstaller bundle, then this system's installers.

    .venv/bin/python packaging/build_release.py [--reuse] [--no-installers]

* ``dist/qenex-desktop/``: the one-folder bundle (``qenex-desktop`` and ``qenex`` over one ``_internal/``);
* Linux: ``dist/qenex-desktop-<version>-linux-<arch>.tar.gz`` and ``dist/qenex-desktop_<version>_<arch>.deb``;
* macOS: ``dist/QENEX Desktop.app`` and ``dist/QENEX-Desktop-<version>-macos-<arch>.dmg`` (packaging/macos);
* Windows: ``dist/QENEX-Desktop-<version>-windows-setup.exe`` when Inno Setup's ``iscc`` is on PATH.

The version comes from the package metadata, checked against pyproject.toml, so the file names, the
.deb's control file, ``qenex --version`` and the About dialog all say the same. ``--reuse`` skips the
build when build/packaging-stamp.json records the same source hash (the tests use it so one test run
builds once). The last line on stdout is one JSON object that says what was made, its size and time.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
WORK = BUILD / "pyinstaller"
STAMP = BUILD / "packaging-stamp.json"
LOCK = BUILD / "packaging.lock"
SPEC = PACKAGING / "qenex.spec"
ICONS = BUILD / "icons"
APP_SVG = ROOT / "qenex_desktop" / "resources" / "icons" / "app.svg"
APP = "qenex-desktop"
BUNDLE = DIST / APP
#: What makes a bundle different: hashed for --reuse.
HASHED = ("qenex_desktop", "packaging", "pyproject.toml")


def log(message: str) -> None:
    print(f"[package] {message}", file=sys.stderr, flush=True)


# -- version: one place -------------------------------------------------------------------------------


def project_version() -> str:
    """The installed metadata's version; refuses when it lags pyproject.toml (run ``make setup``)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    installed = metadata.version("qenex-desktop")
    if installed != declared:
        raise SystemExit(
            f"pyproject.toml says {declared} but the installed metadata says {installed}: run `make setup`."
        )
    return installed


def debian_version(version: str) -> str:
    """PEP 440 to Debian ordering: pre-releases sort before the release (``1.0rc1`` -> ``1.0~rc1``)."""
    return re.sub(r"(?<=\d)\.?(a|b|rc|dev)", r"~\1", version)


def debian_arch() -> str:
    try:
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


# -- build tools --------------------------------------------------------------------------------------


def ensure_package_extra() -> None:
    """Install the ``package`` extra's pins (PyInstaller) when they are missing or differ."""
    pins: list[str] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]["package"]
    missing = []
    for pin in pins:
        name, _, wanted = pin.partition("==")
        try:
            if wanted and metadata.version(name) != wanted:
                missing.append(pin)
        except metadata.PackageNotFoundError:
            missing.append(pin)
    if missing:
        log(f"installing {' '.join(missing)} (the 'package' extra)")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)


def source_hash() -> str:
    """Every file that goes into the bundle, plus the tools that build it."""
    digest = hashlib.sha256()
    for top in HASHED:
        path = ROOT / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes() + b"\0")
    for dist in ("pyinstaller", "pyinstaller-hooks-contrib", "pyside6-essentials", "qenex-desktop"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{dist}={metadata.version(dist)}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One build at a time in this tree (a test run and `make package` may overlap)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as handle:
        if os.name == "posix":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def nice_prefix() -> list[str]:
    """Builds share two cores with everyone else: run at low priority where `nice` exists."""
    return ["nice", "-n", "10"] if os.name == "posix" and shutil.which("nice") else []


def run_pyinstaller() -> None:
    command = [
        *nice_prefix(),
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={WORK}",
        str(SPEC),
    ]
    log("running PyInstaller (a few minutes)")
    # Not from the repository root: there, the source tree's qenex_desktop.egg-info would shadow the
    # installed dist-info that copy_metadata should take.
    subprocess.run(command, check=True, cwd=BUILD)


def render_icons() -> None:
    """build/icons/qenex-desktop.{png,svg,ico,icns} from the app's SVG (read by the spec and the .deb)."""
    if not APP_SVG.exists():
        log(f"{APP_SVG.relative_to(ROOT)} is missing: building without an icon")
        return
    subprocess.run([sys.executable, str(PACKAGING / "app_icons.py"), str(APP_SVG), str(ICONS)], check=True)


# -- checks -------------------------------------------------------------------------------------------


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def exe_name(name: str) -> str:
    return name + (".exe" if os.name == "nt" else "")


def internal_dir(bundle: Path) -> Path:
    return bundle / "_internal"


def required_files(bundle: Path, version: str) -> dict[str, Path]:
    """What the app needs at run time, by what it is for."""
    internal = internal_dir(bundle)
    pkg = internal / "qenex_desktop"
    needed = {
        "the CLI": bundle / exe_name("qenex"),
        "the contract artifact": pkg / "core" / "chain" / "artifacts" / "QXCToken.json",
        "the Alembic environment": pkg / "core" / "db" / "migrations" / "env.py",
        "the first migration": pkg / "core" / "db" / "migrations" / "versions" / "0001_foundation.py",
        "the common-password list": pkg / "core" / "security" / "common_passwords.txt",
        "the package metadata": internal / f"qenex_desktop-{version}.dist-info" / "METADATA",
    }
    if APP_SVG.exists():
        needed["the app icon"] = pkg / APP_SVG.relative_to(ROOT / "qenex_desktop")
    if (ROOT / "qenex_desktop" / "gui" / "app.py").exists():
        needed["the GUI"] = bundle / exe_name(APP)
        if sys.platform.startswith("linux"):
            platforms = internal / "PySide6" / "Qt" / "plugins" / "platforms"
            needed["the offscreen Qt platform"] = platforms / "libqoffscreen.so"
            needed["the X11 Qt platform"] = platforms / "libqxcb.so"
            needed["the Wayland Qt platform"] = platforms / "libqwayland.so"
    return needed


#: Left out on purpose; finding one means an exclude stopped working.
UNWANTED = (
    "tkinter",
    "_tkinter",
    "pytest",
    "hypothesis",
    "libQt6WebEngineCore",
    "libQt6Quick.",
    "libQt6Qml.",
)


def check_bundle(bundle: Path, version: str) -> list[str]:
    problems = [
        f"{what} is missing ({path})"
        for what, path in required_files(bundle, version).items()
        if not path.exists()
    ]
    for path in internal_dir(bundle).rglob("*"):
        if any(path.name.startswith(bad) for bad in UNWANTED):
            problems.append(f"{path.relative_to(bundle)} should have been left out")
    cli = bundle / exe_name("qenex")
    if cli.exists():
        said = subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout.strip()
        if said != f"qenex {version}":
            problems.append(f"the frozen `qenex --version` says {said!r}, not 'qenex {version}'")
    return problems


# -- Linux installers ---------------------------------------------------------------------------------


def make_tarball(bundle: Path, version: str, arch: str) -> Path:
    target = DIST / f"{APP}-{version}-linux-{arch}.tar.gz"
    top = f"{APP}-{version}"
    log(f"writing {target.name}")
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=top)
        archive.add(PACKAGING / "linux" / f"{APP}.desktop", arcname=f"{top}/share/{APP}.desktop")
        icon = ICONS / f"{APP}.png"
        if icon.exists():
            archive.add(icon, arcname=f"{top}/share/{APP}.png")
    return target


#: Libraries Qt's plugins link to that a minimal build machine may lack (so ``dpkg -S`` cannot name
#: their package): the Debian package of each.
KNOWN_LIBRARIES: dict[str, str] = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libwayland-client.so.0": "libwayland-client0",
}


def shared_library_packages(root: Path) -> tuple[list[str], list[str]]:
    """The Debian packages that hold the system libraries the bundle links to (as dpkg-shlibdeps would).

    Returns (packages, libraries that are neither installed here nor in KNOWN_LIBRARIES).
    """
    outside: set[str] = set()
    unresolved: set[str] = set()
    for path in root.rglob("*"):
        if (
            path.is_symlink()
            or not path.is_file()
            or not (path.suffix == ".so" or ".so." in path.name or os.access(path, os.X_OK))
        ):
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        env = {**os.environ, "LD_LIBRARY_PATH": f"{internal_dir(root)}:{path.parent}"}
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            name, arrow, where = line.strip().partition(" => ")
            if not arrow:
                continue
            if where.startswith("not found"):
                if not (internal_dir(root) / name).exists():
                    unresolved.add(name)
                continue
            resolved = where.split(" (")[0].strip()
            if resolved and not resolved.startswith(str(root)):
                # Both spellings: on merged-/usr systems dpkg may have recorded either.
                outside.update({resolved, os.path.realpath(resolved)})
    packages: set[str] = set()
    if outside:
        result = subprocess.run(["dpkg", "-S", *sorted(outside)], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            owners = line.split(": ", 1)[0]
            packages.update(owner.strip().split(":")[0] for owner in owners.split(","))
    for name in sorted(unresolved):
        if name in KNOWN_LIBRARIES:
            unresolved.discard(name)
            packages.add(KNOWN_LIBRARIES[name])
    return sorted(packages), sorted(unresolved)


def make_deb(bundle: Path, version: str, arch: str) -> Path:
    """/opt/qenex-desktop, /usr/bin links, a .desktop entry and a hicolor icon; no maintainer scripts
    (the desktop and icon caches refresh through the dpkg triggers of desktop-file-utils and hicolor)."""
    stage = BUILD / "deb" / f"{APP}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / "opt" / APP
    shutil.copytree(bundle, opt, symlinks=True)
    usr_bin = stage / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    for program in ("qenex", APP):
        # Relative, so the same links also work inside a scratch root (dpkg --root, dpkg-deb -x).
        (usr_bin / program).symlink_to(Path("..", "..", "opt", APP, program))
    applications = stage / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / f"{APP}.desktop", applications / f"{APP}.desktop")
    for icon, where in ((f"{APP}.png", "256x256"), (f"{APP}.svg", "scalable")):
        source = ICONS / icon
        if source.exists():
            icons = stage / "usr" / "share" / "icons" / "hicolor" / where / "apps"
            icons.mkdir(parents=True)
            shutil.copy2(source, icons / icon)
    doc = stage / "usr" / "share" / "doc" / APP
    doc.mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "copyright", doc / "copyright")
    for path in [stage, *stage.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)

    depends, unresolved = shared_library_packages(opt)
    if unresolved:
        log(f"not installed here, so not in Depends: {', '.join(unresolved)}")
    control_dir = stage / "DEBIAN"
    control_dir.mkdir()
    installed_kib = (tree_size(stage) + 1023) // 1024
    description = (
        "Desktop wallet and local exchange for tokens\n"
        " QENEX Desktop keeps a local ledger of profiles, keys and transactions, sends ETH and\n"
        " ERC-20 tokens, runs a local exchange with liquidity pools and monitors it all.\n"
        " Commands: qenex-desktop (the app) and qenex (the command line)."
    )
    control = {
        "Package": APP,
        "Version": debian_version(version),
        "Architecture": arch,
        "Maintainer": "QENEX Desktop maintainers <maintainers@qenex.invalid>",
        "Installed-Size": str(installed_kib),
        "Section": "utils",
        "Priority": "optional",
        "Depends": ", ".join(depends),
        "Description": description,
    }
    if not depends:
        del control["Depends"]
    (control_dir / "control").write_text("".join(f"{k}: {v}\n" for k, v in control.items()), "utf-8")
    with (control_dir / "md5sums").open("w", encoding="utf-8") as sums:
        for path in sorted(stage.rglob("*")):
            if path.is_file() and not path.is_symlink() and control_dir not in path.parents:
                digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
                sums.write(f"{digest}  {path.relative_to(stage)}\n")
    target = DIST / f"{APP}_{debian_version(version)}_{arch}.deb"
    log(f"writing {target.name}")
    subprocess.run(
        [
            *nice_prefix(),
            "dpkg-deb",
            "--root-owner-group",
            "-Zgzip",
            "-z6",
            "--build",
            str(stage),
            str(target),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


# -- macOS and Windows installers (recipes; run by CI on those systems) --------------------------------


def make_dmg(version: str) -> Path:
    target = DIST / f"QENEX-Desktop-{version}-macos-{platform.machine()}.dmg"
    subprocess.run(
        [
            "bash",
            str(PACKAGING / "macos" / "make_dmg.sh"),
            str(DIST / "QENEX Desktop.app"),
            str(target),
            version,
        ],
        check=True,
    )
    return target


def make_windows_setup(version: str) -> Path | None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        log("Inno Setup (iscc) is not on PATH: no setup.exe")
        return None
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DDistDir={DIST}",
            str(PACKAGING / "windows" / "qenex-desktop.iss"),
        ],
        check=True,
    )
    return DIST / f"QENEX-Desktop-{version}-windows-setup.exe"


# -- main ---------------------------------------------------------------------------------------------


def build(reuse: bool, installers: bool) -> dict[str, Any]:
    version = project_version()
    ensure_package_extra()
    digest = source_hash()
    if reuse and STAMP.exists():
        stamp = json.loads(STAMP.read_text("utf-8"))
        outputs = [Path(p) for p in stamp.get("installers", {}).values()]
        if (
            stamp.get("source_hash") == digest
            and stamp.get("with_installers", False) >= installers
            and BUNDLE.exists()
            and all(p.exists() for p in outputs)
        ):
            log("the bundle in dist/ is up to date with the sources: reused")
            return {**stamp, "reused": True}
    started = time.monotonic()
    STAMP.unlink(missing_ok=True)
    render_icons()
    run_pyinstaller()
    build_seconds = time.monotonic() - started
    problems = check_bundle(BUNDLE, version)
    if problems:
        raise SystemExit("the bundle is incomplete:\n  " + "\n  ".join(problems))
    made: dict[str, str] = {}
    if installers:
        if sys.platform.startswith("linux"):
            arch = debian_arch()
            made["tar.gz"] = str(make_tarball(BUNDLE, version, arch))
            if shutil.which("dpkg-deb"):
                made["deb"] = str(make_deb(BUNDLE, version, arch))
            else:
                log("dpkg-deb is not installed: no .deb")
        elif sys.platform == "darwin":
            made["dmg"] = str(make_dmg(version))
        elif os.name == "nt":
            setup = make_windows_setup(version)
            if setup is not None:
                made["setup.exe"] = str(setup)
    summary = {
        "version": version,
        "source_hash": digest,
        "bundle": str(BUNDLE),
        "bundle_size_bytes": tree_size(BUNDLE),
        "bundle_size_mb": round(tree_size(BUNDLE) / 1e6, 1),
        "pyinstaller_seconds": round(build_seconds, 1),
        "total_seconds": round(time.monotonic() - started, 1),
        "installers": made,
        "installer_sizes_mb": {kind: round(Path(p).stat().st_size / 1e6, 1) for kind, p in made.items()},
        "with_installers": installers,
        "reused": False,
    }
    STAMP.write_text(json.dumps(summary, indent=2), "utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep dist/ when the sources have not changed")
    parser.add_argument("--no-installers", action="store_true", help="the bundle only")
    args = parser.parse_args(argv)
    # Installed files must be readable by everyone (dpkg-deb refuses a 0700 DEBIAN folder): the
    # build never inherits a private umask from whoever runs it (the app's CLI sets 077).
    os.umask(0o022)
    with build_lock():
        summary = build(reuse=args.reuse, installers=not args.no_installers)
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
