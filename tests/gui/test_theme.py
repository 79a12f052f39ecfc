"""The dark theme (issue 12, look and layout): a disabled button recedes instead of shining white,
and a chart made before a theme switch follows it at once, without a restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.gui.charts import TimeChart
from qenex_desktop.gui.theme import apply_theme

_ROLE = QPalette.ColorRole
_DISABLED = QPalette.ColorGroup.Disabled


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The test's application, put back in the light theme afterwards (later tests share it)."""
    assert isinstance(qapp, QApplication)
    yield qapp
    apply_theme(qapp, "light")


def _face(button: QPushButton) -> QColor:
    """The colour in the middle of a button's face, left of its text, as it is painted."""
    image = button.grab().toImage()
    return image.pixelColor(QPoint(4, image.height() // 2))


def test_a_disabled_button_in_the_dark_theme_is_dimmer_than_an_enabled_one(
    qtbot: QtBot, app: QApplication
) -> None:
    apply_theme(app, "dark")
    palette = app.palette()
    window = palette.color(_ROLE.Window)
    for role in (_ROLE.Button, _ROLE.Base, _ROLE.Window, _ROLE.Light, _ROLE.Midlight):
        assert palette.color(_DISABLED, role).lightness() < 128, role  # no role left light
    enabled_text = palette.color(_ROLE.ButtonText)
    assert palette.color(_DISABLED, _ROLE.ButtonText).lightness() < enabled_text.lightness()

    row = QWidget()
    layout = QHBoxLayout(row)
    enabled, disabled = QPushButton("Send…"), QPushButton("Speed up")
    disabled.setEnabled(False)
    layout.addWidget(enabled)
    layout.addWidget(disabled)
    qtbot.addWidget(row)
    row.show()
    qtbot.waitExposed(row)
    assert _face(disabled).lightness() <= _face(enabled).lightness() + 8
    assert abs(_face(disabled).lightness() - window.lightness()) < 40  # a face of the window's shade


def test_a_chart_made_in_the_light_theme_turns_dark_at_once_and_back(qtbot: QtBot, app: QApplication) -> None:
    apply_theme(app, "light")
    chart = TimeChart("Swaps", "Count", empty_text="No swaps yet.", legend=True)
    chart.set_series("swaps", [(1_700_000_000_000, 1.0), (1_700_000_060_000, 2.0)])
    qtbot.addWidget(chart)
    chart.resize(480, 260)
    chart.show()
    qtbot.waitExposed(chart)
    light_base = chart.plot.backgroundBrush().color()
    assert light_base.lightness() > 200

    apply_theme(app, "dark")
    dark = app.palette()
    qtbot.waitUntil(lambda: chart.plot.backgroundBrush().color() == dark.color(_ROLE.Base))
    axis = chart.plot.getPlotItem().getAxis("left")
    assert axis.textPen().color() == dark.color(_ROLE.Text)
    assert QColor(chart.plot.getPlotItem().titleLabel.opts["color"]) == dark.color(_ROLE.Text)
    assert chart.legend is not None
    assert chart.legend.opts["labelTextColor"] == dark.color(_ROLE.Text)
    painted = chart.plot.grab().toImage()
    assert painted.pixelColor(QPoint(painted.width() // 2, painted.height() // 2)).lightness() < 100

    apply_theme(app, "light")
    qtbot.waitUntil(lambda: chart.plot.backgroundBrush().color() == light_base)
