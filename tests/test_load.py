"""Reading YAML as OpenAPI means it (yaml_events.py, load.py): the YAML 1.2 core schema, keys as
written, aliases as the anchored object, and errors with line and column for what JSON cannot hold.
PyYAML (YAML 1.1) serves as a check where the two versions agree."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelgen.errors import SpecError
from modelgen.load import parse_data
from modelgen.yaml_events import _plain, load_yaml, positions
from tests.support import REPO

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain scalars and what the YAML 1.2 core schema makes of them (the spec's section 10.3.2).
CORE = [
    ("null", None), ("Null", None), ("NULL", None), ("~", None), ("", None),
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("FALSE", False),
    ("0", 0), ("-19", -19), ("+12", 12), ("0o14", 12), ("0x1F", 31), ("0xC", 12),
    ("1.5", 1.5), ("-1.", -1.0), (".5", 0.5), ("1e3", 1000.0), ("6.8523015e+5", 685230.15),
    (".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf),
    # YAML 1.1 read these as booleans, numbers or dates; in 1.2 they are strings
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("OFF", "OFF"), ("y", "y"), ("n", "n"),
    ("017", 17), ("0b101", "0b101"), ("1_000", "1_000"), ("190:20:30", "190:20:30"),
    ("2001-12-14", "2001-12-14"), ("2024-01-17T20:31:06Z", "2024-01-17T20:31:06Z"), ("=", "="),
    ("0o8", "0o8"), ("0xG", "0xG"), ("1.2.3", "1.2.3"), ("-x", "-x"), ("+", "+"), (".", "."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value"), CORE)
def test_plain_scalars_follow_the_core_schema(text: str, value: Any) -> None:
    loaded = load_yaml(f"v: {text}\n")["v"]
    assert type(loaded) is type(value) and loaded == value


def test_not_a_number() -> None:
    assert math.isnan(load_yaml("v: .nan\n")["v"])


@pytest.mark.parametrize("text", ["'yes'", '"on"', "|\n  OFF", "!!str 12", "! true"])
def test_quoted_block_and_str_tagged_scalars_are_strings(text: str) -> None:
    assert isinstance(load_yaml(f"v: {text}\n")["v"], str)


def test_explicit_core_tags() -> None:
    assert load_yaml("a: !!int '7'\nb: !!float '2'\nc: !!bool 'true'\nd: !!null ''\n") == {"a": 7, "b": 2.0, "c": True, "d": None}


def test_keys_are_strings_as_written() -> None:
    data = load_yaml("200: ok\non: push\ntrue: t\nnull: n\n1.50: x\n")
    assert list(data) == ["200", "on", "true", "null", "1.50"]


def test_an_alias_is_the_latest_anchor_of_its_name_and_the_object_itself() -> None:
    aliased: set[int] = set()
    data = load_yaml("a: &x {v: 1}\nb: *x\nc: &x [2]\nd: *x\ne: *x\n", aliased)
    assert data["b"] is data["a"] and data["d"] is data["c"] and data["e"] is data["c"]
    assert aliased == {id(data["a"]), id(data["c"])}


def test_merge_keys() -> None:
    data = load_yaml("base: &b {x: 1, y: 1}\nmore: &m {z: 3}\nmerged:\n  <<: [*b, *m]\n  y: 2\n")
    assert data["merged"] == {"x": 1, "y": 2, "z": 3} and list(data["merged"]) == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("--- 1\n--- 2\n", "several YAML documents", 2, 1),
        ("a: &r [1, *r]\n", "refers to a node that contains it", 1, 11),
        ("? [1, 2]\n: value\n", "a mapping key must be a scalar", 1, 3),
        ("a: !!binary aGk=\n", "unsupported YAML tag !!binary", 1, 4),
        ("a: !custom 1\n", "unsupported YAML tag !custom", 1, 4),
        ("a: *missing\n", "undefined alias 'missing'", 1, 4),
        ("a: !!bool yes\n", "'yes' is not a valid bool", 1, 4),
        ("a:\n  <<: 3\n", "a merge key (<<) takes a mapping", 2, 7),
        ("a: [unclosed\n", "while parsing a flow sequence", 2, 1),
    ],
)
def test_what_json_cannot_hold_is_an_error_with_its_place(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(SpecError) as caught:
        parse_data(text.encode(), "spec.yaml", as_json=False)
    rendered = caught.value.render()
    assert message in rendered and f"spec.yaml:{line}:{column}:" in rendered, rendered


# One case or more for each event handler of yaml_events._Composer: the document's value, items,
# keys (a scalar, an alias, the merge key), anchors on each, and the collections' ends.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("# only a comment\n", None),
        ("7\n", 7),
        ("- 1\n- [2, {a: b}]\n- {}\n", [1, [2, {"a": "b"}], {}]),
        ("!!map {a: !!seq [1]}\n", {"a": [1]}),
        ("! {a: 1}\n", {"a": 1}),
        ("&k key: 1\nother: *k\n", {"key": 1, "other": "key"}),  # an anchored key: its text
        ("a: &n null\n*n : 1\n", {"a": None, "null": 1}),  # an alias as a key: the key JSON writes
        ("a: &t true\nb: &f 1.5\n*t : 1\n*f : 2\n", {"a": True, "b": 1.5, "true": 1, "1.5": 2}),
        ("a: &x {k: v}\nb: {<<: *x, k: w}\n", {"a": {"k": "v"}, "b": {"k": "w"}}),
        ("- &a 1\n- *a\n", [1, 1]),
    ],
)
def test_each_kind_of_event_builds_its_value(text: str, value: Any) -> None:
    assert load_yaml(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a' in a mapping (YAML 1.2 allows a key once)"),
        ("x: &v 5\n*v : 1\n*v : 2\n", "duplicate key '5' in a mapping"),
        ("x: &v 5\n'5': 1\n*v : 2\n", "duplicate key '5' in a mapping"),
        ("a: &m {k: 1}\n*m : 2\n", "a mapping key must be a scalar"),
        ("!!binary a: 1\n", "unsupported YAML tag !!binary on a key"),
        ("!!set {a: 1}\n", "unsupported YAML tag !!set: a spec holds JSON values"),
        ("a: &x [1]\nb: {<<: *x}\n", "a merge key (<<) takes a mapping or a list of mappings"),
        ("a: {<<: [1]}\n", "a merge key (<<) takes a mapping or a list of mappings"),
        ("a: &x {b: *x}\n", "the alias 'x' refers to a node that contains it"),
    ],
)
def test_each_kind_of_event_refuses_what_json_cannot_hold(text: str, message: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        load_yaml(text)
    assert message in str(caught.value)


def test_an_anchor_is_open_only_until_its_collection_ends() -> None:
    data = load_yaml("a: &x {b: [1]}\nc: {d: *x}\n")
    assert data["c"]["d"] is data["a"]


def test_positions_of_pointers() -> None:
    text = "a:\n  b: [x, {c: 1}]\n  'd/e': 2\n"
    found = positions(text, {"/a/b/1/c", "/a/d~1e", "/a/b", "/nowhere"})
    assert found == {"/a/b/1/c": (2, 14, "1"), "/a/d~1e": (3, 10, "2"), "/a/b": (2, 6, None)}


@pytest.mark.slow
def test_deep_nesting_is_read_without_recursion() -> None:
    data = load_yaml((REPO / "tests" / "bad_specs" / "nested_5000_levels.yaml").read_text(encoding="utf-8"))
    node, depth = data["components"]["schemas"]["Deep"], 0
    while "properties" in node:
        node, depth = node["properties"]["a"], depth + 1
    assert depth >= 5000


def yaml11_differences(text: str) -> list[str]:
    """Where our reading differs from PyYAML's (YAML 1.1), keys compared as strings."""
    found: list[str] = []

    def compare(ours: Any, theirs: Any, path: str) -> None:
        if isinstance(ours, dict) and isinstance(theirs, dict):
            theirs = {str(k) if not isinstance(k, bool) else str(k).lower(): v for k, v in theirs.items()}
            if list(ours) != list(theirs):
                found.append(path)
            for key in ours.keys() & theirs.keys():
                compare(ours[key], theirs[key], f"{path}/{key}")
        elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
            for i, (a, b) in enumerate(zip(ours, theirs)):
                compare(a, b, f"{path}/{i}")
        elif type(ours) is not type(theirs) or ours != theirs:
            found.append(path)

    try:
        theirs = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError:
        return []  # broken for both (a bad spec of the catalogue)
    compare(load_yaml(text), theirs, "")
    return found


