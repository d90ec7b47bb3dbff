"""The front stage: every kind of input read as the one shape the rest of the pipeline reads,
OpenAPI 3.

Design. A Swagger 2.0 document (``swagger``) or a JSON Schema (``jsonschema``) is translated
once, after its overlays are applied and before anything is resolved, into an OpenAPI 3 document;
the later stages never learn what the input was. Two rules keep messages about the file true:

* Where the shapes agree (a schema is a schema in every kind), the document's own nodes are used
  and rewritten in place (``x-nullable: true`` gains ``nullable: true``...): they keep their
  places, so a JSON pointer into them is a pointer into the file, and a YAML alias stays one node.
* Where OpenAPI 3 puts a node elsewhere (``definitions`` under ``components/schemas``, a ``body``
  parameter's schema under ``requestBody/content``), the translation adds the new place around the
  original node (not a copy) and records in ``Document.moved`` which place of the file it stands
  for; ``original`` gives that place back, and the pipeline reports every error there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..errors import Diagnostic, Location, SpecError
from ..load import Document


# Marks a component the translation adds as a second name of a schema elsewhere (a file's name,
# a file of a folder): the component is that schema (``normalise.components``), not an alias of it.
STANDS_FOR = "x-modelgen-stands-for"


def stands_for(ref: str) -> dict[str, object]:
    """A component that is the schema ``ref`` points to, under another name."""
    return {"$ref": ref, STANDS_FOR: True}


def as_openapi(document: Document) -> Document:
    """``document`` as an OpenAPI 3 document (itself if it is one); its data is rewritten in place."""
    if document.kind == "swagger":
        from .swagger import from_swagger

        return from_swagger(document)
    if document.kind == "jsonschema":
        from .jsonschema import from_json_schema

        return from_json_schema(document)
    return document


def dialect(kind: str) -> Callable[[dict[str, Any]], None] | None:
    """How a schema of another document that a root of ``kind`` refers to is read as OpenAPI 3,
    in place (``None``: as it is). A Swagger 2.0 document's references lead to Swagger files:
    their schemas say ``x-nullable`` and ``type: file`` too. Only the schemas' keywords change,
    so those schemas keep their places, and an error in one names its file's own pointer."""
    if kind == "swagger":
        from .swagger import schema_keywords

        return schema_keywords
    return None


def original(document: Document, loc: Location | None) -> Location | None:
    """Where ``loc`` (a place in the translated document) is in the file."""
    if loc is None or loc.file != document.name or not document.moved:
        return loc
    for added, was in document.moved:  # the longest first: the most precise
        if loc.pointer == added or loc.pointer.startswith(added + "/"):
            return Location(loc.file, was + loc.pointer[len(added) :])
    return loc


# A reference or a pointer quoted in a message: ``'#/components/schemas/A'``, ``under /components``
_QUOTED = re.compile(r"(?<='#)/[^']*(?=')|(?<=under )/\S*")


def _said(document: Document, message: str) -> str:
    """``message`` with the references and pointers it quotes as the file writes them."""
    def back(found: re.Match[str]) -> str:
        place = original(document, Location(document.name, found.group()))
        return place.pointer if place is not None else found.group()

    return _QUOTED.sub(back, message) if document.moved else message


def placed(document: Document, exc: SpecError) -> SpecError:
    """``exc`` at its place in the file, quoting the file's own pointers."""
    exc.location = original(document, exc.location)
    exc.message = _said(document, exc.message)
    return exc


def diagnostics_placed(document: Document, found: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The diagnostics at their places in the file, quoting the file's own pointers."""
    if not document.moved:
        return found
    return tuple(replace(d, location=original(document, d.location), message=_said(document, d.message)) for d in found)


def ordered_moves(moves: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The moves, the longest added place first (``original`` takes the first that holds a place)."""
    return tuple(sorted(moves.items(), key=lambda pair: (-len(pair[0]), pair[0])))
