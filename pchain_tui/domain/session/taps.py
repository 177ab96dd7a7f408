"""Tap mode: how far a person's own timing was from the tempo, phase by phase.

The person taps at every turn of the movement (top, bottom, start and end of pauses). Each
tap is matched to the nearest phase boundary; the time between two matched taps is how long
the person actually spent in that phase, compared with the target.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from pchain_tui.domain.tempo import Phase

MAX_MATCH = 0.75
"""A tap further than this from every boundary (seconds) matches none."""


@dataclass(frozen=True)
class Boundary:
    """A turn of the movement: `phase` starts at `at` (None: the set ends there)."""

    at: float
    phase: Phase | None


@dataclass(frozen=True)
class PhaseTiming:
    """How one phase went over all reps."""

    phase: Phase
    target: float
    count: int
    """Phases timed (both of their boundaries had a tap)."""
    mean_error: float
    """Average of (actual - target) seconds: negative is too fast."""
    spread: float
    """Standard deviation of the error (0 with a single sample)."""

    @property
    def mean_actual(self) -> float:
        """Average actual length."""
        return self.target + self.mean_error


@dataclass(frozen=True)
class TapReport:
    """Timing per phase, and how many taps matched a turn."""

    phases: tuple[PhaseTiming, ...]
    taps: int
    matched: int
    mean_offset: float | None
    """Average (tap - turn) over matched taps: positive is late."""


def analyse(boundaries: list[Boundary], taps: list[float]) -> TapReport:
    """Match taps to boundaries (each tap and boundary used once) and time every phase."""
    boundaries = sorted(boundaries, key=lambda b: b.at)
    taps = sorted(taps)
    matched: dict[int, float] = {}
    used: set[int] = set()
    for index, boundary in enumerate(boundaries):
        window = min(MAX_MATCH, _half_gap(boundaries, index))
        candidates = [(abs(tap - boundary.at), t) for t, tap in enumerate(taps)
                      if t not in used and abs(tap - boundary.at) <= window]
        if candidates:
            _distance, best = min(candidates)
            used.add(best)
            matched[index] = taps[best]
    errors: dict[Phase, list[float]] = {}
    targets: dict[Phase, float] = {}
    for index, boundary in enumerate(boundaries[:-1]):
        if boundary.phase is None:
            continue
        target = boundaries[index + 1].at - boundary.at
        targets.setdefault(boundary.phase, target)
        if index in matched and index + 1 in matched:
            actual = matched[index + 1] - matched[index]
            errors.setdefault(boundary.phase, []).append(actual - target)
    timings = tuple(  # in the order the phases come in a rep
        PhaseTiming(phase, targets[phase], len(errors[phase]), statistics.fmean(errors[phase]),
                    statistics.pstdev(errors[phase]) if len(errors[phase]) > 1 else 0.0)
        for phase in targets if phase in errors
    )
    offsets = [matched[i] - boundaries[i].at for i in matched]
    return TapReport(timings, len(taps), len(matched), statistics.fmean(offsets) if offsets else None)


def _half_gap(boundaries: list[Boundary], index: int) -> float:
    gaps = []
    if index > 0:
        gaps.append(boundaries[index].at - boundaries[index - 1].at)
    if index + 1 < len(boundaries):
        gaps.append(boundaries[index + 1].at - boundaries[index].at)
    return min(gaps) / 2 if gaps else MAX_MATCH
