"""Read a spec file (YAML 1.2 or JSON) safely into plain Python data, with line and column on
errors (the YAML itself is read by ``yaml_events``)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import Diagnostic, Location, SpecError
from .sources import Files

SUPPORTED_VERSIONS = ("3.0", "3.1", "3.2")
TOO_LONG = "Python reads integers of up to 4,300 digits; write a shorter bound"


@dataclass(frozen=True)
class Document:
    """One parsed document: its name as shown in messages, its data and the SHA-256 of its bytes.
    A remote document has no path; its name is its address."""

    path: Path | None
    name: str
    data: Any
    digest: str
    aliased: frozenset[int] = frozenset()  # ids of the mappings and lists that YAML aliases refer to
    kind: str = "openapi"  # what the root spec is: "openapi", "swagger" or "jsonschema" (``input_kind``)
    # Where the places that reading it as OpenAPI 3 added stand in the file (``inputs``): pairs
    # of pointer prefixes, (added, original), the longest first.
    moved: tuple[tuple[str, str], ...] = ()
    # What reading it as OpenAPI 3 could not say, as warnings at the file's places (``inputs``)
    notes: tuple[Diagnostic, ...] = ()
    # Whether ``data`` holds only what some component schemas reach (``yaml_sections``): the
    # rest of the file was checked to be YAML, and left out
    partial: bool = False


def read_data(path: Path, name: str, files: Files | None = None) -> tuple[Any, str, frozenset[int]]:
    """Parse ``path`` as JSON or YAML: the data, the SHA-256 of the file's bytes, and the ids of
    the nodes YAML aliases refer to (``files``: the run's reads, which may have it already)."""
    files = files or Files()
    try:
        raw = files.read(path)
    except FileNotFoundError:  # named as it was given (from the config, or the command line)
        raise SpecError("file not found", location=Location(str(path)), hint="check the path") from None
    except OSError as exc:
        raise SpecError(f"cannot read the file: {exc.strerror}", location=Location(name)) from None
    return parse_data(raw, name, as_json=path.suffix.lower() == ".json", digest=files.sha256(path))


def parse_data(raw: bytes, name: str, as_json: bool, digest: str | None = None) -> tuple[Any, str, frozenset[int]]:
    """Parse ``raw`` as JSON or YAML: the data, the SHA-256 of the bytes (``digest``, if known),
    and the ids of the nodes YAML aliases refer to."""
    where = Location(name)
    digest = digest or hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(
            f"not UTF-8 text (byte {exc.start})", location=where, hint="save the spec as UTF-8"
        ) from None
    if not text or text.isspace():  # (not text.strip(): a copy of the whole text)
        raise SpecError("the file is empty", location=where, hint="expected an OpenAPI document")
    data, aliased = _parse_json(text, where) if as_json else _parse_yaml(text, where)
    return data, digest, aliased


def _parse_json(text: str, where: Location) -> tuple[Any, frozenset[int]]:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates), frozenset()
    except _Duplicate:
        raise _duplicate_error(text, where) from None
    except RecursionError:
        raise SpecError("the document nests too deeply to read", location=where, hint="name inner schemas and use $ref") from None
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"invalid JSON: {exc.msg}", location=where, line=exc.lineno, column=exc.colno
        ) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise SpecError("a number too long to read", location=where, hint=TOO_LONG) from None


