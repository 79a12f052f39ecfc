"""The first-run wizard: a profile (password twice, strength meter, the rules), then a wallet.

The wallet is either new (its recovery phrase is shown once, and three of its words are asked
back) or imported (a recovery phrase, a private key, or a keystore file). Every step that hashes
a password, derives keys or writes the ledger runs as a background operation; the wizard moves
on when it succeeds and shows the error next to the field when it does not. The pages are in
``first_run_profile`` and ``first_run_wallet``; what they hand on to each other is one
``WizardState``.

``wallet_only=True`` skips the profile (the Wallet tab's "Create a wallet" of a profile without one).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from qenex_desktop import APP_NAME
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.first_run_profile import (
    PAGE_CHOICE,
    PAGE_CONFIRM,
    PAGE_DONE,
    PAGE_IMPORT,
    PAGE_PHRASE,
    PAGE_PROFILE,
    ProfilePage,
    WizardState,
)
from qenex_desktop.gui.dialogs.first_run_wallet import (
    ChoicePage,
    ConfirmPage,
    DonePage,
    ImportPage,
    PhrasePage,
)
from qenex_desktop.gui.icons import icon

__all__ = [
    "PAGE_CHOICE",
    "PAGE_CONFIRM",
    "PAGE_DONE",
    "PAGE_IMPORT",
    "PAGE_PHRASE",
    "PAGE_PROFILE",
    "FirstRunWizard",
]


class FirstRunWizard(QWizard):
    #: The profile is logged in and has a wallet (argument: the username).
    finished_unlocked = Signal(str)

    def __init__(
        self,
        ctx: GuiContext,
        parent: QWidget | None = None,
        *,
        wallet_only: bool = False,
        create: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.wallet_only = wallet_only
        self.state = WizardState(username=ctx.username if wallet_only else None)
        self.setWindowTitle(
            self.tr("Set up {app}").format(app=APP_NAME) if not wallet_only else self.tr("Add a wallet")
        )
        self.setWindowIcon(icon("app"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        buttons = QWizard.WizardButton
        # The three-words page commits (no Back after it) but reads "Next >", not "Commit".
        self.setButtonText(buttons.CommitButton, self.buttonText(buttons.NextButton))
        self.profile_page = ProfilePage(ctx, self.state)
        self.choice_page = ChoicePage(ctx, self.state, create=create)
        self.phrase_page = PhrasePage(self.state)
        self.confirm_page = ConfirmPage(self.state)
        self.import_page = ImportPage(ctx, self.state, self.choice_page)
        self.done_page = DonePage(self.state)
        if not wallet_only:
            self.setPage(PAGE_PROFILE, self.profile_page)
        self.setPage(PAGE_CHOICE, self.choice_page)
        self.setPage(PAGE_PHRASE, self.phrase_page)
        self.setPage(PAGE_CONFIRM, self.confirm_page)
        self.setPage(PAGE_IMPORT, self.import_page)
        self.setPage(PAGE_DONE, self.done_page)
        self.setStartId(PAGE_CHOICE if wallet_only else PAGE_PROFILE)
        self.setMinimumSize(640, 520)
        self.accepted.connect(self._finish)

    # What the pages handed on, as the window, tests and screenshots see it.

    @property
    def username(self) -> str | None:
        return self.state.username

    @property
    def password(self) -> str | None:
        return self.state.password

    @password.setter
    def password(self, value: str | None) -> None:
        self.state.password = value

    @property
    def mnemonic(self) -> str | None:
        return self.state.mnemonic

    @mnemonic.setter
    def mnemonic(self, value: str | None) -> None:
        self.state.mnemonic = value

    @property
    def address(self) -> str | None:
        return self.state.address

    @address.setter
    def address(self, value: str | None) -> None:
        self.state.address = value

    def _finish(self) -> None:
        self.state.forget_secrets()
        self.phrase_page.clear_words()
        if self.state.username:
            self.finished_unlocked.emit(self.state.username)

    def reject(self) -> None:
        # Closing after the profile exists still lands in the app (the Wallet tab offers the wallet later).
        self.state.forget_secrets()
        self.phrase_page.clear_words()
        if self.state.username and not self.wallet_only:
            self.finished_unlocked.emit(self.state.username)
        super().reject()
