"""A schema being read as a type (``build``): what its handlers are given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Location


@dataclass(slots=True)
class Site:
    """A schema being read as a type, its "or null" split off: the schema, where it is, the path
    of names for what it hoists into definitions, and how it is used. (Never changed once made,
    but not frozen: one is made for each schema read, and a frozen one costs four times as much
    to make.)"""

    node: dict[str, Any]
    loc: Location
    hint: tuple[str, ...]
    root: bool = False  # the whole of a definition: a union or an enum is not hoisted
    in_union: bool = False  # a member of a union: an enum is not hoisted

    def with_node(self, node: dict[str, Any]) -> Site:
        """The same place, used the same way, read as another schema (a keyword dropped...)."""
        return Site(node, self.loc, self.hint, self.root, self.in_union)

    def without(self, *keywords: str) -> Site:
        """The schema read without ``keywords``."""
        return self.with_node({k: v for k, v in self.node.items() if k not in keywords})
