"""What feeds an output, recorded in its header, and why an output is stale.

The last header line of a generated module records hashes of everything that made it:

    # modelgen: spec=… closure=… generator=… config=… body=… [output=…] [overlays=…] [sources=a.yaml,b.yaml]

- ``spec``: the bytes of the spec file and of every file it refers to (``sources``);
- ``closure``: the selected schemas as normalised (a change elsewhere in the spec leaves it);
- ``generator``: modelgen's version, and the code and templates that shape the output;
- ``config``: the job (flavour, roots, command);
- ``body``: the module text below the header, so an edit by hand shows;
- ``output``: for a job of ``[tool.modelgen]``, which config wrote it and where (so that only
  that module, not a copy of it, is removed when the job goes).

With these, an output is known to be up to date without reading the spec (the fast path), and
``--check`` can say why a file is stale.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .._version import __version__
from ..render.templates import template_dir
from ..sources import Files
from .config import PROJECT_COMMAND, Job

STATE_PREFIX = "# modelgen: "
_FIELD = re.compile(r"(\w+)=(\S+)")


def digest(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class State:
    spec: str
    closure: str
    generator: str
    config: str
    body: str
    sources: tuple[str, ...] = ()
    overlays: str = ""  # digest of the overlays' bytes, in order ("" without overlays)
    output: str = ""  # for a job of [tool.modelgen]: which config wrote it, and where (``output_identity``)
    files: tuple[str, ...] = ()  # the job's other files beside this one (a package's modules)

    def line(self) -> str:
        text = f"{STATE_PREFIX}spec={self.spec} closure={self.closure} generator={self.generator} config={self.config} body={self.body}"
        text += f" output={self.output}" if self.output else ""
        text += f" overlays={self.overlays}" if self.overlays else ""
        text += f" sources={','.join(self.sources)}" if self.sources else ""
        text += f" files={','.join(self.files)}" if self.files else ""
        return text + "  # noqa: E501" if len(text) > 88 else text  # a record, not prose: one line


def split(text: str) -> tuple[list[str], str]:
    """The header lines (the leading comments) and the body of a generated module."""
    head, _, body = text.partition("\n\n")
    return head.split("\n"), body


def read_state(text: str) -> State | None:
    header, _ = split(text)
    for line in header:
        if line.startswith(STATE_PREFIX):
            fields = dict(_FIELD.findall(line[len(STATE_PREFIX) :]))
            try:
                return State(
                    fields["spec"], fields["closure"], fields["generator"], fields["config"], fields["body"],
                    tuple(s for s in fields.get("sources", "").split(",") if s), fields.get("overlays", ""),
                    fields.get("output", ""), tuple(s for s in fields.get("files", "").split(",") if s),
                )
            except KeyError:
                return None
    return None


def made_by_project(text: str, identity: str | None = None) -> bool:
    """Whether a module carries a modelgen header from a job of ``[tool.modelgen]`` (with
    ``identity``: from the job of this config that writes the file where it is now, as
    ``config.output_identity`` gives it)."""
    header, _ = split(text)
    state = read_state(text)
    if state is None or f"# Do not edit: regenerate with `{PROJECT_COMMAND}`." not in header:
        return False
    return identity is None or state.output == identity


def assemble(header: list[str], body: str, state: State) -> str:
    return "\n".join([*header, state.line()]) + "\n\n" + body


def body_digest(body: str) -> str:
    return digest(body)


# Code that cannot change what is generated: a fix there leaves every output up to date.
NOT_OUTPUT = frozenset({"__main__.py", "cli.py", "errors.py", "app/write.py"})
NOT_OUTPUT_FOLDERS = ("commands/",)


@cache
def generator_digest() -> str:
    """modelgen's version, and the text of the code and templates that shape its output."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).parents[1]
    files = sorted((p.relative_to(package).as_posix(), p) for p in package.rglob("*.py"))
    files = [(name, path) for name, path in files if name not in NOT_OUTPUT and not name.startswith(NOT_OUTPUT_FOLDERS)]
    for name, path in files:
        h.update(name.encode() + b"\0" + path.read_bytes())
    root = template_dir()
    for name, path in sorted((p.relative_to(root).as_posix(), p) for p in root.rglob("*.jinja")):
        h.update(name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def config_digest(job: Job) -> str:
    """What the job asks for, as the output records it: a change regenerates the module. Options
    count by value; a templates folder by the text of its templates (no machine's paths)."""
    options = job.options
    templates = None
    if options.templates is not None:
        h = hashlib.sha256()
        for path in sorted(options.templates.rglob("*.jinja")):
            h.update(path.relative_to(options.templates).as_posix().encode() + b"\0" + path.read_bytes())
        templates = h.hexdigest()
    chosen = repr(dataclasses.replace(options, templates=None)) if options != type(options)() else ""
    asked: tuple[object, ...] = (job.flavour, job.roots, job.command, tuple(o.name for o in job.overlays), job.reading, job.spec.name)
    if job.operations or job.tags:  # (so that the digest of every other job stays what it was)
        asked += (job.operations, job.tags)
    return digest(repr((*asked, chosen, templates) if chosen else asked))


def overlays_digest(overlays: tuple[Path, ...], files: Files | None = None) -> str | None:
    """One hash of the overlays' bytes, in order ("" without any; ``None`` if one is gone);
    ``files``: the run's reads."""
    if not overlays:
        return ""
    files = files or Files()
    h = hashlib.sha256()
    try:
        for path in overlays:
            h.update(files.read(path) + b"\0")
    except OSError:
        return None
    return h.hexdigest()[:16]


def spec_digest(root: str, sources: list[tuple[str, str]]) -> str:
    """One hash of the spec's SHA-256 and those of the files it refers to, by name."""
    h = hashlib.sha256(root.encode())
    for name, file_digest in sorted(sources):
        h.update(f"\0{name}\0{file_digest}".encode())
    return h.hexdigest()[:16]


def current_spec_digest(spec: Path, sources: tuple[str, ...], files: Files | None = None) -> str | None:
    """The spec digest as it would be now (``None`` if a file is gone); ``files``: the run's reads."""
    files = files or Files()
    try:
        root = files.sha256(spec)
        others = [(name, hashlib.sha256(files.source(spec, name)).hexdigest()) for name in sources]
    except OSError:
        return None
    return spec_digest(root, others)


def same_output(old: str | None, new: str) -> bool:
    """Whether the file on disk holds the code generation gives now: an output is stale only
    when its code would change. The header may differ (a spec change outside the closure, a
    modelgen upgrade that writes the same code, another command), and so may the layout (the
    file reformatted by black or ruff, at any line length); a file without a modelgen header is
    not ours and always differs."""
    if old is None:
        return False
    if old == new:
        return True
    if read_state(old) is None or read_state(new) is None:
        return False
    return own_lines(old) == own_lines(new) and made_from(old) == made_from(new) and same_code(split(old)[1], split(new)[1])


def own_lines(text: str) -> list[str]:
    """The lines of the header the user asked for (option ``header``): those before ours."""
    header = split(text)[0]
    ours = next((i for i, line in enumerate(header) if line.startswith("# Generated by modelgen")), len(header))
    return header[:ours]


def made_from(text: str) -> str:
    """What the header says the module was made from (spec and overlays by name, flavour,
    reading, roots), as one line: the version of modelgen and the wrapping left out, so that
    an upgrade writing the same code leaves the file alone, but a module now made from
    ``b.json`` does not keep naming ``a.json``."""
    header = split(text)[0]
    start = next((i for i, line in enumerate(header) if line.startswith("# Generated by modelgen")), len(header))
    end = next((i for i, line in enumerate(header) if line.startswith("# Do not edit")), len(header))
    words = " ".join(line.removeprefix("#") for line in header[start:end]).split()
    return " ".join(words[:3] + words[4:]) if words[:3] == ["Generated", "by", "modelgen"] else " ".join(words)


def same_code(old: str, new: str) -> bool:
    """The same module but for layout: equal text, or equal syntax trees (docstrings compared
    without their indentation and trailing spaces, which formatters adjust)."""
    if old == new:
        return True
    return _tree(old) == _tree(new) != ""


def _tree(source: str) -> str:
    import ast
    import inspect

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            node.value.value = "\n".join(line.rstrip() for line in inspect.cleandoc(node.value.value).splitlines())
    return ast.dump(tree)


def fresh_key(state: State, body: str) -> str:
    """What a check that a file holds the current code was about: this generator, the inputs the
    header records, and the file's text (kept in the cache once verified)."""
    return digest(repr((generator_digest(), state.spec, state.closure, state.config, state.overlays, body_digest(body))))


def why_stale(old: str | None, new: str) -> str:
    """Why the file on disk is not what generation gives now, in words."""
    if old is None:
        return "the file does not exist yet"
    recorded, current = read_state(old), read_state(new)
    if recorded is None:
        return "the file has no modelgen header: it was not generated, or the header was edited"
    header, body = split(old)
    if body_digest(body) != recorded.body:
        return "the file was edited by hand (its text no longer matches the hash in its header)"
    assert current is not None
    reasons = []
    if recorded.overlays != current.overlays:
        reasons.append("an overlay changed")
    if recorded.closure != current.closure:
        reasons.append("the spec changed (the selected schemas)")
    if recorded.generator != current.generator:
        reasons.append("the generator or its templates changed")
    if recorded.config != current.config:
        reasons.append("the job's configuration changed (spec, flavour, roots, command or options of the models)")
    return "; ".join(reasons) or "the output differs"
