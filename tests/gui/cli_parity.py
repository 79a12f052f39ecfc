"""Every ``qenex`` command, and where a person does the same in the window (issue 13, "Done when").

``GUI_ACTIONS`` maps each command (its words, as the argparse tree names them) to a place in the
window: a menu entry (``Menu``), a tab or a button of a tab (``Tab``), a button of the window
outside the tabs (``WindowButton``), or a dialog a menu entry opens and the buttons pressed in it
(``Via``). ``SCRIPT_ONLY`` lists the commands that are for scripts, each with the reason.
``tests/gui/test_cli_parity.py`` reads the parser and fails when a command has no row, and finds
each place in a real ``MainWindow`` (menu texts, button texts, object names), so this table cannot
say a place exists that does not.

``KNOWN_GAPS``: commands whose place is written in ``GUI_ACTIONS`` but not in the window yet, with
the issue that brings it. It may only shrink: each entry must still be missing (a gap that landed
must leave the set), and no command may enter it that was not a gap when the set was written
(``GAPS_WHEN_WRITTEN``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Menu:
    """A menu entry: the menu's title, then the entry's text (without the & of its shortcut)."""

    path: tuple[str, ...]

    def __str__(self) -> str:
        return " → ".join(self.path)


@dataclass(frozen=True)
class Tab:
    """A main-window tab (its key in ``tab_registry.MAIN_TABS``), or a button of it by its text."""

    key: str
    button: str | None = None
    #: A part of the tab that does it (a widget's or QObject's objectName or class name), when it
    #: is not a button.
    shows: str | None = None
    note: str = ""

    def __str__(self) -> str:
        title = self.key.capitalize() + " tab"
        text = f"{title} → {self.button}" if self.button else title
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class WindowButton:
    """A button of the window outside the tabs (the locked page's Unlock…)."""

    text: str
    where: str

    def __str__(self) -> str:
        return f"{self.where} → {self.text}"


@dataclass(frozen=True)
class Via:
    """The dialog ``menu`` opens, then its buttons pressed in order (the last is only found, unless
    ``shows`` names a widget of the last dialog opened: by objectName or class name)."""

    menu: tuple[str, ...]
    buttons: tuple[str, ...] = ()
    shows: str | None = None
    #: How a person would say what they look at (the README's wording).
    note: str = ""

    def __str__(self) -> str:
        text = " → ".join((*self.menu, *self.buttons))
        return f"{text} ({self.note})" if self.note else text


Place = Menu | Tab | WindowButton | Via

_NETWORKS = ("File", "Settings…")
_BOOK = ("Tools", "Address book…")
_APPROVALS = ("Tools", "Approvals…")

GUI_ACTIONS: dict[str, Place] = {
    # profile and session
    "profile create": Menu(("Profile", "New profile…")),
    "profile list": Menu(("Profile", "Switch profile…")),
    "profile change-password": Menu(("Profile", "Change password…")),
    "login": WindowButton("Unlock…", "the locked window"),
    "logout": Menu(("Profile", "Log out")),
    # audit
    "audit verify": Menu(("Tools", "Verify audit log")),
    "audit export": Tab("audit", "Export…"),
    # keys
    "wallet create": Tab("wallet", "Create a wallet…"),
    "wallet import": Menu(("Profile", "Import key…")),
    "wallet export": Menu(("Profile", "Back up…")),
    "wallet list": Tab("wallet"),
    "wallet add-account": Tab("wallet", "Add account"),
    "wallet rename": Via(("Profile", "Accounts…"), ("Rename",)),
    "wallet hide": Via(
        ("Profile", "Accounts…"), ("Hidden (left out of the Wallet tab and the send dialog)",)
    ),
    "wallet unhide": Via(
        ("Profile", "Accounts…"), ("Hidden (left out of the Wallet tab and the send dialog)",)
    ),
    # the chain
    "chain balance": Tab("wallet"),
    "chain send": Menu(("Tools", "Send…")),
    "chain tx list": Tab("activity"),
    "chain tx status": Tab("activity"),
    "chain tx refresh": Tab("activity", "Refresh"),
    "chain tx speed-up": Tab("activity", "Speed up…"),
    "chain tx cancel": Tab("activity", "Cancel transaction…"),
    "chain tx export": Tab("activity", "Export…"),
    "chain token import": Menu(("Tools", "Import token…")),
    "chain token list": Tab("wallet"),
    "chain history": Tab(
        "activity", shows="HistoryScan", note="incoming transfers, scanned in the background"
    ),
    "network list": Via(_NETWORKS, ("Networks…",), shows="DataTableView", note="the list"),
    "network add": Via(_NETWORKS, ("Networks…", "Add")),
    "network edit": Via(_NETWORKS, ("Networks…", "Edit")),
    "network remove": Via(_NETWORKS, ("Networks…", "Delete…")),
    "network use": Via(_NETWORKS, ("Networks…", "Use")),
    "qxc deploy": Menu(("Tools", "Deploy QXC…")),
    "node start": Menu(("Tools", "Start local node")),
    "node stop": Menu(("Tools", "Stop local node…")),
    "monitor health": Tab("monitoring", "Run checks"),
    "monitor metrics": Tab("monitoring"),
    "monitor stats": Tab("monitoring"),
    # the local exchange's ledger
    "token create": Tab("swap", "Create token…"),
    "token list": Via(("Ledger", "Mint tokens…"), shows="ledgerTokensTable", note="the token list"),
    "token mint": Menu(("Ledger", "Mint tokens…")),
    "token burn": Menu(("Ledger", "Burn tokens…")),
    "token transfer": Menu(("Ledger", "Transfer tokens…")),
    "account create": Menu(("Ledger", "Accounts and counterparties…")),
    "account list": Menu(("Ledger", "Accounts and counterparties…")),
    "account rename": Via(("Ledger", "Accounts and counterparties…"), ("Rename",)),
    "balance": Via(
        ("Ledger", "Accounts and counterparties…"), shows="ledgerAccountsTable", note="the Holds column"
    ),
    "pool create": Tab("liquidity", "Create pool…"),
    "pool list": Tab("liquidity"),
    "pool show": Tab("liquidity"),
    "pool index": Tab(
        "monitoring", shows="PoolIndexer", note="on-chain pools you trade through, indexed in the background"
    ),
    "pool orient": Tab(
        "liquidity", shows="DataTableView", note="the pools table: right-click → Show as …, or Ctrl+Shift+F"
    ),
    "swap quote": Tab("swap"),
    "swap exec": Tab("swap", "Review swap…"),
    "liquidity add": Tab("liquidity", "Add liquidity…"),
    "liquidity remove": Tab("liquidity", "Remove liquidity…"),
    "liquidity positions": Tab("liquidity"),
    "import-legacy": Menu(("Ledger", "Import from QENEX OS / DeFi…")),
    # the address book and labels (issue 15)
    "contact add": Via(_BOOK, ("Add…",)),
    "contact list": Via(_BOOK, shows="addressBookTable", note="the list"),
    "contact remove": Via(_BOOK, ("Delete…",)),
    "label export": Via(_BOOK, ("Export labels…",)),
    "label import": Via(_BOOK, ("Import labels…",)),
    # token approvals (issue 16)
    "allowance list": Via(_APPROVALS, shows="approvalsTable", note="the list"),
    "allowance revoke": Via(_APPROVALS, ("Revoke…",)),
}

SCRIPT_ONLY: dict[str, str] = {
    "status": "diagnostics of the data folder (keyring backend, database path, schema revision) for "
    "scripts and bug reports; the window's status bar shows the profile, the lock and the network",
    "node status": "node management for scripts (exit code); the window's status bar shows the node's "
    "state at all times",
    "batch": "many commands in one process, JSON lines in and out: a scripting interface",
}

#: The command line's own options (not commands), and why the window needs none of them.
GLOBAL_OPTIONS: dict[str, str] = {
    "--help": "the command line's help; the window has Help → About",
    "--version": "the window shows the version in Help → About",
    "--data-dir": "the window takes the same option: qenex-desktop --data-dir DIR",
    "--json": "an output format for scripts",
}

#: Commands whose place above is not in the window yet, and the issue that brings it.
KNOWN_GAPS: dict[str, str] = {}

#: The gaps when ``KNOWN_GAPS`` was written (2026-12-02): it may only lose members.
GAPS_WHEN_WRITTEN: frozenset[str] = frozenset(
    {
        "chain history",
        "chain tx export",
        "contact add",
        "contact list",
        "contact remove",
        "label export",
        "label import",
    }
)
