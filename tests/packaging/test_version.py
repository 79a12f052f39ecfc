"""The version comes from one place, the package metadata: the CLI, the window and the About dialog
all show it (the frozen programs and the installers' names are checked in the other modules here)."""

from __future__ import annotations

from importlib import metadata

import pytest

from qenex_desktop import __version__
from qenex_desktop.cli.main import main as cli_main


def test_package_version_is_the_metadata_version() -> None:
    assert __version__ == metadata.version("qenex-desktop")


def test_cli_version_flag_prints_the_metadata_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli_main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"qenex {metadata.version('qenex-desktop')}"


@pytest.mark.gui
def test_about_dialog_lists_the_metadata_version(qapp: object) -> None:
    from PySide6.QtWidgets import QLabel

    from qenex_desktop.gui.dialogs.about import AboutDialog

    dialog = AboutDialog()
    table = dialog.findChild(QLabel, "versions")
    assert table is not None
    assert f"<td>{metadata.version('qenex-desktop')}</td>" in table.text()
    dialog.deleteLater()
