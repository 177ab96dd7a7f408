"""Tap mode: how long the person really spent in each phase, from their own taps.

The person taps at every turn of the movement (start of the lowering, bottom, end of a pause, top).
The metronome is silent in tap mode, so a person who lowers in 2.4 s instead of 3 s drifts away from
the clock's turns within a rep or two: timing against the clock's turns would call their taps strays,
the very error tap mode exists to show. So each phase is timed from the person's *own* previous tap:
the interval between two taps is how long that phase took.

Which phase an interval belongs to is worked out for the whole tap sequence at once: the taps are
aligned with the repeating cycle of phases (lowering, pause, lift, ...) so that the intervals fit
their targets best, where a tap may be a stray (a double tap), a turn may have been missed (one
interval spans two phases) and, after a pause or a muddle, the person may pick the movement up
again anywhere. Each of those costs something, so the alignment only uses them when the taps that
follow fit better for it.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from pchain_tui.domain.tempo import Phase

ON_TIME = 0.25
"""A phase within this many seconds of its target is on time; shorter is early, longer is late."""

STRAY_COST = 0.7
"""The cost of calling a tap a stray (in units of |ln(actual / target)|: 0.7 is about a factor of two)."""
MISSED_COST = 0.6
"""The cost of one turn the person did not tap (an interval spanning two phases)."""
RESYNC_COST = 2.0
"""The cost of giving up on one interval (a pause, a muddle) and picking the cycle up anywhere."""
FIRST_ELSEWHERE_COST = 1.0
"""The cost of reading the first tap as any phase but the rep's first."""
MAX_STRAYS = 2
"""At most this many stray taps in a row."""


@dataclass(frozen=True)
class Boundary:
    """A turn of the movement as the metronome scheduled it: `phase` starts at `at` (None: the set ends there)."""

    at: float
    phase: Phase | None


@dataclass(frozen=True)
class PhaseTiming:
    """How one phase went over all reps."""

    phase: Phase
    target: float
    count: int
    """Phases timed (a tap at both of their turns)."""
    mean_error: float
    """Average of (actual - target) seconds: negative is too fast."""
    spread: float
    """Standard deviation of the error (0 with a single sample)."""
    early: int
    """Times this phase was over more than ON_TIME seconds too soon."""
    late: int
    """Times it ran more than ON_TIME seconds too long."""

    @property
    def mean_actual(self) -> float:
        """Average actual length."""
        return self.target + self.mean_error

    @property
    def on_time(self) -> int:
        """Times it was within ON_TIME of the target."""
        return self.count - self.early - self.late


@dataclass(frozen=True)
class TapReport:
    """Timing per phase (in the order of a rep), and how the taps were used."""

    phases: tuple[PhaseTiming, ...]
    taps: int
    strays: int
    """Taps that fitted no turn (double taps)."""
    missed: int
    """Turns with no tap of their own (an interval that spanned two phases)."""

    @property
    def timed(self) -> int:
        """Phases timed in all."""
        return sum(p.count for p in self.phases)

    def worst(self) -> PhaseTiming | None:
        """The phase furthest off its target on average, if any is off by more than ON_TIME."""
        off = [p for p in self.phases if abs(p.mean_error) > ON_TIME]
        return max(off, key=lambda p: abs(p.mean_error)) if off else None


def rep_cycle(boundaries: list[Boundary]) -> list[tuple[Phase, float]]:
    """The phases of one rep with their target seconds, as the metronome scheduled them."""
    boundaries = sorted(boundaries, key=lambda b: b.at)
    cycle: list[tuple[Phase, float]] = []
    for here, after in zip(boundaries, boundaries[1:]):
        if here.phase is None or (cycle and here.phase is cycle[0][0]):
            break
        cycle.append((here.phase, after.at - here.at))
    return cycle


def analyse(boundaries: list[Boundary], taps: list[float]) -> TapReport:
    """Time every phase from the person's taps, relative to their own previous tap."""
    cycle = [(phase, target) for phase, target in rep_cycle(boundaries) if target > 0]
    taps = sorted(taps)
    if not cycle or len(taps) < 2:
        return TapReport((), len(taps), 0, 0)
    samples, strays, missed = _align(cycle, taps)
    timings = []
    for phase, target in cycle:  # in the order the phases come in a rep
        errors = [actual - target for p, actual in samples if p is phase]
        if errors:
            timings.append(PhaseTiming(
                phase, target, len(errors), statistics.fmean(errors),
                statistics.pstdev(errors) if len(errors) > 1 else 0.0,
                sum(e < -ON_TIME for e in errors), sum(e > ON_TIME for e in errors)))
    return TapReport(tuple(timings), len(taps), strays, missed)


def _align(cycle: list[tuple[Phase, float]], taps: list[float]) -> tuple[list[tuple[Phase, float]], int, int]:
    """The cheapest reading of the taps as turns of the cycle (a shortest path over (tap, phase) states).

    Returns the timed phases as (phase, seconds), the stray taps and the missed turns.
    """
    n, length = len(taps), len(cycle)
    # best[(a, k)]: the cheapest cost of reading taps[:a + 1] with tap a starting cycle phase k.
    best: dict[tuple[int, int], float] = {}
    back: dict[tuple[int, int], tuple[tuple[int, int], str, int] | None] = {}
    for a in range(min(n, MAX_STRAYS + 1)):  # leading strays
        # The person begins at the metronome's "go", with the first phase of a rep, however late the
        # first tap comes; beginning elsewhere (a first turn not tapped) needs the taps after it to say so.
        for k in range(length):
            best[(a, k)] = a * STRAY_COST + (0.0 if k == 0 else FIRST_ELSEWHERE_COST)
            back[(a, k)] = None
    for a in range(n):  # states only ever lead to later taps, so one pass in tap order settles them
        for k in range(length):
            here = best.get((a, k))
            if here is None:
                continue
            for b in range(a + 1, min(n, a + 2 + MAX_STRAYS)):
                interval = taps[b] - taps[a]
                skipped_taps = (b - a - 1) * STRAY_COST
                span = 0.0
                for missed in range(length):  # the interval covers phases k .. k + missed
                    span += cycle[(k + missed) % length][1]
                    cost = here + skipped_taps + missed * MISSED_COST + _misfit(interval, span)
                    _relax(best, back, (b, (k + missed + 1) % length), cost, ((a, k), "timed", missed))
                for k2 in range(length):
                    _relax(best, back, (b, k2), here + skipped_taps + RESYNC_COST, ((a, k), "resync", 0))
    end = min(best, key=lambda state: best[state] + (n - 1 - state[0]) * STRAY_COST)
    strays, missed_turns, samples = n - 1 - end[0], 0, []
    state: tuple[int, int] | None = end
    while state is not None and back[state] is not None:
        previous, how, missed = back[state]
        strays += state[0] - previous[0] - 1
        if how == "timed":
            missed_turns += missed
            if missed == 0:
                samples.append((cycle[previous[1]][0], taps[state[0]] - taps[previous[0]]))
        state = previous
    if state is not None:
        strays += state[0]
    samples.reverse()
    return samples, strays, missed_turns


def _misfit(interval: float, target: float) -> float:
    """How badly an interval fits a target: |ln(interval / target)| (a factor of two either way is 0.69)."""
    return abs(math.log(max(interval, 1e-3) / target))


def _relax(best: dict, back: dict, state: tuple[int, int], cost: float, how: tuple) -> None:
    if cost < best.get(state, math.inf):
        best[state] = cost
        back[state] = how
