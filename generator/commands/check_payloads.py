"""``modelgen check-payloads``: where recorded payloads break the spec, and the overlay that accepts them."""

from __future__ import annotations

import sys

from ..app.config import Config
from ..app.write import write_all
from ..errors import EXIT_OK, EXIT_STALE
from . import payloads


def run(config: Config) -> int:
    """Report each deviation (text or JSON); write the overlay if asked; exit 1 when one deviates."""
    (source,) = config.sources
    (root,) = source.roots
    found = payloads.read_payloads(list(config.payloads.files))
    report = payloads.check_payloads(source.spec, root, found, source.overlays, config.refs, source.reading)
    sys.stdout.write(payloads.report_json(report) if config.payloads.json else payloads.render_report(report))
    target = config.payloads.write_overlay
    if target is not None:
        if report.actions:
            write_all({target: payloads.overlay_text(report, source.spec.name, root, config.payloads.command)})
            print(f"modelgen: wrote {len(report.actions)} action(s) to {target}", file=sys.stderr)
        else:
            print(f"modelgen: no action to write; {target} left as it was", file=sys.stderr)
    return EXIT_STALE if report.deviating else EXIT_OK
