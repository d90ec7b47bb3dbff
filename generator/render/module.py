"""IR → the text of one module: the flavour-neutral writer.

Python decides everything (annotations, defaults, aliases, imports, order) and hands the
templates small view objects whose text is ready; the templates only lay it out. What differs
between flavours is asked of the flavour (``flavours.base.Flavour``); nothing here tests which
flavour runs.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import jinja2

from .. import ir
from ..ir import SpecIR
from ..naming import Names
from .fallback import fit_to_black
from .imports import Imports
from .options import Options
from .own_types import OwnTypes, check_unions, own_types
from .templates import environment
from .text import LINE_LENGTH, comment


@dataclass(frozen=True)
class Header:
    """What the header of a generated module states (no timestamps: output is reproducible)."""

    spec_name: str
    roots: tuple[str, ...]  # what the job takes from the spec (``Scope.words``); none: everything
    generator_version: str
    command: str
    overlays: tuple[str, ...] = ()
    reading: str = "exact"
    lines: tuple[str, ...] = ()  # the user's own lines, first (option ``header``)


@dataclass(frozen=True)
class Placement:
    """Where a module stands in a package (``grouping``): its name, the module of every
    definition of the package, and the modules it imports at its end (they import it too)."""

    module: str
    home: dict[str, str]
    late: frozenset[str] = frozenset()
    runtime: str | None = None  # the package's runtime module, for the flavours that share one
    before: frozenset[str] = frozenset()  # the definitions of the modules it imports first


class _Tracked(Names):
    """Names that note the definitions of other modules whose name the module writes."""

    def __init__(self, names: Names, placement: Placement, used: set[str]) -> None:
        super().__init__(names.classes, names.attributes, names.reserved)
        object.__setattr__(self, "_placement", placement)
        object.__setattr__(self, "_used", used)

    def cls(self, key: str) -> str:
        if self._placement.home.get(key, self._placement.module) != self._placement.module:
            self._used.add(key)
        return self.classes[key]

    _placement: Placement
    _used: set[str]


@dataclass
class ModuleContext:
    """What a flavour may use while it writes one module."""

    spec: SpecIR
    names: Names
    imports: Imports
    env: jinja2.Environment
    keys: list[str]  # the definitions of the module, in order
    recursive: set[str]  # the aliases of cycles made of aliases alone (types that contain themselves)
    options: Options
    declared: set[str] = field(default_factory=set)  # the definitions written so far
    own: OwnTypes = field(default_factory=OwnTypes)  # schemas and formats written as the user's types
    placement: Placement | None = None  # in a package: where the module stands
    # the classes a flavour writes beside a definition of another module that this one names
    beside: set[tuple[str, str]] = field(default_factory=set)

    def class_name(self, key: str) -> str:
        """The name a definition is written by: its class, or the user's own type (imported)."""
        own = self.own.schemas.get(key)
        return own.written(self.imports) if own is not None else self.names.cls(key)

    def variant_name(self, key: str, name: str) -> str:
        """``name``, of a class the flavour writes beside the definition ``key`` (in its module),
        noted to be imported where a module of a package writes it and ``key`` is elsewhere."""
        if self.placement is not None and self.placement.home.get(key, self.placement.module) != self.placement.module:
            self.beside.add((key, name))
        return name

    def block(self, template: str, **context: Any) -> str:
        """A template rendered as one top-level block, black-stable."""
        return fit_to_black(self.part(template, **context))

    def block_text(self, text: str) -> str:
        """Code made here, not by a template, as one top-level block, black-stable."""
        return fit_to_black(text)

    def part(self, template: str, **context: Any) -> str:
        """A template rendered as a part of a block (a method of a class...): laid out with
        the block it goes into, which alone can be parsed."""
        return self.env.get_template(template).render(**context).rstrip("\n")

    def definitions(self) -> list[ir.Definition]:
        return [self.spec.definitions[k] for k in self.keys]

    def every_definition(self) -> list[ir.Definition]:
        """The definitions of the whole output: in a package, those of every module."""
        keys = self.placement.home if self.placement is not None and self.placement.home else self.keys
        return [self.spec.definitions[k] for k in keys]


class ModuleWriter(Protocol):
    """What the module writer asks of a flavour (``flavours.base.Flavour`` implements it)."""

    name: ClassVar[str]
    postponed_annotations: ClassVar[bool]  # whether the module starts with ``from __future__ import annotations``

    def __init__(self, module: ModuleContext) -> None: ...

    def model(self, d: ir.Model) -> list[str]:
        """The top-level blocks of a model."""
        ...

    def alias(self, d: ir.Alias) -> list[str]:
        """The top-level blocks of an alias (or enum)."""
        ...

    def preamble(self) -> list[str]:
        """The blocks before the definitions (which may depend on what they used)."""
        ...

    def footer(self) -> list[str]:
        """The blocks after the definitions."""
        ...

    def runtime(self) -> list[str] | None:
        """The top-level blocks of the runtime module (``_modelgen_runtime.py``) the flavour's
        modules import, with its imports (none: the flavour's modules share nothing); written
        on a context with no definitions and the default options."""
        ...

    @classmethod
    def companions(cls, spec: SpecIR, keys: list[str], names: Names) -> dict[str, list[str]]:
        """The public classes the flavour writes beside the definitions ``keys`` (by key), which a
        package exports with them."""
        ...


