"""The flavours, found by name from one registry.

A flavour is one module (or package) here that defines ``FLAVOUR``, a subclass of
``base.Flavour``, and a folder of templates under ``templates/`` with the same name. Adding one
means adding its name below, its module, its templates and its test adapter (``tests/flavours.py``).
This module stays free of imports: the no-op fast path checks flavour names through it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Flavour

NAMES = ("dataclasses", "msgspec", "pydantic", "typeddict")
# The flavours whose models can derive from a class of the user's (the option base-class).
TAKE_BASE_CLASS = ("pydantic",)


def flavour_class(name: str) -> type[Flavour]:
    """The flavour called ``name`` (one of ``NAMES``)."""
    if name not in NAMES:
        raise ValueError(f"unknown flavour {name!r}")
    found: type[Flavour] = import_module(f".{name}", __package__).FLAVOUR
    return found


def all_flavours() -> list[type[Flavour]]:
    return [flavour_class(name) for name in NAMES]
