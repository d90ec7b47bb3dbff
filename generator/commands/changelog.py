"""The data of a changelog: the two versions compared, each change (what it could break, and
where its definition travels), and the changelog with what ``--fail-on`` fails on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import ir
from ..naming import Names
from ..normalise.operations import REQUESTS, RESPONSES
from .directions import Travel, no_travel

IMPACTS = {"reads": "breaks code that reads", "builds": "breaks code that builds", "old-payloads": "rejects old payloads"}


@dataclass(frozen=True)
class Version:
    """One version of a spec as the generator read it, and the definitions of interest."""

    spec: ir.SpecIR
    names: Names
    keys: frozenset[str]  # the closure of the roots (every definition without roots)
    root: str = ""  # the name of the spec's own document: its keys start with it
    travel: Travel = field(default_factory=no_travel)  # where each definition travels

    def local(self, key: str) -> str:
        """A key without the name of the spec's file (two versions have different file names)."""
        return key[len(self.root) :] if self.root and key.startswith(self.root + "#") else key


@dataclass(frozen=True)
class Change:
    definition: str  # its class name (the new one; the old one if it is gone)
    kind: str  # added, removed, renamed, field added, field removed, type changed, ...
    field: str | None = None
    old: str | None = None
    new: str | None = None
    impact: tuple[str, ...] = ()  # of IMPACTS; empty: compatible
    note: str | None = None
    used: tuple[str, ...] = (REQUESTS, RESPONSES)  # where it travels: requests, responses (a field may travel nowhere)
    unused: bool = False  # used by no operation (so counted as both)
    model_used: tuple[str, ...] = (REQUESTS, RESPONSES)  # where its definition travels (``used`` but for read-only...)

    @property
    def breaks(self) -> tuple[str, ...]:
        """The impacts that break a client of the new API: reading what it receives, building what it sends."""
        matters = {"reads": RESPONSES, "builds": REQUESTS}
        return tuple(i for i in self.impact if i in matters and matters[i] in self.used)

    @property
    def breaking(self) -> bool:
        return bool(self.breaks)

    def words(self) -> str:
        """The change in a few words (without the definition)."""
        what = self.kind if self.field is None else f"`{self.field}`: {self.kind}"
        if self.old is not None and self.new is not None:
            what += f": `{self.old}` → `{self.new}`"
        elif self.new is not None:
            what += f": `{self.new}`"
        elif self.old is not None:
            what += f" (was `{self.old}`)"
        return what + (f"; {self.note}" if self.note else "")

    def verdict(self) -> str:
        """What it breaks where the model travels, and whether old payloads are rejected."""
        said = [IMPACTS[i] for i in (*self.breaks, *("old-payloads",) * ("old-payloads" in self.impact))]
        return ", ".join(said) if said else "compatible"

    def where(self, model: bool = False) -> str:
        """Where the change (or, with ``model``, its definition) travels, in words."""
        if self.unused:
            return "used by no operation"
        used = self.model_used if model else self.used
        return " and ".join(used) if used else "neither way"


@dataclass
class Changelog:
    changes: list[Change] = field(default_factory=list)
    definitions: tuple[int, int] = (0, 0)  # how many were compared: old, new

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    def fails(self, on: str | None) -> bool:
        """Whether ``--fail-on on`` fails on these changes."""
        checks: dict[str | None, Callable[[Change], bool]] = {
            "any": lambda c: True,
            "breaking": lambda c: c.breaking,
            "reads": lambda c: "reads" in c.breaks,
            "builds": lambda c: "builds" in c.breaks,
            "old-payloads": lambda c: "old-payloads" in c.impact,
        }
        check = checks.get(on)
        return check is not None and any(check(c) for c in self.changes)
