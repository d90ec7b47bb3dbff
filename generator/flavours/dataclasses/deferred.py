"""The ``dataclass`` decorator of the generated modules: the standard one, applied to a class
when the class is first used rather than when its module is imported.

A module of a big spec defines a thousand dataclasses, and the standard decorator writes and
compiles three methods for each (``__init__``, ``__repr__``, ``__eq__``): nine tenths of the
import. Most applications use a few of those classes. So the decorator only notes the class
and its options; ``dataclasses.dataclass`` runs on it (under a lock, once) the first time
anything needs what it makes: an instance (``__init__``), ``repr``, ``==``,
``dataclasses.fields``, ``is_dataclass``, ``asdict``, ``replace``, ``__match_args__``, or the
codec. Each of those is found on the base class ``_Model`` (descriptors below) only until then:
the decorator puts the real ones on the class itself. Type checkers see the standard decorator.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import TYPE_CHECKING, Any, TypeVar

# ---- copied into generated modules from here on ----

_T = TypeVar("_T")
# the classes not built yet, and their options
_WAITING: dict[type[Any], dict[str, Any]] = {}
_BUILDING = threading.RLock()
# the ``__init__`` that ``dataclass`` wrote for each class it built (not one of the
# class's own): the codec may do what it does without calling it (compiler.py)
_WRITTEN_INIT: dict[type[Any], Any] = {}


def _deferred(**options: Any) -> Any:
    """``@dataclass(...)``, applied on first use (the options are the standard ones)."""

    def note(cls: type[_T]) -> type[_T]:
        _WAITING[cls] = options
        return cls

    return note


def _built(cls: type[Any]) -> bool:
    """Make ``cls`` (and its bases) a dataclass now if it waits; whether it waited."""
    if cls not in _WAITING:
        return False
    with _BUILDING:
        options = _WAITING.pop(cls, None)
        if options is not None:
            for base in reversed(cls.__mro__[1:]):
                _built(base)
            own = "__init__" in vars(cls)
            dataclasses.dataclass(cls, **options)
            if not own and options.get("init", True):
                _WRITTEN_INIT[cls] = vars(cls)["__init__"]
    return True


class _Deferred:
    """What the base class answers for a name that ``dataclass`` sets on each class:
    the class's own, once it is built; ``object``'s for a class that is not waiting."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type[Any]) -> Any:
        if _built(owner):
            return getattr(owner if instance is None else instance, self.name)
        found = getattr(object, self.name, None)
        if found is None:  # a dataclass attribute: none on a class that is not one
            raise AttributeError(self.name)
        return found.__get__(instance, owner)


_DEFERRED = (
    "__init__",
    "__repr__",
    "__eq__",
    "__dataclass_fields__",
    "__dataclass_params__",
    "__match_args__",
)


if TYPE_CHECKING:  # type checkers see the standard decorator, which this one applies
    from dataclasses import dataclass as dataclass
else:
    dataclass = _deferred
