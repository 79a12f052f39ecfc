"""The main window's tabs, built when first needed.

Building every tab at start (some hold several pyqtgraph plots) stalls the window for hundreds
of milliseconds; a tab that is never opened need not exist. ``LazyTabs`` puts a light placeholder
page in the QTabWidget for each tab, and swaps in the real tab the first time it is shown or
asked for (``tabs["swap"]``), so callers see a plain mapping of built tabs.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from qenex_desktop.gui import gc_guard
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.tab_base import TabBase


@dataclass
class TabSpec:
    key: str
    factory: Callable[[GuiContext], TabBase]
    title: str
    icon_name: str


#: The main window's tabs in order: (key, module under gui/tabs, class, icon); Ctrl+1... follow it.
MAIN_TABS = (
    ("wallet", "wallet_tab", "WalletTab", "wallet"),
    ("swap", "swap.tab", "SwapTab", "swap"),
    ("liquidity", "liquidity.tab", "LiquidityTab", "liquidity"),
    ("monitoring", "monitoring.tab", "MonitoringTab", "monitoring"),
    ("activity", "activity_tab", "ActivityTab", "activity"),
    ("audit", "audit_tab", "AuditTab", "audit"),
)
#: Light tab modules, imported with the core on its worker (the Wallet tab is built at once).
LIGHT_TABS = ("wallet_tab", "activity_tab", "audit_tab")


def tab_factory(module: str, class_name: str) -> Callable[[GuiContext], TabBase]:
    """Import a tab's module only when the tab is built (the warm-up imports them meanwhile)."""

    def build(ctx: GuiContext) -> TabBase:
        cls = getattr(importlib.import_module(f"qenex_desktop.gui.tabs.{module}"), class_name)
        tab = cls(ctx)
        assert isinstance(tab, TabBase)
        return tab

    return build


def main_tabs(tr: Callable[[str], str]) -> list[TabSpec]:
    titles = {
        "wallet": tr("&Wallet"),
        "swap": tr("S&wap"),
        "liquidity": tr("&Liquidity"),
        "monitoring": tr("&Monitoring"),
        "activity": tr("&Activity"),
        "audit": tr("A&udit"),
    }
    return [
        TabSpec(key, tab_factory(module, name), titles[key], icon_name)
        for key, module, name, icon_name in MAIN_TABS
    ]


def import_light_tabs() -> None:
    """On the core's worker: the tabs a resumed session shows first, without pyqtgraph."""
    for module in LIGHT_TABS:
        importlib.import_module(f"qenex_desktop.gui.tabs.{module}")


def warm_up() -> None:
    """Import the core's lazily built subsystems (keys: eth-account, half a second; chain: web3,
    about a second) and load the Keccak backend of EIP-55 checks: on a worker, after the window is
    usable, so no later click or keystroke pays for them on the GUI thread. Only imports: the
    subsystems themselves are built by the first operation that uses them.

    Nothing that touches Qt is imported here: the tab modules (pyqtgraph) were, and PySide6 builds
    its enums and wrappers lazily, which is not safe from two threads at once. Cold starts that
    stayed up died with SIGSEGV 5 times in 69 (bench/gui_cold_starts.py, faulthandler stacks: the
    worker inside pyqtgraph's import while the GUI thread created a PySide6 enum). A tab's module
    is imported on the GUI thread when the tab is first shown."""
    from qenex_desktop.core.validation import to_checksum_address

    to_checksum_address("0" * 40)
    for name in (
        "numpy",  # pyqtgraph's base, no Qt in it: the quiet preload below then has less to do
        "qenex_desktop.core.keys.service",
        "qenex_desktop.core.chain.service",
        "qenex_desktop.core.exchange.service",
        "qenex_desktop.core.monitoring.service",
    ):
        importlib.import_module(name)


#: Qt modules too heavy for a click to pay (pyqtgraph alone is ~0.15 s; the first visit of the
#: Liquidity tab stalled 220-330 ms on a 10k ledger, bench/tab_first_visit.py). They must load on
#: the GUI thread (see ``warm_up``), so ``QuietPreloader`` loads them there one at a time while
#: nobody is typing or clicking.
HEAVY_GUI_MODULES = (
    "qenex_desktop.gui.charts",
    "qenex_desktop.gui.tabs.swap.tab",
    "qenex_desktop.gui.tabs.liquidity.tab",
    "qenex_desktop.gui.tabs.monitoring.tab",
)


#: The tabs built while nobody types or clicks, once their modules are loaded: a plot costs ~25 ms to
#: make, and the Liquidity and Monitoring tabs' first visits stalled 50-100 ms building theirs on a
#: 10k ledger (bench/tab_first_visit.py); the others' first layout, fill and paint cost 50-130 ms.
#: Each then reads, and is laid out and painted once unseen (``TabBase.prime``, ``paint_hidden``).
QUIET_BUILT_TABS = ("liquidity", "swap", "activity", "audit", "monitoring")


