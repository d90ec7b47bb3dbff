"""Where payloads break the spec (``modelgen check-payloads``), and the overlay that accepts them.

A payload is read against a root schema as the exact models read it, from the IR (not as JSON
Schema would: a union takes the first member that fits, a required key that may be null must
still be present, an optional key must not be null unless its schema allows null, a closed
object takes no other key). Each deviation names its place in the payload, the schema that says
otherwise (file and JSON pointer), what that schema says, what the payload has, and the Overlay
actions that would accept it.

The overlay is found by fixing and checking again: the actions of one round are applied to the
spec, the spec is read again, and the payloads are checked again, until none deviates or no
action is left to try. Actions that rewrite a schema (make a ``$ref`` nullable, widen a type)
are computed from the schema as it is, so one round rewrites each schema at most once; actions
that append (a value to an ``enum``, a member to a ``oneOf``) compose freely.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ir
from ..errors import (
    Location,
    SpecError,
    SpecErrors,
    escape_pointer_token,
    shown,
    unescape_pointer_token,
)
from ..naming import pascal
from ..normalise.nulls import structural

MAX_ROUNDS = 25
JSON_KINDS = ("null", "boolean", "integer", "number", "string", "array", "object")
KIND_OF_PRIMITIVE = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "None": "null"}
# constraint field of the IR -> the JSON Schema keyword behind it, for strings/numbers and arrays
KEYWORD = {
    "minimum": "minimum", "maximum": "maximum", "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum", "multiple_of": "multipleOf", "pattern": "pattern",
    "one_of": "enum", "unique_items": "uniqueItems",
}  # fmt: skip
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class Action:
    """One Overlay action: a JSONPath ``target`` with an ``update`` (merged into an object,
    appended to an array) or ``remove``."""

    target: str
    update: Any = None
    remove: bool = False

    def key(self) -> str:
        return json.dumps([self.target, self.update, self.remove], sort_keys=True)

    def __str__(self) -> str:
        if self.remove:
            return f"remove {self.target}"
        return f"update {self.target} with {json.dumps(self.update, ensure_ascii=False)}"


@dataclass(frozen=True)
class Fix:
    """The actions that accept one deviation. ``node`` is the pointer of the schema they change;
    ``rewrites`` says whether they replace part of it (then no other fix may touch that schema
    in the same round) or only append to it."""

    node: str
    actions: tuple[Action, ...]
    rewrites: bool


@dataclass(frozen=True)
class Deviation:
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


@dataclass(frozen=True)
class Payload:
    name: str  # as the report shows it: file, or file:line for JSON Lines
    value: Any


@dataclass
class Report:
    payloads: list[tuple[Payload, list[Deviation]]]
    actions: list[tuple[Action, str]] = field(default_factory=list)  # the overlay, with descriptions
    later: int = 0  # actions found only after applying the first ones
    unfixed: list[tuple[Payload, Deviation]] = field(default_factory=list)  # deviating even with the overlay

    @property
    def deviating(self) -> int:
        return sum(1 for _, found in self.payloads if found)


# -- reading payloads --------------------------------------------------------------------------


def read_payloads(paths: list[Path]) -> list[Payload]:
    """JSON files (one payload each) and JSON Lines files (``.jsonl``/``.ndjson``: one per line)."""
    found = []
    for path in paths:
        name = str(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise SpecError("file not found", location=Location(name), hint="check the path") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read the payload: {exc}", location=Location(name)) from None
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    found.append(Payload(f"{name}:{number}", _parse(line, name, number)))
        else:
            found.append(Payload(name, _parse(text, name, 0)))
    return found


def _parse(text: str, name: str, line: int) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise SpecError("the payload nests too deeply to read", location=Location(name)) from None
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"invalid JSON: {exc.msg}", location=Location(name), line=line or exc.lineno, column=exc.colno
        ) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise SpecError("a number too long to read", location=Location(name), line=line or None) from None


# -- the check ---------------------------------------------------------------------------------


def json_kind(value: Any) -> str:
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


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _child(path: str, step: str | int) -> str:
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if IDENTIFIER.match(step) else f"{path}[{json.dumps(step, ensure_ascii=False)}]"


class Checker:
    """Checks payloads against the IR of one spec; builds overlay fixes on its root document."""

    def __init__(self, data: Any, document: str, spec: ir.SpecIR, resolver: Any) -> None:
        self.data = data  # the root document, as the IR was read from it
        self.document = document  # its name in locations
        self.defs = spec.definitions
        self.resolver = resolver
        version = str(data.get("openapi", "")) if isinstance(data, dict) else ""
        self.json_schema_types = not version.startswith("3.0")  # 3.1 and later: type lists, type null
        # a property that allOf members each say something of: the places besides the IR's own
        self.also: dict[str, list[str]] = {}

    def check(self, value: Any, key: str) -> list[Deviation]:
        """The deviations of ``value`` from the definition ``key``."""
        return self._check(value, ir.Ref(key), "$", key)

    # -- walking the IR along the payload --

    def _check(self, value: Any, t: ir.TypeExpr, path: str, at: str) -> list[Deviation]:
        match t:
            case ir.AnyType():
                return []
            case ir.NeverType():
                return [Deviation(path, at, "no value may be here", shown(value), None, "the schema allows no value")]
            case ir.Primitive(kind):
                ok = json_kind(value) == KIND_OF_PRIMITIVE[kind] or (kind == "float" and json_kind(value) == "integer")
                return [] if ok else [self._mismatch(value, t, path, at)]
            case ir.LiteralOf(values):
                if any(_same(value, v) for v in values):
                    return []
                if value is not None and json_kind(value) in {json_kind(v) for v in values}:
                    return [Deviation(path, at, self.describe(t), shown(value), *self._fix_enum(at, values, value))]
                return [self._mismatch(value, t, path, at)]
            case ir.ListOf(item):
                if not isinstance(value, list):
                    return [self._mismatch(value, t, path, at)]
                inner = self._below(at, "items")
                return [d for i, v in enumerate(value) for d in self._check(v, item, _child(path, i), inner)]
            case ir.TupleOf(items):
                if not isinstance(value, list):
                    return [self._mismatch(value, t, path, at)]
                if len(value) != len(items):
                    says = f"an array of exactly {len(items)} items"
                    return [Deviation(path, at, says, f"{len(value)} items", None, "a tuple's length is its type")]
                inner = self._below(at, "prefixItems")
                return [
                    d for i, (v, it) in enumerate(zip(value, items)) for d in self._check(v, it, _child(path, i), f"{inner}/{i}")
                ]
            case ir.MapOf(item):
                if not isinstance(value, dict):
                    return [self._mismatch(value, t, path, at)]
                inner = self._below(at, "additionalProperties")
                return [d for k, v in value.items() for d in self._check(v, item, _child(path, k), inner)]
            case ir.Nullable(inner):
                return [] if value is None else self._check(value, inner, path, at)
            case ir.Constrained(inner, constraints):
                found = self._check(value, inner, path, at)
                return found or self._constraints(value, constraints, path, at)
            case ir.Ref(key):
                d = self.defs[key]
                if not self._kind_fits(t, value):
                    return [self._mismatch(value, t, path, at)]  # fixed where it is referred to
                if isinstance(d, ir.Model):
                    return self._model(value, d, path)
                return self._check(value, d.type, path, d.source)
            case ir.UnionOf():
                return self._union(value, t, path, at)
            case _:
                ir.assert_never(t)

    def _model(self, value: dict[str, Any], m: ir.Model, path: str) -> list[Deviation]:
        found: list[Deviation] = []
        for f in m.fields:
            if f.wire_name in value:
                if f.source not in self.also:
                    self.also[f.source] = self._property_places(m, f.wire_name, f.source)
                found.extend(self._check(value[f.wire_name], f.type, _child(path, f.wire_name), f.source))
            elif f.required:
                where, fix, no_fix = self._fix_required(m, f.wire_name)
                found.append(Deviation(_child(path, f.wire_name), where, "it is required", "absent", fix, no_fix))
        named = {f.wire_name for f in m.fields}
        for k, v in value.items():
            if k in named:
                continue
            if m.extra is None:
                where, fix, no_fix = self._fix_closed(m)
                says = f"{self._name(m.key)} has no other keys"
                found.append(Deviation(_child(path, k), where, says, f"the key {shown(k)}", fix, no_fix))
            else:
                found.extend(self._check(v, m.extra, _child(path, k), self._below(m.source, "additionalProperties")))
        return found

    def _union(self, value: Any, u: ir.UnionOf, path: str, at: str) -> list[Deviation]:
        if u.discriminated and isinstance(value, dict) and u.tag is not None:
            tag = value.get(u.tag)
            tags = dict(u.tags)
            if isinstance(tag, str) and tag in tags:
                i = tags[tag]
                return self._check(value, u.members[i], path, self._member(at, i, len(u.members)))
            if isinstance(tag, str) and u.fallback is not None:  # tolerant reading keeps it whole
                return self._check(value, u.members[u.fallback], path, at)
            if isinstance(tag, str):
                says = f"{shown(u.tag)} is one of {', '.join(shown(v) for v, _ in u.tags)}"
                return [Deviation(_child(path, u.tag), at, says, shown(tag), *self._fix_member(at, u.tag, tag))]
            says = f"{shown(u.tag)} tells the kind of object: one of {', '.join(shown(v) for v, _ in u.tags)}"
            has = "absent" if u.tag not in value else shown(tag)
            return [Deviation(_child(path, u.tag), at, says, has, None, "an object without its tag cannot be told apart")]
        tried = []
        for i, member in enumerate(u.members):
            if not self._kind_fits(member, value):
                continue
            found = self._check(value, member, path, self._member(at, i, len(u.members)))
            if not found:
                return []
            tried.append(found)
        if not tried:
            return [self._mismatch(value, u, path, at)]
        return min(tried, key=len)  # the member that comes closest (the first of equals)

    def _kind_fits(self, t: ir.TypeExpr, value: Any, seen: frozenset[str] = frozenset()) -> bool:
        """Whether ``value`` has a JSON type that ``t`` can have (only the JSON type: not the values)."""
        kind = json_kind(value)
        match t:
            case ir.AnyType():
                return True
            case ir.NeverType():
                return False
            case ir.Primitive(p):
                return kind == KIND_OF_PRIMITIVE[p] or (p == "float" and kind == "integer")
            case ir.LiteralOf(values):
                return kind in {json_kind(v) for v in values}
            case ir.ListOf() | ir.TupleOf():
                return kind == "array"
            case ir.MapOf():
                return kind == "object"
            case ir.Nullable(inner):
                return kind == "null" or self._kind_fits(inner, value, seen)
            case ir.Constrained(inner):
                return self._kind_fits(inner, value, seen)
            case ir.UnionOf(members):
                return any(self._kind_fits(m, value, seen) for m in members)
            case ir.Ref(key):
                d = self.defs[key]
                if isinstance(d, ir.Model):
                    return kind == "object"
                return key in seen or self._kind_fits(d.type, value, seen | {key})
            case _:
                ir.assert_never(t)

    def _mismatch(self, value: Any, t: ir.TypeExpr, path: str, at: str) -> Deviation:
        kind = json_kind(value)
        found = "null" if value is None else f"{kind} {shown(value)}"
        says = self.describe(t) + (", not null" if value is None else "")
        fix, no_fix = self._fix_kind(at, kind)
        return Deviation(path, at, says, found, fix, no_fix)

    def _constraints(self, value: Any, c: ir.Constraints, path: str, at: str) -> list[Deviation]:
        broken = []
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number:
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
        if isinstance(value, (str, list)):
            size = len(value)
            if c.min_length is not None and size < c.min_length:
                broken.append("min_length")
            if c.max_length is not None and size > c.max_length:
                broken.append("max_length")
        if isinstance(value, str) and c.pattern is not None and not _matches(c.pattern, value):
            broken.append("pattern")
        if isinstance(value, list) and c.unique_items and not _unique(value):
            broken.append("unique_items")
        found = []
        for name in broken:
            keyword = KEYWORD.get(name) or {"min_length": "minLength", "max_length": "maxLength"}[name]
            if isinstance(value, list) and name in ("min_length", "max_length"):
                keyword = keyword.replace("Length", "Items")
            limit = getattr(c, name)
            says = f"{keyword} {shown(list(limit) if isinstance(limit, tuple) else limit)}"
            found.append(Deviation(path, at, says, shown(value), *self._fix_keyword(at, keyword)))
        return found

    # -- words --

    def _name(self, key: str) -> str:
        return unescape_pointer_token(key.rsplit("/", 1)[-1])

    def describe(self, t: ir.TypeExpr, depth: int = 0) -> str:
        """What the spec says a value is, in a few words."""
        match t:
            case ir.Primitive(kind):
                return {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean", "None": "null"}[kind]
            case ir.LiteralOf(values) if len(values) == 1:
                return f"the constant {shown(values[0])}"
            case ir.LiteralOf(values):
                listed = ", ".join(shown(v) for v in values[:8])
                return f"one of {listed}" + (f" ({len(values)} values)" if len(values) > 8 else "")
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
                if isinstance(d, ir.Model) or depth > 1:
                    return f"an object ({self._name(key)})" if isinstance(d, ir.Model) else self._name(key)
                return self.describe(d.type, depth + 1)
            case ir.UnionOf(members):
                kinds = list(dict.fromkeys(self.describe(m, depth + 1) for m in members))
                return "one of: " + "; ".join(kinds[:6]) + ("; ..." if len(kinds) > 6 else "")
            case _:
                ir.assert_never(t)

    # -- the schema behind the IR --

    def _pointer(self, at: str) -> str | None:
        """The JSON pointer of ``at`` in the root document, or None when it is in another file."""
        file, _, pointer = at.partition("#")
        return pointer if file == self.document else None

    def _node(self, pointer: str) -> Any:
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

    def _within(self, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The schema at ``pointer`` and those its ``allOf``/``anyOf``/``oneOf`` hold inline
        (not through ``$ref``), nearest first."""
        queue = [pointer]
        while queue:
            p = queue.pop(0)
            node = self._node(p)
            if not isinstance(node, dict):
                continue
            yield p, node
            for keyword in ("allOf", "anyOf", "oneOf"):
                members = node.get(keyword)
                if isinstance(members, list):
                    queue.extend(f"{p}/{keyword}/{i}" for i, m in enumerate(members) if isinstance(m, dict) and "$ref" not in m)

    def _composed(self, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The schema at ``pointer`` and every ``allOf`` part it is made of, through ``$ref``s in
        the root document."""
        seen = set()
        queue = [pointer]
        while queue:
            p = queue.pop(0)
            if p in seen:
                continue
            seen.add(p)
            node = self._node(p)
            if not isinstance(node, dict):
                continue
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                queue.append(ref[1:])
            yield p, node
            parts = node.get("allOf")
            if isinstance(parts, list):
                queue.extend(f"{p}/allOf/{i}" for i in range(len(parts)))

    def _below(self, at: str, keyword: str) -> str:
        """Where the schema of ``at``'s items (or values, ...) is: ``at``/``keyword`` when found."""
        pointer = self._pointer(at)
        if pointer is None:
            return at
        for p, node in self._within(pointer):
            if keyword in node:
                return f"{self.document}#{p}/{keyword}"
        return at

    def _member(self, at: str, index: int, count: int) -> str:
        """Where the schema of union member ``index`` is, when the spec lists the members so."""
        pointer = self._pointer(at)
        if pointer is None:
            return at
        for p, node in self._within(pointer):
            for keyword in ("oneOf", "anyOf"):
                members = node.get(keyword)
                if isinstance(members, list):
                    kept = [i for i, m in enumerate(members) if not _is_null(m)]
                    if len(kept) == count:
                        return f"{self.document}#{p}/{keyword}/{kept[index]}"
        return at

    # -- fixes --

    def _path(self, pointer: str) -> str:
        return jsonpath(self.data, pointer)

    def _outside(self, at: str) -> tuple[None, str]:
        return None, f"the schema is in {at.partition('#')[0]}; an overlay changes the spec's own document"

    def _fix_kind(self, at: str, kind: str) -> tuple[Fix | None, str | None]:
        """Actions that let the schema at ``at`` also take values of the JSON type ``kind``."""
        pointer = self._pointer(at)
        if pointer is None:
            return self._outside(at)
        node = self._node(pointer)
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

    def _wrap(self, pointer: str, node: dict[str, Any], other: dict[str, Any]) -> tuple[Fix | None, str | None]:
        """``anyOf: [<what the schema says>, other]``: its constraining keys move into the first member."""
        keys = [k for k in node if k in structural(node) and k != "nullable"]
        if not keys:
            return None, "the schema already allows any value"
        target = self._path(pointer)
        inner = {k: copy.deepcopy(node[k]) for k in keys}
        actions = [Action(_key_path(target, k), remove=True) for k in keys]
        actions.append(Action(target, {"anyOf": [inner, other]}))
        return Fix(pointer, tuple(actions), True), None

    def _property_places(self, m: ir.Model, wire: str, source: str) -> list[str]:
        """Other schemas of the same property in the model's allOf members (refinements)."""
        pointer = self._pointer(m.source)
        if pointer is None:
            return []
        found = []
        for p, node in self._composed(pointer):
            props = node.get("properties")
            if isinstance(props, dict) and wire in props:
                place = f"{self.document}#{p}/properties/{escape_pointer_token(wire)}"
                if place != source:
                    found.append(place)
        return found

    def _places(self, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The schemas at ``at`` (and in what it holds inline), then those of the same property
        that other allOf members add."""
        for where in [at, *self.also.get(at, [])]:
            pointer = self._pointer(where)
            if pointer is not None:
                yield from self._within(pointer)

    def _fix_enum(self, at: str, values: tuple[ir.LiteralValue, ...], value: Any) -> tuple[Fix | None, str | None]:
        pointer = self._pointer(at)
        if pointer is None:
            return self._outside(at)
        for p, node in self._places(at):
            listed = node.get("enum")
            if isinstance(listed, list) and any(_same(v, w) for v in listed for w in values):
                return Fix(p, (Action(f"{self._path(p)}.enum", value),), False), None
            if "const" in node and any(_same(node["const"], w) for w in values):
                target = self._path(p)
                actions = (Action(f"{target}.const", remove=True), Action(target, {"enum": [node["const"], value]}))
                return Fix(p, actions, True), None
        return None, "the values are not listed as an enum here"

    def _fix_keyword(self, at: str, keyword: str) -> tuple[Fix | None, str | None]:
        """Remove the keyword behind a constraint; a bound goes with its exclusive form (the IR
        reads ``exclusiveMaximum: 10.5`` on an integer as ``maximum: 10``, and OpenAPI 3.0 writes
        ``exclusiveMinimum: true`` beside ``minimum``)."""
        pointer = self._pointer(at)
        if pointer is None:
            return self._outside(at)
        related = {
            "minimum": ("minimum", "exclusiveMinimum"), "exclusiveMinimum": ("minimum", "exclusiveMinimum"),
            "maximum": ("maximum", "exclusiveMaximum"), "exclusiveMaximum": ("maximum", "exclusiveMaximum"),
        }.get(keyword, (keyword,))  # fmt: skip
        for p, node in self._places(at):
            present = [k for k in related if k in node]
            if present:
                return Fix(p, tuple(Action(_key_path(self._path(p), k), remove=True) for k in present), True), None
        return None, f"no {keyword!r} found in the schema"

    def _fix_required(self, m: ir.Model, name: str) -> tuple[str, Fix | None, str | None]:
        pointer = self._pointer(m.source)
        if pointer is None:
            return m.source, *self._outside(m.source)
        actions, nodes = [], []
        for p, node in self._composed(pointer):
            listed = node.get("required")
            if isinstance(listed, list) and name in listed:
                nodes.append(p)
                actions.append(Action(f"{self._path(p)}.required[?@ == {_quote(name)}]", remove=True))
        if not actions:
            return m.source, None, "no 'required' list names it in the spec's own document"
        return f"{self.document}#{nodes[0]}/required", Fix(nodes[0], tuple(actions), False), None

    def _fix_closed(self, m: ir.Model) -> tuple[str, Fix | None, str | None]:
        pointer = self._pointer(m.source)
        if pointer is None:
            return m.source, *self._outside(m.source)
        actions, nodes = [], []
        for p, node in self._composed(pointer):
            for keyword in ("additionalProperties", "unevaluatedProperties"):
                if node.get(keyword) is False:
                    nodes.append(f"{p}/{keyword}")
                    actions.append(Action(_key_path(self._path(p), keyword), remove=True))
        if not actions:
            return m.source, None, "no 'additionalProperties: false' found in the spec's own document"
        return f"{self.document}#{nodes[0]}", Fix(nodes[0].rsplit("/", 1)[0], tuple(actions), True), None

    def _fix_member(self, at: str, tag: str, value: str) -> tuple[Fix | None, str | None]:
        """A new component for objects with this tag (open: every key kept), added to the union."""
        pointer = self._pointer(at)
        schemas = self.data.get("components", {}).get("schemas") if isinstance(self.data, dict) else None
        if pointer is None:
            return self._outside(at)
        if not isinstance(schemas, dict):
            return None, "the spec has no components/schemas to add a member to"
        for p, node in self._within(pointer):
            keyword = next((k for k in ("oneOf", "anyOf") if isinstance(node.get(k), list)), None)
            if keyword is None:
                continue
            name = pascal(value) or "Unlisted"
            if name in schemas or not name[0].isalpha():
                name = pascal(self._name(at.partition("#")[2])) + name
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
            return Fix(p, tuple(actions), False), None
        return None, "the union's members are not listed as a oneOf or anyOf"


def _is_null(node: Any) -> bool:
    from ..normalise.nulls import is_null_schema

    return is_null_schema(node)


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


def _quote(text: str) -> str:
    """``text`` as an RFC 9535 string literal."""
    if all(" " <= c and c not in "'\\" for c in text):
        return f"'{text}'"
    surrogates = any("\ud800" <= c <= "\udfff" for c in text)
    return json.dumps(text, ensure_ascii=surrogates)  # JSON's escapes are JSONPath's


def _key_path(target: str, key: str) -> str:
    return f"{target}.{key}" if IDENTIFIER.match(key) else f"{target}[{_quote(key)}]"


def jsonpath(data: Any, pointer: str) -> str:
    """The RFC 9535 JSONPath of a JSON pointer into ``data``: ``/paths/~1runs/get`` →
    ``$.paths['/runs'].get`` (``/oneOf/0`` → ``.oneOf[0]``: an index only into an array)."""
    target, node = "$", data
    for raw in pointer[1:].split("/") if pointer else []:
        token = unescape_pointer_token(raw)
        if isinstance(node, list) and token.isdigit():
            target, node = f"{target}[{token}]", node[int(token)]
        else:
            target, node = _key_path(target, token), node.get(token) if isinstance(node, dict) else None
    return target


# -- the command ---------------------------------------------------------------------------------


def check_payloads(
    spec: Path, root: str, payloads: list[Payload], overlays: tuple[Path, ...] = (), refs: Any = None, reading: str = "exact"
) -> Report:
    """Check ``payloads`` against ``root`` as the models of ``reading`` read them, then find an
    overlay that accepts them."""
    from ..load import load_spec
    from ..overlay import Action as OverlayAction
    from ..overlay import Overlay, apply_overlay, load_overlay

    document = load_spec(spec)
    for path in overlays:
        apply_overlay(document.data, load_overlay(path))
    original = copy.deepcopy(document.data)
    checker, key = _checker(document, document.data, root, refs, reading)
    first = [(p, checker.check(p.value, key)) for p in payloads]
    report = Report(first)
    applied: dict[str, tuple[Action, str]] = {}
    found = first
    for round_number in range(MAX_ROUNDS):
        chosen = _one_round(found, applied)
        if not chosen:
            break
        if round_number:
            report.later += len(chosen)
        data = copy.deepcopy(original)
        actions = tuple(OverlayAction(i, a.target, a.update, a.remove, None) for i, (a, _) in enumerate(applied.values()))
        apply_overlay(data, Overlay("(check-payloads)", actions))
        checker, key = _checker(document, data, root, refs, reading)
        found = [(p, checker.check(p.value, key)) for p in payloads]
    report.actions = list(applied.values())
    report.unfixed = [(p, d) for p, deviations in found for d in deviations]
    return report


def _checker(document: Any, data: Any, root: str, refs: Any, reading: str = "exact") -> tuple[Checker, str]:
    from dataclasses import replace

    from ..flavours import reserved
    from ..naming import assign_names
    from ..normalise import normalise
    from ..reading import tolerant
    from ..resolve import Resolver
    from ..select import closure, resolve_roots
    from ..sources import RefPolicy

    resolver = Resolver(replace(document, data=data), refs or RefPolicy())
    spec = normalise(resolver)
    if reading == "tolerant":
        spec = tolerant(spec, assign_names(spec.definitions, spec.components, reserved()))[0]
    (key,) = resolve_roots(spec, (root,), document.name)
    keys = closure(spec, [key])
    errors = [d for d in spec.diagnostics if d.error and (d.owner is None or d.owner in keys)]
    if errors:
        raise SpecErrors(errors)
    return Checker(data, document.name, spec, resolver), key


def _one_round(found: list[tuple[Payload, list[Deviation]]], applied: dict[str, tuple[Action, str]]) -> list[Action]:
    """The actions to apply next: every new appending fix, and one rewriting fix per schema
    (a schema that one fix rewrites takes no other fix this round)."""
    rewritten: set[str] = set()
    touched: set[str] = set()
    chosen: list[Action] = []
    for payload, deviations in found:
        for d in deviations:
            fix = d.fix
            if fix is None or fix.node in rewritten or (fix.rewrites and fix.node in touched):
                continue
            new = [a for a in fix.actions if a.key() not in applied]
            if not new:
                continue
            (rewritten if fix.rewrites else touched).add(fix.node)
            touched.add(fix.node)
            description = f"{payload.name} {d.path}: {d.found}; the spec says {d.says} ({d.schema})"
            for a in new:
                applied[a.key()] = (a, description)
                chosen.append(a)
    return chosen


def render_report(report: Report) -> str:
    lines = []
    for payload, deviations in report.payloads:
        if not deviations:
            lines.append(f"{payload.name}: conforms")
            continue
        lines.append(f"{payload.name}: {len(deviations)} deviation{'s' if len(deviations) != 1 else ''}")
        for d in deviations:
            lines.extend(d.render())
    total = sum(len(d) for _, d in report.payloads)
    lines.append(
        f"{len(report.payloads)} payload(s): {len(report.payloads) - report.deviating} conform, "
        f"{report.deviating} deviate ({total} deviation(s))"
    )
    if report.actions:
        later = f", {report.later} of them found after applying the first" if report.later else ""
        lines.append(f"an overlay of {len(report.actions)} action(s) accepts them{later}" if not report.unfixed else
                     f"an overlay of {len(report.actions)} action(s) accepts all but {len(report.unfixed)} deviation(s){later}")
    return "\n".join(lines) + "\n"


def report_json(report: Report) -> str:
    def deviation(d: Deviation) -> dict[str, Any]:
        actions = [dict(target=a.target, **({"remove": True} if a.remove else {"update": a.update})) for a in (d.fix.actions if d.fix else ())]
        return {"path": d.path, "schema": d.schema, "says": d.says, "found": d.found, "actions": actions, "no_action": d.no_fix}

    data = {
        "payloads": [{"name": p.name, "deviations": [deviation(d) for d in found]} for p, found in report.payloads],
        "overlay_actions": len(report.actions),
        "unfixed": [{"name": p.name, **deviation(d)} for p, d in report.unfixed],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def overlay_text(report: Report, spec_name: str, root: str, command: str | None = None) -> str:
    """The overlay document (YAML) that the report's actions make (``command`` wrote it)."""
    import yaml

    actions = []
    for action, description in report.actions:
        entry: dict[str, Any] = {"target": action.target, "description": description}
        if action.remove:
            entry["remove"] = True
        else:
            entry["update"] = action.update
        actions.append(entry)
    document = {
        "overlay": "1.0.0",
        "info": {"title": f"Fixes to {spec_name} that accept recorded {root} payloads", "version": "1.0.0"},
        "actions": actions,
    }
    header = f"# Written by `modelgen check-payloads` from payloads of {root} that {spec_name} rejects:\n"
    if command:
        header += f"# {command}\n"
    header += "# Review each action, then list this file under `overlays` in [tool.modelgen].\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
