"""The flavour interface (flavours/): one registry, one module each, and no flavour test anywhere
else in the generator."""

from __future__ import annotations

import ast

import pytest

from modelgen.flavours import NAMES, flavour_class
from modelgen.flavours.base import Flavour
from modelgen.render.templates import template_dir
from tests.flavours import ADAPTERS
from tests.support import REPO


@pytest.mark.parametrize("name", NAMES)
def test_each_flavour_is_one_module_with_its_templates_and_adapter(name: str) -> None:
    cls = flavour_class(name)
    assert issubclass(cls, Flavour) and cls.name == name
    assert (template_dir() / name).is_dir()
    assert name in ADAPTERS


def test_an_unknown_flavour_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown flavour 'attrs'"):
        flavour_class("attrs")


def test_no_code_outside_the_flavours_asks_which_flavour_runs() -> None:
    """A comparison with a flavour's name outside generator/flavours/ is a flavour test that
    belongs in the flavour's module."""
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if "flavours" in path.relative_to(REPO / "generator").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                for side in [node.left, *node.comparators]:
                    if isinstance(side, ast.Constant) and side.value in NAMES:
                        found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not found
