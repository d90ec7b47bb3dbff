"""TypedDict modules name no type alias that reaches itself through a TypedDict.

mypy checks each type alias that reaches itself by walking every path of aliases from it, and
it walks into the keys of each TypedDict on the way (a class of any other flavour is a name it
does not open). Where many aliases lie on one cycle through TypedDicts (Stripe's expandable
fields, `str | Customer` on 150 keys of 444 TypedDicts) the paths grow exponentially: mypy did
not finish Stripe's module in 40 minutes, and takes about 7 s of CPU since its TypedDicts spell
such aliases out. The case `expandable` has a cycle that took mypy minutes before; the mypy run
over every golden (`test_quality.test_mypy_strict`) checks it type-checks."""

from __future__ import annotations

import ast

import pytest

from modelgen import generate_module
from tests.openai_spec import spec_path
from tests.support import case_names, golden_path


def _names(node: ast.expr | None) -> set[str]:
    """The names an expression mentions, inside strings (forward references) too."""
    found: set[str] = set()
    for sub in ast.walk(node) if node is not None else ():
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            try:
                found |= _names(ast.parse(sub.value, mode="eval").body)
            except SyntaxError:
                pass  # a string that is not a type: a docstring, a key, a Literal value
    return found


def _typeddict(node: ast.stmt) -> tuple[str, set[str]] | None:
    """The name of a TypedDict a statement declares, and the names its keys' types mention."""
    if isinstance(node, ast.ClassDef) and any(_names(b) & {"TypedDict"} for b in node.bases):
        return node.name, set().union(*(_names(s.annotation) for s in node.body if isinstance(s, ast.AnnAssign)))
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _names(node.value.func) == {"TypedDict"}:
        (target,) = node.targets
        assert isinstance(target, ast.Name)
        return target.id, set().union(*map(_names, node.value.args[1:]))
    return None


def _alias(node: ast.stmt) -> tuple[str, set[str]] | None:
    """The name of a type alias a statement declares (``X: TypeAlias = ...``, ``X = ...`` of a
    long name, ``X = TypeAliasType("X", "...")``), and the names its value mentions."""
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and _names(node.annotation) == {"TypeAlias"}:
        return node.target.id, _names(node.value)
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        if isinstance(node.value, ast.Call) and _names(node.value.func) == {"TypedDict"}:
            return None
        return node.targets[0].id, _names(node.value)
    return None


def aliases_through_typeddicts(source: str) -> set[str]:
    """The aliases of a module that reach themselves by a path through a TypedDict."""
    graph: dict[str, set[str]] = {}
    typeddicts: set[str] = set()
    aliases: set[str] = set()
    for node in ast.parse(source).body:
        if (found := _typeddict(node)) is not None:
            typeddicts.add(found[0])
        elif (found := _alias(node)) is not None:
            aliases.add(found[0])
        if found is not None:
            graph[found[0]] = found[1]

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        stack = list(graph.get(start, ()))
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(graph.get(name, ()))
        return seen

    reached = {name: reach(name) for name in graph}
    return {a for a in aliases if any(a in reached[t] for t in reached[a] & typeddicts)}


@pytest.mark.parametrize("case", case_names())
def test_no_alias_reaches_itself_through_a_typeddict(case: str) -> None:
    assert aliases_through_typeddicts(golden_path(case, "typeddict").read_text(encoding="utf-8")) == set()


def test_the_check_finds_such_an_alias() -> None:
    source = (
        "from typing import TypeAlias\nfrom typing_extensions import TypedDict\n"
        "class A(TypedDict):\n    b: BOrId\n    c: 'list[COrId]'\n"
        "BOrId: TypeAlias = str | B\nCOrId: TypeAlias = str | int\n"
        "B = TypedDict('B', {'a-1': 'AOrId'})\nAOrId: TypeAlias = str | A\n"
    )
    assert aliases_through_typeddicts(source) == {"BOrId", "AOrId"}


def test_the_expandable_case_has_the_cycle_it_is_for() -> None:
    """Its pydantic module names the aliases in its fields: the cycle is there to spell out."""
    pydantic = golden_path("expandable", "pydantic").read_text(encoding="utf-8")
    assert len(aliases_through_typeddicts(pydantic.replace("(_Base)", "(TypedDict)"))) == 65


@pytest.mark.slow
def test_openai_typeddicts_name_no_alias_that_reaches_itself() -> None:
    assert aliases_through_typeddicts(generate_module(spec_path(), "typeddict")) == set()
