"""The stages in order: load → resolve → normalise → name → select → render, and the shortcuts.

An output whose recorded state (see ``state``) matches the spec file, the generator and the job
is up to date: its spec is not even read. A spec that must be read is looked up first in the
parse cache, keyed by the spec's content and the generator.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Diagnostic, Location, SpecError, SpecErrors
from ..scope import EVERYTHING, Scope, UnknownName
from ..sources import Files, RefPolicy
from . import cache
from .config import Job, Source
from .package import (
    Chosen,
    class_names,
    job_header,
    job_names,
    merge_outputs,
    primary,
    render_files,
    up_to_date_files,
)
from .prepared import Prepared
from .state import (
    State,
    assemble,
    body_digest,
    config_digest,
    current_spec_digest,
    digest,
    generator_digest,
    overlays_digest,
    read_state,
    spec_digest,
    split,
)
from .write import read_existing

if TYPE_CHECKING:
    from ..load import Document
    from ..naming import Names

# The stages are imported where they are used: a run that finds every output up to date never
# loads them (nor Jinja, PyYAML or black), and starts in a fraction of the time.

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


def prepare(
    path: Path,
    cache_dir: Path | None = None,
    progress: Progress = _silent,
    refs: RefPolicy = RefPolicy(),
    overlays: tuple[Path, ...] = (),
    files: Files | None = None,
    scope: Scope = EVERYTHING,
    seeds: bool = False,
) -> Prepared:
    """What ``scope`` takes from the spec at ``path`` with ``overlays`` applied: read, normalised
    and named; from the parse cache when it has it. ``files``: the run's reads (the spec is read
    and hashed once a run). ``seeds``: with the tags of what the operations use (for packages)."""
    files = files or Files()
    try:
        spec_sha = files.sha256(path)
        overlay_bytes = b"".join(b"\0overlay:" + files.read(o) for o in overlays)
    except OSError:
        spec_sha, overlay_bytes = "", b""  # load_spec and load_overlay report the problem with the file
    # the name shows in messages
    key = spec_sha.encode() + refs.tag() + scope.tag() + b"\0name:" + path.name.encode() + overlay_bytes
    key += b"\0seeds" if seeds else b""
    cached = _cached(cache_dir, key, path, files) if cache_dir is not None and spec_sha else None
    if cached is not None:
        progress(f"{path.name}: {counted(len(cached.spec.definitions), 'definition')} (parse cache)")
        return cached
    progress(f"{path.name}: reading")
    # a job of component schemas alone reads a large spec only as far as they reach
    reaching = scope.roots if not (scope.operations or scope.tags or overlays or seeds) else ()
    document, overlay_warnings = read_spec(path, overlays, files, reaching)
    prepared = prepare_document(document, refs, overlay_warnings, scope, files, seeds)
    prepared = replace(prepared, overlays=overlays_digest(overlays, files) or "")  # the bytes applied
    progress(f"{path.name}: {counted(len(prepared.spec.definitions), 'definition')}")
    if cache_dir is not None:
        cache.store(cache_dir, key, prepared, _version(prepared.spec_hash, prepared.overlays, scope, path.name))
    return prepared


def counted(n: int, noun: str) -> str:
    """``1 definition``, ``2 definitions``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def read_spec(
    path: Path, overlays: tuple[Path, ...] = (), files: Files | None = None, roots: tuple[str, ...] = ()
) -> tuple[Document, tuple[Diagnostic, ...]]:
    """The root document with the overlays applied, in order, then read as OpenAPI 3 (a Swagger
    2.0 document or a JSON Schema is translated: ``inputs``); the overlays' warnings and the
    translation's (``files``: the run's reads, which may have the spec already; ``roots``: the
    component schemas the job takes, when that is all it takes, see ``load_spec``)."""
    from ..inputs import as_openapi

    document, warnings = read_source(path, overlays, files, roots)
    translated = as_openapi(document)
    return translated, (*warnings, *translated.notes)


