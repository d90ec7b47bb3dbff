"""Jobs that write several files: a package (an ``output`` without ``.py``: one module per group
of models, an ``__init__.py`` and the runtime module the modules share), or a single module that
imports the runtime module of its folder (``runtime = "shared"``).

Every file carries the header and state line of a module. The first file (``__init__.py``, or
the single module) lists the others in its state line (``files=``), so that an up-to-date run
finds them all without reading the spec, and ``generate`` removes a module the package no
longer has (only one whose state line records that this job wrote it there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__
from ..errors import UsageError
from .cache import known_fresh
from .config import Job
from .state import State, assemble, body_digest, config_digest, digest, generator_digest, read_state, split
from .write import read_existing

if TYPE_CHECKING:
    from ..naming import Names
    from ..render.module import Header, ModuleWriter
    from .prepared import Prepared

RUNTIME = "_modelgen_runtime"  # (``grouping.RUNTIME``: the name no group may take)
INIT = "__init__.py"


def primary(job: Job) -> Path:
    """The file whose state line stands for the job's output: a package's ``__init__.py``."""
    return job.output / INIT if job.package else job.output


def job_header(job: Job, prepared: Prepared) -> Header:
    from ..render.module import Header

    return Header(
        prepared.name, job.scope.words(), __version__, job.command, tuple(o.name for o in job.overlays), job.reading,
        job.options.header,
    )


def job_names(job: Job, prepared: Prepared) -> Names:
    """The names of the job's definitions (inline schemas by their titles, attributes in
    snake_case, if the job asks)."""
    names = class_names(prepared, job.options.names)
    if job.options.field_names == "snake_case":
        from ..naming import snake_case_names

        return snake_case_names(names, prepared.spec.definitions)
    return names


def class_names(prepared: Prepared, naming: str) -> Names:
    """The names of a spec's definitions as the option ``names`` asks: by where each stands
    (``path``), or an inline schema with a title by its title (``title``)."""
    if naming != "title":
        return prepared.names
    from ..naming import title_names

    return title_names(prepared.names, prepared.spec.definitions, prepared.spec.titles)


@dataclass(frozen=True)
class Chosen:
    """What a job's scope selects (``pipeline.Selection``): the definitions in module order,
    the aliases of cycles of aliases, and the hash of what was selected."""

    order: list[str]
    recursive: set[str]
    closure_hash: str
    edges: dict[str, frozenset[str]]  # what each of them names


@dataclass
class _Files:
    """The files of a job as they are made: header lines and body, by path."""

    texts: dict[Path, tuple[list[str], str]]


def render_files(
    job: Job, flavour: type[ModuleWriter], prepared: Prepared, selection: Chosen
) -> tuple[dict[Path, str], int]:
    """Every file of a job that writes several (its flavour's class: ``flavour``), with its
    header and state line, and the definition count."""
    from ..render.module import render_runtime

    runtime_body = render_runtime(flavour, job.options) if job.shares_runtime else None
    runtime = RUNTIME if runtime_body is not None else None
    if job.package:
        files = _package(job, flavour, prepared, selection, runtime)
    else:
        files = _single(job, flavour, prepared, selection, runtime)
    folder = primary(job).parent
    if runtime_body is not None:
        files.texts[folder / f"{RUNTIME}.py"] = (_runtime_header(job, runtime_body), runtime_body)
    first = primary(job)
    others = tuple(sorted(path.name for path in files.texts if path != first))
    outputs = {}
    for path, (lines, body) in sorted(files.texts.items()):
        state = State(
            spec=prepared.spec_hash, closure=selection.closure_hash, generator=generator_digest(),
            config=config_digest(job), body=body_digest(body), sources=prepared.sources, overlays=prepared.overlays,
            output=file_identity(job, path), files=others if path == first else (),
        )
        if path.stem == RUNTIME:  # the same for every job whose modules import it: made from no spec
            state = State("runtime", digest(body), generator_digest(), "runtime", body_digest(body), output=state.output)
        outputs[path] = assemble(lines, body, state)
    return outputs, len(selection.order)


def _single(job: Job, flavour: type[ModuleWriter], prepared: Prepared, selection: Chosen, runtime: str | None) -> _Files:
    """A single module that imports the runtime module of its folder."""
    from ..render.module import Placement, render_module

    placement = Placement(job.output.stem, {}, frozenset(), runtime)
    lines, body = render_module(
        flavour, prepared.spec, job_names(job, prepared), selection.order, selection.recursive,
        job_header(job, prepared), job.options, placement,
    )
    return _Files({job.output: (lines, body)})


def _package(job: Job, flavour: type[ModuleWriter], prepared: Prepared, selection: Chosen, runtime: str | None) -> _Files:
    """One module per group of models (``grouping``), and the ``__init__.py`` that exposes them."""
    from ..grouping import cyclic_pairs, module_dependencies, modules_of
    from ..render.module import Placement, header_lines, render_module
    from ..render.package import render_init
    from ..render.templates import environment

    spec, names, order, edges = prepared.spec, job_names(job, prepared), selection.order, selection.edges
    home = modules_of(spec, order, names, prepared.seeds, edges)
    cyclic = cyclic_pairs(module_dependencies(home, edges))
    header = job_header(job, prepared)
    texts: dict[Path, tuple[list[str], str]] = {}
    members: dict[str, list[str]] = {}
    for key in order:
        members.setdefault(home[key], []).append(key)
    every = set(home)
    env = environment(job.options.templates)  # (compiled once for every module)
    for module, keys in sorted(members.items()):
        late = frozenset(b for a, b in cyclic if a == module)
        there = every.difference(keys, *(members[m] for m in late))  # declared before the module runs
        placement = Placement(module, home, late, runtime, frozenset(there))
        texts[job.output / f"{module}.py"] = render_module(
            flavour, spec, names, keys, selection.recursive, header, job.options, placement, env
        )
    description = (
        f"The models of {prepared.name}, one module per group ({len(texts)} modules): each is imported the first"
        " time one of its models is asked for."
    )
    exported = [(names.cls(k), home[k]) for k in order]
    exported += [(name, home[k]) for k, found in flavour.companions(spec, order, names).items() for name in found]
    init = render_init(exported, description, job.options.templates)
    texts[job.output / INIT] = (header_lines(header, flavour.name), init)
    return _Files(texts)


def _runtime_header(job: Job, body: str) -> list[str]:
    """The header of a runtime module: what it is, its version, and how to regenerate it."""
    import textwrap

    from ..render.module import Header, header_lines

    where = "this package" if job.package else "this folder"
    text = (
        f"Generated by modelgen {__version__}: the runtime code that the {job.flavour} modules of {where} import."
        f" Runtime version {__version__}+{digest(body)[:12]}."
    )
    lines = [f"# {line}" for line in textwrap.wrap(text, 86, break_long_words=False, break_on_hyphens=False)]
    command = header_lines(Header("", (), __version__, job.command), job.flavour)[-1]
    return [*lines, command]


def file_identity(job: Job, path: Path) -> str:
    """What a file's state line records as its origin: for a package's file, its job and its
    name in the package (only a file that records this is the package's to remove); else the
    job's origin (``config.output_identity``)."""
    if not job.package:
        return job.origin if path == job.output else _folder_identity(job, path)
    return digest(f"{job.origin or 'package'}\0{path.name}")


def _folder_identity(job: Job, path: Path) -> str:
    """The origin of the runtime module beside a single module: the same for every job of the
    config in that folder."""
    if not job.origin:
        return ""
    from .config import output_identity

    assert job.config_file is not None
    return output_identity(job.config_file, path)


def merge_outputs(outputs: dict[Path, str], found: dict[Path, str], job: Job, writers: dict[Path, Job]) -> None:
    """Add the files of ``job`` (``found``) to the run's ``outputs``. Jobs of one folder share
    its runtime module: one that needs another code there (another flavour, other templates)
    is refused."""
    for path, text in found.items():
        other = writers.setdefault(path, job)
        if other is not job and path.stem == RUNTIME and split(outputs[path])[1] != split(text)[1]:
            raise UsageError(
                f"{path}: the {other.flavour} job of {other.output} and the {job.flavour} job of {job.output} share"
                " this runtime module, which holds one flavour's code; give them different folders, or"
                ' runtime = "inline" to one of them'
            )
        outputs[path] = text


def up_to_date_files(job: Job, cache_dir: Path | None) -> dict[Path, str] | None:
    """The texts of every file of a job that writes several, if the first is up to date (as
    ``pipeline.up_to_date`` judges it) and the others it lists are as this generator writes
    them; else None."""
    first = primary(job)
    text = read_existing(first)
    state = read_state(text) if text is not None else None
    if text is None or state is None:
        return None
    found = {first: text}
    for name in state.files:
        path = first.parent / name
        other = read_existing(path)
        recorded = read_state(other) if other is not None else None
        if other is None or recorded is None or (recorded.closure != state.closure and path.stem != RUNTIME):
            return None
        fresh = recorded.generator == generator_digest() and body_digest(split(other)[1]) == recorded.body
        if not fresh and not known_fresh(cache_dir, other):
            return None
        found[path] = other
    return found


def package_orphans(job: Job, outputs: dict[Path, str]) -> list[Path]:
    """The modules of a package output that the job wrote and no longer makes: files of the
    package folder whose state line records this job and their own name (``file_identity``)."""
    if not job.package or not job.output.is_dir():
        return []
    found = []
    for path in sorted(job.output.glob("*.py")):
        if path in outputs or not path.is_file():
            continue
        try:
            text = read_existing(path)
        except UsageError:  # not text: not ours
            continue
        state = read_state(text) if text is not None else None
        if state is not None and state.output == file_identity(job, path):
            found.append(path)
    return found
