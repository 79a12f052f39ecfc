"""Named chain mutations: sending, importing a token, deploying QXC, replacing a pending send.

Each function holds the core call, the operation's name and where each refusal's ``field`` is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from PySide6.QtWidgets import QWidget

from qenex_desktop.gui.operations.base import OpsContext, Reply
from qenex_desktop.gui.operations.runner import Done, InlineErrorTarget

if TYPE_CHECKING:
    from qenex_desktop.core.chain.replacement import ReplacementPreview
    from qenex_desktop.core.chain.types import SendPreview


def send(
    ctx: OpsContext,
    preview: SendPreview,
    password: str | None,
    *,
    accept_lookalike: bool = False,
    password_error: InlineErrorTarget,
    general_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """Sign and broadcast what the person reviewed; a wrong password shows under the password."""
    from qenex_desktop.core.chain.fees import FeeChoice

    chain = ctx.core.chain
    p = preview
    fee = FeeChoice.exact(p.max_fee_per_gas, p.max_priority_fee_per_gas)  # the fees reviewed, signed as shown
    return ctx.ops.run(
        lambda: chain.send(
            to=p.recipient,
            asset=p.asset,
            amount=p.amount,
            from_address=p.from_address,
            password=password,
            accept_lookalike=accept_lookalike,
            fee=fee,
        ),
        name="send",
        fields={"password": password_error, "*": general_error},
        **reply,
    )


def import_token(
    ctx: OpsContext,
    address: str,
    *,
    address_error: InlineErrorTarget,
    **reply: Unpack[Reply],
) -> int:
    """Read an ERC-20's metadata and remember it; every refusal is about the one address typed."""
    chain = ctx.core.chain
    return ctx.ops.run(
        lambda: chain.import_token(address),
        name="import token",
        fields={"token": address_error, "address": address_error, "network": address_error},
        **reply,
    )


def deploy_qxc(ctx: OpsContext, password: str | None, *, on_done: Done, trigger: QWidget) -> int:
    """Deploy the QXC contract from the first account (refusals go to a message box)."""
    chain = ctx.core.chain
    return ctx.ops.run(
        lambda: chain.deploy_qxc(password=password), name="deploy QXC", on_done=on_done, trigger=trigger
    )


def preview_replacement(
    ctx: OpsContext,
    tx_hash: str,
    *,
    cancel: bool,
    **reply: Unpack[Reply],
) -> int:
    """The fees a speed-up (or cancel) would sign, read on a worker for the review dialog."""
    chain = ctx.core.chain
    return ctx.ops.run(
        lambda: chain.preview_replacement(tx_hash, cancel=cancel),
        name="review cancel" if cancel else "review speed up",
        **reply,
    )


def replace(
    ctx: OpsContext,
    preview: ReplacementPreview,
    password: str | None,
    *,
    trigger: QWidget,
    on_done: Done | None = None,
) -> int:
    """Cancel a pending send (0 ETH to self, same nonce) or speed it up (same send, higher fee),
    signing exactly the fees of the ``preview`` the person confirmed."""
    chain = ctx.core.chain
    call = chain.cancel if preview.cancel else chain.speed_up
    return ctx.ops.run(
        lambda: call(preview.tx_hash, password=password, fees=preview.fees),
        name="cancel" if preview.cancel else "speed up",
        on_done=on_done,
        trigger=trigger,
    )
