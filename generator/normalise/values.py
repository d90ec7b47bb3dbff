"""Values a schema holds: ``enum`` and ``const`` (checked against the schema's ``type``),
constraints (``minimum``, ``maxLength``, ``pattern``...) and ``default``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from generator import ir
from generator.errors import Location, SpecError, shown
from generator.normalise.limits import check_value_size
from generator.normalise.nulls import split_null
from generator.resolve import Resolver


def literal(value: Any, loc: Location) -> ir.LiteralValue | float:
    """An ``enum`` or ``const`` value: a ``Literal`` member, or a float (which cannot be one)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise SpecError(
        f"enum and const values must be strings, numbers, booleans or null, found {shown(value)}",
        location=loc,
        hint="an object or an array as an enum value cannot be a Literal; describe it with a schema",
    )


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "integer"


def values_type(values: list[ir.LiteralValue | float]) -> ir.TypeExpr:
    """The type of a set of enum values: a ``Literal`` of those that can be one, and a float
    constrained to the others (``Literal[1.5]`` is not valid Python)."""
    exact = tuple(dict.fromkeys(v for v in values if not isinstance(v, float)))
    numbers = tuple(dict.fromkeys(v for v in values if isinstance(v, float)))
    parts: list[ir.TypeExpr] = []
    if numbers:
        parts.append(ir.Constrained(ir.Primitive("float"), ir.Constraints(one_of=numbers)))
    if exact:
        parts.append(ir.LiteralOf(exact))
    return parts[0] if len(parts) == 1 else ir.UnionOf(tuple(parts))


def check_value_kinds(node: dict[str, Any], keyword: str, loc: Location) -> None:
    """An enum or const value that contradicts the schema's explicit ``type`` is almost always a
    typo (``404`` for ``"404"``): say so rather than generate a type no value can have. Values of
    several types without a ``type`` are valid JSON Schema (``enum: [red, 42, null]``), and so is
    null beside a ``type`` (how OpenAPI 3.0 and 3.1 spell "or null")."""
    values = node["enum"] if keyword == "enum" else [node["const"]]
    declared = node.get("type")
    if not isinstance(declared, (str, list)):
        return
    allowed = {declared} if isinstance(declared, str) else set(declared)
    if "number" in allowed:
        allowed.add("integer")
    for i, v in enumerate(values):
        kind = _json_kind(v)
        if v is not None and kind not in allowed:
            raise SpecError(
                f"{keyword} value {shown(v)} is {'an' if kind == 'integer' else 'a'} {kind}, "
                f"but the schema's type is {shown(declared)}",
                location=loc.child("enum", i) if keyword == "enum" else loc.child("const"),
                hint="make the value match the type, or the type match the values",
            )


def const(node: dict[str, Any], loc: Location) -> ir.TypeExpr:
    value = literal(node["const"], loc.child("const"))
    check_value_kinds(node, "const", loc)
    return values_type([value])


def enum(node: dict[str, Any], loc: Location, resolver: Resolver) -> ir.TypeExpr:
    """The values of ``node``'s ``enum`` (without null if null was taken out as "or null");
    errors point at the values as the file has them."""
    values = node["enum"]
    if not isinstance(values, list) or not values:
        raise SpecError("enum must be a non-empty list", location=loc.child("enum"))
    written = _as_written(node, loc, resolver)
    kept = [(i, v) for i, v in enumerate(written["enum"]) if v is not None or None in values]
    found = [literal(v, loc.child("enum", i)) for i, v in kept]
    check_value_kinds(written, "enum", loc)
    return values_type(found)


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


def constrain(t: ir.TypeExpr, node: dict[str, Any], kind: str) -> ir.TypeExpr:
    """``t`` with the constraints of ``node`` that apply to a value of JSON type ``kind``."""
    c: dict[str, Any] = {}
    if kind in ("integer", "number"):
        c["minimum"], c["maximum"] = node.get("minimum"), node.get("maximum")
        c["multiple_of"] = node.get("multipleOf")
        for side in ("minimum", "maximum"):
            flag = node.get("exclusive" + side.capitalize())
            if flag is True:  # OpenAPI 3.0: a boolean beside minimum/maximum
                c["exclusive_" + side], c[side] = c[side], None
            elif isinstance(flag, (int, float)) and not isinstance(flag, bool):
                c["exclusive_" + side] = flag
    elif kind == "string":
        c["min_length"], c["max_length"] = node.get("minLength"), node.get("maxLength")
        c["pattern"] = node.get("pattern")
    elif kind == "array":
        c["min_length"], c["max_length"] = node.get("minItems"), node.get("maxItems")
        c["unique_items"] = True if node.get("uniqueItems") is True else None
    c = {k: v for k, v in c.items() if v is not None and (not isinstance(v, bool) or k == "unique_items")}
    return ir.Constrained(t, ir.Constraints(**c)) if c else t


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
    if isinstance(value, dict) and isinstance(ir.strip(ftype), ir.Ref):
        return None  # an object default for a model: left to the model's own defaults
    if not ir.fits(value, ftype, definitions):
        warn(where.child("default"), f"the default {shown(value)} is not a value of the property's type; left out")
        return None
    return ir.Default(value)