class _Duplicate(Exception):
    """A JSON object names a key twice (found where it is built; placed by ``_duplicate_error``)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, if it names each key once (as YAML requires, and JSON's RFC
    recommends: a parser that keeps the last would hide a schema the author wrote)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Duplicate
    return found


class _Marked(dict):  # type: ignore[type-arg]
    """An object with a duplicate key (the first), on the slow path that looks for where it is."""

    duplicate: str = ""


def _mark_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked, seen = _Marked(pairs), set()
    for key, _ in pairs:
        if key in seen:
            marked.duplicate = key
            break
        seen.add(key)
    return marked


def _duplicate_error(text: str, where: Location) -> SpecError:
    """The first duplicate key in document order, at its JSON pointer (line and column: the
    second entry's). Only on this error is the text read again."""
    from .yaml_events import positions

    stack: list[tuple[tuple[str | int, ...], Any]] = [((), json.loads(text, object_pairs_hook=_mark_duplicates))]
    while stack:
        path, node = stack.pop()
        if isinstance(node, _Marked):
            at = where.child(*path, node.duplicate)
            found = positions(text, {at.pointer}).get(at.pointer)
            return SpecError(
                f"invalid JSON: duplicate key {node.duplicate!r} in an object (a key may appear once)",
                location=at,
                line=found[0] if found else None,
                column=found[1] if found else None,
                hint="merge the two entries, or rename one",
            )
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend(reversed([((*path, key), value) for key, value in children]))
    return SpecError("invalid JSON: a duplicate key in an object", location=where)


def _parse_yaml(text: str, where: Location) -> tuple[Any, frozenset[int]]:
    """The data, and the ids of the nodes YAML aliases refer to. PyYAML is imported here: a run
    on JSON specs never loads it."""
    import yaml

    from .yaml_events import load_yaml

    aliased: set[int] = set()
    try:
        return load_yaml(text, aliased), frozenset(aliased)
    except RecursionError:
        raise SpecError("the document nests too deeply to read", location=where, hint="name inner schemas and use $ref") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SpecError(
            f"invalid YAML: {problem}",
            location=where,
            hint=yaml_hint(problem, _at(text, mark)),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"invalid YAML: {exc}", location=where) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise SpecError("a number too long to read", location=where, hint=TOO_LONG) from None


_TAB_HINT = "YAML indents with spaces only: replace the tab here with spaces"
# What PyYAML's messages usually mean, in the words of someone editing a spec by hand
_YAML_HINTS = (
    ("tab character", _TAB_HINT),
    ("found character '\\t'", _TAB_HINT),
    (
        "mapping values are not allowed",
        "a value that holds ': ' must be quoted (title: \"Pets: the API\"); or this line is indented"
        " deeper than the key above it",
    ),
    ("could not find expected ':'", "a key needs ': ' after it; or a value went on to this line without being quoted"),
    ("expected <block end>", "this line's indentation matches no key above it: line it up with its siblings"),
    ("did not find expected key", "this line's indentation matches no key above it: line it up with its siblings"),
    ("did not find expected '-'", "items of a list start with '- ' at the same indentation"),
    ("found undefined alias", "an alias (*name) needs an anchor (&name) earlier in the file"),
    ("cannot start any token", "a value that starts with '@', '`' or '%' must be quoted"),
    ("found unexpected end of stream", "a quoted string or a bracket is not closed"),
    ("while parsing a flow", "a '{' or '[' is not closed, or items inside it lack a ','"),
)


def yaml_hint(problem: str, found: str = "") -> str | None:
    """A short hint for one of PyYAML's messages (None when there is no usual cause to name);
    ``found``: the character where the parser stopped (libyaml's messages do not name it)."""
    if found == "\t":
        return _TAB_HINT
    return next((hint for words, hint in _YAML_HINTS if words in problem), None)


def _at(text: str, mark: Any) -> str:
    """The character at a YAML error's mark ("" when there is none)."""
    return text[mark.index : mark.index + 1] if mark is not None and mark.index is not None else ""


def load_document(path: Path, name: str | None = None, files: Files | None = None) -> Document:
    """Load a file that a ``$ref`` points into: any YAML or JSON document."""
    shown = name or path.name
    data, digest, aliased = read_data(path, shown, files)
    return Document(path=path, name=shown, data=data, digest=digest, aliased=aliased)


def load_remote(url: str, where: Location, files: Files | None = None) -> Document:
    """Fetch and parse the document at ``url``; ``where`` is the ``$ref`` that asked for it
    (``files``: the run's reads, which may have it already)."""
    try:
        raw = (files or Files()).fetch(url)
    except OSError as exc:
        raise SpecError(f"cannot fetch {url}: {exc}", location=where, hint="check the address, or download the file next to the spec") from None
    path = urlsplit(url).path
    data, digest, aliased = parse_data(raw, url, as_json=path.lower().endswith(".json"))
    return Document(path=None, name=url, data=data, digest=digest, aliased=aliased)


def positioned(exc: SpecError, path: Path, files: Files | None = None) -> SpecError:
    """``exc`` with the line and column of its pointer in the file ``path`` (parsed again: errors
    only; ``files``: the run's reads, so that the text is the one that was parsed)."""
    from .yaml_events import positions

    if exc.location is None or exc.line is not None:
        return exc
    try:
        text = (files or Files()).read(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return exc
    found = positions(text, {exc.location.pointer}).get(exc.location.pointer)
    if found is not None:
        exc.line, exc.column = found[0], found[1]
    return exc


def load_spec(path: Path, name: str | None = None, files: Files | None = None, roots: tuple[str, ...] = ()) -> Document:
    """Load the root spec and check that it is an input modelgen reads: an OpenAPI 3.0, 3.1 or 3.2
    document, a Swagger 2.0 document or a JSON Schema (``Document.kind`` says which; ``inputs``
    reads the last two as OpenAPI 3). An error about the file as a whole (it does not parse, it is
    none of these) names it as it was given (``specs/api.yaml``, not ``api.yaml``), so that it can
    be found. ``roots``: the component schemas a job takes, if that is all it takes (a large
    YAML spec is then read only as far as they reach, where it can be: ``yaml_sections``)."""
    try:
        doc = (_reaching(path, name or path.name, files or Files(), roots) if roots else None) or load_document(path, name, files)
        return replace(doc, kind=input_kind(doc))
    except SpecError as exc:
        raise as_given(positioned(exc, path, files), path, name or path.name) from None


def _reaching(path: Path, name: str, files: Files, roots: tuple[str, ...]) -> Document | None:
    """The OpenAPI document at ``path`` as far as ``roots`` reach, or None (read it whole: any
    problem with the file is reported by that read)."""
    from .yaml_sections import load_reaching

    if path.suffix.lower() == ".json":
        return None  # (JSON is read whole at once)
    try:
        text = files.read(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    aliased: set[int] = set()
    data = load_reaching(text, roots, aliased)
    if data is None or "openapi" not in data:
        return None
    return Document(path=path, name=name, data=data, digest=files.sha256(path), aliased=frozenset(aliased), partial=True)


def as_given(exc: SpecError, path: Path, shown: str) -> SpecError:
    """``exc``, when it is about the file shown as ``shown``, naming it by ``path`` as it was given."""
    if exc.location is not None and exc.location.file == shown:
        exc.location = Location(str(path), exc.location.pointer)
    return exc


# Keywords that make a mapping without ``openapi`` or ``swagger`` a JSON Schema (a title alone does not).
SCHEMA_KEYWORDS = frozenset(
    {
        "$schema", "$defs", "definitions", "type", "properties", "$ref", "allOf", "anyOf", "oneOf",
        "items", "enum", "const", "additionalProperties", "patternProperties",
    }
)  # fmt: skip


def input_kind(doc: Document) -> str:
    """``openapi``, ``swagger`` or ``jsonschema``: what the document is, by its keys; a clear
    error when it is none of them, or a version modelgen does not read."""
    where = Location(doc.name)
    if not isinstance(doc.data, dict):
        raise SpecError(
            f"expected an OpenAPI document (a mapping), found {type(doc.data).__name__}",
            location=where,
            hint="a spec is an OpenAPI 3.x or Swagger 2.0 document, or a JSON Schema, each a mapping",
        )
    if "openapi" in doc.data:
        version = doc.data["openapi"]
        if not str(version).startswith(SUPPORTED_VERSIONS):
            raise SpecError(
                f"OpenAPI {version} is not supported, only 3.0, 3.1 and 3.2", location=Location(doc.name, "/openapi")
            )
        return "openapi"
    if "swagger" in doc.data:
        if str(doc.data["swagger"]) != "2.0":
            raise SpecError(
                f"Swagger {doc.data['swagger']} is not supported, only 2.0 (and OpenAPI 3.0, 3.1 and 3.2)",
                location=Location(doc.name, "/swagger"),
                hint="convert the spec to OpenAPI 3 or Swagger 2.0 first",
            )
        return "swagger"
    if not SCHEMA_KEYWORDS.isdisjoint(doc.data):
        return "jsonschema"
    raise SpecError(
        "not an OpenAPI document: there is no 'openapi' key (nor 'swagger', and no JSON Schema keyword)",
        location=where,
        hint="an OpenAPI file starts with 'openapi: 3.1.x' (or 3.0.x, 3.2.x), a Swagger one with"
        " 'swagger: \"2.0\"'; a JSON Schema has '$schema', 'type' or 'properties'",
    )