def test_every_yaml_file_of_the_repository_reads_as_yaml_1_1_would() -> None:
    """None of our files uses a scalar that YAML 1.1 and 1.2 read differently."""
    files = sorted(p for pattern in ("specs/**/*.yaml", "tests/**/*.yaml") for p in REPO.glob(pattern))
    assert len(files) > 20
    for path in files:
        hostile = path.name.startswith("alias_bomb") or path.name in ("nested_5000_levels.yaml", "huge_integer.yaml", "symlink_loop.yaml", "duplicate_key.yaml")
        if not hostile:
            assert yaml11_differences(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.slow
def test_openai_spec_differs_from_yaml_1_1_only_in_a_timestamp() -> None:
    from tests.openai_spec import spec_path

    text = spec_path().read_text(encoding="utf-8")
    assert yaml11_differences(text) == ["/components/schemas/ChatSessionResource/example/workflow/version"]
    assert isinstance(load_yaml(text)["components"]["schemas"]["ChatSessionResource"]["example"]["workflow"]["version"], str)


# YAML writers fold U+0085, U+2028 and U+2029 as line breaks in some scalars: not JSON's concern
text = st.text(st.characters(exclude_characters="\x85\u2028\u2029", exclude_categories=("Cs",)), max_size=8)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), text,
    st.sampled_from(["yes", "no", "on", "OFF", "~", "1_0", "0x1", "1e3", "2001-01-01", "<<", "=", "", "-", ".5", "null"]),
)  # fmt: skip
json_documents = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=20,
)


