"""Tempo practice: one movement, paced by a tempo, as a routine the engine can run."""

from __future__ import annotations

from dataclasses import dataclass

from pchain_tui.domain.model import Block, Exercise, Routine
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.tempo import Start, Tempo


@dataclass(frozen=True)
class TempoPractice:
    """What `pchain tempo` was asked for."""

    tempo: Tempo
    reps: int = 10
    sets: int = 1
    rest: float = 60.0
    start: Start = Start.TOP
    tap: bool = False
    """Tap mode: no phase sounds; the person taps each turn and sees their timing errors."""

    def routine(self) -> Routine:
        """A one-exercise routine that runs the metronome."""
        exercise = Exercise(id="tempo", name=f"Tempo {self.tempo}", start=self.start,
                            cues=("Tap space at every turn",) if self.tap else ())
        block = Block(exercise, self.sets, Range(self.reps, self.reps), None, Range(self.rest, self.rest), self.tempo)
        return Routine(id="tempo", name=f"Tempo practice {self.tempo}", blocks=(block,))
