"""Whether every value of one type is a value of another, across two versions of a spec: what
decides whether a change of type breaks code that reads (the new type is wider), code that builds
(narrower), both, or neither. Constraints count as the models enforce them: a ``maxLength`` that
went from 10 to 5 narrows the type."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .. import ir
from ..formats import PYTHON_FORMATS
from .changelog import Version

_MAX_DEPTH = 20  # how deep coverage looks into nested and recursive types before it says no


@dataclass(frozen=True)
class Coverage:
    """Whether every value of a type ``b`` of version ``vb`` is a value of a type ``a`` of version
    ``va`` (``covers``). References are followed to aliases; then a handler by the kind of ``b``
    (a union, a nullable type, a constrained one), else by the kind of ``a``, decides."""

    va: Version
    vb: Version
    same: Callable[[str, Version, str, Version], bool]  # b's key in vb and a's key in va: one definition?
    depth: int = 0

    def covers(self, a: ir.TypeExpr, b: ir.TypeExpr) -> bool:
        if self.depth > _MAX_DEPTH:
            return False
        if isinstance(a, ir.AnyType) or isinstance(b, ir.NeverType):
            return True
        if isinstance(a, ir.Ref) or isinstance(b, ir.Ref):
            through = self._through_refs(a, b)
            if through is not None:
                return through
        narrower = _BY_NARROWER_KIND.get(type(b))
        if narrower is not None:
            return narrower(self, a, b)
        wider = _BY_WIDER_KIND.get(type(a))
        return wider is not None and wider(self, a, b)

    @property
    def deeper(self) -> Coverage:
        """The same question, one level further in."""
        return replace(self, depth=self.depth + 1)

    def _through_refs(self, a: ir.TypeExpr, b: ir.TypeExpr) -> bool | None:
        """Two references to one definition; else a reference to an alias read as its type
        (``b``'s first); None if neither (a reference to a model is a kind of its own)."""
        if isinstance(b, ir.Ref) and isinstance(a, ir.Ref) and self.same(b.key, self.vb, a.key, self.va):
            return True
        if isinstance(b, ir.Ref) and isinstance(alias := self.vb.spec.definitions[b.key], ir.Alias):
            return self.deeper.covers(a, alias.type)
        if isinstance(a, ir.Ref) and isinstance(alias := self.va.spec.definitions[a.key], ir.Alias):
            return self.deeper.covers(alias.type, b)
        return None


# -- what each kind of type covers, or is covered by -------------------------------------------


def _every_member_covered(c: Coverage, a: ir.TypeExpr, b: ir.UnionOf) -> bool:
    return all(c.deeper.covers(a, m) for m in b.members)


def _null_and_inner_covered(c: Coverage, a: ir.TypeExpr, b: ir.Nullable) -> bool:
    return ir.is_nullable(a, c.va.spec.definitions) and c.deeper.covers(a, b.inner)


def _constrained_covered(c: Coverage, a: ir.TypeExpr, b: ir.Constrained) -> bool:
    """A constrained ``b`` is covered by a type with constraints as loose or looser; a union or a
    nullable type is taken apart first; otherwise ``b``'s constraints are dropped (``b`` only
    grows: a yes is still a yes)."""
    if isinstance(a, ir.Constrained):
        return constraints_cover(a.constraints, b.constraints) and c.deeper.covers(a.inner, b.inner)
    if isinstance(a, ir.UnionOf):
        return _some_member_covers(c, a, b)
    if isinstance(a, ir.Nullable):
        return _inner_covers(c, a, b)
    return c.deeper.covers(a, b.inner)


def _some_member_covers(c: Coverage, a: ir.UnionOf, b: ir.TypeExpr) -> bool:
    return any(c.deeper.covers(m, b) for m in a.members)


def _inner_covers(c: Coverage, a: ir.Nullable, b: ir.TypeExpr) -> bool:
    return c.deeper.covers(a.inner, b)


def _constrained_covers(c: Coverage, a: ir.Constrained, b: ir.TypeExpr) -> bool:
    """A constrained type covers an unconstrained one only where the constraints hold for every
    value: constants that keep them."""
    match b:
        case ir.LiteralOf(values):
            return all(satisfies(v, a.constraints) for v in values) and c.deeper.covers(a.inner, b)
    return constraints_cover(a.constraints, ir.Constraints()) and c.deeper.covers(a.inner, b)


def _primitive_covers(c: Coverage, a: ir.Primitive, b: ir.TypeExpr) -> bool:
    """The same kind and format (as Python types: formats read as ``str`` are one), an ``int``
    where a ``float`` was, or constants that are values of the primitive."""
    match b:
        case ir.Primitive(y, fy):
            x, fx = a.kind, a.format
            same_format = (fx if fx in PYTHON_FORMATS else None) == (fy if fy in PYTHON_FORMATS else None)
            return (x == y and same_format) or (x == "float" and y == "int")
        case ir.LiteralOf(values):
            return all(ir.fits(v, a, c.va.spec.definitions) for v in values)
    return False


def _literal_covers(c: Coverage, a: ir.LiteralOf, b: ir.TypeExpr) -> bool:
    """Each of ``b``'s constants among ``a``'s (``1`` is not ``True``)."""
    match b:
        case ir.LiteralOf(ys):
            return all(any(y == x and type(y) is type(x) for x in a.values) for y in ys)
    return False


def _list_covers(c: Coverage, a: ir.ListOf, b: ir.TypeExpr) -> bool:
    return isinstance(b, ir.ListOf) and c.deeper.covers(a.item, b.item)


def _map_covers(c: Coverage, a: ir.MapOf, b: ir.TypeExpr) -> bool:
    return isinstance(b, ir.MapOf) and c.deeper.covers(a.value, b.value)


def _tuple_covers(c: Coverage, a: ir.TupleOf, b: ir.TypeExpr) -> bool:
    if not isinstance(b, ir.TupleOf):
        return False
    return len(a.items) == len(b.items) and all(c.deeper.covers(x, y) for x, y in zip(a.items, b.items))


# By the kind of b (what is covered): taken apart first; then by the kind of a (what covers).
_BY_NARROWER_KIND: dict[type, Callable[[Coverage, ir.TypeExpr, Any], bool]] = {
    ir.UnionOf: _every_member_covered,
    ir.Nullable: _null_and_inner_covered,
    ir.Constrained: _constrained_covered,
}
_BY_WIDER_KIND: dict[type, Callable[[Coverage, Any, ir.TypeExpr], bool]] = {
    ir.UnionOf: _some_member_covers,
    ir.Nullable: _inner_covers,
    ir.Constrained: _constrained_covers,
    ir.Primitive: _primitive_covers,
    ir.LiteralOf: _literal_covers,
    ir.ListOf: _list_covers,
    ir.MapOf: _map_covers,
    ir.TupleOf: _tuple_covers,
}


# -- constraints ---------------------------------------------------------------------------------


def constraints_cover(a: ir.Constraints, b: ir.Constraints) -> bool:
    """Whether every value that keeps the constraints ``b`` keeps ``a`` (``b`` is as tight or tighter)."""
    return all(_BOUND_COVERS[name](value, b) for name, value in a.items())


def _lower(bound: float, b: ir.Constraints, exclusive: bool) -> bool:
    """Whether ``b`` keeps values above ``bound`` (or at it, unless ``exclusive``)."""
    if b.exclusive_minimum is not None and b.exclusive_minimum >= bound:
        return True
    return b.minimum is not None and (b.minimum > bound if exclusive else b.minimum >= bound)


def _upper(bound: float, b: ir.Constraints, exclusive: bool) -> bool:
    if b.exclusive_maximum is not None and b.exclusive_maximum <= bound:
        return True
    return b.maximum is not None and (b.maximum < bound if exclusive else b.maximum <= bound)


def _multiple(step: float, b: ir.Constraints) -> bool:
    if b.multiple_of is None:
        return False
    ratio = b.multiple_of / step
    return math.isclose(ratio, round(ratio)) and round(ratio) >= 1


_BOUND_COVERS: dict[str, Callable[[Any, ir.Constraints], bool]] = {
    "minimum": lambda v, b: _lower(v, b, False),
    "exclusive_minimum": lambda v, b: _lower(v, b, True),
    "maximum": lambda v, b: _upper(v, b, False),
    "exclusive_maximum": lambda v, b: _upper(v, b, True),
    "multiple_of": _multiple,
    "min_length": lambda v, b: b.min_length is not None and b.min_length >= v,
    "max_length": lambda v, b: b.max_length is not None and b.max_length <= v,
    "pattern": lambda v, b: b.pattern == v,
    "one_of": lambda v, b: b.one_of is not None and set(b.one_of) <= set(v),
    "unique_items": lambda v, b: not v or bool(b.unique_items),
}


def satisfies(value: ir.LiteralValue, c: ir.Constraints) -> bool:
    """Whether a constant keeps the constraints (those that apply to its kind)."""
    if isinstance(value, str):
        try:
            matched = c.pattern is None or re.search(c.pattern, value) is not None
        except re.error:
            matched = False  # a pattern Python cannot read: not known to hold
        return matched and (c.min_length or 0) <= len(value) <= (len(value) if c.max_length is None else c.max_length)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return all(
            (
                c.minimum is None or value >= c.minimum,
                c.maximum is None or value <= c.maximum,
                c.exclusive_minimum is None or value > c.exclusive_minimum,
                c.exclusive_maximum is None or value < c.exclusive_maximum,
                c.multiple_of is None or math.isclose(value / c.multiple_of, round(value / c.multiple_of)),
                c.one_of is None or value in c.one_of,
            )
        )
    return True


def describe(c: ir.Constraints | None) -> str:
    """Constraints as the changelog writes them: ``max_length=10, pattern="^a"``."""
    if c is None or not c.items():
        return "none"
    return ", ".join(f"{k}={_value(v)}" for k, v in c.items())


def _value(v: object) -> str:
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, tuple):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return str(v).lower() if isinstance(v, bool) else str(v)
