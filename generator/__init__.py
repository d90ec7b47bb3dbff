"""modelgen: typed Python models (Pydantic v2, msgspec, dataclasses, TypedDict) from OpenAPI schemas.

For build scripts, one call gives a module's text::

    import modelgen

    text = modelgen.generate_module("specs/openai.yaml", "pydantic", roots=["RunObject"])

Bad input raises ``modelgen.SpecError`` (one problem) or ``modelgen.SpecErrors`` (several), each
with the file and JSON pointer; ``str(error)`` is the message the command line prints. Both, and
``modelgen.UsageError`` (a bad argument), are ``modelgen.ModelgenError``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import TYPE_CHECKING

from ._version import __version__

__all__ = ["ModelgenError", "SpecError", "SpecErrors", "UsageError", "__version__", "generate_module"]

if TYPE_CHECKING:
    from .errors import ModelgenError, SpecError, SpecErrors, UsageError


def generate_module(
    spec: str | PathLike[str],
    flavour: str,
    roots: Sequence[str] = (),
    *,
    reading: str = "exact",
    overlays: Sequence[str | PathLike[str]] = (),
    options: Mapping[str, object] | None = None,
    operations: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> str:
    """The text of the module ``modelgen generate`` would write for ``spec`` in ``flavour``
    (``pydantic``, ``msgspec``, ``dataclasses`` or ``typeddict``) with the schemas ``roots``,
    the models of ``operations`` and of the operations with ``tags``, and what they refer to
    (every component schema without any of the three). ``options`` are the options of the
    models, keyed as in ``[tool.modelgen]`` (``{"enums": "enum", "frozen": True}``). Nothing is
    written or cached. A bad argument raises ``modelgen.UsageError``. The module's header gives
    the call that made it, with every argument that was not left as it is by default."""
    from pathlib import Path

    from .app.config import _job, unknown_keys
    from .app.pipeline import generate
    from .errors import UsageError
    from .render.options import Options

    problems = unknown_keys(options or {}, Options.KEYS, "option")
    if problems:  # a typo would otherwise be ignored, and give other code without a word
        raise UsageError("generate_module(options=...): " + "; ".join(problems))
    given = {
        "reading": reading if reading != "exact" else None,
        "overlays": [str(o) for o in overlays] or None,
        "options": dict(options) if options else None,
        "operations": list(operations) or None,
        "tags": list(tags) or None,
    }
    keywords = "".join(f", {key}={value!r}" for key, value in given.items() if value is not None)
    call = f"modelgen.generate_module({str(spec)!r}, {flavour!r}, {list(roots)!r}{keywords})"
    job = _job(
        str(spec), flavour, "module.py", list(roots), Path.cwd(), call, overlays=[str(o) for o in overlays], reading=reading,
        options=Options.parse(dict(options or {}), Path.cwd()), operations=list(operations), tags=list(tags),
    )
    return generate((job,), reuse=False).outputs[job.output]


def __getattr__(name: str) -> object:
    if name in ("ModelgenError", "SpecError", "SpecErrors", "UsageError"):
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'modelgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
