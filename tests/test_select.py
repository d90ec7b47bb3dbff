"""The closure of the roots and the order a module declares it in (select.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelgen.app.pipeline import prepare
from modelgen.errors import SpecError
from modelgen.scope import EVERYTHING, Scope
from modelgen.select import closure, ordered, resolve_roots

SPEC = """openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    Zoo: {type: object, properties: {keeper: {$ref: '#/components/schemas/Keeper'}, size: {$ref: '#/components/schemas/Size'}}}
    Keeper: {type: object, properties: {boss: {$ref: '#/components/schemas/Keeper'}, zoo: {$ref: '#/components/schemas/Zoo'}}}
    Size: {type: string, enum: [small, big]}
    Alone: {type: object, properties: {x: {type: integer}}}
"""


def test_closure_and_order_through_cycles(tmp_path: Path) -> None:
    spec_file = tmp_path / "s.yaml"
    spec_file.write_text(SPEC, encoding="utf-8")
    prepared = prepare(spec_file)
    spec, names = prepared.spec, prepared.names
    keys = closure(spec, resolve_roots(spec, ("Zoo",), "s.yaml"))
    assert sorted(names.cls(k) for k in keys) == ["Keeper", "Size", "Zoo"]
    order = [names.cls(k) for k in ordered(spec, keys, names)]
    assert order.index("Size") < order.index("Zoo"), "an alias before what uses it"
    assert ordered(spec, keys, names) == ordered(spec, set(reversed(sorted(keys))), names), "a pure function"


def _names(spec_text: str, tmp_path: Path, scope: Scope) -> dict[str, str]:
    """Class name by pointer of what ``scope`` takes from the spec."""
    spec_file = tmp_path / "s.yaml"
    spec_file.write_text(spec_text, encoding="utf-8")
    prepared = prepare(spec_file, scope=scope)
    return {key: prepared.names.cls(key) for key in prepared.spec.definitions}


def test_only_the_roots_closure_is_read_and_named(tmp_path: Path) -> None:
    names = _names(SPEC, tmp_path, Scope(("Zoo",)))
    assert sorted(names.values()) == ["Keeper", "Size", "Zoo"]


def test_a_schema_outside_the_roots_closure_changes_none_of_its_names(tmp_path: Path) -> None:
    # a component named like the inline model of Zoo's field `pen` takes that name from it when
    # every component is read; a job of Zoo alone must not depend on it
    clashing = SPEC.replace("size: {$ref", "pen: {type: object, properties: {w: {type: integer}}}, size: {$ref")
    clashing += "    ZooPen: {type: object, properties: {other: {type: string}}}\n"
    pen = "s.yaml#/components/schemas/Zoo/properties/pen"
    assert _names(clashing, tmp_path, EVERYTHING)[pen] == "ZooPenInline"
    assert _names(clashing, tmp_path, Scope(("Zoo",)))[pen] == "ZooPen"


def test_an_error_outside_the_roots_closure_is_never_met(tmp_path: Path) -> None:
    broken = SPEC + "    Broken: {$ref: '#/components/schemas/Nowhere'}\n"
    assert "Broken" not in _names(broken, tmp_path, Scope(("Zoo",))).values()
    spec_file = tmp_path / "s.yaml"
    prepared = prepare(spec_file)  # every component: the error is recorded against Broken
    assert any(d.error and "Nowhere" in d.message for d in prepared.spec.diagnostics)


def test_an_unknown_root_is_an_error_with_the_nearest_names_unless_missing_ok(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        _names(SPEC, tmp_path, Scope(("Keper",)))
    assert "no component schema named 'Keper'" in str(caught.value)
    assert "did you mean Keeper?" in str(caught.value)
    assert sorted(_names(SPEC, tmp_path, Scope(("Keper", "Size"), missing_ok=True)).values()) == ["Size"]
