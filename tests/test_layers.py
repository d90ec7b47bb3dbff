"""The architecture as a test: the layers of ``generator/`` only look down, and no modules import
each other, counting imports inside functions and under ``TYPE_CHECKING``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from modelgen.select import strongly_connected

SOURCE = Path(__file__).resolve().parents[1] / "generator"

# Bottom to top; a module may import from its own layer and the layers before it. A name ending
# in "." is a package and everything in it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("leaves", ("modelgen._version", "modelgen.errors")),
    ("input", ("modelgen.sources", "modelgen.yaml_events", "modelgen.yaml_sections", "modelgen.load", "modelgen.overlay", "modelgen.resolve", "modelgen.inputs", "modelgen.inputs.")),
    ("IR", ("modelgen.ir", "modelgen.formats", "modelgen.scope")),
    ("front end", ("modelgen.normalise", "modelgen.normalise.", "modelgen.naming", "modelgen.dotted", "modelgen.select", "modelgen.nesting", "modelgen.reading", "modelgen.grouping")),
    ("render", ("modelgen.render", "modelgen.render.")),
    ("flavours", ("modelgen.flavours", "modelgen.flavours.")),
    ("app", ("modelgen.app", "modelgen.app.")),
    ("commands", ("modelgen.commands", "modelgen.commands.")),
    ("entry points", ("modelgen", "modelgen.cli", "modelgen.__main__")),
)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        found[".".join(("modelgen", *parts))] = path
    return found


MODULES = modules()


def layer_of(module: str) -> int:
    for index, (_, members) in enumerate(LAYERS):
        if module in members or any(m.endswith(".") and module.startswith(m) for m in members):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}")


def imports_of(module: str, path: Path) -> set[str]:
    """The modules of modelgen that ``module`` imports, wherever the import statement is."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                target = ".".join(p for p in (base, node.module) if p)
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            found.update(n for n in names if n in MODULES)  # ``from . import ir``: the module ir
            if target in MODULES and not any(n in MODULES for n in names):
                found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
    # a module of a package runs its package's __init__ anyway: importing it adds no edge
    return {t for t in found if t != module and not module.startswith(t + ".")}


GRAPH = {module: imports_of(module, path) for module, path in MODULES.items()}


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_look_down(module: str) -> None:
    own = layer_of(module)
    upward = sorted(t for t in GRAPH[module] if layer_of(t) > own)
    assert not upward, f"{module} ({LAYERS[own][0]}) imports from a layer above it: " + ", ".join(
        f"{t} ({LAYERS[layer_of(t)][0]})" for t in upward
    )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (the generator's own finder)."""
    edges = {module: frozenset(targets) for module, targets in graph.items()}
    return sorted(sorted(c) for c in strongly_connected(edges, set(graph)) if len(c) > 1)


def test_no_import_cycles() -> None:
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_an_upward_import_is_seen_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "ir.py"
    module.write_text("def f():\n    from .app import config\n    from .render.module import x\n")
    assert imports_of("modelgen.ir", module) == {"modelgen.app.config", "modelgen.render.module"}


def test_only_the_pipeline_turns_a_flavour_name_into_a_class() -> None:
    users = sorted(m for m, targets in GRAPH.items() if "modelgen.flavours" in targets and not m.startswith("modelgen.flavours"))
    assert users == ["modelgen.app.config", "modelgen.app.pipeline"]


def test_the_config_names_every_flavour_without_loading_them() -> None:
    from modelgen.app.config import FLAVOURS
    from modelgen.flavours import NAMES

    assert FLAVOURS == NAMES


# Issue 17's size limits: a reader takes in a function at a glance and a module in one sitting.
MAX_FUNCTION_LINES, MAX_MODULE_LINES = 60, 600


def too_long(source: str) -> list[str]:
    """The functions of ``source`` longer than the limit, with their lengths."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{node.name} ({length} lines)")
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_and_modules_stay_short(module: str) -> None:
    source = MODULES[module].read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES, f"{module} is over {MAX_MODULE_LINES} lines: split it"
    assert not too_long(source), f"{module}: over {MAX_FUNCTION_LINES} lines: {too_long(source)}"


def test_the_size_check_sees_a_long_function() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    assert too_long(f"def long():\n{body}") == ["long (61 lines)"]
    assert too_long(f"def short():\n{body[: body.rindex('    x')]}") == []
