"""The closure of the roots and the order a module declares it in (select.py)."""

from __future__ import annotations

from pathlib import Path

from modelgen.app.pipeline import prepare
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
