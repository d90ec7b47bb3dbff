"""A JSON Schema document (draft 4, 6, 7, 2019-09 or 2020-12) read as an OpenAPI 3.1 document.

* The root schema is the component named by its ``title``, else by the file's name without its
  extensions (``person.schema.json`` → ``person``); each schema of ``$defs`` and ``definitions``
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
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import Location, SpecError, escape_pointer_token
from ..load import Document
from . import ordered_moves
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


def root_name(document: Document) -> str:
    """The root schema's component name: its title, else the file's name without extensions."""
    title = document.data.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    stem = document.name.rsplit("/", 1)[-1]
    for ending in (".json", ".yaml", ".yml", ".schema"):
        stem = stem.removesuffix(ending)
    return stem or "Root"


def from_json_schema(document: Document) -> Document:
    """The JSON Schema ``document`` as an OpenAPI 3.1 document (see the module docstring)."""
    data = document.data
    if draft_of(data) == "4":
        each_schema([data], _draft4_ids)
    name = root_name(document)
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

    each_schema([data], note)
    by_length = sorted(pointers, key=len, reverse=True)
    for node in each_mapping(data):
        ref = node.get("$ref")
        if id(node) in nested_ids or not isinstance(ref, str) or not ref.startswith("#") or (ref[1:] and ref[1] != "/"):
            continue
        pointer = ref[1:]
        for prefix in by_length:
            if pointer == prefix or pointer.startswith(prefix + "/"):
                node["$ref"] = "#" + SCHEMAS + escape_pointer_token(pointers[prefix]) + pointer[len(prefix) :]
                break
