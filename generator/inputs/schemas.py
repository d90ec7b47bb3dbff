"""A walk over the schemas of a document: each schema once (a YAML alias is one node), reached
only through the keywords that hold schemas, never through values (``default``, ``enum``,
``example``), where a key like ``id`` or ``discriminator`` is data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

# keyword -> how it holds schemas: one schema, a list of them, or a mapping of names to them
_ONE = ("items", "additionalProperties", "additionalItems", "not", "contains", "propertyNames", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties")  # fmt: skip
_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")


def subschemas(node: dict[str, Any]) -> Iterator[Any]:
    """The schemas written directly inside ``node``."""
    for keyword in _ONE:
        inner = node.get(keyword)
        if isinstance(inner, dict):
            yield inner
    for keyword in _LISTS:
        inner = node.get(keyword)
        if isinstance(inner, list):
            yield from (m for m in inner if isinstance(m, dict))
    for keyword in _MAPS:
        inner = node.get(keyword)
        if isinstance(inner, dict):
            yield from (m for m in inner.values() if isinstance(m, dict))


def each_schema(roots: list[Any], visit: Callable[[dict[str, Any]], None], seen: set[int] | None = None) -> None:
    """Call ``visit`` on every schema in ``roots`` and inside them, each once (``seen``: the ids
    of the schemas visited, shared between walks)."""
    seen = seen if seen is not None else set()
    stack = [r for r in roots if isinstance(r, dict)]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        visit(node)
        stack.extend(subschemas(node))


def each_mapping(data: Any) -> Iterator[dict[str, Any]]:
    """Every mapping of ``data``, each once (for ``$ref``s, which may be anywhere)."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if id(node) in seen or not isinstance(node, (dict, list)):
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        else:
            stack.extend(node)
