"""The routine model: exercises, how they are prescribed in a routine, and routines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pchain_tui.domain.problems import Problem
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.tempo import Phase, Start, Tempo


class Side(Enum):
    """The side worked in per-side exercises."""

    LEFT = "left"
    RIGHT = "right"


class WorkKind(Enum):
    """How a set is done."""

    PACED = "paced"
    """Reps paced by the tempo; the app counts them."""
    SELF_PACED = "self"
    """Reps at the person's own pace (swings); counted by key presses or entered at the end."""
    HOLD = "hold"
    """A timed isometric hold (wall sit)."""


@dataclass(frozen=True)
class Exercise:
    """An exercise and how to do it, from the library or written inline in a routine."""

    id: str
    name: str
    description: str = ""
    targets: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    start: Start = Start.TOP
    tempo: Tempo | None = None
    """The exercise's own tempo, if it has one."""
    per_side: bool = False
    cues: tuple[str, ...] = ()
    phase_cues: tuple[tuple[str, str], ...] = ()
    """(phase word, cue) pairs; phase words are lower, pause, lift and hold."""
    harder: str | None = None
    """The library id of a harder variation, suggested once this one is done at the top of its range
    with no load to add."""
    harder_name: str | None = None
    """That variation's name (filled in from the library)."""

    def cue_for(self, phase: Phase | None) -> str | None:
        """The one cue to show during `phase` (None = a hold): its own cue, else the first form cue."""
        key = "hold" if phase is None else ("pause" if phase.word == "PAUSE" else phase.word.lower())
        own = dict(self.phase_cues).get(key)
        return own or (self.cues[0] if self.cues else None)


@dataclass(frozen=True)
class Block:
    """An exercise as a routine prescribes it: sets of reps or holds, rest, tempo, load."""

    exercise: Exercise
    sets: int
    reps: Range | None
    hold: Range | None
    rest: Range
    tempo: Tempo
    per_side: bool = False
    load: str | None = None
    note: str | None = None

    @property
    def kind(self) -> WorkKind:
        """Paced reps, self-paced reps or a hold."""
        if self.hold is not None:
            return WorkKind.HOLD
        return WorkKind.SELF_PACED if self.tempo.self_paced else WorkKind.PACED

    def prescription(self) -> str:
        """The prescription in lifters' shorthand: "3 x 12-15", "3 x 30-45 s", "2 x 8-10 per side"."""
        amount = f"{self.reps}" if self.hold is None else f"{self.hold} s"
        return f"{self.sets} x {amount}" + (" per side" if self.per_side else "")


@dataclass(frozen=True)
class Routine:
    """A whole workout, as loaded from a routine file."""

    id: str
    name: str
    blocks: tuple[Block, ...]
    description: str = ""
    path: Path | None = None
    content_hash: str = ""
    """sha256 of the file's bytes, so history can tell when a routine was edited."""

    @property
    def total_sets(self) -> int:
        """Sets in the whole routine, counting each side of a per-side set."""
        return sum(b.sets * (2 if b.per_side else 1) for b in self.blocks)


@dataclass(frozen=True)
class LoadResult:
    """A routine, or the problems that kept it from loading (routine is None then)."""

    routine: Routine | None
    problems: list[Problem] = field(default_factory=list)


def slug(text: str) -> str:
    """An id made from a name: "Wall sit" -> "wall-sit"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "exercise"
