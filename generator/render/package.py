"""The ``__init__.py`` of a package output: every model by name, each module imported on first use."""

from __future__ import annotations

from pathlib import Path

from .imports import isort_key
from .templates import environment
from .text import docstring

INDENT = "    "


def render_init(home: list[tuple[str, str]], description: str, templates: Path | None = None) -> str:
    """The body of ``__init__.py`` for the models ``home`` (class name, module): ``__all__``,
    the imports a type checker follows (under ``TYPE_CHECKING``), and a module ``__getattr__``
    that imports a model's module the first time the model is asked for."""
    by_module: dict[str, list[str]] = {}
    for name, module in home:
        by_module.setdefault(module, []).append(name)
    imports: list[str] = []
    for module, names in sorted(by_module.items(), key=lambda item: isort_key(item[0])):
        # one statement a name, as isort writes imports with ``as`` (ruff's rule I001)
        imports.extend(f"{INDENT}from .{module} import {name} as {name}" for name in sorted(names, key=isort_key))
    ordered = sorted(home)
    body = environment(templates).get_template("package_init.jinja").render(
        doc=docstring(description, ""), imports=imports, names=[n for n, _ in ordered], modules=ordered
    )
    return body.rstrip("\n") + "\n"
