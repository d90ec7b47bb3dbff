"""The schemas behind the IR, found by JSON pointer in the spec's root document, and the Overlay
actions (``check-payloads``) that make one of them accept what a payload has.

The IR says where each definition and field comes from (``file#/json/pointer``); this module
reads the document's data at those pointers (and at the ``allOf``/``anyOf``/``oneOf`` parts a
schema holds inline) to name the exact place a payload deviates and to write the fix there. An
overlay changes the spec's own document only: a schema in another file gets no fix, and says why.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import ir
from ..errors import escape_pointer_token, unescape_pointer_token
from ..naming import pascal
from ..normalise.inheritance import has_shared_properties
from ..normalise.nulls import is_null_schema, structural
from ..overlay import Action

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# a bound and its exclusive form: a fix removes both (the IR reads ``exclusiveMaximum: 10.5`` on
# an integer as ``maximum: 10``, and OpenAPI 3.0 writes ``exclusiveMinimum: true`` beside ``minimum``)
RELATED_KEYWORDS = {
    "minimum": ("minimum", "exclusiveMinimum"), "exclusiveMinimum": ("minimum", "exclusiveMinimum"),
    "maximum": ("maximum", "exclusiveMaximum"), "exclusiveMaximum": ("maximum", "exclusiveMaximum"),
}  # fmt: skip


@dataclass(frozen=True)
class Fix:
    """The actions that accept one deviation. ``node`` is the pointer of the schema they change;
    ``rewrites`` says whether they replace part of it (then no other fix may touch that schema
    in the same round) or only append to it."""

    node: str
    actions: tuple[Action, ...]
    rewrites: bool


# A fix, or why there is none (exactly one of the two is set).
Outcome = tuple[Fix | None, str | None]


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``1``, ``1.0`` and ``True`` are three different values."""
    return type(a) is type(b) and a == b


def short_name(key: str) -> str:
    """The last token of a definition's key or a pointer: ``#/components/schemas/Run`` → ``Run``."""
    return unescape_pointer_token(key.rsplit("/", 1)[-1])


def quote(text: str) -> str:
    """``text`` as an RFC 9535 string literal."""
    if all(" " <= c and c not in "'\\" for c in text):
        return f"'{text}'"
    surrogates = any("\ud800" <= c <= "\udfff" for c in text)
    return json.dumps(text, ensure_ascii=surrogates)  # JSON's escapes are JSONPath's


def key_path(target: str, key: str) -> str:
    """The JSONPath of member ``key`` of the node at ``target``."""
    return f"{target}.{key}" if IDENTIFIER.match(key) else f"{target}[{quote(key)}]"


def jsonpath(data: Any, pointer: str) -> str:
    """The RFC 9535 JSONPath of a JSON pointer into ``data``: ``/paths/~1runs/get`` →
    ``$.paths['/runs'].get`` (``/oneOf/0`` → ``.oneOf[0]``: an index only into an array)."""
    target, node = "$", data
    for raw in pointer[1:].split("/") if pointer else []:
        token = unescape_pointer_token(raw)
        if isinstance(node, list) and token.isdigit():
            target, node = f"{target}[{token}]", node[int(token)]
        else:
            target, node = key_path(target, token), node.get(token) if isinstance(node, dict) else None
    return target