def same_but_for_yaml_1_1_plain_strings(ours: Any, data: Any) -> bool:
    """Equal, except strings that PyYAML (a YAML 1.1 writer) leaves unquoted although YAML 1.2
    reads them as something else (``0E0`` is a float in 1.2, not in 1.1)."""
    if isinstance(data, str) and not isinstance(_plain(data), str):
        return True
    if isinstance(data, dict) and isinstance(ours, dict):
        return list(ours) == list(data) and all(same_but_for_yaml_1_1_plain_strings(ours[k], data[k]) for k in data)
    if isinstance(data, list) and isinstance(ours, list):
        return len(ours) == len(data) and all(map(same_but_for_yaml_1_1_plain_strings, ours, data))
    return json.dumps(ours) == json.dumps(data)


@pytest.mark.slow
# (too_slow: the health check times the generation of these nested documents, which a loaded
# machine slows; what the test checks does not depend on it)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_documents, flow=st.sampled_from([None, True, False]), unicode=st.booleans())
def test_json_documents_written_as_yaml_read_back_unchanged(data: Any, flow: bool | None, unicode: bool) -> None:
    text = yaml.dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False, Dumper=yaml.SafeDumper)
    assert same_but_for_yaml_1_1_plain_strings(load_yaml(text), data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab01:-[]{},&*!<>|'\"#? \n\t~.", max_size=40))
def test_any_text_reads_or_fails_with_a_yaml_error(text: str) -> None:
    try:
        load_yaml(text)
    except yaml.YAMLError:
        pass


def test_files_referenced_by_path_are_read_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("enum: [ENABLED, DISABLED, OFF]\n", encoding="utf-8")
    from modelgen.load import read_data

    assert read_data(tmp_path / "x.yaml", "x.yaml")[0] == {"enum": ["ENABLED", "DISABLED", "OFF"]}


# -- JSON: a key once, as in YAML --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"a": 1, "a": 2}', "/a"),
        ('{"x": [{"ok": 1}, {"b/c": 1, "b/c": 2}]}', "/x/1/b~1c"),
        ('{"p": {"q": {"r": 1, "r": 1}}, "s": {"t": 1, "t": 2}}', "/p/q/r"),  # the first in the document
        ('{"k": {}, "k": {"m": 1, "m": 2}}', "/k"),  # (inner objects are built first: found from the top)
    ],
)
def test_a_duplicate_key_in_json_is_an_error_at_its_pointer(text: str, pointer: str) -> None:
    with pytest.raises(SpecError) as info:
        parse_data(text.encode(), "api.json", as_json=True)
    exc = info.value
    assert exc.location is not None and (exc.location.file, exc.location.pointer) == ("api.json", pointer)
    assert "duplicate key" in exc.message and exc.hint


def test_a_duplicate_key_in_json_has_the_line_and_column_of_the_second_entry() -> None:
    text = '{\n  "a": 1,\n  "a": 2\n}\n'
    with pytest.raises(SpecError) as info:
        parse_data(text.encode(), "api.json", as_json=True)
    assert (info.value.line, info.value.column) == (3, 8)


def test_equal_keys_in_different_objects_are_not_duplicates() -> None:
    data, _, _ = parse_data(b'{"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}]}', "api.json", as_json=True)
    assert data == {"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}]}
