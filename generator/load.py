"""Read a spec file (YAML or JSON) safely into plain Python data, with line and column on errors."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.errors import Location, SpecError
from generator.sources import fetch

try:  # the C loader is several times faster; fall back to the pure-Python one
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YamlLoader = yaml.SafeLoader

SUPPORTED_VERSIONS = ("3.0", "3.1")


@dataclass(frozen=True)
class Document:
    """One parsed document: its name as shown in messages, its data and the SHA-256 of its bytes.
    A remote document has no path; its name is its address."""

    path: Path | None
    name: str
    data: Any
    digest: str
    aliased: frozenset[int] = frozenset()  # ids of the mappings and lists that YAML aliases refer to


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_PLAIN_TAGS = {None, "!"}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_SCALARS = yaml.constructor.SafeConstructor()


_NO_KEY: Any = object()  # no key read yet in the open mapping, or no document yet


class _Unusual(Exception):
    """YAML beyond the everyday subset: left to PyYAML's own loader."""


def load_yaml(text: str, aliased: set[int] | None = None) -> Any:
    """What ``yaml.load(text, Loader=CSafeLoader)`` gives, about twice as fast.

    libyaml parses either way; PyYAML then composes nodes and constructs objects in Python, which
    is most of the time on a large spec. Here objects are built straight from the parser's events,
    resolving plain scalars with PyYAML's own rules and constructors. A document that uses more
    (explicit collection tags, merge keys, several documents, duplicate or recursive anchors) is
    handed to ``yaml.load``, so the result, and every error, is PyYAML's.

    An alias gives the anchored object itself, not a copy (so an alias bomb costs nothing to
    read); ``aliased``, if given, receives the ids of the mappings and lists aliases refer to.
    """
    found: set[int] = set() if aliased is None else aliased
    try:
        return _build(yaml.parse(text, Loader=_YamlLoader), found)
    except _Unusual:
        data = yaml.load(text, Loader=_YamlLoader)
        found.update(shared_nodes(data))
        return data
    except yaml.YAMLError as exc:
        if "maximum nesting depth" not in str(exc):
            raise
        # libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at 1,000 levels; the pure-Python parser has
        # no such limit, and building from its events does not recurse: the normaliser then says
        # where the schemas nest too deeply, with the pointer
        return _build(yaml.parse(text, Loader=yaml.SafeLoader), found)


def shared_nodes(data: Any) -> set[int]:
    """Ids of the mappings and lists reached more than once in ``data`` (what YAML aliases make)."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                shared.add(id(node))
                continue
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    return shared


def _build(events: Any, aliased: set[int]) -> Any:
    anchors: dict[str, Any] = {}
    open_anchors: set[str] = set()
    stack: list[tuple[Any, str | None]] = []  # open collections: the object, and its anchor
    keys: list[Any] = []  # for each open mapping, the key waiting for its value (or _NO_KEY)
    result: Any = _NO_KEY
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = _scalar(event)
            _anchor(event.anchor, value, anchors)
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors or event.anchor in open_anchors:
                raise _Unusual
            value = anchors[event.anchor]
            if isinstance(value, (dict, list)):
                aliased.add(id(value))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.tag not in _COLLECTION_TAGS:
                raise _Unusual
            collection: Any = {} if kind is yaml.MappingStartEvent else []
            _anchor(event.anchor, collection, anchors)
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append((collection, event.anchor))
            if kind is yaml.MappingStartEvent:
                keys.append(_NO_KEY)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value, anchor = stack.pop()
            if kind is yaml.MappingEndEvent:
                keys.pop()
            open_anchors.discard(anchor)
        elif kind is yaml.DocumentStartEvent:
            if result is not _NO_KEY:
                raise _Unusual  # a second document: PyYAML says what is wrong
            continue
        else:
            continue  # stream start and end, document end
        if not stack:
            result = value
        elif type(stack[-1][0]) is list:
            stack[-1][0].append(value)
        elif keys[-1] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _Unusual  # an unhashable key
            keys[-1] = value
        else:
            stack[-1][0][keys[-1]] = value
            keys[-1] = _NO_KEY
    return None if result is _NO_KEY else result


def _anchor(name: str | None, value: Any, anchors: dict[str, Any]) -> None:
    if name is not None:
        if name in anchors:
            raise _Unusual
        anchors[name] = value


def _scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    if tag in _PLAIN_TAGS:
        if not event.implicit[0]:
            return value  # quoted, or a block scalar
        tag = _STR
        for candidate, pattern in _IMPLICIT.get(value[:1], ()):
            if pattern.match(value):
                tag = candidate
                break
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _SCALARS.bool_values[value.lower()]
    construct = _SCALARS.yaml_constructors.get(tag)
    if construct is None or tag.endswith((":merge", ":value", ":yaml", ":map", ":seq", ":set", ":omap", ":pairs")):
        raise _Unusual  # merge keys are PyYAML's business; other tags may be errors it words
    try:
        return construct(_SCALARS, yaml.ScalarNode(tag, value))
    except Exception:
        raise _Unusual from None


def read_data(path: Path, name: str) -> tuple[Any, str, frozenset[int]]:
    """Parse ``path`` as JSON or YAML: the data, the SHA-256 of the file's bytes, and the ids of
    the nodes YAML aliases refer to."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError("file not found", location=Location(name), hint="check the path") from None
    except OSError as exc:
        raise SpecError(f"cannot read the file: {exc.strerror}", location=Location(name)) from None
    return parse_data(raw, name, as_json=path.suffix.lower() == ".json")


