"""Limits that are right: what a legitimate large spec does is never taken for an alias bomb, and
an alias bomb anywhere stops in bounded time with its pointer (normalise/limits.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from modelgen.app.pipeline import prepare
from tests.support import REPO

BAD = REPO / "tests" / "bad_specs"
BOMB = "\n".join(
    ["x-values:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
)


def write(tmp_path: Path, schemas: str, extra: str = "") -> Path:
    spec = tmp_path / "api.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{extra}\ncomponents:\n  schemas:\n{schemas}", encoding="utf-8")
    return spec


def test_a_base_schema_reused_by_1100_schemas_is_not_a_bomb(tmp_path: Path) -> None:
    """Large specs refer to one base schema thousands of times: that is what $ref is for."""
    base = "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        created: {type: integer}\n"
    children = "".join(
        f"    Thing{i}:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n"
        f"        - type: object\n          properties:\n            size{i}: {{type: integer}}\n"
        for i in range(1100)
    )
    prepared = prepare(write(tmp_path, base + children))
    assert len(prepared.spec.components) == 1101
    thing = prepared.spec.definitions[prepared.spec.components["Thing1099"]]
    assert [f.wire_name for f in thing.fields] == ["id", "created", "size1099"]  # type: ignore[union-attr]


def test_one_anchor_reused_through_yaml_aliases_a_few_times_is_fine(tmp_path: Path) -> None:
    schemas = "    A: &shared {type: object, properties: {x: {type: string}}}\n" + "".join(
        f"    B{i}: *shared\n" for i in range(50)
    )
    assert len(prepare(write(tmp_path, schemas)).spec.components) == 51


@pytest.mark.parametrize("where", ["example", "description", "title", "x-extension"])
def test_an_alias_bomb_in_a_value_the_models_do_not_hold_is_never_expanded(tmp_path: Path, where: str) -> None:
    schemas = f"    Order:\n      type: object\n      {where}: *a9\n      properties:\n        id: {{type: string}}\n"
    result = subprocess.run(
        [sys.executable, "-m", "modelgen", "generate", str(write(tmp_path, schemas, BOMB)), "--flavour", "pydantic",
         "--output", str(tmp_path / "m.py"), "--no-cache"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "class Order(_Base):" in (tmp_path / "m.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("alias_bomb*.yaml")))
def test_every_alias_bomb_stops_in_bounded_time(name: str, tmp_path: Path) -> None:
    """A hang would fail here rather than block the suite; the message is checked by test_bad_input."""
    result = subprocess.run(
        [sys.executable, "-m", "modelgen", "generate", str(BAD / name), "--flavour", "dataclasses",
         "--output", str(tmp_path / "m.py"), "--no-cache"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "error: " in result.stderr and " at /" in result.stderr
