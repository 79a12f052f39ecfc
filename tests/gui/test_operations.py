"""The operations layer: work off the GUI thread, results and errors back on it, busy count,
change notifications, inline errors by field."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.changes import Changed
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.widgets import FieldError


def test_call_runs_off_the_gui_thread_and_result_comes_back_on_it(qtbot: QtBot) -> None:
    ops = Operations()
    ops.headless = True
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}
    busy: list[int] = []
    changes: list[Changed] = []
    ops.busy_changed.connect(busy.append)
    ops.changed.connect(changes.append)
    button = QPushButton()
    qtbot.addWidget(button)

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["done"] = threading.get_ident()
        seen["value"] = value

    ops.run(work, on_done=done, trigger=button, changes=Changed.BALANCES)
    assert not button.isEnabled()
    assert ops.wait_idle(10)
    assert seen["worker"] != gui_thread
    assert seen["done"] == gui_thread and seen["value"] == 42
    assert button.isEnabled()
    assert busy == [1, 0]
    assert changes == [Changed.BALANCES]


def test_domain_error_goes_inline_by_field_and_reports_no_change(qtbot: QtBot) -> None:
    ops = Operations()
    ops.headless = True
    form = QWidget()  # errors live in a form on screen: a FieldError never shown is hidden
    qtbot.addWidget(form)
    amount, other = FieldError(form), FieldError(form)
    form.show()
    changes: list[Changed] = []
    ops.changed.connect(changes.append)

    def refuse() -> None:
        raise ValidationError("Enter an amount greater than zero.", field="amount")

    ops.run(refuse, changes=Changed.POOLS, fields={"amount": amount, "*": other})
    assert ops.wait_idle(10)
    assert amount.shown and amount.text() == "Enter an amount greater than zero."
    assert not other.shown
    assert changes == []
    assert ops.last_error == "Enter an amount greater than zero."


def test_a_bug_is_reported_not_swallowed(qtbot: QtBot) -> None:
    ops = Operations()
    ops.headless = True
    shown: list[str] = []
    ops.error_shown.connect(shown.append)
    ops.run(lambda: 1 / 0, name="divide")
    assert ops.wait_idle(10)
    assert shown and "ZeroDivisionError" in shown[0] and "divide" in shown[0]


def test_a_deleted_owner_skips_the_callback_but_the_change_is_still_announced(qtbot: QtBot) -> None:
    ops = Operations()
    ops.headless = True
    owner = QObject()
    called: list[object] = []
    changes: list[Changed] = []
    ops.changed.connect(changes.append)
    gate = threading.Event()
    ops.run(lambda: gate.wait(5), on_done=called.append, owner=owner, changes=Changed.TRANSACTIONS)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner), timeout=5000)
    gate.set()
    assert ops.wait_idle(10)
    assert called == []
    assert changes == [Changed.TRANSACTIONS]


def test_an_older_read_that_finishes_last_is_not_shown_over_the_newer_one(qtbot: QtBot) -> None:
    """Two refreshes of one view run in parallel; the first may finish last and must be dropped."""
    ops = Operations()
    ops.headless = True
    release_first = threading.Event()
    shown: list[str] = []

    def first() -> str:
        release_first.wait(10)
        return "old"

    ops.run(first, on_done=shown.append, latest="wallet")
    ops.run(lambda: "new", on_done=shown.append, latest="wallet")
    qtbot.waitUntil(lambda: shown == ["new"], timeout=10_000)
    release_first.set()
    assert ops.wait_idle(10)
    assert shown == ["new"]
    # Without a key both results are delivered, in the order they finish.
    ops.run(lambda: "a", on_done=shown.append)
    assert ops.wait_idle(10)
    assert shown == ["new", "a"]


def test_qt_garbage_in_a_cycle_is_collected_on_the_gui_thread_not_by_a_worker(qtbot: QtBot) -> None:
    """A worker that allocates a lot must not run the cyclic GC over Qt objects of the GUI thread
    (their destructors on a worker deadlocked a test run); the GUI thread's timer collects them."""
    import gc

    from qenex_desktop.gui import gc_guard

    ops = Operations()
    ops.headless = True
    assert not gc.isenabled()
    gui_thread = threading.get_ident()
    freed_on: list[int] = []

    class Orphan(QObject):
        def __del__(self) -> None:
            freed_on.append(threading.get_ident())

    orphan = Orphan()
    orphan.me = orphan  # type: ignore[attr-defined]  # a reference cycle: only the cyclic GC frees it
    del orphan

    def allocate() -> list[list[int]]:
        return [[i] for i in range(200_000)]  # far past generation 0's threshold, and kept

    kept: list[list[list[int]]] = []
    ops.run(allocate, on_done=kept.append)
    assert ops.wait_idle(30) and len(kept[0]) == 200_000
    assert freed_on == []  # the worker did not collect it
    qtbot.waitUntil(lambda: freed_on != [], timeout=5 * gc_guard.COLLECT_EVERY_MS)
    assert freed_on == [gui_thread]