def read_source(
    path: Path, overlays: tuple[Path, ...] = (), files: Files | None = None, roots: tuple[str, ...] = ()
) -> tuple[Document, tuple[Diagnostic, ...]]:
    """The root document as written (OpenAPI 3, Swagger 2.0 or JSON Schema, or a folder of JSON
    Schemas), with the overlays applied in order; their warnings."""
    from ..load import load_spec

    if path.is_dir():
        from ..inputs.folder import load_folder

        if overlays:
            raise SpecError(
                f"{overlays[0].name}: an overlay changes one file; {path.name} is a folder of schemas",
                hint="apply the overlay to the file it is about, or name that file as the spec",
            )
        document = load_folder(path, files)
    else:
        document = load_spec(path, files=files, roots=() if overlays else roots)
    warnings: list[Diagnostic] = []
    if overlays:
        from ..overlay import apply_overlay, load_overlay

        for overlay_path in overlays:
            warnings.extend(apply_overlay(document.data, load_overlay(overlay_path, files=files)))
    return document, tuple(warnings)


def prepare_document(
    document: Document,
    refs: RefPolicy,
    warnings: tuple[Diagnostic, ...] = (),
    scope: Scope = EVERYTHING,
    files: Files | None = None,
    seeds: bool = False,
) -> Prepared:
    """What ``scope`` takes from a document in memory (read by ``read_spec``, its data perhaps
    rewritten since): resolved, normalised and named; ``warnings`` (the overlays') are about the
    document, not a schema; ``files``: the run's reads (the documents it refers to); ``seeds``:
    with the tags of what the operations use (``grouping.tag_seeds``, for packages)."""
    from ..flavours import reserved
    from ..grouping import tag_seeds
    from ..inputs import diagnostics_placed, placed
    from ..naming import assign_names
    from ..normalise import normalise
    from ..resolve import Resolver

    # a document read as far as some roots reach holds what those roots take, nothing more
    assert not document.partial or not (scope.everything or scope.operations or scope.tags or seeds)
    resolver = Resolver(document, refs, files)
    try:
        spec = normalise(resolver, scope)
    except SpecError as exc:  # about the document as a whole (its components): with line and column
        from ..load import positioned

        exc = placed(document, exc)
        raise (positioned(exc, document.path, files) if document.path is not None else exc) from None
    spec = replace(spec, diagnostics=diagnostics_placed(document, spec.diagnostics))
    if warnings:  # shown for every job
        spec = replace(spec, diagnostics=(*warnings, *spec.diagnostics))
    others = [(name, resolver.document(name).digest) for name in resolver.loaded() if name != document.name]
    return Prepared(
        name=document.name,
        spec_hash=spec_digest(document.digest, others),
        sources=tuple(sorted(name for name, _ in others)),
        spec=spec,
        names=assign_names(spec.definitions, spec.components, reserved()),
        seeds=tag_seeds(resolver, spec) if seeds else (),
    )


def _cached(cache_dir: Path, key: bytes, path: Path, files: Files) -> Prepared | None:
    """The cached result for these spec bytes and this generator, if its other files are unchanged."""
    prepared = cache.load(cache_dir, key)
    if not isinstance(prepared, Prepared) or current_spec_digest(path, prepared.sources, files) != prepared.spec_hash:
        return None
    return prepared


def previous_version(cache_dir: Path | None, spec_hash: str, overlays_hash: str, scope: Scope, name: str) -> Prepared | None:
    """What ``scope`` took from the spec an output was made from (by the hashes its header
    records), if the cache has it as read from a file called ``name``: the definitions' keys
    hold the file's name, and a version read under another name (the same text, or the file
    before a rename) would match none of them."""
    found = cache.previous(cache_dir, _version(spec_hash, overlays_hash, scope, name))
    return found if isinstance(found, Prepared) else None


