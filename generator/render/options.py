"""The options of the models: how they are written, whatever the spec says (each a key of
``[tool.modelgen]`` and a flag of ``modelgen generate``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from ..errors import UsageError


@dataclass(frozen=True)
class Options:
    """How the models are written: each is a key of [tool.modelgen] (for every job, or one) and a
    flag of ``modelgen generate``. The defaults write what the spec says, as JSON names it."""

    formats: Literal["python", "json"] = "python"  # "json": date-time, uuid... stay ``str``
    field_names: Literal["wire", "snake_case"] = "wire"  # "snake_case": ``fileIds`` becomes ``file_ids`` (the wire name stays)
    enums: Literal["literal", "enum"] = "literal"  # "enum": a named string enum becomes an ``Enum`` class
    frozen: bool = False  # instances cannot be changed after they are made
    unknown_keys: Literal["allow", "ignore", "forbid"] = "allow"  # "ignore" drops keys the spec does not name, "forbid" refuses them
    base_class: str | None = None  # "package.module.Class": the base of every Pydantic model
    header: tuple[str, ...] = ()  # lines at the top of the module (a licence, a linter directive)
    templates: Path | None = None  # a folder whose templates replace ours of the same name
    types: tuple[tuple[str, str], ...] = ()  # a schema name or "format:NAME" -> "module:Name" or a builtin (``own_types``)
    names: Literal["path", "title"] = "path"  # "title": an inline schema with a title is named by it
    # "shared": the code the modules share (the dataclasses codec, pydantic's base...) in one ``_modelgen_runtime.py`` the
    # modules import; "inline": in the module. None: shared in a package, inline in a single module.
    runtime: Literal["shared", "inline"] | None = None

    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {
        "formats": ("python", "json"),
        "field-names": ("wire", "snake_case"),
        "enums": ("literal", "enum"),
        "unknown-keys": ("allow", "ignore", "forbid"),
        "names": ("path", "title"),
    }
    KEYS: ClassVar[tuple[str, ...]] = (*CHOICES, "frozen", "base-class", "header", "templates", "types", "runtime")
    RUNTIMES: ClassVar[tuple[str, ...]] = ("shared", "inline")

    @classmethod
    def parse(cls, raw: dict[str, Any], base: Path) -> Options:
        """From the keys of a table (or of the command line, as a table): each checked, paths
        relative to ``base``; every problem in one error."""
        options, problems = cls.checked(raw, base)
        if problems:
            raise UsageError("; ".join(problems))
        return options

    @classmethod
    def checked(cls, raw: dict[str, Any], base: Path) -> tuple[Options, list[str]]:
        """The options of ``raw``, and every problem found in it (each key that has one keeps
        its default)."""
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, choices in cls.CHOICES.items():
            if key in raw and raw[key] not in choices:
                problems.append(f"{key} = {raw[key]!r}: choose one of {', '.join(choices)} (the first is the default)")
            elif key in raw:
                values[key.replace("-", "_")] = raw[key]
        if "frozen" in raw and not isinstance(raw["frozen"], bool):
            problems.append("frozen must be true or false")
        elif "frozen" in raw:
            values["frozen"] = raw["frozen"]
        dotted = raw.get("base-class")
        if dotted is not None and (not isinstance(dotted, str) or "." not in dotted or not all(p.isidentifier() for p in dotted.split("."))):
            problems.append(f"base-class = {dotted!r}: give the class with its module, like 'myapp.models.Base'")
        elif dotted is not None:
            values["base_class"] = dotted
        runtime = raw.get("runtime")
        if runtime is not None and runtime not in cls.RUNTIMES:
            problems.append(
                f"runtime = {runtime!r}: choose shared (one _modelgen_runtime.py the modules import; the"
                " default for a package) or inline (in the module; the default for a single module)"
            )
        elif runtime is not None:
            values["runtime"] = runtime
        if "header" in raw:
            try:
                values["header"] = _header_lines(raw["header"])
            except UsageError as exc:
                problems.append(str(exc))
        folder = raw.get("templates")
        if folder is not None and not isinstance(folder, str):
            problems.append("templates must be the path of a folder")
        elif folder is not None and not (base / folder).is_dir():
            problems.append(f"templates = {folder!r}: no such folder ({base / folder})")
        elif folder is not None:
            values["templates"] = base / folder
        if raw.get("types") is not None:
            from .own_types import parse_types

            try:
                values["types"] = parse_types(raw["types"])
            except UsageError as exc:
                problems.append(str(exc))
        return cls(**values), problems

    def words(self, relative: Callable[[str], str]) -> list[str]:
        """The flags that give these options on the command line (the header's command)."""
        words: list[str] = []
        for key in self.CHOICES:
            value = getattr(self, key.replace("-", "_"))
            if value != self.CHOICES[key][0]:
                words += [f"--{key}", value]
        words += ["--frozen"] * self.frozen
        words += ["--base-class", self.base_class] if self.base_class else []
        for line in self.header:
            words += ["--header", line]
        words += ["--templates", relative(str(self.templates))] if self.templates else []
        for name, target in self.types:
            words += ["--type", f"{name}={target}"]
        words += ["--runtime", self.runtime] if self.runtime else []
        return words


def _header_lines(lines: object) -> tuple[str, ...]:
    """The lines of the option ``header``: a list of strings, each one line (a text of several
    lines is split). A line break inside a line (a carriage return, U+2028...) or a NUL would
    give a module that does not import, or whose lines tools count otherwise."""
    lines = lines.splitlines() if isinstance(lines, str) else lines
    if not isinstance(lines, (list, tuple)) or not all(isinstance(line, str) for line in lines):
        raise UsageError("header must be a list of lines (strings)")
    for number, line in enumerate(lines, start=1):
        bad = next((c for c in line if c in _NOT_IN_A_LINE), None)
        if bad is not None:
            raise UsageError(
                f"header line {number} ({line[:40]!r}) holds {bad!r}: each line of the header must be a single line;"
                " give each line as its own entry"
            )
    return tuple(lines)


# What ends a line (for Python: CR and LF; for str.splitlines and editors, the others too) or
# cannot be in a module at all (NUL)
_NOT_IN_A_LINE = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029\0")
