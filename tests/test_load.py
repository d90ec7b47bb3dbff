"""The fast YAML reader gives exactly what PyYAML's safe loader gives: the same data, or the
same error. Checked on every YAML file of the repository, OpenAI's spec, hand-picked corners of
YAML 1.1, and random documents."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import load_yaml
from tests.support import REPO

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def reference(text: str) -> tuple[str, Any]:
    try:
        return "ok", yaml.load(text, Loader=LOADER)
    except Exception as exc:  # the error is part of the behaviour to match
        return type(exc).__name__, str(exc)


def ours(text: str) -> tuple[str, Any]:
    try:
        return "ok", load_yaml(text)
    except Exception as exc:
        return type(exc).__name__, str(exc)


def same(text: str) -> None:
    # repr, not ==: it tells 1, 1.0 and True apart, keeps key order, and copes with recursion
    assert repr(ours(text)) == repr(reference(text))


CORNERS = [
    "a: 1\nb: 0x1F\nc: 0o17\nd: 017\ne: 1_000\nf: 190:20:30\ng: -0b101\n",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: .nan\ne: 1e3\nf: 6.8523015e+5\ng: 1_000.5\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: y\ng: n\nh: ~\ni:\nj: null\nk: Null\n",
    "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: '2001-12-14'\n",
    "a: !!str 1\nb: !!int '7'\nc: !!float '2'\nd: !!bool 'yes'\ne: !!null 'x'\nf: ! 12\ng: !!binary aGVsbG8=\n",
    "base: &b {x: 1, y: [1, 2]}\nuse: *b\nagain: *b\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "a: &x 1\nb: &x 2\nc: *x\n",
    "a: *missing\n",
    "a: &r [1, *r]\n",
    "? [1, 2]\n: value\n",
    "? {a: 1}\n: value\n",
    "--- 1\n--- 2\n",
    "---\na: 1\n...\n",
    "",
    "# only a comment\n",
    "a: !custom 1\n",
    "a: !!set {x, y}\n",
    "a: !!omap [x: 1]\n",
    "a: !!map {x: 1}\nb: !!seq [1]\n",
    "a: !!bool maybe\n",
    "a: !!int twelve\n",
    "a: =\n",
    "a: |\n  block\n  text\nb: >\n  folded\n  text\nc: 'it''s'\nd: \"\\u00e9\\n\"\n",
    "a: 1\na: 2\n",
    "[1, [2, [3, {a: [4]}]]]\n",
    "a: [unclosed\n",
    "a: b: c\n",
    "\t- tab\n",
    "a: \"\\x\"\n",
    "x: 1\ny: !!python/object:os.system ls\n",
]


@pytest.mark.parametrize("text", CORNERS)
def test_corners(text: str) -> None:
    same(text)


def test_every_yaml_file_of_the_repository() -> None:
    files = sorted(p for pattern in ("specs/**/*.yaml", "tests/**/*.yaml") for p in REPO.glob(pattern))
    assert len(files) > 20
    for path in files:
        # the repr of these two would be the bomb going off, or too deep to write
        if not path.name.startswith("alias_bomb") and path.name != "nested_5000_levels.yaml":
            same(path.read_text(encoding="utf-8"))


def test_an_alias_is_the_anchored_object_itself() -> None:
    """Not a copy: that is what keeps a YAML alias bomb cheap to read (normalise then stops it)."""
    data = load_yaml("base: &b {x: [1]}\nuse: *b\nlist: [*b, *b]\n")
    assert data["use"] is data["base"] and data["list"][0] is data["base"] and data["list"][1] is data["base"]
    bomb = load_yaml((REPO / "tests" / "bad_specs" / "alias_bomb.yaml").read_text(encoding="utf-8"))
    assert isinstance(bomb, dict)


def test_deep_nesting_is_read_without_recursion() -> None:
    data = load_yaml((REPO / "tests" / "bad_specs" / "nested_5000_levels.yaml").read_text(encoding="utf-8"))
    node, depth = data["components"]["schemas"]["Deep"], 0
    while "properties" in node:
        node, depth = node["properties"]["a"], depth + 1
    assert depth >= 5000


def test_openai_spec() -> None:
    from tests.openai_spec import spec_path

    same(spec_path().read_text(encoding="utf-8"))


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
    st.sampled_from(["yes", "no", "on", "~", "1_0", "0x1", "1e3", "2001-01-01", "<<", "=", "", "-", ".5", "null"]),
)  # fmt: skip
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(scalars, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(data=documents, flow=st.sampled_from([None, True, False]), unicode=st.booleans())
def test_random_documents(data: Any, flow: bool | None, unicode: bool) -> None:
    same(yaml.dump(data, default_flow_style=flow, allow_unicode=unicode, Dumper=yaml.SafeDumper))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab01:-[]{},&*!<>|'\"#? \n\t~.", max_size=40))
def test_random_text(text: str) -> None:
    same(text)