def parse_data(raw: bytes, name: str, as_json: bool) -> tuple[Any, str, frozenset[int]]:
    """Parse ``raw`` as JSON or YAML: the data, the SHA-256 of the bytes, and the ids of the
    nodes YAML aliases refer to."""
    where = Location(name)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(
            f"not UTF-8 text (byte {exc.start})", location=where, hint="save the spec as UTF-8"
        ) from None
    if not text.strip():
        raise SpecError("the file is empty", location=where, hint="expected an OpenAPI document")
    if as_json:
        try:
            return json.loads(text), digest, frozenset()
        except RecursionError:
            raise SpecError("the document nests too deeply to read", location=where, hint="name inner schemas and use $ref") from None
        except json.JSONDecodeError as exc:
            raise SpecError(
                f"invalid JSON: {exc.msg}", location=where, line=exc.lineno, column=exc.colno
            ) from None
    aliased: set[int] = set()
    try:
        return load_yaml(text, aliased), digest, frozenset(aliased)
    except RecursionError:
        raise SpecError("the document nests too deeply to read", location=where, hint="name inner schemas and use $ref") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SpecError(
            f"invalid YAML: {problem}",
            location=where,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"invalid YAML: {exc}", location=where) from None


def load_document(path: Path, name: str | None = None) -> Document:
    """Load a file that a ``$ref`` points into: any YAML or JSON document."""
    shown = name or path.name
    data, digest, aliased = read_data(path, shown)
    return Document(path=path, name=shown, data=data, digest=digest, aliased=aliased)


def load_remote(url: str, where: Location) -> Document:
    """Fetch and parse the document at ``url``; ``where`` is the ``$ref`` that asked for it."""
    try:
        raw = fetch(url)
    except OSError as exc:
        raise SpecError(f"cannot fetch {url}: {exc}", location=where, hint="check the address, or download the file next to the spec") from None
    path = urlsplit(url).path
    data, digest, aliased = parse_data(raw, url, as_json=path.lower().endswith(".json"))
    return Document(path=None, name=url, data=data, digest=digest, aliased=aliased)


def load_spec(path: Path, name: str | None = None) -> Document:
    """Load the root spec and check that it is an OpenAPI 3.0 or 3.1 document."""
    doc = load_document(path, name)
    where = Location(doc.name)
    if not isinstance(doc.data, dict):
        raise SpecError(
            f"expected an OpenAPI document (a mapping), found {type(doc.data).__name__}",
            location=where,
        )
    if "swagger" in doc.data:
        raise SpecError(
            f"Swagger {doc.data['swagger']} is not supported, only OpenAPI 3.0 and 3.1",
            location=Location(doc.name, "/swagger"),
            hint="convert the spec to OpenAPI 3 first (for example with swagger2openapi)",
        )
    version = doc.data.get("openapi")
    if version is None:
        raise SpecError(
            "not an OpenAPI document: there is no 'openapi' key",
            location=where,
            hint="the file must start with 'openapi: 3.0.x' or 'openapi: 3.1.x'",
        )
    if not str(version).startswith(SUPPORTED_VERSIONS):
        raise SpecError(
            f"OpenAPI {version} is not supported, only 3.0 and 3.1",
            location=Location(doc.name, "/openapi"),
        )
    return doc
