"""What the naming stage needs from a schema: the path of names a definition is hinted by, the
label of an inline union member, and the description that becomes its docstring."""

from __future__ import annotations

from typing import Any

from generator.errors import Location, unescape_pointer_token
from generator.naming import pascal
from generator.normalise.nulls import is_null_schema

KIND_LABELS = {
    "object": "Object", "string": "String", "integer": "Integer", "number": "Number",
    "boolean": "Boolean", "array": "Array",
}  # fmt: skip
# Where a pointer token names a place rather than a thing: what it adds to a name.
STEP_LABELS = {"items": "Item", "additionalProperties": "Value"}


def hint_from_pointer(loc: Location) -> tuple[str, ...]:
    """Name parts for a schema reached by reference: a component's name, or the path under it."""
    tokens = [unescape_pointer_token(t) for t in loc.pointer.split("/")[1:]]
    if tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
        tokens = tokens[2:]
    hint: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("properties", "allOf", "anyOf", "oneOf") and i + 1 < len(tokens):
            if token == "properties":
                hint.append(tokens[i + 1])
            i += 2
            continue
        hint.append(STEP_LABELS.get(token, token))
        i += 1
    return tuple(hint) or (loc.file.rsplit("/", 1)[-1].split(".")[0],)


def member_label(member: Any) -> str:
    """A name for an inline union member: its constant tag, its title, or its kind."""
    if not isinstance(member, dict) or "$ref" in member:
        return ""
    props = member.get("properties") or {}
    if isinstance(props, dict):
        for name in sorted(props, key=lambda n: (n != "type", str(n))):
            p = props[name]
            if isinstance(p, dict):
                values = p.get("enum") if "const" not in p else [p["const"]]
                if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str) and pascal(values[0]):
                    return pascal(values[0])
    if isinstance(member.get("title"), str) and pascal(member["title"]):
        return pascal(member["title"])
    kind = member.get("type")
    return KIND_LABELS.get(kind, "Option") if isinstance(kind, str) else "Option"


def description(node: Any) -> str | None:
    """The text that documents a schema: its description, the description of its only non-null
    ``anyOf``/``oneOf`` member, or its title. Anything but a string is not documentation."""
    if not isinstance(node, dict):
        return None
    text = node.get("description")
    if text is None:
        for keyword in ("anyOf", "oneOf"):
            members = node.get(keyword)
            if isinstance(members, list):
                rest = [m for m in members if not is_null_schema(m)]
                if len(rest) == 1 and isinstance(rest[0], dict) and "$ref" not in rest[0]:
                    text = rest[0].get("description")
    if text is None:
        text = node.get("title")
    if not isinstance(text, str):
        return None
    return text.strip() or None
