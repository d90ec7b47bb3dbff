"""Hypothesis strategies for JSON values valid under a JSON Schema (the subset specs use).

Written against JSON Schema, not against modelgen's IR, so the payloads are an independent check.
The strategies aim at valid values; tests still ask the validator and discard any that is not
(a `oneOf` whose members overlap, say).
"""

from __future__ import annotations

import base64
import datetime
import math
from typing import Any

from hypothesis import strategies as st

# Strings in the formats read as Python types, in the canonical form every flavour writes back
# (UTC as `Z`, a duration under a minute in seconds, lower-case UUIDs, padded base64).
FORMATTED: dict[str, st.SearchStrategy[str]] = {
    "date-time": st.datetimes(datetime.datetime(1970, 1, 1), datetime.datetime(2100, 1, 1)).map(
        lambda moment: moment.replace(microsecond=0).isoformat() + "Z"
    ),
    "date": st.dates(datetime.date(1, 1, 1)).map(datetime.date.isoformat),
    "time": st.times().map(lambda moment: moment.replace(microsecond=0).isoformat() + "Z"),  # (RFC 3339: with its offset)
    "duration": st.integers(1, 59).map(lambda seconds: f"PT{seconds}S"),
    "uuid": st.uuids().map(str),
    "decimal": st.decimals(-(10**6), 10**6, places=2).map(str),
    "byte": st.binary(max_size=12).map(lambda octets: base64.b64encode(octets).decode()),
}
JSON_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = root
        for token in schema["$ref"].lstrip("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def from_schema(schema: Any, root: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    if schema is True or schema == {}:
        return ANY_JSON
    schema = resolve(schema, root)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            return st.one_of([from_schema(m, root, depth + 1) for m in schema[keyword]])
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for member in schema["allOf"]:
            for key, value in resolve(member, root).items():
                if key == "properties":
                    merged.setdefault("properties", {}).update(value)
                elif key == "required":
                    merged["required"] = list(merged.get("required", [])) + list(value)
                else:
                    merged.setdefault(key, value)
        return from_schema({**{k: v for k, v in schema.items() if k != "allOf"}, **merged}, root, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}, root, depth) for k in kind])
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else None
    if kind == "object":
        return _object(schema, root, depth)
    if kind == "array":
        items = from_schema(schema.get("items", True), root, depth + 1)
        low = schema.get("minItems", 0)
        high = min(schema.get("maxItems", low + 3), low + 3 if depth < 3 else low)
        return st.lists(items, min_size=low, max_size=high)
    if kind == "string":
        if schema.get("format") in FORMATTED:
            return FORMATTED[schema["format"]]
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: _length_ok(s, schema))
        return st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 12), 12))
    if kind == "integer":
        low, high = _bounds(schema)
        return st.integers(None if low is None else math.ceil(low), None if high is None else math.floor(high))
    if kind == "number":
        low, high = _bounds(schema)
        floats = st.floats(low, high, allow_nan=False, allow_infinity=False,
                           exclude_min="exclusiveMinimum" in schema, exclude_max="exclusiveMaximum" in schema)
        return floats
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return ANY_JSON


def _object(schema: dict[str, Any], root: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    fixed = {k: from_schema(v, root, depth + 1) for k, v in properties.items() if k in required}
    optional = {k: from_schema(v, root, depth + 1) for k, v in properties.items() if k not in required and depth < 4}
    base = st.fixed_dictionaries(fixed, optional=optional)
    extra = schema.get("additionalProperties", True)
    if properties or extra is False:
        return base
    values = ANY_JSON if extra is True or extra == {} else from_schema(extra, root, depth + 1)
    return st.dictionaries(st.text(max_size=8), values, max_size=3)


def _bounds(schema: dict[str, Any]) -> tuple[float | None, float | None]:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    return low, high


def _length_ok(text: str, schema: dict[str, Any]) -> bool:
    return schema.get("minLength", 0) <= len(text) <= schema.get("maxLength", 10**9)


def closure(schemas: dict[str, Any], name: str) -> dict[str, Any]:
    """The named component and every component it refers to, as a root document."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(_refs(schemas[current]) - seen)
    return {"components": {"schemas": {n: schemas[n] for n in sorted(seen)}}}


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found