def _version(spec_hash: str, overlays_hash: str, scope: Scope, name: str) -> tuple[str, ...]:
    return (spec_hash, overlays_hash, digest(scope.tag()), digest(name.encode()))


def prepare_source(
    source: Source,
    refs: RefPolicy = RefPolicy(),
    cache_dir: Path | None = None,
    progress: Progress = _silent,
    files: Files | None = None,
    scope: Scope | None = None,
) -> Prepared:
    """What the source's scope (or ``scope``) takes from its spec read with its overlays, as its
    reading reads it: what ``generate`` renders."""
    scope = scope or source.scope
    prepared = prepare(source.spec, cache_dir, progress, refs, source.overlays, files, scope)
    return tolerant_of(prepared) if source.reading == "tolerant" else prepared


def tolerant_of(prepared: Prepared) -> Prepared:
    """The spec read tolerantly (``reading.py``)."""
    from ..reading import tolerant

    spec, names = tolerant(prepared.spec, prepared.names)
    return replace(prepared, spec=spec, names=names)


@dataclass(frozen=True)
class Selection:
    """The definitions a job's roots select, in module order: the same for every flavour."""

    order: list[str]
    recursive: set[str]  # the aliases of cycles made of aliases alone
    closure_hash: str
    diagnostics: tuple[Diagnostic, ...] = ()  # the errors and warnings of the selected schemas
    deepest: tuple[int, str | None] = (0, None)  # the longest chain of models, about, and its first (nesting.py)
    edges: dict[str, frozenset[str]] = field(default_factory=dict)  # what each selected definition names

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.error]


def select(
    prepared: Prepared,
    roots: tuple[str, ...],
    enum_defaults: bool = False,
    own: tuple[tuple[str, str], ...] = (),
    titled: bool = False,
) -> Selection:
    """The definitions ``roots`` select (every component without roots), in module order; what
    a schema written as the user's own type (``own``: the option ``types``) names is left out;
    ``titled``: inline schemas are named by their titles (``names = "title"``), as the order is."""
    from ..nesting import deepest
    from ..select import ordered, reachable, recursive_aliases, resolve_roots

    if titled:
        prepared = replace(prepared, names=class_names(prepared, "title"))
    spec = prepared.spec
    ends = frozenset(spec.components[name] for name, _ in own if name in spec.components)
    edges = reachable(spec, resolve_roots(spec, roots, prepared.name), ends)  # asked once for all below
    keys = set(edges)
    order = ordered(spec, keys, prepared.names, enum_defaults, edges)
    closure_hash = digest(repr([(prepared.names.cls(k), spec.definitions[k]) for k in order]))
    seen: set[tuple[bool, str, str]] = set()
    diagnostics = []
    for d in spec.diagnostics:  # those of the selected schemas, each once (allOf repeats a base's)
        where = (d.error, str(d.location), d.message)
        if (d.owner is None or d.owner in keys) and where not in seen:
            seen.add(where)
            diagnostics.append(d)
    return Selection(
        order, recursive_aliases(spec, keys, edges), closure_hash, tuple(diagnostics), deepest(spec, edges), edges
    )


def render_outputs(job: Job, prepared: Prepared, selection: Selection | None = None) -> tuple[dict[Path, str], int]:
    """The text of every file of the job (one module; or a package's, ``app.package``) and its
    definition count."""
    if not (job.package or job.shares_runtime):
        text, n = render_job(job, prepared, selection)
        return {job.output: text}, n
    titled = job.options.names == "title"
    chosen = selection or select(prepared, (), job.options.enums == "enum", job.options.types, titled)
    if chosen.errors:
        raise SpecErrors(chosen.errors)
    from ..flavours import flavour_class

    return render_files(job, flavour_class(job.flavour), prepared, Chosen(chosen.order, chosen.recursive, chosen.closure_hash, chosen.edges))


