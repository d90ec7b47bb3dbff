"""A Pydantic model's first build builds the models it refers to first, each after the ones it
refers to, so that each model's schema is made once and reused (docs/pydantic-building.md);
nothing else is built, and cycles, type aliases and tagged unions are followed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic._internal import _generate_schema

from modelgen.cli import main
from tests.support import import_file

REF = "#/components/schemas/"
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Run": {
                "type": "object",
                "required": ["step", "steps"],
                "properties": {
                    "step": {"$ref": f"{REF}Step"},
                    "steps": {"type": "array", "items": {"$ref": f"{REF}Step"}},
                    "usage": {"$ref": f"{REF}Usage"},
                    "tool": {"$ref": f"{REF}Tool"},
                },
            },
            "Step": {"type": "object", "properties": {"usage": {"$ref": f"{REF}Usage"}, "n": {"type": "integer"}}},
            "Usage": {"type": "object", "properties": {"tokens": {"type": "integer"}}},
            # a tagged union, through a named alias
            "Tool": {
                "oneOf": [{"$ref": f"{REF}Code"}, {"$ref": f"{REF}Search"}],
                "discriminator": {"propertyName": "type"},
            },
            "Code": {"type": "object", "required": ["type"], "properties": {"type": {"const": "code"}}},
            "Search": {"type": "object", "required": ["type"], "properties": {"type": {"const": "search"}}},
            # a cycle, and a model nothing above refers to
            "Tree": {"type": "object", "properties": {"forest": {"$ref": f"{REF}Forest"}}},
            "Forest": {"type": "object", "properties": {"trees": {"type": "array", "items": {"$ref": f"{REF}Tree"}}}},
            "Other": {"type": "object", "properties": {"usage": {"$ref": f"{REF}Usage"}}},
        }
    },
}


@pytest.fixture
def module(tmp_path: Path) -> Any:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    output = tmp_path / f"building_{tmp_path.name}_pydantic.py"
    assert main(["generate", str(spec), "--flavour", "pydantic", "--output", str(output), "--quiet"]) == 0
    return import_file(output)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each model's schema is made: by how many builds (each a GenerateSchema,
    inside which a model's schema is made once) it is made rather than reused from the built model."""
    counts: Counter[str] = Counter()
    builds: list[Any] = []  # (kept, so that no id is reused)
    original = _generate_schema.GenerateSchema._model_schema

    def counted(self: Any, cls: Any) -> Any:
        if not cls.__pydantic_complete__ and (self, cls) not in builds:
            builds.append((self, cls))
            counts[cls.__name__] += 1
        return original(self, cls)

    monkeypatch.setattr(_generate_schema.GenerateSchema, "_model_schema", counted)
    return counts


def test_the_first_use_builds_what_the_model_refers_to_and_nothing_else(module: Any, made: Counter[str]) -> None:
    run = module.Run.model_validate({"step": {"usage": {"tokens": 1}}, "steps": [], "tool": {"type": "search"}})
    assert isinstance(run.tool, module.Search) and run.step.usage.tokens == 1
    built = {name for name in ("Run", "Step", "Usage", "Code", "Search", "Tree", "Forest", "Other") if getattr(module, name).__pydantic_complete__}
    assert built == {"Run", "Step", "Usage", "Code", "Search"}
    assert made == Counter({"Run": 1, "Step": 1, "Usage": 1, "Code": 1, "Search": 1})


def test_every_schema_is_made_once(module: Any, made: Counter[str]) -> None:
    for name in ("Run", "Step", "Usage", "Code", "Search", "Tree", "Forest", "Other"):  # (the benchmark's order)
        getattr(module, name).model_rebuild()
    assert set(made) == {"Run", "Step", "Usage", "Code", "Search", "Tree", "Forest", "Other"}
    # Forest, built first of its cycle, holds Tree inside it (as pydantic builds it): Tree's
    # schema is made twice, every other once
    assert made == Counter({**dict.fromkeys(made, 1), "Tree": 2})


def test_a_cycle_validates_and_round_trips(module: Any) -> None:
    payload = {"forest": {"trees": [{"forest": {"trees": []}}, {}]}}
    tree = module.Tree.model_validate(payload)
    assert tree.model_dump(exclude_unset=True) == payload
    assert module.Forest.__pydantic_complete__
    with pytest.raises(ValueError, match="trees"):
        module.Tree.model_validate({"forest": {"trees": [{"forest": {"trees": 3}}]}})


def test_json_schema_keeps_its_definitions(module: Any) -> None:
    module.Step.model_rebuild()  # built before Run, and reused by it
    schema = module.Run.model_json_schema()
    assert set(schema["$defs"]) == {"Code", "Search", "Step", "Usage"}
    assert schema["properties"]["steps"]["items"] == {"$ref": "#/$defs/Step"}
