"""The flavours, by name.

A flavour is one module (or package) here with a subclass of ``base.Flavour``, and a folder of
templates under ``templates/`` with the same name. Adding one means adding its class below, its
module, its templates and its test adapter (``tests/flavours.py``). Only the application layer
(``app.pipeline``) turns a flavour's name into its class; the layers below receive the class, or
the words every flavour reserves (``reserved``).
"""

from __future__ import annotations

from ..naming import Reserved
from .base import Flavour
from .dataclasses import Dataclasses
from .msgspec import Msgspec
from .pydantic import Pydantic
from .typeddict import TypedDicts

FLAVOURS: dict[str, type[Flavour]] = {f.name: f for f in (Dataclasses, Msgspec, Pydantic, TypedDicts)}
NAMES = tuple(FLAVOURS)
# The flavours whose models can derive from a class of the user's (the option base-class).
TAKE_BASE_CLASS = tuple(name for name, f in FLAVOURS.items() if f.takes_base_class)


def flavour_class(name: str) -> type[Flavour]:
    """The flavour called ``name`` (one of ``NAMES``)."""
    if name not in FLAVOURS:
        raise ValueError(f"unknown flavour {name!r}")
    return FLAVOURS[name]


def all_flavours() -> list[type[Flavour]]:
    return list(FLAVOURS.values())


def reserved() -> Reserved:
    """The names no class and no attribute may take in any flavour: their union, so that a
    schema has one name in every flavour."""
    base = Reserved()
    flavours = all_flavours()
    module = frozenset().union(*(f.module_names for f in flavours))
    called = frozenset().union(*(f.builtins_used for f in flavours))
    members = frozenset().union(*(f.member_names for f in flavours))
    return Reserved(classes=base.classes | module | called, attributes=base.attributes | module | members)
