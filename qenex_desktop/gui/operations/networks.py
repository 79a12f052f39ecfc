"""Named network mutations: add, edit, remove and use a network (the Networks dialog, the status
bar's network menu). Adding or moving a network asks its node for its chain id (the core's check:
a mismatch is refused at the chain id field, an absent node saves it unverified); using one asks its
node too, and a node that serves another chain is refused before anything is switched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Unpack

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from qenex_desktop.core.errors import ValidationError, WrongChainError
from qenex_desktop.gui.operations.base import OpsContext, Reply
from qenex_desktop.gui.operations.runner import Done, Failed, InlineErrorTarget

if TYPE_CHECKING:
    from qenex_desktop.core.chain.client import NodeStatus
    from qenex_desktop.core.chain.service import ChainService
    from qenex_desktop.core.chain.types import NetworkInfo


@dataclass(frozen=True)
class NetworkForm:
    """What a person typed for a network: text, parsed by the core."""

    name: str
    rpc_url: str
    chain_id: str
    explorer_url: str
    #: Its Uniswap V2 deployment (issue 16): all three, or none.
    v2_factory: str = ""
    v2_router: str = ""
    weth: str = ""

    def v2(self) -> tuple[str, str, str] | None:
        """The three V2 addresses, or None when all are empty; one or two alone are refused."""
        given = (self.v2_factory.strip(), self.v2_router.strip(), self.weth.strip())
        if not any(given):
            return None
        if not all(given):
            missing = next(
                f for f, v in zip(("v2_factory", "v2_router", "weth"), given, strict=True) if not v
            )
            raise ValidationError(
                "A Uniswap V2 deployment is its factory, router and WETH together (or none of them).",
                field=missing,
            )
        return given


@dataclass(frozen=True)
class FormErrors:
    """Where each refusal is shown: one label per field, and one for the rest."""

    name: InlineErrorTarget
    rpc_url: InlineErrorTarget
    chain_id: InlineErrorTarget
    explorer_url: InlineErrorTarget
    general: InlineErrorTarget
    v2_factory: InlineErrorTarget | None = None
    v2_router: InlineErrorTarget | None = None
    weth: InlineErrorTarget | None = None

    def fields(self) -> Mapping[str, InlineErrorTarget]:
        return {
            "name": self.name,
            "rpc_url": self.rpc_url,
            "chain_id": self.chain_id,
            "explorer_url": self.explorer_url,
            "v2_factory": self.v2_factory or self.general,
            "v2_router": self.v2_router or self.general,
            "weth": self.weth or self.general,
            "network": self.general,
            "*": self.general,
        }


@dataclass(frozen=True)
class Switched:
    """The network now in use and what its node answered when it was checked."""

    network: NetworkInfo
    status: NodeStatus


def add(
    ctx: OpsContext,
    form: NetworkForm,
    errors: FormErrors,
    *,
    on_error: Failed | None = None,
    **reply: Unpack[Reply],
) -> int:
    """A new network, checked against its node (chain id asked, a mismatch refused, nothing saved)."""
    chain = ctx.core.chain

    def call() -> NetworkInfo:
        chain_id = form.chain_id.strip() or "0"
        checked = _checked_v2(chain, form, form.rpc_url, chain_id)  # before anything is saved
        info = chain.add_network(form.name, form.rpc_url, chain_id, explorer_url=form.explorer_url)
        if checked is not None:
            info = chain.registry.set_v2(info.name, *checked)
        return info

    return ctx.ops.run(call, name="add network", fields=errors.fields(), on_error=on_error, **reply)


def edit(
    ctx: OpsContext,
    current: NetworkInfo,
    form: NetworkForm,
    errors: FormErrors,
    *,
    on_error: Failed | None = None,
    **reply: Unpack[Reply],
) -> int:
    """Save a network's new name, node or explorer; a moved node is checked like a new one.

    The built-in network keeps its name and node: only its explorer is passed on.
    """
    chain = ctx.core.chain

    def call() -> NetworkInfo:
        url = current.rpc_url if current.is_builtin else form.rpc_url
        chain_id = str(current.chain_id) if current.is_builtin else form.chain_id.strip() or "0"
        given = form.v2()
        was = (current.v2_factory, current.v2_router, current.v2_weth) if current.has_v2 else None
        moved = given is not None and (url.strip(), chain_id) != (current.rpc_url, str(current.chain_id))
        checked = _checked_v2(chain, form, url, chain_id) if given != was or moved else None
        if current.is_builtin:
            info = chain.edit_network(current.name, explorer_url=form.explorer_url)
        else:
            info = chain.edit_network(
                current.name,
                new_name=form.name,
                rpc_url=url,
                chain_id=chain_id,
                explorer_url=form.explorer_url,
            )
        if checked is not None:
            info = chain.registry.set_v2(info.name, *checked)
        elif given is None and was is not None:
            info = chain.registry.set_v2(info.name, None, None, None)  # all three emptied: forgotten
        return info

    return ctx.ops.run(call, name="edit network", fields=errors.fields(), on_error=on_error, **reply)


def _checked_v2(
    chain: ChainService, form: NetworkForm, rpc_url: str, chain_id: str
) -> tuple[str, str, str] | None:
    """The form's V2 addresses confirmed by the router at the node (``factory()`` and ``WETH()``
    must answer with them), or None when the form gives none."""
    given = form.v2()
    if given is None:
        return None
    from qenex_desktop.core.chain.v2.venue import V2Venue
    from qenex_desktop.core.validation import parse_chain_id, parse_rpc_url

    checked = V2Venue(chain).check_at(parse_rpc_url(rpc_url), parse_chain_id(chain_id), *given)
    return checked.factory, checked.router, checked.weth


def remove(
    ctx: OpsContext,
    name: str,
    *,
    error: InlineErrorTarget,
    on_done: Done,
    trigger: QWidget | None,
    owner: QObject,
) -> int:
    """Forget a network (the core refuses the built-in one, the active one, one with history)."""
    chain = ctx.core.chain
    return ctx.ops.run(
        lambda: chain.remove_network(name),
        name="remove network",
        on_done=on_done,
        trigger=trigger,
        owner=owner,
        fields={"*": error},
    )


def checked_use(chain: ChainService, name: str) -> Switched:
    """Use ``name`` once its node answers with its chain id (an absent node: used, unverified)."""
    target = chain.network(name)
    status = chain.probe(name)
    if status.reachable and status.chain_id != target.chain_id:
        raise WrongChainError(
            f"The node of {target.name} ({target.rpc_url}) serves chain id {status.chain_id}, not "
            f"{target.chain_id}: still on {chain.network().name}. Edit the network's chain id or URL "
            "(Settings → Networks).",
            field="network",
        )
    return Switched(chain.use_network(name), status)


def use(
    ctx: OpsContext,
    name: str,
    *,
    on_done: Done,
    error: InlineErrorTarget | None = None,
    on_error: Failed | None = None,
    trigger: QWidget | None = None,
    owner: QObject,
) -> int:
    """Switch to ``name`` after asking its node for its chain id (``checked_use``)."""
    chain = ctx.core.chain
    return ctx.ops.run(
        lambda: checked_use(chain, name),
        name="use network",
        on_done=on_done,
        on_error=on_error,
        trigger=trigger,
        owner=owner,
        fields={"*": error} if error is not None else None,
    )
