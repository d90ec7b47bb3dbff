"""`make history`: OpenAI's spec edited step by step (tests/spec_history.py), each step's
changelog against the edit made, and the noise in the regenerated module's diff."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.openai_spec import spec_path  # noqa: E402
from tests.spec_history import run_history, shown  # noqa: E402


def main() -> None:
    steps = run_history(spec_path())
    total_changed = sum(s.changed_lines for s in steps)
    total_noise = sum(s.noise_lines for s in steps)
    for s in steps:
        found = shown(s)
        verdict = "as expected" if found == s.expected else f"MISMATCH: {sorted(found ^ s.expected)}"
        print(f"{s.label:40} {s.changed_lines:6} changed lines, {s.noise_lines:4} noise; changelog {verdict}")
    print(f"noise: {total_noise} of {total_changed} changed lines ({100 * total_noise / max(total_changed, 1):.1f}%)")


if __name__ == "__main__":
    main()
