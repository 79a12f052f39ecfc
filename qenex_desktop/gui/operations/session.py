"""Named session operations: unlocking a profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from qenex_desktop.gui.operations.base import OpsContext, Reply
from qenex_desktop.gui.operations.runner import Failed, InlineErrorTarget

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore


def login_and_unlock(core: QenexCore, username: str, password: str) -> str:
    """Log in (Argon2, about 0.1 s), then open the wallet's keys with the same password."""
    result = core.auth.login(username, password)
    core.wallet.unlock(password)
    return result.session.username


def unlock(
    ctx: OpsContext,
    username: str,
    password: str,
    *,
    username_error: InlineErrorTarget,
    password_error: InlineErrorTarget,
    on_error: Failed,
    **reply: Unpack[Reply],
) -> int:
    """Unlock off the GUI thread; a refusal without a field is about the password."""
    core = ctx.core
    return ctx.ops.run(
        lambda: login_and_unlock(core, username, password),
        name="unlock",
        on_error=on_error,
        fields={"username": username_error, "password": password_error, "*": password_error},
        **reply,
    )
