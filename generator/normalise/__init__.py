"""OpenAPI and JSON Schema idioms → the IR (nullability, allOf, unions, constants, maps).

``build`` holds the definition table and dispatches each schema to the module of its idiom.
"""

from __future__ import annotations

from ..ir import SpecIR
from ..resolve import Resolver
from .build import Builder


def normalise(resolver: Resolver) -> SpecIR:
    """Every component schema of the resolver's root document, as IR definitions."""
    return Builder(resolver).run()
