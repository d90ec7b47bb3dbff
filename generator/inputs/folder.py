"""A folder of JSON Schema files read as one OpenAPI 3.1 document.

Each ``.json``, ``.yaml`` and ``.yml`` file of the folder (not of its subfolders; in the order of
their names) is a schema: the component named by its ``title`` when that is a name, else by the
file's name without its extensions; its ``$defs`` and ``definitions`` are components too (one whose
name is taken is ``<name>Definition``). Every file is also a component by its file name
(``--root address.json``). The document holds references to the files, which the resolver reads as
it reads any file a spec refers to: their ``$ref``s (to each other, by path or by ``$id``) resolve
as in one file, and every message names the file and the pointer in it. The folder's "content",
for the state an output records, is the list of its files; each file is hashed as a file a spec
refers to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Location, SpecError, escape_pointer_token
from ..load import Document, load_document
from ..sources import Files, schema_files
from . import stands_for
from .jsonschema import name_of


def load_folder(folder: Path, files: Files | None = None) -> Document:
    """The folder's schema files as one OpenAPI 3.1 document of references to them."""
    files = files or Files()
    found = schema_files(folder)
    if not found:
        raise SpecError(
            "the folder holds no schema file (.json, .yaml, .yml)", location=Location(folder.name), hint="name a spec file, or a folder of JSON Schemas"
        )
    schemas: dict[str, Any] = {}
    aliases: dict[str, Any] = {}
    for path in found:
        document = load_document(path, path.name, files)
        if not isinstance(document.data, dict):
            raise SpecError(f"expected a JSON Schema (a mapping), found {type(document.data).__name__}", location=Location(path.name))
        _add(schemas, name_of(document.data, path.name), stands_for(escape_pointer_token(path.name)))
        for keyword in ("$defs", "definitions"):
            defs = document.data.get(keyword)
            for def_name in defs if isinstance(defs, dict) else ():
                _add(schemas, str(def_name), stands_for(f"{path.name}#/{keyword}/{escape_pointer_token(str(def_name))}"))
        aliases[path.name] = stands_for(escape_pointer_token(path.name))
    data = {
        "openapi": "3.1.0",
        "info": {"title": folder.name, "version": ""},
        "components": {"schemas": {**schemas, **{k: v for k, v in aliases.items() if k not in schemas}}},
    }
    # the document stands in the folder (its references are relative to it), named as the folder
    return Document(path=folder / ".modelgen-folder", name=folder.name, data=data, digest=files.sha256(folder), kind="folder")


def _add(schemas: dict[str, Any], name: str, ref: dict[str, object]) -> None:
    while name in schemas:
        name += "Definition"
    schemas[name] = ref