class QuietPreloader(QObject):
    """Imports ``modules`` on the GUI thread, one per tick, only when the last key or mouse input
    (``last_input()``, a ``time.monotonic()`` value) is at least ``quiet_s`` old; otherwise it
    waits a tick. A module already imported costs nothing. Then it runs ``steps`` (building the
    heavy tabs) the same way, one per quiet tick."""

    def __init__(
        self,
        parent: QObject,
        last_input: Callable[[], float],
        *,
        modules: tuple[str, ...] = HEAVY_GUI_MODULES,
        steps: tuple[Callable[[], object], ...] = (),
        quiet_s: float = 1.0,
        tick_ms: int = 400,
    ) -> None:
        super().__init__(parent)
        self.last_input = last_input
        self.pending = [m for m in modules if m not in sys.modules]
        self.steps = list(steps)
        self.quiet_s = quiet_s
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        if self.pending or self.steps:
            self._timer.start()

    @property
    def done(self) -> bool:
        """Every module imported and every step run."""
        return not self.pending and not self.steps

    def _tick(self) -> None:
        if time.monotonic() - self.last_input() < self.quiet_s:
            return
        while self.pending and self.pending[0] in sys.modules:
            self.pending.pop(0)
        if self.pending:
            importlib.import_module(self.pending.pop(0))
        elif self.steps:
            self.steps.pop(0)()
        if not self.pending and not self.steps:
            self._timer.stop()


class LazyTabs:
    def __init__(self, tab_widget: QTabWidget, ctx: GuiContext | None = None) -> None:
        self.tab_widget = tab_widget
        self.ctx = ctx
        self._specs: dict[str, TabSpec] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._built: dict[str, TabBase] = {}
        #: Called with (key, tab) right after a tab is built.
        self.on_built: list[Callable[[str, TabBase], None]] = []
        tab_widget.currentChanged.connect(self._current_changed)

    def add(self, spec: TabSpec, *, build_now: bool = False) -> None:
        self._specs[spec.key] = spec
        if build_now:
            tab = self._make(spec)
            self.tab_widget.addTab(tab, icon(spec.icon_name), spec.title)
            return
        placeholder = QWidget()
        placeholder.setObjectName(f"placeholder-{spec.key}")
        self._placeholders[spec.key] = placeholder
        self.tab_widget.addTab(placeholder, icon(spec.icon_name), spec.title)

    def _make(self, spec: TabSpec) -> TabBase:
        assert self.ctx is not None, "tabs are built once the ledger is open"
        tab = spec.factory(self.ctx)
        self._built[spec.key] = tab
        tab.set_locked(self.ctx.locked)
        for listener in self.on_built:
            listener(spec.key, tab)
        return tab

    def build(self, key: str) -> TabBase:
        if key in self._built:
            return self._built[key]
        spec = self._specs[key]
        placeholder = self._placeholders.pop(key)
        index = self.tab_widget.indexOf(placeholder)
        was_current = self.tab_widget.currentIndex() == index
        tab = self._make(spec)
        self.tab_widget.blockSignals(True)
        try:
            self.tab_widget.removeTab(index)
            self.tab_widget.insertTab(index, tab, icon(spec.icon_name), spec.title)
            if was_current:
                self.tab_widget.setCurrentIndex(index)
        finally:
            self.tab_widget.blockSignals(False)
        placeholder.deleteLater()
        if was_current:
            tab.show()
        return tab

    def quiet_steps(self) -> tuple[Callable[[], object], ...]:
        """``QuietPreloader``'s steps: each of ``QUIET_BUILT_TABS`` built, primed (its reads started,
        at the size of the page on screen), then painted unseen twice (what the first paint set
        going, a chart's layout and its auto range, is done by the second: otherwise the first
        visit paints the Liquidity tab twice in a row); one a tick; last, ``gc_guard.settle``."""
        steps: list[Callable[[], object]] = []
        for key in (k for k in QUIET_BUILT_TABS if k in self._specs):
            paint = partial(lambda k: self.build(k).paint_hidden(), key)
            steps += [partial(self.build, key), partial(self._prime, key), paint, paint]
        return (*steps, gc_guard.settle)  # then what lives as long as the app is frozen

    def _prime(self, key: str) -> None:
        page = self.tab_widget.currentWidget()
        size = page.size() if page is not None else self.tab_widget.size()
        self.build(key).prime(size)

    def _current_changed(self, index: int) -> None:
        page = self.tab_widget.widget(index)
        for key, placeholder in list(self._placeholders.items()):
            if placeholder is page:
                self.build(key)
                return

    # -- the mapping -----------------------------------------------------------------------

    def __getitem__(self, key: str) -> TabBase:
        return self.build(key)

    def __contains__(self, key: object) -> bool:
        return key in self._specs

    def get(self, key: str) -> TabBase | None:
        return self.build(key) if key in self._specs else None

    def built(self, key: str) -> TabBase | None:
        """The tab when it exists already (never builds one)."""
        return self._built.get(key)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._specs))

    def keys(self) -> list[str]:
        return list(self._specs)

    def values(self) -> list[TabBase]:
        """The tabs built so far."""
        return list(self._built.values())

    def items(self) -> Iterator[tuple[str, TabBase]]:
        """Every tab, building the ones not built yet (screenshots, tests)."""
        for key in self._specs:
            yield key, self.build(key)
