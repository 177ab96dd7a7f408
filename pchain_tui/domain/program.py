"""The program model: routines done as days in rotation, on a weekly schedule, with optional deloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pchain_tui.domain.problems import Problem


@dataclass(frozen=True)
class Deload:
    """An easier week now and then: every `every`-th week of the program, the sets times `sets`."""

    every: int
    """The deload comes every this many weeks (2 or more)."""
    sets: float
    """What the sets are multiplied by in a deload week, between 0 and 1 (0.5: half the sets)."""


@dataclass(frozen=True)
class Program:
    """Routines done in turn, as a program file describes them."""

    id: str
    name: str
    days: tuple[str, ...]
    """Routine ids, in the order they are done; after the last comes the first again."""
    per_week: int = 2
    """How many of the days a week the program means (1-7): the rest between two days follows it."""
    deload: Deload | None = None
    description: str = ""
    path: Path | None = None


@dataclass(frozen=True)
class ProgramResult:
    """A program, or the problems that kept it from loading (program is None then)."""

    program: Program | None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ProgramEntry:
    """One program file and what loading it gave."""

    id: str
    path: Path
    source: str
    """"bundled" or "user"."""
    result: ProgramResult

    @property
    def ok(self) -> bool:
        """True when the program loaded without problems."""
        return self.result.program is not None
