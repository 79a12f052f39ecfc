"""A package's names read from their modules on first use (PEP 562 ``__getattr__``).

``core.exchange`` and ``core.monitoring`` name their parts in ``__init__`` so callers can write
``from qenex_desktop.core.exchange import TokenInfo``; with eager imports there, importing one small
module of the package (``exchange.types`` for a type hint) imported the service and all below it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, homes: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """The ``__getattr__`` for ``package``: ``name`` comes from ``package.<homes[name]>``, once."""

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{home}"), name)
        namespace[name] = value
        return value

    return getattr_
