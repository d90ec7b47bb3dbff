"""The JSON Schema oracle: a spec's schemas as JSON Schema 2020-12, validated by `jsonschema`.

OpenAPI adds `nullable: true` (3.0) to JSON Schema, and vendors keep using it in 3.1 documents,
also as an allOf member (`allOf: [$ref, {nullable: true}]`). The oracle reads each as "or null",
as the generator does. OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` become the
numeric 2020-12 keywords. Everything else is left to the validator as written.

A JSON Schema document is its own oracle: validated as written, by the validator of its draft.
A Swagger 2.0 document is read as the 3.0 document it says the same as, written here apart from
the generator's translation: its definitions are the components, `x-nullable: true` is
`nullable: true`, a `file` is a string.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from modelgen.yaml_events import load_yaml

SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_VALUES = ("additionalProperties", "items", "not", "contains", "propertyNames", "if", "then", "else")


def convert(node: Any) -> Any:
    """An OpenAPI schema object → a JSON Schema 2020-12 schema."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    nullable = node.get("nullable") is True
    for key, value in node.items():
        if key in ("nullable", "discriminator") or str(key).startswith("x-"):
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: convert(v) for k, v in value.items()}
        elif key in SCHEMA_LISTS and isinstance(value, list):
            members = [m for m in value if not (key == "allOf" and _only_nullable(m))]
            nullable |= len(members) < len(value)
            out[key] = [convert(m) for m in members]
        elif key in SCHEMA_VALUES and isinstance(value, dict):
            out[key] = convert(value)
        else:
            out[key] = value
    for side in ("Minimum", "Maximum"):
        flag = out.get("exclusive" + side)
        if isinstance(flag, bool):
            del out["exclusive" + side]
            if flag and side.lower() in out:
                out["exclusive" + side] = out.pop(side.lower())
    if nullable:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _only_nullable(member: Any) -> bool:
    return isinstance(member, dict) and set(member) - {"description", "title"} == {"nullable"}


def convert_document(doc: dict[str, Any]) -> dict[str, Any]:
    schemas = (doc.get("components") or {}).get("schemas") or {}
    converted = {"components": {"schemas": {name: convert(s) for name, s in schemas.items()}}}
    return _pointers_for_names(converted)


