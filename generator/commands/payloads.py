"""Where payloads break the spec (``modelgen check-payloads``), and the overlay that accepts them.

A payload is read against a root schema as the models read it (``payload_check``), from the
spec as the pipeline prepares it for the generator: the same overlays, the same reading mode
(``exact`` or ``tolerant``), the same roots selection. Each deviation comes with the Overlay
actions that would accept it (``payload_fixes``); the report has three forms (``payload_report``).

The overlay is found by fixing and checking again: the actions of one round are applied to the
spec, the spec is read again, and the payloads are checked again, until none deviates or no
action is left to try. Actions that rewrite a schema (make a ``$ref`` nullable, widen a type)
are computed from the schema as it is, so one round rewrites each schema at most once; actions
that append (a value to an ``enum``, a member to a ``oneOf``) compose freely.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Location, SpecError, SpecErrors
from ..overlay import Action, Overlay, apply_overlay
from ..sources import RefPolicy
from .payload_check import Checker, Deviation
from .payload_fixes import Fix, jsonpath
from .payload_report import Payload, Report, overlay_text, render_report, report_json

if TYPE_CHECKING:
    from ..load import Document

__all__ = [
    "Action", "Checker", "Deviation", "Fix", "Payload", "Report", "check_payloads", "jsonpath", "overlay_text",
    "read_payloads", "render_report", "report_json",
]  # fmt: skip

MAX_ROUNDS = 25
Found = list[tuple[Payload, list[Deviation]]]  # each payload's deviations


# -- reading payloads --------------------------------------------------------------------------


def read_payloads(paths: list[Path]) -> list[Payload]:
    """JSON files (one payload each) and JSON Lines files (``.jsonl``/``.ndjson``: one per line)."""
    found = []
    for path in paths:
        name = str(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise SpecError("file not found", location=Location(name), hint="check the path") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read the payload: {exc}", location=Location(name)) from None
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    found.append(Payload(f"{name}:{number}", _parse(line, name, number)))
        else:
            found.append(Payload(name, _parse(text, name, 0)))
    return found


def _parse(text: str, name: str, line: int) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise SpecError("the payload nests too deeply to read", location=Location(name)) from None
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"invalid JSON: {exc.msg}", location=Location(name), line=line or exc.lineno, column=exc.colno
        ) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise SpecError("a number too long to read", location=Location(name), line=line or None) from None


# -- the command ---------------------------------------------------------------------------------


def check_payloads(
    spec: Path,
    root: str,
    payloads: list[Payload],
    overlays: tuple[Path, ...] = (),
    refs: RefPolicy | None = None,
    reading: str = "exact",
) -> Report:
    """Check ``payloads`` against ``root`` as the models of ``reading`` read them, then find an
    overlay that accepts them."""
    from ..app.pipeline import read_source
    from ..inputs import as_openapi

    # the file as written, overlays applied (their warnings are the generator's to show): the
    # fixes address it, and a Swagger 2.0 or JSON Schema file is read as OpenAPI 3 again each round
    document, _ = read_source(spec, overlays)

    def check(data: Any) -> Found:
        written = document.kind != "openapi"
        read = as_openapi(replace(document, data=copy.deepcopy(data) if written else data))
        checker, key = checker_of(read, root, refs or RefPolicy(), reading, data if written else None)
        return [(p, checker.check(p.value, key)) for p in payloads]

    original = copy.deepcopy(document.data)
    found = first = check(document.data)
    report = Report(first)
    applied: dict[str, Action] = {}  # by key: each action once, with the description of its first use
    for round_number in range(MAX_ROUNDS):
        chosen = _one_round(found, applied)
        if not chosen:
            break
        if round_number:
            report.later += len(chosen)
        data = copy.deepcopy(original)
        apply_overlay(data, Overlay("(check-payloads)", tuple(applied.values())))
        found = check(data)
    report.actions = list(applied.values())
    report.unfixed = [(p, d) for p, deviations in found for d in deviations]
    return report


def checker_of(
    document: Document, root: str, refs: RefPolicy, reading: str = "exact", written: Any = None
) -> tuple[Checker, str]:
    """A checker of ``document`` (in memory) as the pipeline prepares it for ``reading``, and the
    key of ``root``; the errors of the schemas ``root`` selects are raised. ``written``: the data
    of a Swagger 2.0 or JSON Schema file as written, which ``document`` reads as OpenAPI 3."""
    from ..app.pipeline import prepare_document, select, tolerant_of
    from ..scope import Scope

    prepared = prepare_document(document, refs, scope=Scope((root,)))
    if reading == "tolerant":
        prepared = tolerant_of(prepared)
    selection = select(prepared, (root,))
    if selection.errors:
        raise SpecErrors(selection.errors)
    where = (written, document.moved) if written is not None else None
    return Checker(document.data, prepared.name, prepared.spec, written=where), prepared.spec.components[root]


def _one_round(found: Found, applied: dict[str, Action]) -> list[Action]:
    """The actions to apply next: every new appending fix, and one rewriting fix per schema
    (a schema that one fix rewrites takes no other fix this round)."""
    rewritten: set[str] = set()
    touched: set[str] = set()
    chosen: list[Action] = []
    for payload, deviations in found:
        for d in deviations:
            fix = d.fix
            if fix is None or fix.node in rewritten or (fix.rewrites and fix.node in touched):
                continue
            new = [a for a in fix.actions if a.key() not in applied]
            if not new:
                continue
            (rewritten if fix.rewrites else touched).add(fix.node)
            touched.add(fix.node)
            description = f"{payload.name} {d.path}: {d.found}; the spec says {d.says} ({d.schema})"
            for a in new:
                applied[a.key()] = described = replace(a, description=description)
                chosen.append(described)
    return chosen
