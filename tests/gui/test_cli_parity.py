"""Every command of ``qenex`` has a place in the window or a reason to be for scripts only (issue 13,
"Done when"), and every place the table names is found in a real ``MainWindow``.

The commands are read from the CLI's own argparse tree (``cli.main.build_parser``, every command in
full), so a new command without a row in ``tests/gui/cli_parity.py`` fails here.
"""

from __future__ import annotations

import argparse
import contextlib

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDialog, QMenu, QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.cli.main import build_parser
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tab_registry import MAIN_TABS
from tests.gui.cli_parity import (
    GAPS_WHEN_WRITTEN,
    GLOBAL_OPTIONS,
    GUI_ACTIONS,
    KNOWN_GAPS,
    SCRIPT_ONLY,
    Menu,
    Place,
    Tab,
    Via,
    WindowButton,
)
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow


def cli_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every leaf command of the tree, as its words ("chain tx speed-up")."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += cli_commands(sub, (*prefix, name)) or [" ".join((*prefix, name))]
    return found


def _plain(text: str) -> str:
    return text.replace("&", "").strip()


# -- the table against the parser ----------------------------------------------------------------


def test_every_cli_command_has_a_row() -> None:
    commands = cli_commands(build_parser(None))
    assert len(commands) > 40 and "token mint" in commands and "chain tx speed-up" in commands
    assert set(GUI_ACTIONS).isdisjoint(SCRIPT_ONLY), "a command is either in the window or script-only"
    without_row = sorted(set(commands) - set(GUI_ACTIONS) - set(SCRIPT_ONLY))
    assert without_row == [], f"commands with no GUI action and no script-only reason: {without_row}"
    stale = sorted((set(GUI_ACTIONS) | set(SCRIPT_ONLY)) - set(commands))
    assert stale == [], f"rows for commands the CLI no longer has: {stale}"
    assert all(reason.strip() for reason in SCRIPT_ONLY.values())


def test_every_global_option_is_accounted_for() -> None:
    parser = build_parser(None)
    options = {
        string
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction)
        for string in action.option_strings
        if string.startswith("--")
    }
    assert options == set(GLOBAL_OPTIONS)


def test_the_known_gaps_only_shrink() -> None:
    assert set(KNOWN_GAPS) <= GAPS_WHEN_WRITTEN, "no new command may be a known gap: give it its place"
    assert set(KNOWN_GAPS) <= set(GUI_ACTIONS), "a gap says where the command will land"
    assert all(issue.startswith("issue ") for issue in KNOWN_GAPS.values())


# -- the table against the window ----------------------------------------------------------------


def _menu_action(window: MainWindow, path: tuple[str, ...]) -> QAction | None:
    actions = window.menuBar().actions()
    for depth, text in enumerate(path):
        found = next((a for a in actions if _plain(a.text()) == text), None)
        if found is None:
            return None
        if depth == len(path) - 1:
            return None if found.menu() is not None else found
        menu = found.menu()
        if not isinstance(menu, QMenu):
            return None
        actions = menu.actions()
    return None


def _button(scope: QWidget, text: str) -> QAbstractButton | None:
    return next((b for b in scope.findChildren(QAbstractButton) if _plain(b.text()) == text), None)


def _has_widget(scope: QWidget, name: str) -> bool:
    """A widget or other part (a QObject: the Activity tab's history scan) by objectName or class."""
    return any(
        w.objectName() == name or type(w).__name__ == name or w.metaObject().className() == name
        for w in scope.findChildren(QObject)
    )


def _newest_dialog(window: MainWindow, seen: set[int]) -> QDialog | None:
    fresh = [d for d in window.findChildren(QDialog) if d.isVisible() and id(d) not in seen]
    return fresh[-1] if fresh else None


