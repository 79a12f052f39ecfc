"""What a person sees while choosing a password: a strength meter that follows the typing, and the
profile's rules in words (the first run's profile page and Change password show the same ones)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from qenex_desktop.core.security.passwords import MIN_PASSWORD_LENGTH, password_strength
from qenex_desktop.gui.colours import STRENGTH

STRENGTH_NAMES = ("Too weak", "Weak", "Fair", "Strong", "Very strong")


class StrengthMeter(QWidget):
    """A bar of five steps and its word ("Fair"); ``show_strength(text)`` on every edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(10)
        self.label = QLabel()
        row.addWidget(self.meter, 1)
        row.addWidget(self.label)
        self.show_strength("")

    def show_strength(self, text: str) -> None:
        score = password_strength(text) if text else 0
        self.meter.setValue(score)
        self.label.setText(self.tr(STRENGTH_NAMES[score]) if text else "")
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {STRENGTH[score]}; }}")


def rules_label(parent: QWidget | None = None) -> QLabel:
    """The rules ``check_password_rules`` holds a new password to, in words."""
    label = QLabel(parent)
    label.setText(
        label.tr(
            "Rules: at least {n} characters (a short sentence is easy to remember and hard to guess); "
            "not a common password; not your username; not one or two characters repeated. "
            "No need for symbols or digits."
        ).format(n=MIN_PASSWORD_LENGTH)
    )
    label.setWordWrap(True)
    label.setObjectName("passwordRules")
    return label
