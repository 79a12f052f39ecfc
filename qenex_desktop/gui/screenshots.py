"""``qenex-desktop --data-dir DIR --screenshots OUT``: render every tab and dialog to OUT/<name>.png.

Used for the README's pictures and to look at the window as a person sees it. Steps:

1. open the data dir's ledger;
2. when it has no profile, create a demo one non-interactively (username ``demo``, password
   ``DEMO_PASSWORD`` below, a new wallet), so the main window can be shown; a data dir with
   profiles of its own is used as it is, and if none of them has a live session only the
   locked window, the unlock dialog and the first-run wizard are rendered;
3. on the built-in local network, start the local node when none answers (and stop it at the end);
4. render the first-run wizard pages, the unlock dialog, each tab, each dialog, the locked window;
5. exit 0 (1 when the ledger could not be opened or nothing was written).
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from qenex_desktop.gui.main_window import MainWindow

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.chain.types import SendPreview

_log = logging.getLogger(__name__)

DEMO_USERNAME = "demo"
#: Only for the throw-away demo profile that screenshot runs create in an empty data dir.
DEMO_PASSWORD = "pictures only, never money 2024"
_EXAMPLE_RECIPIENT = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
#: Where each part of the window keeps the dialogs it wants pictured: ``fn(ctx, window)`` returns
#: ``[(png name, dialog ready to render), ...]`` (so a new dialog is pictured by its own module).
_DIALOG_SETS = (
    ("qenex_desktop.gui.exchange_demo", "exchange_dialogs"),
    ("qenex_desktop.gui.dialogs.import_token", "screenshot_dialogs"),
    ("qenex_desktop.gui.dialogs.speed_up", "speed_up_dialogs"),
    ("qenex_desktop.gui.dialogs.networks", "network_dialogs"),
    ("qenex_desktop.gui.window.profile_menu", "profile_dialogs"),
    ("qenex_desktop.gui.window.ledger_menu", "ledger_dialogs"),
    ("qenex_desktop.gui.legacy_demo", "legacy_import_dialogs"),
    ("qenex_desktop.gui.window.contacts_menu", "address_book_dialogs"),
    ("qenex_desktop.gui.window.contacts_menu", "send_lookalike_dialogs"),
    ("qenex_desktop.gui.dialogs.tx_details", "activity_dialogs"),
    ("qenex_desktop.gui.dialogs.tx_details", "poisoning_dialogs"),
    ("qenex_desktop.gui.dialogs.send_preview_shots", "send_preview_dialogs"),
    ("qenex_desktop.gui.dialogs.onchain_swap", "swap_onchain_dialogs"),
    ("qenex_desktop.gui.dialogs.onchain_liquidity", "liquidity_onchain_dialogs"),
    ("qenex_desktop.gui.window.approvals_menu", "approvals_dialogs"),
)


def pump(seconds: float = 0.15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def demo_profile(core: QenexCore) -> str | None:
    """The demo profile's username when it was made (or exists with the demo password) and is logged in."""
    if not core.auth.has_profiles():
        core.auth.create_profile(DEMO_USERNAME, DEMO_PASSWORD)
        core.auth.login(DEMO_USERNAME, DEMO_PASSWORD)
        core.wallet.unlock(DEMO_PASSWORD)
        core.wallet.create(password=DEMO_PASSWORD)
        core.wallet.add_account(password=DEMO_PASSWORD)
        return DEMO_USERNAME
    if DEMO_USERNAME in core.auth.list_profiles():
        try:
            core.auth.login(DEMO_USERNAME, DEMO_PASSWORD)
            core.wallet.unlock(DEMO_PASSWORD)
            return DEMO_USERNAME
        except Exception:  # a real profile that happens to be called demo: leave it alone
            return None
    return None


