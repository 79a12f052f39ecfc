"""QENEX Desktop: a desktop wallet and local exchange."""

from importlib.metadata import PackageNotFoundError, version


def _read_version() -> str:
    """The version lives in one place, the package metadata (pyproject.toml)."""
    try:
        return version("qenex-desktop")
    except PackageNotFoundError:  # running from a tree that was never installed
        return "0.0.0+unknown"


__version__ = _read_version()
APP_NAME = "QENEX Desktop"
