"""What the naming stage needs from a schema: the path of names a definition is hinted by, the
label of an inline union member, and the description that becomes its docstring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import Location, unescape_pointer_token
from ..naming import pascal, words
from .nulls import is_null_schema

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
        if token in ("properties", "$defs", "definitions", "allOf", "anyOf", "oneOf") and i + 1 < len(tokens):
            if token in ("properties", "$defs", "definitions"):
                hint.append(tokens[i + 1])
            i += 2
            continue
        hint.append(STEP_LABELS.get(token, token))
        i += 1
    return tuple(hint) or (loc.file.rsplit("/", 1)[-1].split(".")[0],)


def member_labels(members: list[Any], resolve: Callable[[str], Any]) -> list[str]:
    """Names for the inline members of a union, each from the first of these that tells it from
    the others: its constant tag, its title (its first ``LABEL_WORDS`` words), the schemas it is
    made of (``allOf`` of ``$ref``s), its kind, ``With`` and a property of its own (see
    ``_properties``). A ``$ref`` member is named by its target: no label. A label depends on the
    union's own members only, never on a schema elsewhere in the spec."""
    inline = [m for m in members if isinstance(m, dict) and "$ref" not in m]
    rules: list[Callable[[Any], str]] = [
        lambda m: _tag(m, resolve, 0), _title, _made_of, _kind, lambda m: _properties(m, inline),
    ]
    labels = ["" for _ in members]
    for i, member in enumerate(members):
        if not isinstance(member, dict) or "$ref" in member:
            continue
        for rule in rules:
            label = rule(member)
            others = [rule(m) for j, m in enumerate(members) if j != i and isinstance(m, dict) and "$ref" not in m]
            if label and label not in others:
                labels[i] = label
                break
        else:  # nothing tells it apart: the first label there is (naming resolves the clash)
            labels[i] = next((label for rule in rules if (label := rule(member))), "Option")
    return labels


def merged_member_labels(members: list[Any], resolve: Callable[[str], Any]) -> list[str]:
    """Names for the members of a union merged with the union's own properties (each is inline
    then): a ``$ref`` member by its target's name, an inline one as ``member_labels`` names it."""
    labels = member_labels(members, resolve)
    refs = [m.get("$ref") if isinstance(m, dict) else None for m in members]
    return [pascal(ref.rsplit("/", 1)[-1]) if isinstance(ref, str) else label for ref, label in zip(refs, labels)]


def _tag(member: dict[str, Any], resolve: Callable[[str], Any], depth: int) -> str:
    """The value of a property the member (or a schema it is made of) fixes to one string."""
    props = member.get("properties") or {}
    if isinstance(props, dict):
        for name in sorted(props, key=lambda n: (n != "type", str(n))):
            p = props[name]
            if isinstance(p, dict):
                values = p.get("enum") if "const" not in p else [p["const"]]
                if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str) and pascal(values[0]):
                    return pascal(values[0])
    parts = member.get("allOf")
    if isinstance(parts, list) and depth < 8:
        for part in parts:
            target = resolve(part["$ref"]) if isinstance(part, dict) and isinstance(part.get("$ref"), str) else part
            if isinstance(target, dict):
                found = _tag(target, resolve, depth + 1)
                if found:
                    return found
    return ""


# At most this many words of a title, or of the property names after ``With``, make a label:
# a title can be a sentence, and an object dozens of properties.
LABEL_WORDS = 5


# Words a cut title does not end with
_DANGLING = frozenset({"A", "An", "And", "As", "At", "By", "For", "From", "In", "Of", "On", "Or", "The", "To", "With"})


def _title(member: dict[str, Any]) -> str:
    """The member's title, cut to ``LABEL_WORDS`` words and then to a word that can end it."""
    title = member.get("title")
    if not isinstance(title, str):
        return ""
    kept = words(pascal(title))
    if len(kept) > LABEL_WORDS:
        kept = kept[:LABEL_WORDS]
        while len(kept) > 1 and kept[-1] in _DANGLING:
            kept.pop()
    return "".join(kept)


def _made_of(member: dict[str, Any]) -> str:
    parts = member.get("allOf")
    if not isinstance(parts, list):
        return ""
    names = [p["$ref"].rsplit("/", 1)[-1] for p in parts if isinstance(p, dict) and isinstance(p.get("$ref"), str)]
    return "".join(pascal(n) for n in names)


def _kind(member: dict[str, Any]) -> str:
    kind = member.get("type")
    return KIND_LABELS.get(kind, "") if isinstance(kind, str) else ""


def _properties(member: dict[str, Any], inline: list[dict[str, Any]]) -> str:
    """``With`` and the name of the member's first property that no other inline member of the
    union has, which tells it from them in one name (GitHub's webhook members differ by
    ``requested_team`` and ``requested_reviewer`` among nine shared properties). Required
    properties come first, then the others, each in the spec's order. A member with no property
    of its own takes its first properties in that order, up to ``LABEL_WORDS`` words (at least one
    property)."""
    props = member.get("properties")
    if not isinstance(props, dict) or not props:
        return ""
    required = member.get("required")
    required = set(required) if isinstance(required, list) else set()
    ordered = [str(n) for n in props if n in required] + [str(n) for n in props if n not in required]
    others: set[str] = set()
    for m in inline:
        if m is not member and isinstance(m.get("properties"), dict):
            others.update(str(n) for n in m["properties"])
    own = [n for n in ordered if n not in others and pascal(n)]
    if own:
        return "With" + pascal(own[0])
    label: list[str] = []
    for name in ordered:
        more = words(pascal(name))
        if label and len(label) + len(more) > LABEL_WORDS:
            break
        label += more
    return "With" + "".join(label)


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
