"""A Swagger 2.0 document read as an OpenAPI 3.0 document (its schemas are of OpenAPI 3.0's
dialect: ``nullable`` and boolean ``exclusiveMinimum`` are read as 3.0 reads them).

* ``definitions`` are the component schemas (``components/schemas`` is the same mapping; the
  ``$ref``s to ``#/definitions/...`` are rewritten to point there).
* In every schema: ``x-nullable: true`` is ``nullable: true``; ``discriminator: petType`` (a
  property name) is ``discriminator: {propertyName: petType}``; ``type: file`` is a string of
  ``format: binary`` (a file's bytes in a form).
* A ``body`` parameter is the operation's ``requestBody``, of the first JSON media type the
  operation (or the document) ``consumes``, else ``application/json``; the ``formData``
  parameters are the properties of a ``multipart/form-data`` body when one is a file or the
  operation consumes it, else of an ``application/x-www-form-urlencoded`` one.
* Another parameter's type (``type``, ``format``, ``items``, ``enum``, bounds...) is its
  ``schema``; ``collectionFormat`` is the ``style`` and ``explode`` OpenAPI 3 says the same with
  (``csv``, ``ssv``, ``pipes``, ``multi``), a ``formData`` field's in its form's ``encoding``;
  ``tsv`` has none: kept as ``x-collectionFormat``, with a warning. The field is a list of the
  items either way: how it is written on the wire is the client's concern.
* A response's ``schema`` is its ``content`` in the first JSON media type the operation
  ``produces`` (a file response: ``application/octet-stream``, no model).
* ``x-`` extensions stay where they are, and are read as in OpenAPI 3.

Errors about an added place are reported at the node of the file it holds (``inputs.original``).
A schema of another file that the document refers to is read in the same dialect, in place
(``inputs.dialect``): the resolver translates each one the references reach.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import Diagnostic, Location, SpecError, escape_pointer_token
from ..load import Document
from . import ordered_moves
from .schemas import each_mapping, each_schema

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
# What a parameter other than a body says of its value: its schema (the rest is the parameter's)
PARAMETER_SCHEMA_KEYS = (
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
    "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf", "x-nullable", "nullable",
)  # fmt: skip
STYLES = {"csv": ("form", False), "ssv": ("spaceDelimited", False), "pipes": ("pipeDelimited", False), "multi": ("form", True)}


def _json_first(types: Any, fallback: str) -> str:
    """The first JSON media type of ``types`` (a ``consumes`` or ``produces`` list), else ``fallback``."""
    for media in types if isinstance(types, list) else ():
        if isinstance(media, str) and (media.split(";")[0].strip().lower().endswith(("/json", "+json"))):
            return media
    return fallback


class _Translation:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.data: dict[str, Any] = document.data
        self.moves: dict[str, str] = {}
        self.seen: set[int] = set()  # the schemas translated
        self.notes: list[Diagnostic] = []  # what OpenAPI 3 cannot say

    def loc(self, pointer: str) -> Location:
        return Location(self.document.name, pointer)

    def mapping(self, key: str) -> dict[str, Any]:
        found = self.data.get(key) or {}
        if not isinstance(found, dict):
            raise SpecError(f"{key} must be a mapping", location=self.loc(f"/{key}"))
        return found

    def schemas(self, *roots: Any) -> None:
        each_schema(list(roots), schema_keywords, self.seen)

    def run(self) -> Document:
        definitions = self.mapping("definitions")
        self.schemas(*definitions.values())
        for node in each_mapping(self.data):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                node["$ref"] = "#/components/schemas/" + ref.removeprefix("#/definitions/")
        if "components" in self.data:
            raise SpecError("a Swagger 2.0 document has no 'components'", location=self.loc("/components"))
        self.data["components"] = {"schemas": definitions}
        self.moves["/components/schemas"] = "/definitions"
        for name, param in self.mapping("parameters").items():
            if isinstance(param, dict) and param.get("in") not in ("body", "formData"):
                self.parameter(param, f"/parameters/{escape_pointer_token(str(name))}")
            elif isinstance(param, dict):
                self.schemas(param.get("schema"))
        produces = self.data.get("produces")
        for name, response in self.mapping("responses").items():
            self.response(response, f"/responses/{escape_pointer_token(str(name))}", produces)
        for path, item in self.mapping("paths").items():
            if isinstance(item, dict):
                self.path_item(item, f"/paths/{escape_pointer_token(str(path))}")
        self.data["openapi"] = "3.0.3"
        return replace(self.document, moved=ordered_moves(self.moves), notes=tuple(self.notes))

    # -- parameters ------------------------------------------------------------------------

    def resolved(self, param: Any, pointer: str) -> tuple[Any, str]:
        """A parameter, or the one of ``#/parameters`` its ``$ref`` names, and where it is."""
        ref = param.get("$ref") if isinstance(param, dict) else None
        if isinstance(ref, str) and ref.startswith("#/parameters/"):
            name = ref.removeprefix("#/parameters/")
            found = self.mapping("parameters").get(name.replace("~1", "/").replace("~0", "~"))
            if found is not None:
                return found, "/parameters/" + name
        return param, pointer

    def parameter(self, param: dict[str, Any], pointer: str) -> None:
        """A query, path, header or cookie parameter: its type becomes its schema, in place."""
        if "schema" in param:
            return
        schema = {k: v for k, v in param.items() if k in PARAMETER_SCHEMA_KEYS}
        self.schemas(schema)
        param["schema"] = schema
        self.moves[pointer + "/schema"] = pointer
        said = self.collection_format(param, pointer)
        if "style" in said:
            simple = param.get("in") in ("path", "header") and said["style"] == "form"
            said["style"] = "simple" if simple else said["style"]
        for key, value in said.items():
            param.setdefault(key, value)

    def collection_format(self, param: dict[str, Any], pointer: str) -> dict[str, Any]:
        """An array parameter's ``collectionFormat`` as OpenAPI 3 says it: a ``style`` and
        ``explode`` (of a parameter, or of a form field's ``encoding``); ``tsv``, which has none,
        as ``x-collectionFormat``, with a warning."""
        written = param.get("collectionFormat")
        if param.get("type") != "array" or written is None:
            return {}
        style = STYLES.get(str(written))
        if style is not None:
            return {"style": style[0], "explode": style[1]}
        self.notes.append(
            Diagnostic(
                False,
                f"collectionFormat {written!r} has no OpenAPI 3 style: the field is a list of the items, "
                "and joining them on the wire is left to the client",
                self.loc(pointer + "/collectionFormat"),
                "csv, ssv, pipes and multi are styles of OpenAPI 3; tsv is not",
            )
        )
        return {"x-collectionFormat": written}

    def path_item(self, item: dict[str, Any], pointer: str) -> None:
        shared = self.split_parameters(item, pointer)
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                self.operation(op, f"{pointer}/{method}", shared)

    def split_parameters(self, owner: dict[str, Any], pointer: str) -> dict[str, list[tuple[dict[str, Any], str]]]:
        """The owner's ``body`` and ``formData`` parameters, taken out of its list (the others
        translated in place and kept, each recorded at its place in the file)."""
        raw = owner.get("parameters")
        taken: dict[str, list[tuple[dict[str, Any], str]]] = {"body": [], "formData": []}
        if not isinstance(raw, list):
            return taken
        kept: list[Any] = []
        for i, param in enumerate(raw):
            target, at = self.resolved(param, f"{pointer}/parameters/{i}")
            if isinstance(target, dict) and target.get("in") in taken:
                taken[target["in"]].append((target, at))
                continue
            if isinstance(target, dict):
                self.parameter(target, at)
            if len(kept) != i:
                self.moves[f"{pointer}/parameters/{len(kept)}"] = f"{pointer}/parameters/{i}"
            kept.append(param)
        owner["parameters"] = kept
        return taken

    def operation(self, op: dict[str, Any], pointer: str, shared: dict[str, list[tuple[dict[str, Any], str]]]) -> None:
        own = self.split_parameters(op, pointer)
        consumes = op.get("consumes", self.data.get("consumes"))
        body = (own["body"] or shared["body"])[:1]
        form = {p.get("name"): (p, at) for p, at in (*shared["formData"], *own["formData"])}  # the operation's win
        if body and "requestBody" not in op:
            param, at = body[0]
            self.schemas(param.get("schema"))
            media = _json_first(consumes, "application/json")
            request: dict[str, Any] = {"content": {media: {"schema": param.get("schema")}}, "required": param.get("required") is True}
            if isinstance(param.get("description"), str):
                request["description"] = param["description"]
            op["requestBody"] = request
            self.moves[f"{pointer}/requestBody"] = at
            self.moves[f"{pointer}/requestBody/content/{escape_pointer_token(media)}/schema"] = at + "/schema"
        elif form and "requestBody" not in op:
            op["requestBody"] = self.form_body(form, pointer, consumes)
        for code, response in (op.get("responses") or {}).items():
            at = f"{pointer}/responses/{escape_pointer_token(str(code))}"
            self.response(response, at, op.get("produces", self.data.get("produces")))

    def form_body(self, form: dict[Any, tuple[dict[str, Any], str]], pointer: str, consumes: Any) -> dict[str, Any]:
        """The ``formData`` parameters as the schema of a form body: a property each."""
        properties: dict[str, Any] = {}
        required = []
        files = any(p.get("type") == "file" for p, _ in form.values())
        multipart = files or (isinstance(consumes, list) and "multipart/form-data" in consumes)
        media = "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
        at = f"{pointer}/requestBody/content/{escape_pointer_token(media)}/schema"
        encoding: dict[str, Any] = {}
        for name, (param, where) in form.items():
            schema = {k: v for k, v in param.items() if k in PARAMETER_SCHEMA_KEYS}
            if isinstance(param.get("description"), str):
                schema["description"] = param["description"]
            self.schemas(schema)
            properties[str(name)] = schema
            self.moves[f"{at}/properties/{escape_pointer_token(str(name))}"] = where
            if param.get("required") is True:
                required.append(str(name))
            said = self.collection_format(param, where)
            if said:  # how the field's items are written in the form: its encoding
                encoding[str(name)] = said
        body: dict[str, Any] = {"schema": {"type": "object", "properties": properties, "required": required}}
        if encoding:
            body["encoding"] = encoding
        return {"content": {media: body}}

    # -- responses --------------------------------------------------------------------------

    def response(self, response: Any, pointer: str, produces: Any) -> None:
        if not isinstance(response, dict) or "schema" not in response or "content" in response:
            return
        schema = response["schema"]
        self.schemas(schema)
        is_file = isinstance(schema, dict) and schema.get("format") == "binary" and schema.get("type") == "string"
        media = "application/octet-stream" if is_file else _json_first(produces, "application/json")
        response["content"] = {media: {"schema": schema}}
        self.moves[f"{pointer}/content/{escape_pointer_token(media)}/schema"] = pointer + "/schema"


def schema_keywords(node: dict[str, Any]) -> None:
    """Swagger 2.0's own schema keywords as OpenAPI 3.0 says them, in place."""
    if node.get("x-nullable") is True and "nullable" not in node:
        node["nullable"] = True
    if isinstance(node.get("discriminator"), str):
        node["discriminator"] = {"propertyName": node["discriminator"]}
    if node.get("type") == "file":
        node["type"], node["format"] = "string", "binary"


def from_swagger(document: Document) -> Document:
    """The Swagger 2.0 ``document`` as an OpenAPI 3.0 document (see the module docstring)."""
    return _Translation(document).run()