def render_job(job: Job, prepared: Prepared, selection: Selection | None = None) -> tuple[str, int]:
    """The text of the job's module (header with its state line included) and its definition count."""
    from ..flavours import flavour_class
    from ..render.module import render_module

    titled = job.options.names == "title"
    chosen = selection or select(prepared, (), job.options.enums == "enum", job.options.types, titled)
    if chosen.errors:
        raise SpecErrors(chosen.errors)
    header_lines, body = render_module(
        flavour_class(job.flavour), prepared.spec, job_names(job, prepared), chosen.order, chosen.recursive,
        job_header(job, prepared), job.options,
    )
    state = State(
        spec=prepared.spec_hash,
        closure=chosen.closure_hash,
        generator=generator_digest(),
        config=config_digest(job),
        body=body_digest(body),
        sources=prepared.sources,
        overlays=prepared.overlays,
        output=job.origin,
    )
    return assemble(header_lines, body, state), len(chosen.order)


def fresh_outputs(job: Job, cache_dir: Path | None = None, files: Files | None = None) -> dict[Path, str] | None:
    """The texts of the job's files if they are up to date (``up_to_date``), judged without
    reading the spec; else ``None``."""
    first = primary(job)
    text = up_to_date(job, cache_dir, files, first)
    if text is None:
        return None
    return up_to_date_files(job, cache_dir) if job.package or job.shares_runtime else {first: text}


def up_to_date(job: Job, cache_dir: Path | None = None, files: Files | None = None, path: Path | None = None) -> str | None:
    """The job's output text if it is up to date, judged without reading the spec; else ``None``.

    Its header must record this job and the spec and overlays as they are; and either this
    generator wrote it as it is, or this generator has already found (and the cache remembers)
    that it holds the code it would write: after an upgrade that changes no code, or after the
    file was reformatted, the first run renders and compares, the next ones take this path."""
    text = read_existing(path or job.output)
    state = read_state(text) if text is not None else None
    if text is None or state is None:
        return None
    if state.config != config_digest(job):
        return None
    if state.overlays != overlays_digest(job.overlays, files):
        return None
    if current_spec_digest(job.spec, state.sources, files) != state.spec:
        return None
    body = split(text)[1]
    if state.generator == generator_digest() and body_digest(body) == state.body:
        return text
    if cache.known_fresh(cache_dir, text):
        return text
    return None


@dataclass
class Result:
    outputs: dict[Path, str]
    definitions: int
    fresh: set[Path]  # outputs found up to date without reading their spec
    made_from: dict[Path, tuple[Job, Prepared]] = field(default_factory=dict)  # each rendered output's job