class RootDocument:
    """The spec's root document as the IR was read from it: its schemas by pointer."""

    def __init__(self, data: Any, name: str, written: tuple[Any, tuple[tuple[str, str], ...]] | None = None) -> None:
        self.data = data
        self.name = name  # as locations name it
        # a Swagger 2.0 or JSON Schema file read as OpenAPI 3 (``inputs``): the data as the file
        # has it (overlays address that), and where the places added in reading it stand there
        self.source, self.moved = written if written is not None else (data, ())
        # a property that allOf members each say something of: the places besides the IR's own
        self.also: dict[str, list[str]] = {}

    def written(self, pointer: str) -> str:
        """Where ``pointer`` (into ``data``) is in the file as written (``inputs.original``)."""
        for added, was in self.moved:
            if pointer == added or pointer.startswith(added + "/"):
                return was + pointer[len(added) :]
        return pointer

    def pointer(self, at: str) -> str | None:
        """The JSON pointer of ``at`` in the root document, or None when it is in another file."""
        file, _, pointer = at.partition("#")
        return pointer if file == self.name else None

    def node(self, pointer: str) -> Any:
        """The data at ``pointer``; None where there is none (a schema the IR adds, like the
        open member of tolerant reading)."""
        node = self.data
        for raw in pointer[1:].split("/") if pointer else []:
            token = unescape_pointer_token(raw)
            if isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, dict) and token.isdigit() and int(token) in node:
                node = node[int(token)]  # YAML reads an unquoted key like 200 as a number
            else:
                return None
        return node

    def within(self, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The schema at ``pointer`` and those its ``allOf``/``anyOf``/``oneOf`` hold inline
        (not through ``$ref``), nearest first."""
        queue = [pointer]
        while queue:
            p = queue.pop(0)
            node = self.node(p)
            if not isinstance(node, dict):
                continue
            yield p, node
            for keyword in ("allOf", "anyOf", "oneOf"):
                members = node.get(keyword)
                if isinstance(members, list):
                    queue.extend(f"{p}/{keyword}/{i}" for i, m in enumerate(members) if isinstance(m, dict) and "$ref" not in m)

    def composed(self, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The schema at ``pointer`` and every ``allOf`` part it is made of, through ``$ref``s in
        the root document; for a member of a union with properties of its own, that union's
        schema too (the member has its properties: ``normalise.inheritance``)."""
        seen = set()
        queue = [pointer]
        while queue:
            p = queue.pop(0)
            if p in seen:
                continue
            seen.add(p)
            node = self.node(p)
            if not isinstance(node, dict):
                continue
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                queue.append(ref[1:])
            yield p, node
            owner, keyword, index = self._union_member(p)
            if keyword in ("oneOf", "anyOf") and index.isdigit() and has_shared_properties(self.node(owner)):
                queue.append(owner)
            parts = node.get("allOf")
            if isinstance(parts, list):
                queue.extend(f"{p}/allOf/{i}" for i in range(len(parts)))

    @staticmethod
    def _union_member(pointer: str) -> tuple[str, str, str]:
        """``pointer`` as (owner, keyword, index): ``/a/oneOf/2`` is (``/a``, ``oneOf``, ``2``)."""
        parent, _, index = pointer.rpartition("/")
        owner, _, keyword = parent.rpartition("/")
        return owner, keyword, index

    def below(self, at: str, keyword: str) -> str:
        """Where the schema of ``at``'s items (or values, ...) is: ``at``/``keyword`` when found."""
        pointer = self.pointer(at)
        if pointer is None:
            return at
        for p, node in self.within(pointer):
            if keyword in node:
                return f"{self.name}#{p}/{keyword}"
        return at

    def member(self, at: str, index: int, count: int) -> str:
        """Where the schema of union member ``index`` is, when the spec lists the members so."""
        pointer = self.pointer(at)
        if pointer is None:
            return at
        for p, node in self.within(pointer):
            for keyword in ("oneOf", "anyOf"):
                members = node.get(keyword)
                if isinstance(members, list):
                    kept = [i for i, m in enumerate(members) if not is_null_schema(m)]
                    if len(kept) == count:
                        return f"{self.name}#{p}/{keyword}/{kept[index]}"
        return at

    def note_property(self, m: ir.Model, f: ir.Field) -> None:
        """Remember the other schemas of ``f`` in ``m``'s allOf members (refinements): a fix of
        the field looks there too."""
        if f.source not in self.also:
            self.also[f.source] = self._property_places(m, f.wire_name, f.source)

    def _property_places(self, m: ir.Model, wire: str, source: str) -> list[str]:
        pointer = self.pointer(m.source)
        if pointer is None:
            return []
        found = []
        for p, node in self.composed(pointer):
            props = node.get("properties")
            if isinstance(props, dict) and wire in props:
                place = f"{self.name}#{p}/properties/{escape_pointer_token(wire)}"
                if place != source:
                    found.append(place)
        return found

    def places(self, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The schemas at ``at`` (and in what it holds inline), then those of the same property
        that other allOf members add."""
        for where in [at, *self.also.get(at, [])]:
            pointer = self.pointer(where)
            if pointer is not None:
                yield from self.within(pointer)


class Fixes:
    """The Overlay actions that make a schema of the root document accept a value."""

    def __init__(self, document: RootDocument) -> None:
        self.document = document
        data = document.data
        version = str(data.get("openapi", "")) if isinstance(data, dict) else ""
        self.json_schema_types = not version.startswith("3.0")  # 3.1 and later: type lists, type null

    def _path(self, pointer: str) -> str:
        """The JSONPath of ``pointer`` in the file as written, which an overlay addresses."""
        return jsonpath(self.document.source, self.document.written(pointer))

    def _outside(self, at: str) -> tuple[None, str]:
        return None, f"the schema is in {at.partition('#')[0]}; an overlay changes the spec's own document"

    def kind(self, at: str, kind: str) -> Outcome:
        """Let the schema at ``at`` also take values of the JSON type ``kind``."""
        pointer = self.document.pointer(at)
        if pointer is None:
            return self._outside(at)
        node = self.document.node(pointer)
        if not isinstance(node, dict):
            return None, "the schema is a boolean" if isinstance(node, bool) else "modelgen adds this schema; the spec has none"
        target = self._path(pointer)
        if kind == "null" and not self.json_schema_types:
            return Fix(pointer, (Action(target, {"nullable": True}),), True), None
        keys = structural(node)
        for keyword in ("anyOf", "oneOf"):
            if keys == {keyword} and isinstance(node[keyword], list):
                return Fix(pointer, (Action(f"{target}.{keyword}", {"type": kind}),), False), None
        current = node.get("type")
        composed = keys & {"const", "$ref", "allOf", "anyOf", "oneOf", "not"}
        enum = isinstance(node.get("enum"), list)
        if self.json_schema_types and isinstance(current, (str, list)) and not composed and (kind == "null" or not enum):
            widen = Action(target, {"type": [current, kind]}) if isinstance(current, str) else Action(f"{target}.type", kind)
            also = (Action(f"{target}.enum", None),) if enum else ()  # null must be a value of the enum too
            return Fix(pointer, (widen, *also), isinstance(current, str)), None
        if kind == "null" and keys == {"enum"} and enum:
            return Fix(pointer, (Action(f"{target}.enum", None),), False), None
        return self._wrap(pointer, node, {"type": kind})

    def _wrap(self, pointer: str, node: dict[str, Any], other: dict[str, Any]) -> Outcome:
        """``anyOf: [<what the schema says>, other]``: its constraining keys move into the first member."""
        keys = [k for k in node if k in structural(node) and k != "nullable"]
        if not keys:
            return None, "the schema already allows any value"
        target = self._path(pointer)
        inner = {k: copy.deepcopy(node[k]) for k in keys}
        actions = [Action(key_path(target, k), remove=True) for k in keys]
        actions.append(Action(target, {"anyOf": [inner, other]}))
        return Fix(pointer, tuple(actions), True), None

    def enum(self, at: str, values: tuple[ir.LiteralValue, ...], value: Any) -> Outcome:
        """Add ``value`` to the ``enum`` (or turn the ``const`` into one) that lists ``values``."""
        if self.document.pointer(at) is None:
            return self._outside(at)
        for p, node in self.document.places(at):
            listed = node.get("enum")
            if isinstance(listed, list) and any(same(v, w) for v in listed for w in values):
                return Fix(p, (Action(f"{self._path(p)}.enum", value),), False), None
            if "const" in node and any(same(node["const"], w) for w in values):
                target = self._path(p)
                actions = (Action(f"{target}.const", remove=True), Action(target, {"enum": [node["const"], value]}))
                return Fix(p, actions, True), None
        return None, "the values are not listed as an enum here"

    def keyword(self, at: str, keyword: str) -> Outcome:
        """Remove the keyword behind a constraint (a bound goes with its exclusive form)."""
        if self.document.pointer(at) is None:
            return self._outside(at)
        related = RELATED_KEYWORDS.get(keyword, (keyword,))
        for p, node in self.document.places(at):
            present = [k for k in related if k in node]
            if present:
                return Fix(p, tuple(Action(key_path(self._path(p), k), remove=True) for k in present), True), None
        return None, f"no {keyword!r} found in the schema"

    def required(self, m: ir.Model, name: str) -> tuple[str, Fix | None, str | None]:
        """Take ``name`` out of every ``required`` list of ``m``; also where the fix is."""
        pointer = self.document.pointer(m.source)
        if pointer is None:
            return m.source, *self._outside(m.source)
        actions, nodes = [], []
        for p, node in self.document.composed(pointer):
            listed = node.get("required")
            if isinstance(listed, list) and name in listed:
                nodes.append(p)
                actions.append(Action(f"{self._path(p)}.required[?@ == {quote(name)}]", remove=True))
        if not actions:
            return m.source, None, "no 'required' list names it in the spec's own document"
        return f"{self.document.name}#{nodes[0]}/required", Fix(nodes[0], tuple(actions), False), None

    def closed(self, m: ir.Model) -> tuple[str, Fix | None, str | None]:
        """Open ``m`` to other keys; also where the fix is."""
        pointer = self.document.pointer(m.source)
        if pointer is None:
            return m.source, *self._outside(m.source)
        actions, nodes = [], []
        for p, node in self.document.composed(pointer):
            for keyword in ("additionalProperties", "unevaluatedProperties"):
                if node.get(keyword) is False:
                    nodes.append(f"{p}/{keyword}")
                    actions.append(Action(key_path(self._path(p), keyword), remove=True))
        if not actions:
            return m.source, None, "no 'additionalProperties: false' found in the spec's own document"
        return f"{self.document.name}#{nodes[0]}", Fix(nodes[0].rsplit("/", 1)[0], tuple(actions), True), None

    def member(self, at: str, tag: str, value: str) -> Outcome:
        """A new component for objects with this tag (open: every key kept), added to the union."""
        pointer = self.document.pointer(at)
        data = self.document.data
        schemas = data.get("components", {}).get("schemas") if isinstance(data, dict) else None
        if pointer is None:
            return self._outside(at)
        if self.document.moved:
            return None, "a member is added to an OpenAPI document's components only (this spec is read as one)"
        if not isinstance(schemas, dict):
            return None, "the spec has no components/schemas to add a member to"
        for p, node in self.document.within(pointer):
            keyword = next((k for k in ("oneOf", "anyOf") if isinstance(node.get(k), list)), None)
            if keyword is not None:
                return self._add_member(p, node, keyword, self._member_name(schemas, at, value), tag, value), None
        return None, "the union's members are not listed as a oneOf or anyOf"

    @staticmethod
    def _member_name(schemas: dict[str, Any], at: str, value: str) -> str:
        """The tag value as a component name, prefixed by the union's if taken or not a name."""
        name = pascal(value) or "Unlisted"
        if name in schemas or not name[0].isalpha():
            name = pascal(short_name(at.partition("#")[2])) + name
        return name

    def _add_member(self, p: str, node: dict[str, Any], keyword: str, name: str, tag: str, value: str) -> Fix:
        ref = "#/components/schemas/" + escape_pointer_token(name)
        member = {
            "type": "object",
            "description": f"Objects whose {tag!r} is {value!r}: the spec does not list them yet.",
            "properties": {tag: {"type": "string", "enum": [value]}},
            "required": [tag],
        }
        actions = [Action("$.components.schemas", {name: member}), Action(f"{self._path(p)}.{keyword}", {"$ref": ref})]
        mapping = node.get("discriminator", {}).get("mapping") if isinstance(node.get("discriminator"), dict) else None
        if isinstance(mapping, dict):
            actions.append(Action(f"{self._path(p)}.discriminator.mapping", {value: ref}))
        return Fix(p, tuple(actions), False)
