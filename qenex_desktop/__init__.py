"""QENEX Desktop: a desktop wallet and local exchange."""

from typing import Any

APP_NAME = "QENEX Desktop"


def _metadata_file_version() -> str | None:
    """The ``Version:`` of the first ``qenex_desktop-*.dist-info/METADATA`` on ``sys.path`` (where
    importlib.metadata looks first), read directly: importing importlib.metadata would be most of
    ``qenex --version``. None when there is no such file (then importlib.metadata decides)."""
    import os
    import sys

    for folder in sys.path:
        try:
            names = sorted(n for n in os.listdir(folder or ".") if n.startswith("qenex_desktop-"))
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                try:
                    with open(os.path.join(folder, name, "METADATA"), encoding="utf-8") as metadata:
                        for line in metadata:
                            if line.startswith("Version: "):
                                return line.removeprefix("Version: ").strip()
                            if not line.strip():
                                break  # the headers end here
                except OSError:
                    pass
                return None
    return None


def _read_version() -> str:
    """The version lives in one place, the package metadata (pyproject.toml)."""
    fast = _metadata_file_version()
    if fast is not None:
        return fast
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("qenex-desktop")
    except PackageNotFoundError:  # running from a tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> Any:
    """``__version__`` is read on first use: importlib.metadata costs a quick CLI command ~40 ms."""
    if name == "__version__":
        value = _read_version()
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
