"""The ``__init__.py`` of a package output: every model by name, each module imported on first use."""

from __future__ import annotations

from pathlib import Path

from .imports import isort_key
from .templates import environment
from .text import LINE_LENGTH, docstring

INDENT = "    "


def render_init(home: list[tuple[str, str]], description: str, templates: Path | None = None) -> str:
    """The body of ``__init__.py`` for the models ``home`` (class name, module): ``__all__``,
    the imports a type checker follows (under ``TYPE_CHECKING``; the names in ``__all__`` are
    what the package exports), and a module ``__getattr__`` that imports a model's module the
    first time the model is asked for."""
    by_module: dict[str, list[str]] = {}
    for name, module in home:
        by_module.setdefault(module, []).append(name)
    modules = []
    imports: list[str] = []
    for module, names in sorted(by_module.items(), key=lambda item: isort_key(item[0])):
        names.sort(key=isort_key)
        modules.append((module, names))
        line = f"{INDENT}from .{module} import {', '.join(names)}"
        if len(line) > LINE_LENGTH:  # as black (and isort) write it: one name a line
            line = f"{INDENT}from .{module} import (\n" + "".join(f"{INDENT * 2}{n},\n" for n in names) + f"{INDENT})"
        imports.append(line)
    body = environment(templates).get_template("package_init.jinja").render(
        doc=docstring(description, ""), imports=imports, names=sorted(name for name, _ in home), modules=modules
    )
    return body.rstrip("\n") + "\n"
