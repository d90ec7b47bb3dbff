"""Pydantic models write each description once, as the attribute's docstring, and still give it to
``model_json_schema()`` (read from the module's source when a JSON schema is first made)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml

from modelgen.cli import main
from modelgen.render.text import clean_text
from tests.support import REPO, case_module, import_file

LONG = (
    "The last error of the run, as the service reported it; it stays `null` while the run goes well, "
    "and it is kept after the run ends."
)
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Run": {
                "type": "object",
                "description": "A run.",
                "required": ["from", "step"],
                "properties": {
                    "from": {"type": "string", "description": "Who started the run."},
                    "step": {"$ref": "#/components/schemas/Step", "description": "The current step."},
                    "error": {"type": "string", "description": LONG},
                    "note": {"type": "string"},
                    "when": {"type": "integer", "format": "unixtime", "description": "When it ended."},
                },
            },
            "Step": {
                "type": "object",
                "properties": {"name": {"type": "string", "description": "The step's name."}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("described")
    spec = folder / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    output = folder / "described_pydantic.py"
    assert main(["generate", str(spec), "--flavour", "pydantic", "--output", str(output), "--quiet"]) == 0
    return import_file(output)


def test_each_description_is_written_once(module: Any) -> None:
    source = Path(module.__file__).read_text(encoding="utf-8")
    for text in ("Who started the run.", "The current step.", "The step's name.", "When it ended."):
        assert source.count(text) == 1, text
    assert "description=" not in source


def test_descriptions_reach_the_json_schema(module: Any) -> None:
    schema = module.Run.model_json_schema()
    properties = schema["properties"]
    assert properties["from"]["description"] == "Who started the run."  # by its alias
    assert properties["step"]["description"] == "The current step."  # beside a reference
    assert "description" not in properties["note"]
    assert properties["when"]["description"] == "When it ended.\n\nFormat: `unixtime`."  # the whole docstring
    assert " ".join(properties["error"]["description"].split()) == LONG  # as the docstring wraps it
    assert schema["$defs"]["Step"]["properties"]["name"]["description"] == "The step's name."
    assert schema["description"] == "A run."
    by_name = module.Run.model_json_schema(by_alias=False)["properties"]
    assert by_name["from_"]["description"] == "Who started the run."


def test_descriptions_in_serialization_mode(module: Any) -> None:
    properties = module.Step.model_json_schema(mode="serialization")["properties"]
    assert properties["name"]["description"] == "The step's name."


def test_an_explicit_null_is_still_refused(module: Any) -> None:
    """An optional property that is not nullable: absent is None, null is refused (by the type,
    without a validator of Python), and None is written back as null."""
    run = module.Run.model_validate({"from": "me", "step": {}})
    assert run.error is None and run.model_dump()["error"] is None
    assert run.model_dump(exclude_unset=True) == {"from": "me", "step": {}}
    for key, value in (("error", None), ("note", None), ("when", None)):
        with pytest.raises(pydantic.ValidationError, match=f"{key}\n  Input should be"):
            module.Run.model_validate_json(json.dumps({"from": "me", "step": {}, key: value}))
    assert "_check_not_null" not in Path(module.__file__).read_text(encoding="utf-8")


def test_hard_descriptions_come_back_exactly() -> None:
    """Quotes, backslashes, non-ASCII, code and markdown: the JSON schema has the spec's text."""
    spec = yaml.safe_load((REPO / "tests" / "cases" / "descriptions" / "spec.yaml").read_text(encoding="utf-8"))
    expected = {name: clean_text(p["description"]) for name, p in spec["components"]["schemas"]["Doc"]["properties"].items()}
    properties = case_module("descriptions", "pydantic").Doc.model_json_schema()["properties"]
    assert {name: p.get("description") for name, p in properties.items()} == expected
