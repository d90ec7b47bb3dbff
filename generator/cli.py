"""The command line: ``modelgen generate | check-payloads | diff | graph``. One ``Config`` is built
from the arguments (and ``[tool.modelgen]``), then the command runs; bad input is one clear
message and exit status 2, no traceback unless ``--debug``."""

from __future__ import annotations

import sys
from importlib import import_module

from .app.arguments import config_from_args
from .errors import EXIT_BAD_INPUT, SpecError, SpecErrors, UsageError, WriteError

# Each command is a module of ``commands/`` with ``run(config) -> exit status``, loaded only when
# it runs (a no-op ``generate`` loads none of the others).
COMMANDS = {"generate": "generate", "check-payloads": "check_payloads", "diff": "diff", "graph": "graph"}


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    debug = "--debug" in arguments
    try:
        config = config_from_args(arguments)
        command = import_module(f"{__package__}.commands.{COMMANDS[config.command]}")
        status: int = command.run(config)
        return status
    except (SpecError, SpecErrors, UsageError, WriteError) as exc:
        if debug:
            import traceback

            traceback.print_exc()
        print(exc.render() if isinstance(exc, (SpecError, SpecErrors)) else f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
