"""Which way each definition travels: in requests (the client builds it), in responses (the client
reads it), both, or by no operation, read from the spec's ``paths`` whatever the roots.

An operation's parameters and request body travel in requests, its responses (bodies and
headers) in responses; a webhook's or a callback's request is one the client receives, and its
response one the client sends. From the schemas they name (through ``$ref`` to
``components/requestBodies``, ``responses``, ``parameters``, ``headers``, ``pathItems``,
``callbacks``), the definitions they reach inherit the direction, property by property: a
``readOnly`` property only travels in responses, a ``writeOnly`` one only in requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import ir
from ..errors import Location, SpecError
from ..normalise.operations import REQUESTS, RESPONSES, messages, target
from ..resolve import Resolver

BOTH = frozenset({REQUESTS, RESPONSES})
# keys of a raw schema or operation that hold no schema: data and extensions are not walked (but
# under ``properties`` and the like every key names a schema)
_NOT_SCHEMAS = frozenset({"example", "examples", "const", "enum", "default", "links", "security"})
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


@dataclass(frozen=True)
class Flags:
    """What a schema's own keywords say beyond the IR: its direction and its deprecation."""

    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False


@dataclass(eq=False)  # (compared and hashed as itself: a Version holds it)
class Travel:
    """Where the definitions of one version travel, and the raw keywords read beside the IR."""

    resolver: Resolver | None
    by_key: dict[str, frozenset[str]] = field(default_factory=dict)  # absent: used by no operation
    _flags: dict[str, Flags] = field(default_factory=dict)

    def of(self, key: str) -> frozenset[str] | None:
        """The directions of a definition; ``None`` if no operation uses it."""
        return self.by_key.get(key)

    def flags(self, source: str) -> Flags:
        """``readOnly``, ``writeOnly`` and ``deprecated`` of the schema at ``source`` (a key)."""
        found = self._flags.get(source)
        if found is None:
            node = self._node(source)
            found = Flags(*(isinstance(node, dict) and node.get(k) is True for k in ("readOnly", "writeOnly", "deprecated")))
            self._flags[source] = found
        return found

    def _node(self, source: str) -> Any:
        if self.resolver is None:
            return None
        file, _, pointer = source.partition("#")
        try:
            return self.resolver.node(Location(file, pointer))
        except (SpecError, KeyError):
            return None

    def bases(self, d: ir.Definition) -> list[str]:
        """The keys of the schemas a definition's ``allOf`` names by ``$ref`` (the IR merges them
        in: they travel where the definition does)."""
        node = self._node(d.source)
        parts = node.get("allOf") if isinstance(node, dict) else None
        if self.resolver is None or not isinstance(parts, list):
            return []
        file, _, pointer = d.source.partition("#")
        found = []
        for i, part in enumerate(parts):
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                try:
                    found.append(target(self.resolver, part["$ref"], Location(file, pointer).child("allOf", i))[0].key)
                except SpecError:
                    pass
        return found

    def of_field(self, directions: frozenset[str], f: ir.Field) -> frozenset[str]:
        """Where a field of a model that travels ``directions`` travels itself."""
        flags = self.flags(f.source)
        if flags.read_only:
            directions = directions - {REQUESTS}
        if flags.write_only:
            directions = directions - {RESPONSES}
        return directions


def no_travel() -> Travel:
    """A version without its document: every definition counts as used by no operation."""
    return Travel(None)


def travel(resolver: Resolver, spec: ir.SpecIR) -> Travel:
    """Where every definition of ``spec`` travels, from the operations of the resolver's document."""
    found = Travel(resolver)
    starts = _Starts(resolver, spec)
    for directions, loc, node in messages(resolver):
        for key in starts.of(loc, node):
            _spread(found, spec, key, directions)
    return found


def _spread(found: Travel, spec: ir.SpecIR, key: str, directions: frozenset[str]) -> None:
    """Give ``directions`` to ``key`` and to what it refers to, property by property."""
    stack = [(key, directions)]
    while stack:
        key, directions = stack.pop()
        known = found.by_key.get(key, frozenset())
        if directions <= known or key not in spec.definitions:
            continue
        found.by_key[key] = known | directions
        d = spec.definitions[key]
        stack.extend((k, directions) for k in found.bases(d))
        if isinstance(d, ir.Alias):
            stack.extend((k, directions) for k in ir.refs_in(d.type))
            continue
        for f in d.fields:
            stack.extend((k, found.of_field(directions, f)) for k in ir.refs_in(f.type))
        if d.extra is not None:
            stack.extend((k, directions) for k in ir.refs_in(d.extra))


class _Starts:
    """The definitions that the schemas in a part of an operation reach first: the part is
    walked, and ``$ref``s followed, until a schema that has a definition of its own."""

    def __init__(self, resolver: Resolver, spec: ir.SpecIR) -> None:
        self.resolver, self.spec = resolver, spec

    def of(self, loc: Location, node: Any) -> frozenset[str]:
        found: set[str] = set()
        seen: set[str] = set()
        stack = [(loc, node)]
        while stack:
            loc, node = stack.pop()
            if loc.key in seen:
                continue
            seen.add(loc.key)
            if loc.key in self.spec.definitions:
                found.add(loc.key)
            elif isinstance(node, dict):
                stack.extend(self._inside(loc, node))
            elif isinstance(node, list):
                stack.extend((loc.child(i), v) for i, v in enumerate(node) if isinstance(v, (dict, list)))
        return frozenset(found)

    def _inside(self, loc: Location, node: dict[Any, Any]) -> list[tuple[Location, Any]]:
        inside = []
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                inside.append(target(self.resolver, ref, loc))
            except SpecError:
                pass  # a broken reference: the comparison reports the schemas' own errors
        every = loc.pointer.rsplit("/", 1)[-1] in _NAMED_SCHEMAS
        for k, v in node.items():
            name = str(k)
            if isinstance(v, (dict, list)) and (every or (name not in _NOT_SCHEMAS and not name.startswith("x-"))):
                inside.append((loc.child(name), v))
        return inside

