"""Values a schema holds: ``enum`` and ``const`` (checked against the schema's ``type``),
constraints (``minimum``, ``maxLength``, ``pattern``...) and ``default``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from .. import ir
from ..errors import Location, SpecError, shown
from ..resolve import Resolver
from .limits import check_value_size
from .nulls import split_null


def literal(value: Any, loc: Location, *where: str | int) -> ir.LiteralValue | float | dict[str, Any] | list[Any]:
    """An ``enum`` or ``const`` value: a ``Literal`` member, a float (which cannot be one), or an
    object or array (which cannot either). ``where``: its place under ``loc`` (made only for an error)."""
    if value is None or isinstance(value, (str, bool, int, dict, list)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise SpecError(
        f"enum and const values must be JSON values, found {shown(value)}",
        location=loc.child(*where),
        hint="NaN and infinity are not JSON numbers",
    )


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number"
    if isinstance(value, (dict, list)):
        return "object" if isinstance(value, dict) else "array"
    return "string" if isinstance(value, str) else "integer"


STRUCTURED = "enum and const values that are objects or arrays cannot be Literals; only their JSON type is checked"


def values_type(values: list[ir.LiteralValue | float | dict[str, Any] | list[Any]]) -> ir.TypeExpr:
    """The type of a set of enum values: a ``Literal`` of those that can be one, a float
    constrained to the others (``Literal[1.5]`` is not valid Python), and for objects and arrays
    their JSON type."""
    # keyed by type too: 1 == True in Python, but they are different JSON values
    exact = tuple({(type(v), v): v for v in values if v is None or isinstance(v, (str, bool, int))}.values())
    numbers = tuple(dict.fromkeys(v for v in values if isinstance(v, float)))
    parts: list[ir.TypeExpr] = []
    if numbers:
        parts.append(ir.Constrained(ir.Primitive("float"), ir.Constraints(one_of=numbers)))
    if exact:
        parts.append(ir.LiteralOf(exact))
    if any(isinstance(v, dict) for v in values):
        parts.append(ir.MapOf(ir.AnyType()))
    if any(isinstance(v, list) for v in values):
        parts.append(ir.ListOf(ir.AnyType()))
    return parts[0] if len(parts) == 1 else ir.UnionOf(tuple(parts))


def implied_type(node: dict[str, Any]) -> str | None:
    """The type a schema without ``type`` has by its keywords: ``object``, ``array`` or none."""
    if "properties" in node or "additionalProperties" in node or "patternProperties" in node:
        return "object"
    if "items" in node:
        return "array"
    return None


# Keywords that hold only for values of one JSON type (JSON Schema lets any other type pass)
TYPED_KEYWORDS = (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
    "pattern", "minItems", "maxItems", "uniqueItems", "required",
)  # fmt: skip


def typeless_constraints(node: dict[str, Any]) -> list[str]:
    """The keywords of a schema with no type (given or implied) that a Python type cannot say
    without one: the schema is any value, and they are not enforced."""
    return [k for k in TYPED_KEYWORDS if k in node and not (k == "uniqueItems" and node[k] is False)]


def check_value_kinds(node: dict[str, Any], keyword: str, loc: Location, warn: Callable[[Location, str], None]) -> None:
    """An enum or const value that contradicts the schema's explicit ``type`` is almost always a
    typo (``404`` for ``"404"``): a warning says so, and the values are kept as written (the
    user's API sends them; refusing the whole spec would serve no one). An array or object
    against a scalar type stays an error: it cannot be a literal, and may be an alias bomb.
    Values of several types without a ``type`` are valid JSON Schema (``enum: [red, 42, null]``),
    and so is null beside a ``type`` (how OpenAPI 3.0 and 3.1 spell "or null")."""
    values = node["enum"] if keyword == "enum" else [node["const"]]
    declared = node.get("type")
    if not isinstance(declared, (str, list)):
        return
    allowed = {declared} if isinstance(declared, str) else set(declared)
    if "number" in allowed:
        allowed.add("integer")
    for i, v in enumerate(values):
        kind = _json_kind(v)
        if v is None or kind in allowed:
            continue
        where = loc.child("enum", i) if keyword == "enum" else loc.child("const")
        article = "an" if kind[0] in "aeiou" else "a"
        if isinstance(v, (dict, list)):  # a collection may be an alias bomb: not shown
            raise SpecError(
                f"{keyword} value is {article} {kind}, but the schema's type is {shown(declared)}",
                location=where,
                hint="make the value match the type, or the type match the values",
            )
        warn(where, f"{keyword} value {shown(v)} is {article} {kind}, but the schema's type is {shown(declared)}; kept as written")


def const(node: dict[str, Any], loc: Location, warn: Callable[[Location, str], None]) -> ir.TypeExpr:
    value = literal(node["const"], loc, "const")
    check_value_kinds(node, "const", loc, warn)
    if isinstance(value, (dict, list)):
        warn(loc.child("const"), STRUCTURED)
    return values_type([value])


def enum(node: dict[str, Any], loc: Location, resolver: Resolver, warn: Callable[[Location, str], None]) -> ir.TypeExpr:
    """The values of ``node``'s ``enum`` (without null if null was taken out as "or null");
    errors point at the values as the file has them."""
    values = node["enum"]
    if not isinstance(values, list) or not values:
        raise SpecError("enum must be a non-empty list", location=loc.child("enum"))
    written = _as_written(node, loc, resolver)
    kept = [(i, v) for i, v in enumerate(written["enum"]) if v is not None or None in values]
    found = [literal(v, loc, "enum", i) for i, v in kept]
    check_value_kinds(written, "enum", loc, warn)
    if any(isinstance(v, (dict, list)) for v in found):
        warn(loc.child("enum"), STRUCTURED)
    t = values_type(found)
    names = member_names_given(written, loc, warn)
    if names and isinstance(t, ir.LiteralOf) and len(t.values) == len(kept):
        return ir.LiteralOf(t.values, tuple(names[i] for i, _ in kept))
    return t


# Where generators of other languages let a spec name the members of an enum, one per value
NAMES_KEYWORDS = ("x-enum-varnames", "x-enumNames")


def member_names_given(node: dict[str, Any], loc: Location, warn: Callable[[Location, str], None]) -> list[str]:
    """The names ``x-enum-varnames`` (or ``x-enumNames``) gives the values of ``enum``, if it
    gives a string for each; else none (with a warning when it is there but unusable)."""
    for keyword in NAMES_KEYWORDS:
        names = node.get(keyword)
        if names is None:
            continue
        if isinstance(names, list) and len(names) == len(node["enum"]) and all(isinstance(n, str) and n for n in names):
            return names
        warn(loc.child(keyword), f"{keyword} is not a list of one name per enum value; the values name the members")
        return []
    return []


def _as_written(node: dict[str, Any], loc: Location, resolver: Resolver) -> dict[str, Any]:
    """The schema at ``loc`` as the file has it, if ``node`` is that schema with null taken out
    of its enum (or its type): errors must point at the values as written."""
    try:
        written = resolver.node(loc)
    except (SpecError, KeyError):
        return node
    if not isinstance(written, dict) or not isinstance(written.get("enum"), list):
        return node
    if [v for v in written["enum"] if v is not None] != [v for v in node["enum"] if v is not None]:
        return node
    return written


def usable_pattern(node: dict[str, Any], loc: Location, warn: Callable[[Location, str], None]) -> dict[str, Any]:
    """``node`` without its ``pattern`` if Python cannot use it (checked with ``re``, which
    the Pydantic flavour is told to use), with a warning: the rest of the schema still holds."""
    pattern = node["pattern"]
    try:
        if not isinstance(pattern, str):
            raise TypeError("not a string")
        re.compile(pattern)
    except (re.error, TypeError, ValueError, OverflowError, RecursionError) as exc:
        warn(loc.child("pattern"), f"pattern {shown(pattern)} is not a regular expression Python can use ({exc}); not enforced")
        return {k: v for k, v in node.items() if k != "pattern"}
    return node


# The keywords ``constrain`` reads, by JSON type.
_NUMBER_KEYWORDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
_CONSTRAINT_KEYWORDS = {
    "integer": _NUMBER_KEYWORDS, "number": _NUMBER_KEYWORDS,
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "array": frozenset({"minItems", "maxItems", "uniqueItems"}),
    "object": frozenset({"minProperties", "maxProperties"}),  # of a map (see plain_map)
}  # fmt: skip


def plain_map(node: dict[str, Any]) -> bool:
    """Whether the schema is a map and no more (its values' schema or any value): then its
    ``minProperties``/``maxProperties`` bound the map's length, as a constraint every validating
    flavour checks. Beside properties or patterns they cannot be said, and are warned about."""
    if (node.get("type") or implied_type(node)) != "object" or node.get("additionalProperties") is False:
        return False
    return not any(k in node for k in ("properties", "patternProperties", "required", "allOf", "anyOf", "oneOf", "$ref"))


def constrain(
    t: ir.TypeExpr, node: dict[str, Any], kind: str, loc: Location, warn: Callable[[Location, str], None]
) -> ir.TypeExpr:
    """``t`` with the constraints of ``node`` that apply to a value of JSON type ``kind``. A
    constraint whose value no validator can use (not a number, infinite, a negative length, a
    ``multipleOf`` of 0) is left out with a warning; on an integer, a bound or step that is not an
    integer becomes the integer one that accepts the same integers."""
    if _CONSTRAINT_KEYWORDS.get(kind, frozenset()).isdisjoint(node):
        return t  # the usual schema: no constraint (checked at C speed)
    c: dict[str, Any] = {}
    if kind in ("integer", "number"):
        for side in ("minimum", "maximum"):
            bound = _number(node, side, loc, warn)
            flag = node.get("exclusive" + side.capitalize())
            if flag is True:  # OpenAPI 3.0: a boolean beside minimum/maximum
                c["exclusive_" + side] = bound
            else:
                c[side] = bound
                if not isinstance(flag, bool):
                    c["exclusive_" + side] = _number(node, "exclusive" + side.capitalize(), loc, warn)
        step = _number(node, "multipleOf", loc, warn)
        if step is not None and step <= 0:
            warn(loc.child("multipleOf"), f"multipleOf {shown(step)} is not greater than 0; not enforced")
            step = None
        c["multiple_of"] = step
        if kind == "integer":
            c = _on_integers(c)
    elif kind == "string":
        c["min_length"], c["max_length"] = _count(node, "minLength", loc, warn), _count(node, "maxLength", loc, warn)
        c["pattern"] = node.get("pattern") if isinstance(node.get("pattern"), str) else None
    elif kind == "array":
        c["min_length"], c["max_length"] = _count(node, "minItems", loc, warn), _count(node, "maxItems", loc, warn)
        c["unique_items"] = True if node.get("uniqueItems") is True else None
    elif kind == "object":
        c["min_length"], c["max_length"] = _count(node, "minProperties", loc, warn), _count(node, "maxProperties", loc, warn)
    c = {k: v for k, v in c.items() if v is not None}
    _warn_if_empty(c, kind, loc, warn)
    return ir.Constrained(t, ir.Constraints(**c)) if c else t


_BOUNDS = [("minimum", "maximum"), ("exclusive_minimum", "maximum"), ("minimum", "exclusive_maximum")]
_BOUNDS += [("exclusive_minimum", "exclusive_maximum"), ("min_length", "max_length")]


def _warn_if_empty(c: dict[str, Any], kind: str, loc: Location, warn: Callable[[Location, str], None]) -> None:
    """A warning when a lower bound is above the upper one: no value can be read (the models
    enforce what the schema says, so every value is refused)."""
    for low, high in _BOUNDS:
        if low in c and high in c and (c[low] > c[high] or (c[low] == c[high] and "exclusive" in low + high)):
            low_word, high_word = (_keyword(name, kind) for name in (low, high))
            warn(loc.child(low_word), f"{low_word} {shown(c[low])} and {high_word} {shown(c[high])} leave no value: every value is refused")
            return


def _keyword(constraint: str, kind: str) -> str:
    """The keyword of the IR's ``constraint`` on a value of JSON type ``kind`` (``min_length``
    is ``minItems`` on an array)."""
    words = ir.CONSTRAINT_KEYWORDS[constraint]
    return words[min(_BY_KIND.get(kind, 0), len(words) - 1)]


_BY_KIND = {"string": 0, "array": 1, "object": 2}  # (the keywords' order in ir.CONSTRAINT_KEYWORDS)


def _number(node: dict[str, Any], keyword: str, loc: Location, warn: Callable[[Location, str], None]) -> int | float | None:
    value = node.get(keyword)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
        warn(loc.child(keyword), f"{keyword} {shown(value)} is not a finite number; not enforced")
        return None
    return value


def _count(node: dict[str, Any], keyword: str, loc: Location, warn: Callable[[Location, str], None]) -> int | None:
    value = node.get(keyword)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)  # 1.0 is the integer 1 in JSON Schema
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        warn(loc.child(keyword), f"{keyword} {shown(value)} is not a non-negative integer; not enforced")
        return None
    return value


def _on_integers(c: dict[str, Any]) -> dict[str, Any]:
    """Bounds and step for integers, as integers: ``minimum: 1.5`` is ``minimum: 2``,
    ``exclusiveMaximum: 2.5`` is ``maximum: 2``, ``multipleOf: 1.5`` is ``multipleOf: 3``."""
    out = dict(c)
    for side, rounded in (("minimum", math.ceil), ("maximum", math.floor)):
        bound, exclusive = out.get(side), out.get("exclusive_" + side)
        if isinstance(bound, float):
            out[side] = rounded(bound)
        if isinstance(exclusive, float):
            if exclusive.is_integer():
                out["exclusive_" + side] = int(exclusive)
            else:  # x > 1.5 is x >= 2 for an integer
                out["exclusive_" + side] = None
                limit = rounded(exclusive)
                current = out.get(side)
                tighter = max if side == "minimum" else min
                out[side] = limit if current is None else tighter(current, limit)
    step = out.get("multiple_of")
    if isinstance(step, float):
        from fractions import Fraction

        ratio = Fraction(repr(step))  # the decimal the spec wrote: 0.1 is 1/10
        out["multiple_of"] = ratio.numerator if ratio.numerator != 1 else None  # p/q in lowest terms: multiples of p
    return out


def default(
    prop: Any,
    loc: Location,
    ftype: ir.TypeExpr,
    resolver: Resolver,
    definitions: ir.Definitions,
    warn: Callable[[Location, str], None],
) -> ir.Default | None:
    """What an absent property means: its ``default``, or that of the schema it refers to. A
    default that is not a value of the property's type is left out, with a warning (the code
    would not type-check, and the value could never be read)."""
    if not isinstance(prop, dict):
        return None
    holder: Any = prop
    where = loc
    if "default" not in holder:
        holder, where, _ = split_null(prop, loc)
        if "default" not in holder and "$ref" in holder:
            where, holder = resolver.resolve(holder["$ref"], where)
    if not isinstance(holder, dict) or "default" not in holder:
        return None
    value = holder["default"]
    check_value_size(value, where.child("default"))
    if value is None and not isinstance(ftype, ir.Nullable):
        return None
    bare = ir.strip(ftype)
    if isinstance(value, dict) and isinstance(bare, ir.Ref) and not isinstance(definitions.get(bare.key), ir.Alias):
        return None  # an object default for a model: left to the model's own defaults
    if not ir.fits(value, ftype, definitions):
        warn(where.child("default"), f"the default {shown(value)} is not a value of the property's type; left out")
        return None
    if _unwritable(value, ftype, definitions, top=True):
        warn(where.child("default"), f"the default {shown(value)} holds objects of a model (or tuples in a collection), which a literal cannot write; left out")
        return None
    return ir.Default(value)


def _unwritable(value: Any, t: ir.TypeExpr, definitions: ir.Definitions, top: bool = False, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``value`` has, at a place of ``t``, an object that must be a model instance, or
    an array that must be a tuple below the top (a tuple default itself is written as one)."""
    t = ir.strip(t)
    match t:
        case ir.Ref(key):
            d = definitions.get(key)
            if not isinstance(d, ir.Alias):  # a model, or not built yet: it may be one
                return isinstance(value, dict)
            return key not in seen and _unwritable(value, d.type, definitions, top, seen | {key})
        case ir.ListOf(item):
            return isinstance(value, list) and any(_unwritable(v, item, definitions, False, seen) for v in value)
        case ir.MapOf(item):
            return isinstance(value, dict) and any(_unwritable(v, item, definitions, False, seen) for v in value.values())
        case ir.TupleOf(items):
            return not top or any(_unwritable(v, i, definitions, False, seen) for v, i in zip(value, items))
        case ir.UnionOf(members):
            fitting = [m for m in members if ir.fits(value, m, definitions)]
            return bool(fitting) and _unwritable(value, fitting[0], definitions, top, seen)
        case _:
            return False