def _pointers_for_names(doc: dict[str, Any]) -> dict[str, Any]:
    """``$ref``s to an ``$anchor`` or an ``$id`` rewritten as JSON pointers, and the ``$id``s
    dropped: the validator looks for anchors and ids only in schema resources, and OpenAPI's
    components are not one (OpenAPI 3.1 reads them as schemas all the same)."""
    names: dict[str, str] = {}

    def index(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            for keyword in ("$anchor", "$id"):
                if isinstance(node.get(keyword), str):
                    names[("#" if keyword == "$anchor" else "") + node[keyword]] = "#" + pointer
            for key, value in node.items():
                index(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                index(value, f"{pointer}/{i}")

    def rewrite(node: Any, pointer: str, resource: str) -> Any:
        """``resource``: the pointer of the schema with an ``$id`` around ``node`` (its fragment
        ``$ref``s are relative to it, as JSON Schema says)."""
        if isinstance(node, dict):
            if isinstance(node.get("$id"), str) and pointer:
                resource = pointer
            out = {
                k: rewrite(v, f"{pointer}/{str(k).replace('~', '~0').replace('/', '~1')}", resource)
                for k, v in node.items()
                if k != "$id"
            }
            ref = out.get("$ref")
            if isinstance(ref, str) and ref in names:
                out["$ref"] = names[ref]
            elif isinstance(ref, str) and ref.startswith("#/") and resource:
                out["$ref"] = "#" + resource + ref[1:]
            return out
        if isinstance(node, list):
            return [rewrite(v, f"{pointer}/{i}", resource) for i, v in enumerate(node)]
        return node

    index(doc, "")
    rewritten: dict[str, Any] = rewrite(doc, "", "")
    return rewritten


def raw(path: Path) -> dict[str, Any]:
    """The spec as an OpenAPI document (a Swagger 2.0 one read as 3.0, see the module docstring)."""
    data: dict[str, Any] = load_yaml(path.read_text(encoding="utf-8"))
    return _from_swagger(data) if "swagger" in data else data


def _from_swagger(node: Any) -> Any:
    if isinstance(node, list):
        return [_from_swagger(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _from_swagger(v) for k, v in node.items()}
    if isinstance(out.get("$ref"), str):
        out["$ref"] = out["$ref"].replace("#/definitions/", "#/components/schemas/")
    if out.get("x-nullable") is True:
        out["nullable"] = True
    if out.get("type") == "file":
        out["type"] = "string"
    if "definitions" in out and "swagger" in out:
        out["components"] = {"schemas": out["definitions"]}
    return out


def is_json_schema(path: Path) -> bool:
    data = load_yaml(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "openapi" not in data and "swagger" not in data


def json_schema_validator(path: Path, schema: str) -> Any:
    """The validator of the root schema (named ``schema`` by its title) or of one of its
    definitions, by the draft the document names, with the documents beside it by their ``$id``."""
    import referencing
    import referencing.jsonschema

    resources = []
    for sibling in sorted(path.parent.glob("*.json")):
        doc = load_yaml(sibling.read_text(encoding="utf-8"))
        uri = doc.get("$id") or doc.get("id") or sibling.as_uri()
        resources.append((uri, referencing.Resource.from_contents(doc, default_specification=referencing.jsonschema.DRAFT202012)))
    root = load_yaml(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(root, default=jsonschema.Draft202012Validator)
    base = root.get("$id") or root.get("id")
    if schema == root.get("title"):
        return cls(root, registry=referencing.Registry().with_resources(resources))
    keyword = "$defs" if schema in (root.get("$defs") or {}) else "definitions"
    return cls({"$ref": f"{base}#/{keyword}/{schema}"}, registry=referencing.Registry().with_resources(resources))


@cache
def load(path: Path) -> dict[str, Any]:
    return convert_document(raw(path))


def validator(path: Path, schema: str, pointer: str | None = None, direction: str | None = None) -> jsonschema.Draft202012Validator:
    """The validator of the component ``schema``, or of the schema at ``pointer`` (an operation's
    body); with a ``direction`` ("read" or "write"), of the payloads that travel that way."""
    if is_json_schema(path):
        return json_schema_validator(path, schema)  # type: ignore[no-any-return]
    root = dict(load(path))
    if pointer is None:
        root["$ref"] = "#/components/schemas/" + schema.replace("~", "~0").replace("/", "~1")
    else:
        node: Any = raw(path)
        for token in pointer.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        root.update(convert(node))
    return jsonschema.Draft202012Validator(travelling(root, direction) if direction else root)


def travelling(node: Any, direction: str) -> Any:
    """The schemas as they apply to payloads going one way: OpenAPI's ``required`` does not hold
    a read-only property in a request ("write"), nor a write-only one in a response ("read")."""
    if isinstance(node, list):
        return [travelling(v, direction) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: travelling(v, direction) for k, v in node.items()}
    properties, required = node.get("properties"), node.get("required")
    if isinstance(properties, dict) and isinstance(required, list):
        other_side = "readOnly" if direction == "write" else "writeOnly"
        out["required"] = [r for r in required if not (isinstance(properties.get(r), dict) and properties[r].get(other_side) is True)]
    return out


CONSTRAINTS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
     "pattern", "minItems", "maxItems", "uniqueItems"}
)  # fmt: skip


def strip_constraints(node: Any, keywords: frozenset[str] = CONSTRAINTS) -> Any:
    """The same schema without the value constraints ``keywords`` (what a flavour does not check).
    ``enum`` stands for an enum with numbers that are not integers (the only enum a flavour may
    leave unchecked: Python's ``Literal`` cannot hold them)."""
    if isinstance(node, dict):
        return {
            k: _names_kept(v, keywords) if k in SCHEMA_MAPS else strip_constraints(v, keywords)
            for k, v in node.items()
            if k not in keywords or not _applies(k, v)
        }
    if isinstance(node, list):
        return [strip_constraints(v, keywords) for v in node]
    return node


def _names_kept(node: Any, keywords: frozenset[str]) -> Any:
    """A map of names to schemas (``properties``...) with its schemas stripped: a property named
    ``pattern`` is a property, not the keyword."""
    if isinstance(node, dict):
        return {k: strip_constraints(v, keywords) for k, v in node.items()}
    return strip_constraints(node, keywords)


def _applies(keyword: str, value: Any) -> bool:
    if keyword == "enum":
        return isinstance(value, list) and any(isinstance(v, float) and not v.is_integer() for v in value)
    return True
