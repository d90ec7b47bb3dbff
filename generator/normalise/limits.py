"""Bounds on what a spec may make the normaliser do, so that a hostile or broken spec stops with
an error that names its pointer instead of hanging or exhausting memory.

OpenAI's spec has about 6,000 schema nodes, nested at most 10 deep, and no YAML alias is expanded
in more than a few dozen places. Three bounds:

- nesting: schemas inside schemas at most ``MAX_DEPTH`` deep;
- YAML aliases: one node that the loader reports as the target of a YAML alias may be expanded
  at most ``MAX_EXPANSIONS`` times (anchors referring to anchors double at each level: an alias
  bomb). Nodes reached again through ``$ref`` are not counted: reusing a schema is what ``$ref``
  is for, and a large spec does it thousands of times;
- values kept in the output (``default``) may hold at most ``MAX_VALUE_NODES`` JSON values once
  their aliases are expanded;
- in all, at most ``MAX_NODES`` schema nodes are visited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import Location, SpecError

MAX_DEPTH = 100
MAX_NODES = 500_000
MAX_EXPANSIONS = 1_000
MAX_VALUE_NODES = 100_000
BOMB_HINT = "a YAML alias bomb (anchors that refer to anchors) looks like this; use $ref instead"


class HostileSpec(SpecError):
    """A spec that would make the normaliser run away (an alias bomb): it stops at once, rather
    than reporting the same bomb in every schema it reaches."""


class Limits:
    """Counts the work of one normalisation; ``aliased`` tells which nodes YAML aliases reach."""

    def __init__(self, aliased: Callable[[Any], bool]) -> None:
        self.aliased = aliased
        self.depth = 0
        self.nodes = 0
        self.expansions: dict[int, int] = {}

    def enter(self, node: Any, loc: Location) -> None:
        """Count a visit of the schema ``node`` at ``loc``, one level deeper (``leave`` undoes the level)."""
        self.nodes += 1
        if self.aliased(node):
            uses = self.expansions[id(node)] = self.expansions.get(id(node), 0) + 1
            if uses > MAX_EXPANSIONS:
                raise HostileSpec(
                    f"one YAML anchor is expanded in more than {MAX_EXPANSIONS:,} places", location=loc, hint=BOMB_HINT
                )
        if self.nodes > MAX_NODES:
            raise HostileSpec(f"the spec expands to more than {MAX_NODES:,} schemas", location=loc, hint=BOMB_HINT)
        if self.depth >= MAX_DEPTH:
            raise SpecError(
                f"schemas nest more than {MAX_DEPTH} levels deep", location=loc, hint="name inner schemas and use $ref"
            )
        self.depth += 1

    def leave(self) -> None:
        self.depth -= 1


def check_value_size(value: Any, loc: Location) -> None:
    """Stop if ``value`` (a default, say) holds more than ``MAX_VALUE_NODES`` JSON values once
    its aliases are expanded: writing it out would never end."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_VALUE_NODES:
            raise HostileSpec(f"the value expands to more than {MAX_VALUE_NODES:,} JSON values", location=loc, hint=BOMB_HINT)
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
