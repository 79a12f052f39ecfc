"""What a factory needs from the widget's context (a Protocol: the context module imports us), and
the two things every form's mutation shares: where its answer goes (``Reply``) and its field map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TypedDict

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from qenex_desktop.gui.operations.runner import Done, InlineErrorTarget, Operations

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore


class OpsContext(Protocol):
    """``GuiContext`` as the factories see it: the core to call and the runner to call it on."""

    core: QenexCore
    ops: Operations


class Reply(TypedDict):
    """Where a form's mutation answers (``**reply`` of the named functions, passed on to ``ops.run``):
    ``on_done`` gets the result, ``trigger`` is the button pressed (disabled while it runs),
    ``owner`` the dialog or tab whose life the answer needs."""

    on_done: Done
    trigger: QWidget
    owner: QObject


def with_general(
    errors: Mapping[str, InlineErrorTarget], general_error: InlineErrorTarget
) -> dict[str, InlineErrorTarget]:
    """A form's field map: ``errors`` keyed by the core's field names, any other refusal ("*") on
    ``general_error``."""
    return {**errors, "*": general_error}
