"""Every way a spec says "or null", taken off a schema: ``nullable: true`` (OpenAPI 3.0, and in
3.1 documents too), ``type: [T, "null"]``, ``enum`` with ``null``, ``anyOf``/``oneOf`` with a null
member, and ``allOf`` with a ``{nullable: true}`` member."""

from __future__ import annotations

from typing import Any

from ..errors import Location

# Keys that describe a schema without changing which values it accepts.
ANNOTATIONS = frozenset(
    {
        "description", "title", "example", "examples", "default", "deprecated", "readOnly",
        "writeOnly", "externalDocs", "xml", "$comment", "format", "discriminator", "$schema", "$id",
    }
)  # fmt: skip


def structural(node: dict[str, Any]) -> set[str]:
    """The keys of ``node`` that constrain values (not annotations, not ``x-`` extensions)."""
    return {k for k in node if k not in ANNOTATIONS and not str(k).startswith("x-")}


def is_null_schema(node: Any) -> bool:
    """``{type: "null"}``, ``{enum: [null]}`` or ``{const: null}``."""
    if not isinstance(node, dict):
        return False
    keys = structural(node)
    if node.get("type") == "null" and keys <= {"type", "nullable"}:
        return True
    if keys == {"enum"} and node["enum"] == [None]:
        return True
    return keys == {"const"} and node["const"] is None


def only_nullable(node: Any) -> bool:
    """``{nullable: true}`` (with annotations at most): an allOf member that only adds null."""
    return isinstance(node, dict) and structural(node) == {"nullable"} and node["nullable"] is True


# The keywords with which a schema may say "or null" (besides a list of types).
_NULL_KEYWORDS = frozenset({"nullable", "enum", "anyOf", "oneOf", "allOf"})


def split_null(node: dict[str, Any], loc: Location) -> tuple[dict[str, Any], Location, bool]:
    """Take every way a spec says "or null" off ``node``: return the rest, where it is, and
    whether null was allowed."""
    if _NULL_KEYWORDS.isdisjoint(node) and not isinstance(node.get("type"), list):
        return node, loc, False  # the usual schema: nothing to take off (checked at C speed)
    nullable = False
    while True:
        changed = False
        if node.get("nullable") is True:
            node, nullable, changed = {k: v for k, v in node.items() if k != "nullable"}, True, True
        kind = node.get("type")
        if isinstance(kind, list) and "null" in kind and len(kind) > 1:
            rest = [k for k in kind if k != "null"]
            node = {**node, "type": rest[0] if len(rest) == 1 else rest}
            nullable = changed = True
        if isinstance(node.get("enum"), list) and None in node["enum"] and len(node["enum"]) > 1:
            node = {**node, "enum": [v for v in node["enum"] if v is not None]}
            nullable = changed = True
        for keyword in ("anyOf", "oneOf", "allOf"):
            members = node.get(keyword)
            if not isinstance(members, list):
                continue
            test = only_nullable if keyword == "allOf" else is_null_schema
            kept = [(i, m) for i, m in enumerate(members) if not test(m)]
            if len(kept) == len(members) or not kept:
                continue
            nullable = changed = True
            if len(kept) == 1 and not (structural(node) - {keyword, "type"}):
                i, member = kept[0]
                if not isinstance(member, dict):
                    return node, loc, nullable
                outer = {k: v for k, v in node.items() if k in ANNOTATIONS and k not in member}
                node, loc = {**member, **outer}, loc.child(keyword, i)
            else:
                node = {**node, keyword: [m for _, m in kept]}
            break
        if not changed:
            return node, loc, nullable
