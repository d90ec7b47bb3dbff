"""The fast paths give what the slow ones give: the resolver's search for an ``$id`` around a
reference, the escaping of text, and the parse cache's entries."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from modelgen.app import cache
from modelgen.app.pipeline import prepare
from modelgen.app.prepared import Prepared
from modelgen.errors import Location
from modelgen.load import load_spec
from modelgen.normalise import normalise
from modelgen.render import text
from modelgen.resolve import Resolver, _mappings_with

from tests.support import case_spec
from tests.test_text import hostile_texts

ALIASED = """\
openapi: 3.1.0
info: {title: t, version: '1'}
x-shared: &shared
  $id: https://example.test/shared
  type: object
  properties:
    inner: &inner {$id: https://example.test/inner, type: string}
    again: *inner
    count: {$ref: '#/$defs/Count'}
  $defs: {Count: {type: integer}}
components:
  schemas:
    A: *shared
    B:
      type: array
      items: [*shared, *inner, {$id: x, $defs: {N: {type: number}}, items: {$ref: '#/$defs/N'}}]
    "we/ird~key": {$id: weird, type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
    C: {type: object, properties: {a: {$ref: '#/components/schemas/A'}, n: {$ref: 'x#/$defs/N'}}}
"""


def _slow_index(name: str, data: Any, keyword: str) -> list[tuple[Location, Any]]:
    """The index of ``keyword`` as the resolver first made it: a Location for every node."""
    found: list[tuple[Location, Any]] = []
    stack: list[tuple[Location, Any]] = [(Location(name), data)]
    seen: set[int] = set()
    while stack:
        loc, node = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                continue
            seen.add(id(node))
        if isinstance(node, dict):
            if isinstance(node.get(keyword), str):
                found.append((loc, node))
            stack.extend((loc.child(str(k)), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((loc.child(i), v) for i, v in enumerate(node))
    return sorted(found, key=lambda pair: pair[0].pointer)


def _spec(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def _specs_with_ids(tmp_path: Path) -> list[Path]:
    return [_spec(tmp_path, ALIASED), case_spec("oddities"), case_spec("jsonschema")]


@pytest.mark.parametrize("keyword", ["$id", "type", "$ref"])
def test_the_index_of_a_keyword_is_the_one_a_location_per_node_gives(tmp_path: Path, keyword: str) -> None:
    for path in [*_specs_with_ids(tmp_path), case_spec("composition")]:
        doc = load_spec(path)
        fast = sorted(((Location(doc.name, p), n) for p, n in _mappings_with(doc.data, keyword)), key=lambda pair: pair[0].pointer)
        slow = _slow_index(doc.name, doc.data, keyword)
        assert [(loc, id(node)) for loc, node in fast] == [(loc, id(node)) for loc, node in slow], path


@pytest.mark.parametrize("case", ["aliased", "oddities", "jsonschema", "composition", "unions"])
def test_refs_resolve_alike_with_and_without_the_look_along_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """The look along a reference's path for an ``$id`` only saves the index of every ``$id``:
    with it always answering "maybe", the index decides everywhere, and nothing changes."""
    path = _spec(tmp_path, ALIASED) if case == "aliased" else case_spec(case)
    fast = normalise(Resolver(load_spec(path)))
    monkeypatch.setattr(Resolver, "_identified_on_path", lambda self, site: True)
    slow = normalise(Resolver(load_spec(path)))
    assert repr(fast) == repr(slow)


def test_an_id_around_a_reference_is_found(tmp_path: Path) -> None:
    resolver = Resolver(load_spec(_spec(tmp_path, ALIASED)))
    assert resolver._resource(Location("s.yaml", "/components/schemas/B/items/2/items")) == ("/components/schemas/B/items/2", "x")
    assert resolver._resource(Location("s.yaml", "/components/schemas/C/properties/a")) is None
    assert resolver._resource(Location("s.yaml", "/components/schemas/no/such/place")) is None


def test_escaping_in_one_go_is_escaping_character_by_character() -> None:
    texts = hostile_texts() + ["line\nnext\ttab\r\\", "\x85 next line", "a\u2028b\nc", "\\n", "plain", ""]
    for value in texts:
        assert text._escape(value) == "".join(text._escape_char(c) for c in value), repr(value)


def test_a_string_with_nothing_to_escape_is_quoted_as_any_other() -> None:
    texts = hostile_texts() + ["name", "a sentence, with 'quotes'.", "it's", "", " ", "\u00e9\u6f22", "\x7f", "\u00a0nbsp"]
    for value in texts:
        assert text.string(value) == text._quoted(text._escape(value)), repr(value)


def test_one_line_of_text_is_cleaned_as_any_other() -> None:
    texts = hostile_texts() + ["  padded  ", "   ", "", "one", "\u2028 two", "tab\t ", " \x85 "]
    for value in texts:
        assert text.clean_text(value) == text._clean_lines(value), repr(value)


def _roundtrip(tmp_path: Path, value: Prepared) -> Prepared:
    cache.store(tmp_path, b"key", value, ("spec", ""))
    loaded = cache.load(tmp_path, b"key")
    assert isinstance(loaded, Prepared)
    return loaded


def test_the_parse_cache_gives_back_what_it_was_given(tmp_path: Path) -> None:
    """Equal is not enough (``1 == True == 1.0``): the text of the IR must be the same."""
    spec = _spec(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    E: {enum: [1, true, 1.0, '1', null]}\n"
        "    M: {type: object, required: [a], properties: {a: {type: integer, default: 1}, b: {type: number, default: 1.0},"
        " c: {type: boolean, default: true}, d: {$ref: '#/components/schemas/E'}, e: {type: string, format: uuid}}}\n"
        "    N: {type: object, properties: {m: {$ref: '#/components/schemas/M'}, s: {type: string}, t: {type: string}}}\n",
    )
    for path in [spec, case_spec("oddities"), case_spec("defaults"), case_spec("constants")]:
        prepared = prepare(path)
        loaded = _roundtrip(tmp_path / path.parent.name, prepared)
        assert repr(loaded.spec) == repr(prepared.spec)
        assert repr((loaded.names.classes, loaded.names.attributes)) == repr((prepared.names.classes, prepared.names.attributes))
        assert loaded == prepared


def test_the_parse_cache_stores_a_repeated_type_once(tmp_path: Path) -> None:
    prepared = prepare(case_spec("composition"))
    loaded = _roundtrip(tmp_path, prepared)
    strings = [f.type for d in loaded.spec.definitions.values() for f in getattr(d, "fields", ()) if repr(f.type) == "Primitive(kind='str', format=None)"]
    assert len(strings) > 1 and all(s is strings[0] for s in strings)
    assert len(pickle.dumps(loaded)) > 0  # what comes back is plain data, as any other value


def _declarations(source: str) -> dict[str, str]:
    """The text of each top-level class and alias of a module, by name (the lines of its statement)."""
    import ast

    lines = source.split("\n")
    found = {}
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        name = node.name if isinstance(node, ast.ClassDef) else getattr(target, "id", None)
        if name is not None:
            found[name] = "\n".join(lines[node.lineno - 1 : node.end_lineno])
    return found


@pytest.mark.slow
def test_a_root_gets_the_names_and_code_it_has_among_every_component(tmp_path: Path) -> None:
    """What ``--root`` selects is written as the module of every component writes it: the same
    class names (given over the whole spec), the same code (a faster way to a root's closure
    must keep this)."""
    from modelgen.app.config import _job
    from modelgen.app.pipeline import generate

    from tests.openai_spec import spec_path

    jobs = tuple(
        _job(str(spec_path()), "pydantic", str(tmp_path / f"{name}.py"), roots, base=Path("/"), command="test")
        for name, roots in (("all", []), ("run", ["RunObject", "CreateChatCompletionRequest"]))
    )
    outputs = generate(jobs).outputs
    everything = _declarations(outputs[jobs[0].output])
    selected = _declarations(outputs[jobs[1].output])
    assert {"RunObject", "CreateChatCompletionRequest", "RunObjectRequiredAction"} <= set(selected)
    assert len(selected) > 100
    for name, code in selected.items():
        if not name.startswith("_"):  # the preamble's helpers: what the selection needs of them
            assert everything.get(name) == code, name


@pytest.mark.parametrize("flavour", ["pydantic", "dataclasses", "msgspec", "typeddict"])
def test_the_layout_rules_place_every_statement_of_the_assistants_models(flavour: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Black is the fallback for a statement the layout rules cannot place, and costs a run its
    import (60 ms): the usual spec needs none. A template line over the line length called it
    for every Pydantic module (found by the benchmark: `--root` went from 0.35 to 0.42 of a
    run of every component)."""
    import modelgen
    from modelgen.render import fallback

    def refused(block: str) -> str:
        raise AssertionError(f"black was asked to lay out:\n{block}")

    monkeypatch.setattr(fallback, "_black", refused)
    roots = ["RunObject", "RunStepObject", "ThreadObject", "MessageObject", "AssistantObject"]
    text = modelgen.generate_module(Path(__file__).parents[1] / "specs" / "assistants.yaml", flavour, roots)
    assert "class RunObject" in text
