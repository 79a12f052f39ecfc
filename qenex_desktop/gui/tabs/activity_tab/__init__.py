"""The Activity tab (``tab``), the rows it shows of the core's history pages (``rows``) and the
background transfer scan (``scan``)."""

from qenex_desktop.gui.tabs.activity_tab.tab import ActivityTab

__all__ = ["ActivityTab"]
