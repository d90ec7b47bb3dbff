"""OpenAPI and JSON Schema idioms → the IR (nullability, allOf, unions, constants, maps).

``build`` holds the definition table and dispatches each schema to the module of its idiom.
"""

from __future__ import annotations

from ..ir import SpecIR
from ..resolve import Resolver
from ..scope import EVERYTHING, Scope
from .build import Builder


def normalise(resolver: Resolver, scope: Scope = EVERYTHING) -> SpecIR:
    """What ``scope`` takes from the resolver's root document (every component schema by
    default), as IR definitions."""
    return Builder(resolver).run(scope)
