"""A payload read against the IR as the exact models read it (``check-payloads``).

Not as JSON Schema would: a union takes the first member that fits, a required key that may be
null must still be present, an optional key must not be null unless its schema allows null, a
closed object takes no other key. Each deviation names its place in the payload, the schema that
says otherwise (file and JSON pointer), what that schema says, what the payload has, and the
Overlay actions that would accept it (``payload_fixes``).

The walk is a dispatch table: one small handler for each kind of type expression of the IR.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import ir
from ..errors import shown
from .payload_fixes import IDENTIFIER, Fix, Fixes, RootDocument, same, short_name

# a JSON type as ``ir.json_kinds`` names it
IR_KIND = {"null": "null", "boolean": "bool", "integer": "int", "number": "float", "string": "str", "array": "list", "object": "dict"}
PRIMITIVE_WORDS = {
    "str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean", "None": "null", "bytes": "a file",
}  # fmt: skip


@dataclass(frozen=True)
class Deviation:
    """Where a payload breaks the spec, what the spec says there, and the fix (or why none)."""

    path: str  # in the payload, as a JSONPath: $.tools[0].type
    schema: str  # the schema that says otherwise: file#/json/pointer
    says: str
    found: str
    fix: Fix | None
    no_fix: str | None = None  # why no overlay action can accept it

    def render(self) -> list[str]:
        lines = [f"  {self.path}: {self.found}; the spec says {self.says}", f"    schema: {self.schema}"]
        if self.fix is not None:
            lines.extend(f"    overlay: {a}" for a in self.fix.actions)
        else:
            lines.append(f"    overlay: none ({self.no_fix})")
        return lines


def json_kind(value: Any) -> str:
    """The JSON type of a value as ``json.loads`` reads it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def child(path: str, step: str | int) -> str:
    """The JSONPath of an item (``int``) or key (``str``) below ``path``."""
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if IDENTIFIER.match(step) else f"{path}[{json.dumps(step, ensure_ascii=False)}]"


def broken_constraints(value: Any, c: ir.Constraints) -> list[str]:
    """The names of the constraints (fields of ``ir.Constraints``) that ``value`` breaks."""
    broken = []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for name, ok in (
            ("minimum", c.minimum is None or value >= c.minimum),
            ("maximum", c.maximum is None or value <= c.maximum),
            ("exclusive_minimum", c.exclusive_minimum is None or value > c.exclusive_minimum),
            ("exclusive_maximum", c.exclusive_maximum is None or value < c.exclusive_maximum),
            ("multiple_of", c.multiple_of is None or _multiple(value, c.multiple_of)),
            ("one_of", c.one_of is None or value in c.one_of),
        ):
            if not ok:
                broken.append(name)
    if isinstance(value, (str, list, dict)):
        if c.min_length is not None and len(value) < c.min_length:
            broken.append("min_length")
        if c.max_length is not None and len(value) > c.max_length:
            broken.append("max_length")
    if isinstance(value, str) and c.pattern is not None and not _matches(c.pattern, value):
        broken.append("pattern")
    if isinstance(value, list) and c.unique_items and not _unique(value):
        broken.append("unique_items")
    return broken


def _multiple(value: float, step: float) -> bool:
    quotient = value / step
    return abs(quotient - round(quotient)) < 1e-9


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot read is not checked here


def _unique(items: list[Any]) -> bool:
    seen = [json.dumps(i, sort_keys=True) for i in items]
    return len(set(seen)) == len(seen)


# A handler: the deviations of a value (first) from a type expression (second) at a place in
# the payload (third) whose schema is at a place in the spec (fourth).
Handler = Callable[[Any, Any, str, str], list[Deviation]]


