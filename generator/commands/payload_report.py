"""What ``check-payloads`` found, and its three forms: text, JSON, and the overlay it writes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..overlay import Action
from .payload_check import Deviation


@dataclass(frozen=True)
class Payload:
    """One recorded payload."""

    name: str  # as the report shows it: file, or file:line for JSON Lines
    value: Any


@dataclass
class Report:
    """Each payload's deviations, and the overlay that accepts them."""

    payloads: list[tuple[Payload, list[Deviation]]]
    actions: list[Action] = field(default_factory=list)  # the overlay, each with its description
    later: int = 0  # actions found only after applying the first ones
    unfixed: list[tuple[Payload, Deviation]] = field(default_factory=list)  # deviating even with the overlay

    @property
    def deviating(self) -> int:
        return sum(1 for _, found in self.payloads if found)


def render_report(report: Report) -> str:
    """The report as text: each payload's deviations, then a summary."""
    lines = []
    for payload, deviations in report.payloads:
        if not deviations:
            lines.append(f"{payload.name}: conforms")
            continue
        lines.append(f"{payload.name}: {len(deviations)} deviation{'s' if len(deviations) != 1 else ''}")
        for d in deviations:
            lines.extend(d.render())
    total = sum(len(d) for _, d in report.payloads)
    lines.append(
        f"{len(report.payloads)} payload(s): {len(report.payloads) - report.deviating} conform, "
        f"{report.deviating} deviate ({total} deviation(s))"
    )
    if report.actions:
        later = f", {report.later} of them found after applying the first" if report.later else ""
        accepted = "them" if not report.unfixed else f"all but {len(report.unfixed)} deviation(s)"
        lines.append(f"an overlay of {len(report.actions)} action(s) accepts {accepted}{later}")
    return "\n".join(lines) + "\n"


def _deviation(d: Deviation) -> dict[str, Any]:
    actions = [a.entry() for a in (d.fix.actions if d.fix else ())]
    return {"path": d.path, "schema": d.schema, "says": d.says, "found": d.found, "actions": actions, "no_action": d.no_fix}


def report_json(report: Report) -> str:
    """The report as a JSON document."""
    data = {
        "payloads": [{"name": p.name, "deviations": [_deviation(d) for d in found]} for p, found in report.payloads],
        "overlay_actions": len(report.actions),
        "unfixed": [{"name": p.name, **_deviation(d)} for p, d in report.unfixed],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def overlay_text(report: Report, spec_name: str, root: str, command: str | None = None) -> str:
    """The overlay document (YAML) that the report's actions make (``command`` wrote it)."""
    import yaml

    document = {
        "overlay": "1.0.0",
        "info": {"title": f"Fixes to {spec_name} that accept recorded {root} payloads", "version": "1.0.0"},
        "actions": [action.entry() for action in report.actions],
    }
    header = f"# Written by `modelgen check-payloads` from payloads of {root} that {spec_name} rejects:\n"
    if command:
        header += f"# {command}\n"
    header += "# Review each action, then list this file under `overlays` in [tool.modelgen].\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
