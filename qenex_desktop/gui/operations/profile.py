"""Named profile operations: changing the password (the keys are re-sealed in the same unit of work)."""

from __future__ import annotations

from typing import Unpack

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.gui.operations.base import OpsContext, Reply
from qenex_desktop.gui.operations.runner import Failed, InlineErrorTarget


def change_password(
    ctx: OpsContext,
    username: str,
    current: str,
    new: str,
    *,
    current_error: InlineErrorTarget,
    new_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    on_error: Failed,
    **reply: Unpack[Reply],
) -> int:
    """``profile change-password`` from the window: the current password is a guess under the lockout,
    the new one meets the profile rules, and the wallet's keys are re-sealed under it."""
    auth = ctx.core.auth

    def call() -> str:
        if current == new:  # as the CLI says it, before any hashing
            raise ValidationError("The new password is the same as the current one.", field="new_password")
        auth.change_password(username, current, new)
        return username

    return ctx.ops.run(
        call,
        name="change password",
        on_error=on_error,
        fields={
            "old_password": current_error,
            "password": current_error,
            "": current_error,  # the lockout's wait is about the current password too
            "new_password": new_error,
            "*": general_error,
        },
        **reply,
    )