class Checker:
    """Checks payloads against the IR of one spec; builds overlay fixes on its root document."""

    def __init__(
        self,
        data: Any,
        document: str,
        spec: ir.SpecIR,
        resolver: object = None,
        written: tuple[Any, tuple[tuple[str, str], ...]] | None = None,
    ) -> None:
        """``data`` is the root document as the IR was read from it, ``document`` its name in
        locations; ``written``: a Swagger 2.0 or JSON Schema file's data as written, and where
        the places added in reading it stand there (``RootDocument``). (``resolver`` is accepted
        and not needed: fixes go into the root document.)"""
        self.defs = spec.definitions
        self.document = RootDocument(data, document, written)
        self.fixes = Fixes(self.document)
        self.handlers: dict[type, Handler] = {
            ir.AnyType: self._any, ir.NeverType: self._never, ir.Primitive: self._primitive,
            ir.LiteralOf: self._literal, ir.ListOf: self._list, ir.TupleOf: self._tuple, ir.MapOf: self._map,
            ir.Nullable: self._nullable, ir.Constrained: self._constrained, ir.Ref: self._ref, ir.UnionOf: self._union,
        }  # fmt: skip

    def check(self, value: Any, key: str) -> list[Deviation]:
        """The deviations of ``value`` from the definition ``key``."""
        return self._check(value, ir.Ref(key), "$", key)

    def _check(self, value: Any, t: ir.TypeExpr, path: str, at: str) -> list[Deviation]:
        return self.handlers[type(t)](value, t, path, at)

    # -- one handler a kind of type --

    def _any(self, value: Any, t: ir.AnyType, path: str, at: str) -> list[Deviation]:
        return []

    def _never(self, value: Any, t: ir.NeverType, path: str, at: str) -> list[Deviation]:
        return [Deviation(path, at, "no value may be here", shown(value), None, "the schema allows no value")]

    def _primitive(self, value: Any, t: ir.Primitive, path: str, at: str) -> list[Deviation]:
        return [] if self._fits(t, value) else [self._mismatch(value, t, path, at)]

    def _literal(self, value: Any, t: ir.LiteralOf, path: str, at: str) -> list[Deviation]:
        if any(same(value, v) for v in t.values):
            return []
        if value is not None and json_kind(value) in {json_kind(v) for v in t.values}:
            return [Deviation(path, at, self.describe(t), shown(value), *self.fixes.enum(at, t.values, value))]
        return [self._mismatch(value, t, path, at)]

    def _list(self, value: Any, t: ir.ListOf, path: str, at: str) -> list[Deviation]:
        if not isinstance(value, list):
            return [self._mismatch(value, t, path, at)]
        inner = self.document.below(at, "items")
        return [d for i, v in enumerate(value) for d in self._check(v, t.item, child(path, i), inner)]

    def _tuple(self, value: Any, t: ir.TupleOf, path: str, at: str) -> list[Deviation]:
        if not isinstance(value, list):
            return [self._mismatch(value, t, path, at)]
        if len(value) != len(t.items):
            says = f"an array of exactly {len(t.items)} items"
            return [Deviation(path, at, says, f"{len(value)} items", None, "a tuple's length is its type")]
        inner = self.document.below(at, "prefixItems")
        return [d for i, (v, it) in enumerate(zip(value, t.items)) for d in self._check(v, it, child(path, i), f"{inner}/{i}")]

    def _map(self, value: Any, t: ir.MapOf, path: str, at: str) -> list[Deviation]:
        if not isinstance(value, dict):
            return [self._mismatch(value, t, path, at)]
        inner = self.document.below(at, "additionalProperties")
        return [d for k, v in value.items() for d in self._check(v, t.value, child(path, k), inner)]

    def _nullable(self, value: Any, t: ir.Nullable, path: str, at: str) -> list[Deviation]:
        return [] if value is None else self._check(value, t.inner, path, at)

    def _constrained(self, value: Any, t: ir.Constrained, path: str, at: str) -> list[Deviation]:
        return self._check(value, t.inner, path, at) or self._constraints(value, t.constraints, path, at)

    def _ref(self, value: Any, t: ir.Ref, path: str, at: str) -> list[Deviation]:
        d = self.defs[t.key]
        if not self._fits(t, value):
            return [self._mismatch(value, t, path, at)]  # fixed where it is referred to
        if isinstance(d, ir.Model):
            return self._model(value, d, path)
        return self._check(value, d.type, path, d.source)

    def _union(self, value: Any, t: ir.UnionOf, path: str, at: str) -> list[Deviation]:
        if t.discriminated and isinstance(value, dict) and t.tag is not None:
            return self._tagged(value, t, t.tag, path, at)
        tried = []
        for i, member in enumerate(t.members):
            if not self._fits(member, value):
                continue
            found = self._check(value, member, path, self.document.member(at, i, len(t.members)))
            if not found:
                return []
            tried.append(found)
        if not tried:
            return [self._mismatch(value, t, path, at)]
        return min(tried, key=len)  # the member that comes closest (the first of equals)

    # -- what the handlers share --

    def _tagged(self, value: dict[str, Any], u: ir.UnionOf, tag: str, path: str, at: str) -> list[Deviation]:
        """An object read by the union member its tag selects."""
        found = value.get(tag)
        tags = dict(u.tags)
        if isinstance(found, str) and found in tags:
            i = tags[found]
            return self._check(value, u.members[i], path, self.document.member(at, i, len(u.members)))
        if isinstance(found, str) and u.fallback is not None:  # tolerant reading keeps it whole
            return self._check(value, u.members[u.fallback], path, at)
        listed = ", ".join(shown(v) for v, _ in u.tags)
        if isinstance(found, str):
            says = f"{shown(tag)} is one of {listed}"
            return [Deviation(child(path, tag), at, says, shown(found), *self.fixes.member(at, tag, found))]
        says = f"{shown(tag)} tells the kind of object: one of {listed}"
        has = "absent" if tag not in value else shown(found)
        return [Deviation(child(path, tag), at, says, has, None, "an object without its tag cannot be told apart")]

    def _model(self, value: dict[str, Any], m: ir.Model, path: str) -> list[Deviation]:
        found: list[Deviation] = []
        for f in m.fields:
            if f.wire_name in value:
                self.document.note_property(m, f)
                found.extend(self._check(value[f.wire_name], f.type, child(path, f.wire_name), f.source))
            elif f.required:
                where, fix, no_fix = self.fixes.required(m, f.wire_name)
                found.append(Deviation(child(path, f.wire_name), where, "it is required", "absent", fix, no_fix))
        named = {f.wire_name for f in m.fields}
        for k, v in value.items():
            if k in named:
                continue
            if m.extra is None or (m.extra_keys is not None and re.search(m.extra_keys, k) is None):
                where, fix, no_fix = self.fixes.closed(m)
                says = f"{short_name(m.key)} has no other keys" + ("" if m.extra is None else " than its patterns allow")
                found.append(Deviation(child(path, k), where, says, f"the key {shown(k)}", fix, no_fix))
            else:
                found.extend(self._check(v, m.extra, child(path, k), self.document.below(m.source, "additionalProperties")))
        return found

    def _fits(self, t: ir.TypeExpr, value: Any) -> bool:
        """Whether ``value`` has a JSON type that ``t`` can have (only the JSON type: not the values)."""
        kinds = ir.json_kinds(t, self.defs)
        return ir.ANY_KIND in kinds or IR_KIND[json_kind(value)] in kinds

    def _mismatch(self, value: Any, t: ir.TypeExpr, path: str, at: str) -> Deviation:
        kind = json_kind(value)
        found = "null" if value is None else f"{kind} {shown(value)}"
        says = self.describe(t) + (", not null" if value is None else "")
        return Deviation(path, at, says, found, *self.fixes.kind(at, kind))

    def _constraints(self, value: Any, c: ir.Constraints, path: str, at: str) -> list[Deviation]:
        found = []
        for name in broken_constraints(value, c):
            keywords = ir.CONSTRAINT_KEYWORDS[name]  # (minLength, minItems, minProperties): by the value's type
            position = 1 if isinstance(value, list) else 2 if isinstance(value, dict) else 0
            keyword = keywords[min(position, len(keywords) - 1)]
            limit = getattr(c, name)
            says = f"{keyword} {shown(list(limit) if isinstance(limit, tuple) else limit)}"
            found.append(Deviation(path, at, says, shown(value), *self.fixes.keyword(at, keyword)))
        return found

    # -- words --

    def describe(self, t: ir.TypeExpr, depth: int = 0) -> str:
        """What the spec says a value is, in a few words."""
        match t:
            case ir.Primitive(kind):
                return PRIMITIVE_WORDS[kind]
            case ir.LiteralOf(values) if len(values) == 1:
                return f"the constant {shown(values[0])}"
            case ir.LiteralOf(values):
                listed = ", ".join(shown(v) for v in values[:8])
                return f"one of {listed}" + (f", … ({len(values)} values)" if len(values) > 8 else "")
            case ir.ListOf() | ir.TupleOf():
                return "an array"
            case ir.MapOf():
                return "an object"
            case ir.Nullable(inner):
                return f"{self.describe(inner, depth)} or null"
            case ir.Constrained(inner):
                return self.describe(inner, depth)
            case ir.AnyType():
                return "any value"
            case ir.NeverType():
                return "no value"
            case ir.Ref(key):
                d = self.defs[key]
                if isinstance(d, ir.Model):
                    return f"an object ({short_name(key)})"
                return short_name(key) if depth > 1 else self.describe(d.type, depth + 1)
            case ir.UnionOf(members):
                kinds = list(dict.fromkeys(self.describe(m, depth + 1) for m in members))
                return "one of: " + "; ".join(kinds[:6]) + ("; ..." if len(kinds) > 6 else "")
            case _:
                ir.assert_never(t)
