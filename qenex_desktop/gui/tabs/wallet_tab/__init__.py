"""The Wallet tab (``tab.WalletTab``): the account selector and header (``account_panel``), the
columns of its asset, ledger and pending tables and the words of its read-failure notice
(``columns``)."""

from qenex_desktop.gui.tabs.wallet_tab.tab import WalletTab

__all__ = ["WalletTab"]