class ScreenshotRun:
    def __init__(self, window: MainWindow, out_dir: Path, data_dir: Path) -> None:
        self.window = window
        self.out_dir = out_dir
        self.data_dir = data_dir
        self.written: list[Path] = []
        self.code = 0
        self.started_node = False

    def exec(self, app: QApplication) -> int:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        QTimer.singleShot(0, lambda: self._run(app))
        app.exec()
        return self.code

    # -- helpers -------------------------------------------------------------------------------

    def wait(self, timeout_s: float = 60.0) -> None:
        self.window.ops.wait_idle(timeout_s)
        pump(0.1)

    def call(self, fn: Callable[[], Any], timeout_s: float = 120.0) -> Any:
        """Run ``fn`` as an operation (off the GUI thread) and wait for it; exceptions come back."""
        box: dict[str, Any] = {}
        self.window.ops.run(
            fn,
            name="screenshot step",
            on_done=lambda r: box.setdefault("result", r),
            on_error=lambda e: box.setdefault("error", e),
            quiet=True,
        )
        self.wait(timeout_s)
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def shot(self, widget: QWidget, name: str) -> None:
        widget.show()
        pump(0.2)
        self.wait(30)
        path = self.out_dir / f"{name}.png"
        if widget.grab().save(str(path)):
            self.written.append(path)
        else:
            _log.error("could not write %s", path)

    def dialog_shot(self, dialog: QDialog, name: str) -> None:
        dialog.show()
        self.shot(dialog, name)
        dialog.close()
        dialog.deleteLater()
        pump(0.05)

    # -- the run -------------------------------------------------------------------------------

    def _run(self, app: QApplication) -> None:
        try:
            self._steps()
        except Exception:
            _log.exception("screenshot run failed")
            self.code = 1
        finally:
            if self.started_node and self.window.ctx is not None:
                try:
                    self.window.ctx.core.node.stop()
                except Exception:
                    _log.exception("could not stop the local node")
            if not self.written:
                self.code = 1
            print(f"wrote {len(self.written)} screenshots to {self.out_dir}", flush=True)
            self.window.close()
            app.quit()

    def _steps(self) -> None:
        window = self.window
        deadline = time.monotonic() + 120
        while not window.opened and time.monotonic() < deadline:
            pump(0.05)
            if window.opening_page.title.text().startswith("The ledger could not"):
                raise RuntimeError(window.opening_page.text.text())
        if window.ctx is None or not window.opened:
            raise RuntimeError("the ledger did not open")
        ctx = window.ctx
        core = ctx.core
        self.wait()
        self._wizard_shots(core, before_profile=True)
        if ctx.locked:
            username = self.call(lambda: demo_profile(core))
            if username is None:
                self.shot(window, "locked")
                self._unlock_shot()
                return
            self._wizard_shots(core, before_profile=False)
            self._unlock_shot()
            window.enter_unlocked(username)
        self.wait()
        if ctx.username == DEMO_USERNAME:  # the throw-away demo profile only: tokens, pools, swaps
            from qenex_desktop.gui.exchange_demo import demo_exchange

            self.call(lambda: demo_exchange(core))
        if self.call(lambda: core.chain.network().is_builtin):
            try:
                status = self.call(lambda: core.node.ensure_running(fund_profile=True), timeout_s=180)
                self.started_node = "Started the local node" in status.message
            except Exception as exc:
                _log.warning("no local node for the screenshots: %s", exc)
        window.refresh_all()
        self.wait()
        for key, tab in window.tabs.items():
            window.tab_widget.setCurrentWidget(tab)
            pump(0.1)
            self.wait()
            self.shot(window, f"tab-{key}")
            for suffix, show in getattr(tab, "screenshot_pages", list)():
                show()
                pump(0.3)
                self.wait()
                self.shot(window, f"tab-{key}-{suffix}")
        window.tab_widget.setCurrentWidget(window.tabs["wallet"])
        self.wait()
        self._dialog_shots(core)
        window.lock()
        self.wait()
        self.shot(window, "locked")

    def _wizard_shots(self, core: QenexCore, *, before_profile: bool) -> None:
        from qenex_desktop.gui.dialogs.first_run import PAGE_CHOICE, PAGE_IMPORT, FirstRunWizard

        assert self.window.ctx is not None
        if before_profile:
            wizard = FirstRunWizard(self.window.ctx, self.window)
            wizard.profile_page.username.setText("alice")
            wizard.profile_page.password.setText("lantern orbit velvet 42")
            wizard.profile_page.confirm.setText("lantern orbit velvet 42")
            self.dialog_shot(wizard, "first-run-1-profile")
            return
        wizard = FirstRunWizard(self.window.ctx, self.window, wallet_only=True)
        wizard.password = DEMO_PASSWORD
        wizard.show()
        wizard.setWindowTitle(wizard.tr("Set up QENEX Desktop"))
        self.shot(wizard, "first-run-2-wallet-choice")
        wizard.mnemonic = (
            "abandon ability able about above absent absorb abstract absurd abuse access accident"
        )
        wizard.address = _EXAMPLE_RECIPIENT
        wizard.choice_page.passed = True
        wizard.next()
        self.shot(wizard, "first-run-3-recovery-phrase")
        wizard.phrase_page.written.setChecked(True)
        wizard.next()
        self.shot(wizard, "first-run-4-confirm-words")
        wizard.close()
        wizard.deleteLater()
        wizard = FirstRunWizard(self.window.ctx, self.window, wallet_only=True, create=False)
        wizard.password = DEMO_PASSWORD
        wizard.show()
        wizard.choice_page.options["keystore"].setChecked(True)
        wizard.next()
        assert wizard.currentId() == PAGE_IMPORT or wizard.currentId() == PAGE_CHOICE
        self.shot(wizard, "first-run-5-import-keystore")
        wizard.close()
        wizard.deleteLater()

    def _unlock_shot(self) -> None:
        from qenex_desktop.gui.dialogs.unlock import UnlockDialog

        assert self.window.ctx is not None
        dialog = UnlockDialog(self.window.ctx, self.window)
        self.wait()
        self.dialog_shot(dialog, "dialog-unlock")
        dialog = UnlockDialog(self.window.ctx, self.window)
        self.wait()
        dialog.start_countdown(95)
        dialog.password_error.show_error("Wrong username or password.")
        self.dialog_shot(dialog, "dialog-unlock-lockout")

    def _dialog_shots(self, core: QenexCore) -> None:
        from qenex_desktop.gui.dialogs.about import AboutDialog
        from qenex_desktop.gui.dialogs.import_token import ImportTokenDialog
        from qenex_desktop.gui.dialogs.password import PasswordDialog
        from qenex_desktop.gui.dialogs.receive import ReceiveDialog
        from qenex_desktop.gui.dialogs.send import ConfirmSendDialog, SendDialog
        from qenex_desktop.gui.dialogs.settings import SettingsDialog

        window = self.window
        assert window.ctx is not None
        ctx = window.ctx
        wallet = window.tabs["wallet"]
        snapshot = getattr(wallet, "snapshot", None)
        if snapshot is not None and snapshot.accounts:
            send = SendDialog(ctx, snapshot, window)
            send.show()
            recipient = snapshot.accounts[-1].address if len(snapshot.accounts) > 1 else _EXAMPLE_RECIPIENT
            send.to.setText(recipient)
            send.amount.setText("1.5")
            send._inputs_changed()
            send.update_preview()
            send._preview_timer.stop()
            self.wait()
            self.shot(send, "dialog-send")
            bad = SendDialog(ctx, snapshot, window)
            bad.show()
            bad.to.setText(recipient.lower().replace("0x", "0X", 1)[:20])
            bad.amount.setText("1,5")
            bad.review()
            self.dialog_shot(bad, "dialog-send-errors")
            preview = send.preview or self._example_preview(snapshot.accounts[0].address, recipient)
            confirm = ConfirmSendDialog(ctx, preview, window)
            self.dialog_shot(confirm, "dialog-send-confirm")
            send.close()
            self.dialog_shot(ReceiveDialog(snapshot.accounts, window), "dialog-receive")
        self.dialog_shot(ImportTokenDialog(ctx, window), "dialog-import-token")
        settings = SettingsDialog(ctx, window)
        self.wait()
        self.dialog_shot(settings, "dialog-settings")
        self.dialog_shot(AboutDialog(window), "dialog-about")
        self.dialog_shot(
            PasswordDialog(window.tr("Deploy the QXC token contract from your first account."), window),
            "dialog-password",
        )
        for module, function in _DIALOG_SETS:
            make = getattr(importlib.import_module(module), function)
            for name, dialog in make(ctx, window):
                self.wait()
                self.dialog_shot(dialog, name)

    @staticmethod
    def _example_preview(sender: str, recipient: str) -> SendPreview:
        """When no node answers, the confirmation is rendered with example figures."""
        from qenex_desktop.core.chain.types import SendPreview

        gwei = 10**9
        return SendPreview(
            network="Local Hardhat",
            chain_id=31337,
            from_address=sender,
            recipient=recipient,
            asset="ETH",
            symbol="ETH",
            decimals=18,
            amount=15 * 10**17,
            gas_limit=21_000,
            base_fee_per_gas=gwei,
            max_priority_fee_per_gas=gwei,
            max_fee_per_gas=3 * gwei,
            expected_fee=42_000 * gwei,
            max_fee=63_000 * gwei,
            total_eth=15 * 10**17 + 63_000 * gwei,
            eth_balance=100 * 10**18,
            eth_balance_after=100 * 10**18 - 15 * 10**17 - 63_000 * gwei,
            asset_balance=100 * 10**18,
            asset_balance_after=100 * 10**18 - 15 * 10**17 - 63_000 * gwei,
            nonce=0,
        )