def generate(
    jobs: tuple[Job, ...],
    cache_dir: Path | None = None,
    progress: Progress = _silent,
    refs: RefPolicy = RefPolicy(),
    reuse: bool = True,
    checking: bool = False,
) -> Result:
    """Every job's output text by path; each spec is read at most once. With ``reuse`` (the
    default), an output whose header shows it is up to date is taken as it is, not rendered.
    ``checking``: the outputs are compared, not written (the progress says so)."""
    with _no_cyclic_collection():
        return _generate(jobs, cache_dir, progress, refs, reuse, checking)


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """A run builds trees (documents, the frozen IR, text) that reference counting frees; the
    cyclic collector would only walk the growing heap again and again (a seventh of the time on
    GitHub's spec). What cycles a run leaves are collected when it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# A spec as a job reads it: the file, the overlays, how it is read and what is taken from it
_Key = tuple[Path, tuple[Path, ...], str, Scope]


def _generate(
    jobs: tuple[Job, ...], cache_dir: Path | None, progress: Progress, refs: RefPolicy, reuse: bool, checking: bool
) -> Result:
    # by spec, overlays, reading and scope: shared by the flavours
    prepared: dict[_Key, Prepared | None] = {}  # None: it could not be read
    # and by whether string enums are classes (their order differs), and the schemas of one's own types
    Chosen = tuple[_Key, bool, tuple[tuple[str, str], ...], bool]
    selections: dict[Chosen, Selection] = {}
    result = Result({}, 0, set())
    errors: dict[Path, list[Diagnostic]] = {}  # by spec: every error of the run, reported together
    files = Files()  # each spec read and hashed once, however many jobs read it
    warned: set[Diagnostic] = set()
    writers: dict[Path, Job] = {}  # the job of each output (jobs of a folder share its runtime module)
    packages = any(job.package for job in jobs)  # (what the operations use, for grouping, is then read)
    for job in jobs:
        current = fresh_outputs(job, cache_dir, files) if reuse else None
        if current is not None:
            merge_outputs(result.outputs, current, job, writers)
            result.fresh.update(current)
            continue
        key = (real_path(job.spec), job.overlays, job.reading, job.scope)
        ready = _read(
            job, key, prepared, errors, lambda: prepare(job.spec, cache_dir, progress, refs, job.overlays, files, job.scope, packages)
        )
        if ready is None:  # its error is reported with every other job's
            continue
        try:
            chosen = (key, job.options.enums == "enum", job.options.types, job.options.names == "title")
            if chosen not in selections:  # what the scope asked for (the prepared spec's entries)
                selections[chosen] = selection = select(ready, (), *chosen[1:])
                if not any(other[0] == key for other in selections if other != chosen):
                    for warning in selection.diagnostics:  # (once a spec and scope)
                        if not warning.error:
                            progress(warning.render())
            selection = selections[chosen]
            if selection.errors:
                found = errors.setdefault(job.spec, [])
                known = set(found)
                found.extend(e for e in selection.errors if e not in known)
                continue
            deep = too_deep(job.flavour, ready, selection)
            if deep is not None and deep.error:
                errors.setdefault(job.spec, []).append(deep)
                continue
            for warning in ([deep] if deep is not None else []) + cautions(job, ready, selection):
                if warning not in warned:  # (once a run)
                    warned.add(warning)
                    progress(warning.render())
            progress(f"checking {job.output} ({job.flavour})" if checking else f"{job.flavour} -> {job.output}")
            made, n = render_outputs(job, ready, selection)
            merge_outputs(result.outputs, made, job, writers)
            result.made_from.update(dict.fromkeys(made, (job, ready)))
        except SpecError as exc:
            errors.setdefault(job.spec, []).append(Diagnostic.of(exc.at_file(ready.name), None))
            continue
        result.definitions += n
    if errors:
        raise SpecErrors([d for spec, found in errors.items() for d in locate(spec, found, files)])
    return result


def _read(
    job: Job, key: _Key, prepared: dict[_Key, Prepared | None], errors: dict[Path, list[Diagnostic]], read: Callable[[], Prepared]
) -> Prepared | None:
    """The spec as ``job`` reads it (``key``), shared by the jobs that read it alike; None when it
    cannot be read: its error is then in ``errors``, once, blamed on the first such job's entry
    of the config, and the run goes on to report every other job's error too."""
    exact = (key[0], key[1], "exact", key[3])
    if exact not in prepared:
        try:
            prepared[exact] = read()
        except SpecError as exc:
            prepared[exact] = None
            errors.setdefault(job.spec, []).append(Diagnostic.of(blamed(exc, job), None))
    if key not in prepared:
        base = prepared[exact]
        prepared[key] = base if base is None or job.reading == "exact" else tolerant_of(base)
    return prepared[key]


