"""``built_once``: a lazily built attribute that is built exactly once, whatever the threads.

``functools.cached_property`` lost its lock in Python 3.12: two threads touching it first at the
same time each build an object, and one of them keeps a copy nobody else sees. For the core's
subsystems that is a key vault that ``lock()`` never wipes. This descriptor takes the owner's
re-entrant build lock on a miss (one subsystem may build another, as ``chain`` builds ``wallet``)
and reads the instance dict without a lock once built, so the fast path costs what
``cached_property``'s does. Like ``cached_property`` it stores the value under the attribute's own
name, so ``"chain" in core.__dict__`` still tells whether it was built.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
_LOCK_ATTRIBUTE = "_built_once_lock"
# Guards creating an instance's build lock (rare: once per instance).
_LOCK_FOR_LOCKS = threading.Lock()


def _build_lock(instance: object) -> threading.RLock:
    found: threading.RLock | None = instance.__dict__.get(_LOCK_ATTRIBUTE)
    if found is not None:
        return found
    with _LOCK_FOR_LOCKS:
        found = instance.__dict__.get(_LOCK_ATTRIBUTE)
        if found is None:
            found = threading.RLock()
            instance.__dict__[_LOCK_ATTRIBUTE] = found
        return found


class built_once(Generic[T]):  # lower case: used as a decorator, like cached_property
    def __init__(self, build: Callable[[Any], T]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> built_once[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | built_once[T]:
        if instance is None:
            return self
        values = instance.__dict__
        try:
            return values[self._name]
        except KeyError:
            pass
        with _build_lock(instance):
            if self._name not in values:
                values[self._name] = self._build(instance)
            return values[self._name]
