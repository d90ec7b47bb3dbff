"""A JSON Schema document (draft 4, 6, 7, 2019-09 or 2020-12) read as an OpenAPI 3.1 document.

* The root schema is the component named by its ``title`` when that is a name (at most four
  words, no punctuation: ``Person``), else by the file's name without its extensions
  (``person.schema.json`` → ``person``), and by the file's name too (``--root person.schema.json``); each schema of ``$defs`` and ``definitions``
  is the component of its name (one that the root's name or an earlier one took is named
  ``<name>Definition``).
* The document becomes ``components/schemas`` of a new document around it; the ``$ref``s that
  point into it by JSON pointer (``#``, ``#/$defs/Address``, ``#/properties/name``) are rewritten
  to where the schemas now are, and the document's ``$id`` is the new document's ``$self``, so
  relative references (a sibling file, an ``$id``) resolve as before. Errors are reported at the
  schema's place in the file (``inputs.original``).
* Drafts: draft 4 names a schema's URI ``id`` (read as ``$id``) and writes ``exclusiveMinimum``
  and ``exclusiveMaximum`` as booleans beside ``minimum`` and ``maximum`` (read as OpenAPI 3.0
  does); ``items`` as a list (drafts 4 to 2019-09) is a tuple, as ``prefixItems`` is;
  ``dependencies`` is reported as not enforced, as ``dependentRequired`` is.
* ``discriminator`` is no JSON Schema keyword, but some generators write OpenAPI's: one of that
  shape is read as in OpenAPI (its mapping's references retargeted too), any other is left out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..errors import Location, SpecError, escape_pointer_token
from ..load import Document
from . import ordered_moves, stands_for
from .schemas import each_mapping, each_schema

SCHEMAS = "/components/schemas/"


def draft_of(data: dict[str, Any]) -> str:
    """The draft a document says it is written in (``$schema``): ``4``, ``6``, ``7``, ``2019-09``
    or ``2020-12`` (the default)."""
    uri = data.get("$schema")
    if isinstance(uri, str):
        for draft in ("draft-04", "draft-06", "draft-07", "2019-09", "2020-12"):
            if draft in uri:
                return draft.removeprefix("draft-0")
    return "2020-12"


# A title that is a name (``Person``, ``Pet store order``), not a sentence or a URL.
_NAME_LIKE = re.compile(r"[A-Za-z][\w.-]*(?: [A-Za-z0-9][\w.-]*){0,3}")


def name_of(data: dict[str, Any], file: str) -> str:
    """A JSON Schema's component name: its title when it is a name (four words at most, no
    punctuation), else the file's name without its extensions."""
    title = data.get("title")
    if isinstance(title, str) and _NAME_LIKE.fullmatch(title.strip()):
        return title.strip()
    stem = file.rsplit("/", 1)[-1]
    for ending in (".json", ".yaml", ".yml", ".schema"):
        stem = stem.removesuffix(ending)
    return stem or "Root"


def from_json_schema(document: Document) -> Document:
    """The JSON Schema ``document`` as an OpenAPI 3.1 document (see the module docstring)."""
    data = document.data
    if draft_of(data) == "4":
        each_schema([data], _draft4_ids)
    name = name_of(data, document.name)
    components: dict[str, Any] = {name: data}
    moves = {SCHEMAS.rstrip("/") + "/" + escape_pointer_token(name): ""}  # added place -> place in the file
    pointers = {"": name}  # a pointer of the file -> the component at it
    for keyword in ("$defs", "definitions"):
        defs = data.get(keyword)
        if defs is None:
            continue
        if not isinstance(defs, dict):
            raise SpecError(f"{keyword} must be a mapping of names to schemas", location=Location(document.name, f"/{keyword}"))
        for def_name, schema in defs.items():
            taken = str(def_name)
            while taken in components:
                taken += "Definition"
            components[taken] = schema
            at = f"/{keyword}/{escape_pointer_token(str(def_name))}"
            moves[SCHEMAS + escape_pointer_token(taken)] = at
            pointers[at] = taken
    _retarget_refs(data, pointers)
    file = document.name.rsplit("/", 1)[-1]
    if file not in components:  # a second name of the root: its file's (``--root person.schema.json``)
        components[file] = stands_for("#" + SCHEMAS + escape_pointer_token(name))
    wrapper: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": name, "version": ""},
        "components": {"schemas": components},
    }
    identifier = data.get("$id", data.get("id"))
    if isinstance(identifier, str) and identifier:
        wrapper["$self"] = identifier
    return replace(document, data=wrapper, moved=ordered_moves(moves))


def _draft4_ids(node: dict[str, Any]) -> None:
    """Draft 4's ``id`` is the ``$id`` of later drafts."""
    if isinstance(node.get("id"), str) and "$id" not in node:
        node["$id"] = node["id"]


def _retarget_refs(data: dict[str, Any], pointers: dict[str, str]) -> None:
    """Point each ``$ref`` by JSON pointer into the document (``#...``) at the schema's new place.
    A reference inside a schema with an ``$id`` of its own is relative to that schema, and kept."""
    nested_ids: set[int] = set()

    def note(node: dict[str, Any]) -> None:
        if node is not data and isinstance(node.get("$id"), str):
            nested_ids.update(id(m) for m in each_mapping(node))

    mappings = list(each_mapping(data))
    if any(m is not data and isinstance(m.get("$id"), str) for m in mappings):  # (rare: the walk is for them)
        each_schema([data], note)

    def retargeted(ref: Any) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#") or (ref[1:] and ref[1] != "/"):
            return ref
        pointer = ref[1:]
        parts = pointer.split("/", 3)  # "", "$defs", a name, the rest
        prefix = "/".join(parts[:3]) if len(parts) >= 3 and "/".join(parts[:3]) in pointers else ""
        return "#" + SCHEMAS + escape_pointer_token(pointers[prefix]) + pointer[len(prefix) :]

    for node in mappings:
        if id(node) in nested_ids:
            continue
        if "$ref" in node:
            node["$ref"] = retargeted(node["$ref"])
        disc = node.get("discriminator")
        mapping = disc.get("mapping") if isinstance(disc, dict) else None
        if isinstance(mapping, dict) and all(isinstance(t, str) for t in mapping.values()):
            for tag, target in mapping.items():  # OpenAPI's keyword, which some JSON Schemas use
                mapping[tag] = retargeted(target)
        elif isinstance(mapping, dict):  # not OpenAPI's (and no JSON Schema keyword): only a note
            del node["discriminator"]
