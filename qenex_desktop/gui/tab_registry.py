"""The main window's tabs, built when first needed.

Building every tab at start (some hold several pyqtgraph plots) stalls the window for hundreds
of milliseconds; a tab that is never opened need not exist. ``LazyTabs`` puts a light placeholder
page in the QTabWidget for each tab, and swaps in the real tab the first time it is shown or
asked for (``tabs["swap"]``), so callers see a plain mapping of built tabs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.tab_base import TabBase


@dataclass
class TabSpec:
    key: str
    factory: Callable[[GuiContext], TabBase]
    title: str
    icon_name: str


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
