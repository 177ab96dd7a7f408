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
class WarmupSet:
    """One ramp set before the working sets: reps at a share of the working load, or at a load as written."""

    reps: int
    percent: float | None = None
    """Of the working load, 0-100 (exclusive of 0)."""
    load: str | None = None
    """An absolute load as written ("20 kg"), when no percentage is given."""


@dataclass(frozen=True)
class Warmup:
    """How an exercise is warmed up: the routine's own ramp, or none given (`auto`: the app's ramp)."""

    sets: tuple[WarmupSet, ...] = ()

    @property
    def auto(self) -> bool:
        """True for `warmup: auto`: the ramp is worked out from the working load."""
        return not self.sets


@dataclass(frozen=True)
class Circuit:
    """Where a block sits in a circuit: exercises done back to back, `rounds` times, resting after each round."""

    number: int
    """Which circuit of the routine, from 1."""
    rounds: int
    rest_between: float
    """Seconds between the exercises of a round (0: a short get-ready to move on)."""
    size: int
    """Exercises in the circuit."""
    position: int
    """This block's place in it, from 0."""
    word: str = "circuit"
    """What the routine called it: "circuit" or "superset"."""

    @property
    def first(self) -> bool:
        """True for the circuit's first exercise (its intro covers the whole circuit)."""
        return self.position == 0

    @property
    def last(self) -> bool:
        """True for the circuit's last exercise (the round's rest follows it)."""
        return self.position == self.size - 1


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
    warmup: Warmup | None = None
    """Ramp sets before the working sets, when the routine asks for them."""
    circuit: Circuit | None = None
    """The circuit this block is part of (its `sets` are then the circuit's rounds), or None."""

    @property
    def kind(self) -> WorkKind:
        """Paced reps, self-paced reps or a hold."""
        if self.hold is not None:
            return WorkKind.HOLD
        return WorkKind.SELF_PACED if self.tempo.self_paced else WorkKind.PACED

    def prescription(self) -> str:
        """The prescription in lifters' shorthand: "3 x 12-15", "3 x 30-45 s", "2 x 8-10 per side"."""
        amount = f"{self.reps}" if self.hold is None else f"{self.hold} s"
        if self.circuit is not None:
            rounds = "1 round" if self.sets == 1 else f"{self.sets} rounds"
            return f"{rounds} x {amount}" + (" per side" if self.per_side else "")
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
