"""The Jinja environment of the templates (one folder a flavour, shipped in the package)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jinja2

from ..format.text import string
from ..state import template_dir


@cache
def environment(cache_dir: Path | None = None, overrides: Path | None = None) -> jinja2.Environment:
    """The templates; compiled ones are kept in ``cache_dir`` (if given and writable), which
    saves a warm run compiling them again. A template of the same name in ``overrides`` (the
    option ``templates``) replaces ours."""
    bytecode = None
    if cache_dir is not None:
        folder = cache_dir / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        if os.access(folder, os.W_OK):  # a read-only or missing cache only costs time
            bytecode = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*([str(overrides)] if overrides else []), str(template_dir())]),
        bytecode_cache=bytecode,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        auto_reload=False,  # templates do not change during a run: no stat for each block
    )
    env.filters["pystr"] = string
    return env
