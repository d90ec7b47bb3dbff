"""The Jinja environment of the templates (one folder a flavour, shipped in the package)."""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .text import string

if TYPE_CHECKING:
    import jinja2


@cache
def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The templates. A template of the same name in ``overrides`` (the option ``templates``)
    replaces ours. They are compiled in each run (a few milliseconds for a flavour's): Jinja's
    bytecode cache would keep them as marshalled code, which a planted or damaged file turns
    into code that runs, or a crash."""
    import jinja2  # here: a run that finds every output up to date asks only for template_dir

    env = _environment_class()(
        loader=jinja2.FileSystemLoader([*([str(overrides)] if overrides else []), str(template_dir())]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        auto_reload=False,  # templates do not change during a run: no stat for each block
    )
    env.filters["pystr"] = string
    return env


@cache
def _environment_class() -> type[jinja2.Environment]:
    import jinja2

    class Environment(jinja2.Environment):
        def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
            """A template's globals as one dict, not Jinja's ``ChainMap`` over the environment's:
            each render copies them, and a module renders a block for each definition (none of
            the globals changes once a template is loaded, as Jinja asks)."""
            return {**self.globals, **(d or {})}

    return Environment


def template_dir() -> Path:
    """The folder of the package ``modelgen.templates``: inside the installed package, or the
    repository's templates/ in an editable install (found without importlib.resources, which
    would cost the no-op run a few milliseconds)."""
    import importlib.util

    package = __package__.rsplit(".", 1)[0]  # modelgen
    found = importlib.util.find_spec(f"{package}.templates")
    assert found is not None and found.origin is not None, "modelgen is installed without its templates"
    return Path(found.origin).parent
