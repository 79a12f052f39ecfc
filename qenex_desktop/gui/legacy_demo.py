"""The screenshot run's legacy import: two small files in the originals' formats, and the import
dialog pictured with the real dry run's report of them (``legacy_import_dialogs``).

Imported only by ``qenex-desktop --screenshots``. The files are written into a temporary folder
that lives as long as the dialog: a QENEX OS ``system.db`` (users with PBKDF2 ``salt$hexkey``
hashes, one of them named as that program allowed and this one maps; a balance with more decimals
than its token; a pool with a liquidity provider and an empty one) and a QENEX DeFi ``defi.db``
(free-text holders, its own column names). Only the table and column names the readers in
``core/exchange/legacy`` look for are written, each table as plain TEXT columns.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from tempfile import TemporaryDirectory

from PySide6.QtWidgets import QDialog, QWidget

from qenex_desktop.core.security.passwords import legacy_hash
from qenex_desktop.gui.context import GuiContext

#: The password both demo users had in the original (published: pictures only).
ORIGINAL_PASSWORD = "demo-original-2023"

Rows = tuple[tuple[object, ...], ...]
#: file name -> table -> (columns, rows).
FILES: dict[str, dict[str, tuple[str, Rows]]] = {
    "system.db": {
        "users": (
            "id username password_hash email created_at is_active",
            (
                (1, "Mallory Smith", "", "mallory@example.org", "2023-04-11 08:15:00", 1),
                (2, "oscar", "", None, "2023-05-02 17:40:12", 1),
            ),
        ),
        "tokens": (
            "symbol name decimals total_supply",
            (("USDC", "USD Coin", 6, "1000000"), ("ETH", "Ether", 18, "10010"), ("QXC", "QENEX", 18, "0")),
        ),
        "balances": (
            "user_id token_symbol balance locked_balance",
            ((1, "USDC", "2500.1234567", "0"), (1, "ETH", "1.5", "0"), (2, "USDC", "750", "0")),
        ),
        "pools": (
            "id token_a token_b reserve_a reserve_b fee_rate total_shares",
            (
                (1, "ETH", "USDC", "5", "10000", "0.003", "223.6067977499789696409173669"),
                (2, "QXC", "USDC", "0", "0", "0.003", "0"),
            ),
        ),
        "liquidity": ("user_id pool_id shares", ((2, 1, "223.6067977499789696409173669"),)),
    },
    "defi.db": {
        "tokens": ("symbol name decimals total_supply", (("DFI", "DeFi Points", 8, "21000"),)),
        "balances": (
            "address token balance",
            (("creator", "DFI", "20000"), ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "DFI", "1000")),
        ),
        "pools": ("id token_a token_b reserve_a reserve_b lp_supply fee_rate", ()),
        "liquidity": ("address pool_id lp_tokens", ()),
    },
}


def _hashed(user: tuple[object, ...]) -> str:
    """The user's ``salt$hexkey`` of ``ORIGINAL_PASSWORD`` (a salt of 64 hex digits per user id)."""
    return legacy_hash(ORIGINAL_PASSWORD, str(user[0]).rjust(64, "0"))


def write_legacy_files(folder: Path) -> tuple[Path, Path]:
    """``system.db`` and ``defi.db`` in ``folder``; returns their paths (system, defi)."""
    for name, tables in FILES.items():
        with sqlite3.connect(folder / name) as conn:
            for table, (columns, rows) in tables.items():
                names = columns.split()
                conn.execute(f"CREATE TABLE {table} ({', '.join(f'{c} TEXT' for c in names)})")
                marks = ", ".join("?" * len(names))
                for row in rows:
                    values = [
                        _hashed(row) if c == "password_hash" else v for c, v in zip(names, row, strict=True)
                    ]
                    conn.execute(f"INSERT INTO {table} VALUES ({marks})", values)
        conn.close()
    return folder / "system.db", folder / "defi.db"


def legacy_import_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run: the import dialog with both files chosen and the dry run's report
    (the real one, run on a worker through the operations layer and waited for)."""
    from qenex_desktop.gui.dialogs.legacy_import import LegacyImportDialog

    folder = TemporaryDirectory(prefix="qenex-legacy-demo-")
    system_db, defi_db = write_legacy_files(Path(folder.name))
    dialog = LegacyImportDialog(ctx, window)
    dialog.destroyed.connect(lambda _o=None: folder.cleanup())
    dialog.paths["qenex_os_db"].setText(str(system_db))
    dialog.paths["defi_db"].setText(str(defi_db))
    dialog.dry_run()
    ctx.ops.wait_idle()
    return [("dialog-legacy-import", dialog)]
