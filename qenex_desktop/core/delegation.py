"""A facade's method that is one of its parts' own (``core.exchange``, ``core.wallet``).

``create_pool = delegate("pools", Pools.create_pool)`` in a facade's class body gives the facade a
``create_pool`` with the part method's signature (mypy checks callers against it), docstring and
``@operation`` name (the part's method is the timed one, so metrics are the same whichever object
is called). The part is looked up on the facade at each call, so a test may replace either.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def delegate(part: str, method: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[Any, P], R]:
    """A method calling ``self.<part>.<method's name>`` with the same arguments."""
    name = method.__name__

    def call(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        result: R = getattr(getattr(self, part), name)(*args, **kwargs)
        return result

    return functools.update_wrapper(call, method)  # its repr names the part's method: where the code is