def _via(qtbot: QtBot, window: MainWindow, place: Via) -> str | None:
    """Open the dialog, press the buttons; None when everything was found, else what was not."""
    action = _menu_action(window, place.menu)
    if action is None or not action.isEnabled():
        return f"menu entry {' → '.join(place.menu)}"
    seen = {id(d) for d in window.findChildren(QDialog) if d.isVisible()}
    action.trigger()
    opened: list[QDialog] = []
    try:
        scope = _newest_dialog(window, seen)
        pressed = place.buttons if place.shows is not None else place.buttons[:-1]
        for text in pressed:
            if scope is None:
                return f"the dialog before {text}"
            opened.append(scope)
            seen.add(id(scope))
            button = _button(scope, text)
            if button is None:
                return f"button {text}"
            button.click()
            window.ops.wait_idle()
            scope = _newest_dialog(window, seen)
        if scope is None:
            return "the dialog"
        opened.append(scope)
        if place.shows is not None:
            return None if _has_widget(scope, place.shows) else f"widget {place.shows}"
        return None if _button(scope, place.buttons[-1]) else f"button {place.buttons[-1]}"
    finally:
        window.ops.wait_idle()
        for dialog in reversed(opened):
            with contextlib.suppress(RuntimeError):
                dialog.reject()


def missing_part(qtbot: QtBot, window: MainWindow, place: Place) -> str | None:
    """What of ``place`` is not in ``window`` (None: all of it is)."""
    if isinstance(place, Menu):
        return None if _menu_action(window, place.path) is not None else f"menu entry {place}"
    if isinstance(place, Tab):
        if place.key not in {key for key, *_ in MAIN_TABS}:
            return f"tab {place.key}"
        tab = window.tabs[place.key]
        window.ops.wait_idle()
        if place.shows is not None and not _has_widget(tab, place.shows):
            return f"widget {place.shows} of {place}"
        if place.button is None:
            return None
        texts = {_plain(b.text()) for b in tab.findChildren(QAbstractButton)}
        texts |= {_plain(a.text()) for a in tab.findChildren(QAction)}
        return None if place.button in texts else f"button {place}"
    if isinstance(place, WindowButton):
        return None if _button(window, place.text) is not None else f"button {place}"
    return _via(qtbot, window, place)


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig) -> MainWindow:
    opened = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: opened.stack.currentWidget() is opened.tab_widget, timeout=15_000)
    return opened


def test_each_gui_action_the_table_names_is_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    missing = {
        command: what
        for command, place in GUI_ACTIONS.items()
        if command not in KNOWN_GAPS and (what := missing_part(qtbot, window, place)) is not None
    }
    assert missing == {}, "missing in the window (add it, or list it in KNOWN_GAPS with its issue)"


def test_each_known_gap_is_still_missing(qtbot: QtBot, window: MainWindow) -> None:
    """A gap that landed leaves KNOWN_GAPS: the set only shrinks."""
    landed = [c for c in KNOWN_GAPS if missing_part(qtbot, window, GUI_ACTIONS[c]) is None]
    assert landed == [], f"these are in the window now: remove them from KNOWN_GAPS: {landed}"


def test_the_finder_finds_nothing_that_is_not_there(qtbot: QtBot, window: MainWindow) -> None:
    """The look-ups can fail: made-up places are reported missing, real ones found."""
    assert missing_part(qtbot, window, Menu(("Ledger", "Print money…"))) is not None
    assert missing_part(qtbot, window, Menu(("Ledger",))) is not None  # a menu is not an entry
    assert missing_part(qtbot, window, Tab("wallet", "Teleport…")) is not None
    assert missing_part(qtbot, window, Tab("casino")) is not None
    assert missing_part(qtbot, window, Tab("audit", shows="noSuchWidget")) is not None
    assert missing_part(qtbot, window, WindowButton("Self-destruct", "nowhere")) is not None
    assert missing_part(qtbot, window, Via(("File", "Settings…"), ("Networks…", "Launch"))) == "button Launch"
    assert missing_part(qtbot, window, Via(("Ledger", "Mint tokens…"), shows="noSuchTable")) is not None
    assert missing_part(qtbot, window, Via(("Ledger", "Mint tokens…"), shows="ledgerTokensTable")) is None
    assert not any(d.isVisible() for d in window.findChildren(QDialog))  # every dialog it opened is closed