def blamed(error: SpecError, job: Job) -> SpecError:
    """``error`` reported against the entry of the config that caused it: the ``roots``,
    ``operations`` or ``tags`` that named what the spec lacks, the ``spec`` or ``overlays`` that
    name no file. Else ``error`` as it is."""
    if isinstance(error, UnknownName) and job.entry(error.key) is not None:
        return SpecError(f"{job.entry(error.key)}: {error.message} in {job.spec}", hint=error.hint)
    missing = error.message == "file not found" and error.location is not None
    file = error.location.file if error.location is not None else ""
    key = "spec" if file == str(job.spec) else "overlays" if file in map(str, job.overlays) else None
    entry = job.entry(key) if missing and key is not None else None
    if entry is not None:
        config = entry.partition(": ")[0]
        return SpecError(f"{entry}: {file}: file not found", hint=f"check the path: it is relative to the folder of {config}")
    return error


def cautions(job: Job, prepared: Prepared, selection: Selection) -> list[Diagnostic]:
    """The warnings of the job's flavour about what its modules cannot check or keep of the
    selection (``Flavour.cautions``)."""
    from ..flavours import flavour_class
    from ..flavours.base import Shown

    shown = Shown(prepared.names, frozenset(selection.recursive))
    return flavour_class(job.flavour).cautions(prepared.spec, selection.order, job.options, shown)


def too_deep(flavour: str, prepared: Prepared, selection: Selection) -> Diagnostic | None:
    """An error (a warning, for a flavour whose modules do not decode) when the selection's
    models nest deeper than the flavour's decoder can be built for (``Flavour.decoder_depth``)."""
    from ..flavours import flavour_class
    from ..nesting import descent

    cls = flavour_class(flavour)
    estimate, start = selection.deepest
    if cls.decoder_depth is None or start is None or estimate <= cls.decoder_depth:
        return None  # (the usual spec: its chains are a few models long)
    chain = descent(prepared.spec, start, cls.decoder_depth)
    if not chain:
        return None
    names = [prepared.names.cls(k) for k in chain]
    shown = " → ".join([*names[:3], "…", names[-1]] if len(names) > 4 else names)
    file, _, pointer = prepared.spec.definitions[start].source.partition("#")
    who = f"{cls.name} builds the decoder of {names[0]}" if cls.decodes else f"pydantic's TypeAdapter builds a validator of {names[0]}"
    return Diagnostic(
        cls.decodes,
        f"models nest more than {cls.decoder_depth} deep ({shown}; up to {estimate:,}): {who} by recursion through"
        f" them, and Python's recursion limit stops it (RecursionError at the first decode)",
        Location(file, pointer),
        hint="end the chain sooner (a field deep in it typed as a plain object), or generate dataclasses, whose"
        " decoder has no such limit",
        owner=start,
    )


def real_path(path: Path) -> Path:
    """Where ``path`` really is (links followed), or the path as given if it cannot be followed
    (reading it then reports why)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return path.absolute()


def locate(spec: Path, diagnostics: list[Diagnostic], files: Files | None = None) -> list[Diagnostic]:
    """The diagnostics with the line and column of their pointers, parsed again from the files
    (only when there are errors to report: the normal run never pays for positions; ``files``:
    the run's reads, so that the text is the one that was parsed)."""
    from ..sources import is_remote
    from ..yaml_events import positions

    files = files or Files()

    by_file: dict[str, set[str]] = {}
    for d in diagnostics:
        if d.location is not None and d.line is None and not is_remote(d.location.file):
            by_file.setdefault(d.location.file, set()).add(d.location.pointer)
    found: dict[tuple[str, str], tuple[int, int, str | None]] = {}
    for name, pointers in by_file.items():
        try:
            raw = files.read(spec) if name == spec.name else files.source(spec, name)
            text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for pointer, position in positions(text, pointers).items():
            found[name, pointer] = position
    located = []
    for d in diagnostics:
        place = found.get((d.location.file, d.location.pointer)) if d.location is not None else None
        d = replace(d, line=place[0], column=place[1]) if place else d
        if d.location is not None and not is_remote(d.location.file) and d.location.file != str(spec):
            d = replace(d, location=Location(str(spec.parent / d.location.file), d.location.pointer))
        located.append(d)  # (each file named as the user finds it: specs/api.yaml, not api.yaml)
    return located