def render_module(
    flavour: type[ModuleWriter],
    spec: SpecIR,
    names: Names,
    keys: list[str],
    recursive: set[str],
    header: Header,
    options: Options | None = None,
    placement: Placement | None = None,
    env: jinja2.Environment | None = None,
) -> tuple[list[str], str]:
    """The header lines and the body of one module (``placement``: a module of a package;
    ``env``: the templates, if they are loaded already)."""
    options = options or Options()
    env = env or environment(options.templates)
    own = own_types(options.types, spec)
    kept = [k for k in keys if k not in own.schemas]  # a type of one's own is imported, not declared
    check_unions(own, spec, kept)
    used: set[str] = set()
    if placement is not None:
        names = _Tracked(names, placement, used)
    context = ModuleContext(spec, names, Imports(), env, kept, recursive, options, set(own.schemas), own, placement)
    if placement is not None:  # the definitions of the modules imported first are there already
        context.declared.update(placement.before)
    writer = flavour(context)
    blocks: list[str] = []
    for d in context.definitions():
        blocks.extend(writer.model(d) if isinstance(d, ir.Model) else writer.alias(d))
        context.declared.add(d.key)
    blocks = writer.preamble() + blocks + writer.footer()
    if placement is not None:
        blocks += _imported(context, placement, used)
    body = env.get_template("module.jinja").render(
        postponed=writer.postponed_annotations, imports=context.imports.lines(), body=join_blocks(blocks)
    )
    return header_lines(header, flavour.name), body.rstrip("\n") + "\n"  # one newline at the end, even with no body


def _imported(context: ModuleContext, placement: Placement, used: set[str]) -> list[str]:
    """The imports of the other modules' definitions this module names: at the top, or, from
    the modules that import this one too, at the end (once its own definitions exist)."""
    late: dict[str, list[str]] = {}
    written = [(key, context.names.classes[key]) for key in used] + list(context.beside)
    for key, name in sorted(written):
        module = placement.home[key]
        if module in placement.late:
            late.setdefault(module, []).append(name)
        else:
            context.imports.add(f".{module}", name)
    if not late:
        return []
    lines = [
        "# The definitions of modules that import this one in turn: imported once this module's",
        "# own exist (its annotations name them; they are resolved when a model is first used).",
        "# ruff: noqa: E402",
    ]
    for module, found in sorted(late.items()):
        lines.append(f"from .{module} import {', '.join(sorted(found))}")
    return [context.block_text("\n".join(lines))]


def render_runtime(flavour: type[ModuleWriter], options: Options | None = None) -> str | None:
    """The body of the runtime module (``_modelgen_runtime.py``) for ``flavour``; None if its
    modules share no code. Only the templates of ``options`` count: the runtime module is the same
    for every job of the flavour (the jobs of a folder share one), and what an option changes is
    written in the modules."""
    options = Options(templates=(options or Options()).templates)
    env = environment(options.templates)
    context = ModuleContext(SpecIR({}, {}, (), ()), Names({}, {}), Imports(), env, [], set(), options)
    blocks = flavour(context).runtime()
    if blocks is None:
        return None
    body = env.get_template("module.jinja").render(postponed=True, imports=context.imports.lines(), body=join_blocks(blocks))
    return body.rstrip("\n") + "\n"


def join_blocks(blocks: list[str]) -> str:
    """Top-level blocks with black's blank lines: two between blocks; after the imports, two
    before a class or function and one before anything else."""
    if not blocks:
        return ""
    code = next((line for line in blocks[0].split("\n") if not line.startswith("#")), "")  # (after its comments)
    first = "\n\n" if code.startswith(("class ", "def ", "@")) else "\n"
    return first + "\n\n\n".join(blocks)


def header_lines(h: Header, flavour: str) -> list[str]:
    roots = ", ".join(h.roots) if h.roots else "every component schema"
    overlays = f" with the overlay{'s' if len(h.overlays) > 1 else ''} {', '.join(h.overlays)}" if h.overlays else ""
    source = h.spec_name + overlays
    text = [
        f"Generated by modelgen {h.generator_version} ({flavour}{', tolerant reading' if h.reading == 'tolerant' else ''})"
        f" from {source}.",
        f"Roots: {roots}.",
    ]
    lines = [line if line.startswith("#") else f"# {line}".rstrip() for line in h.lines]
    for paragraph in text:
        wrapped = textwrap.wrap(paragraph, LINE_LENGTH - 2, break_long_words=False, break_on_hyphens=False)
        lines.extend(comment("\n".join(wrapped)))
    # the command on one line, to copy as it is (linters are told a long one is meant)
    command = f"# Do not edit: regenerate with `{h.command}`."
    lines.append(command if len(command) <= LINE_LENGTH else f"{command}  # noqa: E501")
    return lines
