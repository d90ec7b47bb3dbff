"""The stages in order: load → resolve → normalise → name → select → render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.config import Job
from generator.errors import SpecError
from generator.load import Document, load_spec
from generator.naming import Names, assign_names
from generator.normalise import SpecIR, normalise
from generator.render import Header, render_module
from generator.resolve import Resolver
from generator.select import closure, cyclic_keys, ordered, resolve_roots


@dataclass(frozen=True)
class Prepared:
    """A spec read, normalised and named: what every job on that spec shares."""

    document: Document
    spec: SpecIR
    names: Names


def prepare(path: Path) -> Prepared:
    document = load_spec(path)
    spec = normalise(Resolver(document))
    return Prepared(document, spec, assign_names(spec.definitions, spec.components))


def render_job(job: Job, prepared: Prepared) -> tuple[str, int]:
    """The text of the job's module, and how many definitions it declares."""
    spec = prepared.spec
    keys = closure(spec, resolve_roots(spec, job.roots, prepared.document.name))
    order = ordered(spec, keys, prepared.names)
    header = Header(
        spec_name=prepared.document.name,
        spec_digest=prepared.document.digest,
        roots=job.roots,
        generator_version=__version__,
        command=job.command,
    )
    return render_module(job.flavour, spec, prepared.names, order, cyclic_keys(spec, keys), header), len(order)


def generate(jobs: tuple[Job, ...]) -> tuple[dict[Path, str], int]:
    """Every job's output text by path (each spec is read once), and the number of models."""
    prepared: dict[Path, Prepared] = {}
    outputs: dict[Path, str] = {}
    count = 0
    for job in jobs:
        key = job.spec.resolve()
        if key not in prepared:
            prepared[key] = prepare(job.spec)
        try:
            outputs[job.output], n = render_job(job, prepared[key])
        except SpecError as exc:
            raise exc.at_file(prepared[key].document.name) from None
        count += n
    return outputs, count
