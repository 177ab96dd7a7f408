"""What to ask next time, from what was done last time; and whether the muscles have rested.

The rules follow the training facts ("Scheduling and progression"):

- **Reps: double progression.** Each set aims for one rep more than it did last time, inside the
  range. Once every prescribed set reached the top of the range, the load goes up by one step
  (2.5 kg or 5 lb, configurable) and the reps go back to the bottom of the range.
- **Holds** get 5 s longer per session up to the top of the range, then load is added the same way.
- **Slower eccentric** (optional): a bodyweight exercise at the top of its range can, instead of
  load, lower one second slower.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from pchain_tui.domain.model import Block, WorkKind
from pchain_tui.domain.session.plan import LowerBound, Targets
from pchain_tui.domain.session.record import SetRecord
from pchain_tui.domain.settings import DEFAULT_STEPS, Settings
from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.domain.training.loads import Load, number, parse_load

HOLD_STEP = 5.0
"""Seconds added to a hold per session."""
HOLD_SLACK = 0.5
"""A hold ended this close to the top of the range counts as reaching it (timing is not exact)."""


class Change(Enum):
    """What changes next time."""

    FIRST_TIME = "first-time"
    """No history: the bottom of the range."""
    MORE_REPS = "more-reps"
    LONGER_HOLD = "longer-hold"
    BACK_TO_RANGE = "back-to-range"
    """A set fell short of the range: at least its bottom, next time."""
    FINISH_SETS = "finish-sets"
    """At the top of the range, but not every set was done: do them all before adding load."""
    ADD_LOAD = "add-load"
    SLOWER_ECCENTRIC = "slower-eccentric"


@dataclass(frozen=True)
class Advice:
    """Next time's plan for one exercise."""

    change: Change
    low: float
    """The amount every set should reach (reps or seconds): the plan's target."""
    high: float
    """The most any set is asked for; above `low` when last time's sets were uneven."""
    load: str | None = None
    """The load to use: the new one when adding load, else last time's."""
    step: str | None = None
    """How much load to add ("2.5 kg"), or None when it can only be said in words."""
    eccentric: float | None = None
    """Seconds to lower in, when suggesting a slower eccentric."""
    last_load: str | None = None
    """Last time's load."""
    by_set: tuple[float, ...] = ()
    """What each set aims for (set 1 first), when the sets differ; the others aim for `low`."""

    def targets(self, block: Block) -> Targets:
        """The targets for the session's plan."""
        hold = block.kind is WorkKind.HOLD
        return Targets(reps=None if hold else int(self.low), seconds=self.low if hold else None, rest=block.rest.low,
                       load=self.load, by_set=self.by_set)

    def describe(self, block: Block) -> str:
        """Next time in words: "3 x 14-15 (one more rep per set)", "add 2.5 kg (22.5 kg), back to 3 x 12"."""
        amount = _prescription(block, self.low, self.high)
        if self.change is Change.ADD_LOAD:
            if self.step is None:
                return f"go heavier than {self.last_load}, back to {amount}"
            new = f" ({self.load})" if self.last_load else ""
            return f"add {self.step}{new}, back to {amount}"
        if self.change is Change.SLOWER_ECCENTRIC:
            now = block.tempo.parts[0] if block.tempo.parts else None
            was = f" instead of {number(now)}" if now else ""
            return f"{amount}, lowering in {number(self.eccentric or 0)} s{was}"
        reason = {
            Change.FIRST_TIME: "the bottom of the range, to start",
            Change.MORE_REPS: "one more rep per set",
            Change.LONGER_HOLD: f"{number(HOLD_STEP)} s longer",
            Change.BACK_TO_RANGE: "at least the bottom of the range",
            Change.FINISH_SETS: f"every set at {number(self.high)}, then add load",
        }[self.change]
        return f"{amount} ({reason})"


def advise(block: Block, last: Iterable[SetRecord] | None, settings: Settings | None = None) -> Advice:
    """Next time's plan for `block`, from the sets of the exercise done last time (None: never done).

    Reps, worked by hand for 3 x 12-15: 15,15,15 -> every set at the top, so add load and go back
    to 12. 15,14,13 -> each set one more, capped at 15: sets 1 and 2 aim for 15 and set 3 for 14,
    "3 x 14-15". A set not done last time aims for the lowest of the others; for per-side work a
    set aims one more than its weaker side.
    """
    settings = settings or Settings()
    sets = _comparable(block, last or ())
    if not sets:
        low = LowerBound().targets(block)
        first = low.seconds if block.kind is WorkKind.HOLD else low.reps
        return Advice(Change.FIRST_TIME, first or 0, first or 0, load=block.load)
    if block.kind is WorkKind.HOLD:
        assert block.hold is not None
        done = [s.done_seconds or 0.0 for s in sets]
        low, high, step, slack, growing = block.hold.low, block.hold.high, HOLD_STEP, HOLD_SLACK, Change.LONGER_HOLD
    else:
        assert block.reps is not None
        done = [float(s.done_reps or 0) for s in sets]
        low, high, step, slack, growing = int(block.reps.low), int(block.reps.high), 1, 0.0, Change.MORE_REPS
    last_load = _heaviest(sets, settings.units)
    at_top = all(amount >= high - slack for amount in done)
    if at_top and len(sets) >= _prescribed_sets(block):
        return _at_top(block, low, high, last_load, settings)
    weakest: dict[int, float] = {}  # set number -> the weaker side's amount
    for record, amount in zip(sets, done):
        weakest[record.set_number] = min(amount, weakest.get(record.set_number, amount))
    aims = {number: min(high, max(low, round(amount) + step)) for number, amount in weakest.items()}
    change = Change.FINISH_SETS if at_top else growing
    if any(round(amount) + step < low for amount in done):
        change = Change.BACK_TO_RANGE
    lowest, highest = min(aims.values()), max(aims.values())
    by_set = tuple(aims.get(number, lowest) for number in range(1, block.sets + 1)) if highest > lowest else ()
    return Advice(change, lowest, highest, load=last_load, last_load=last_load, by_set=by_set)


def _at_top(block: Block, bottom: float, top: float, last_load: str | None, settings: Settings) -> Advice:
    """Every set reached the top: more load (or, for bodyweight if asked for, a slower lowering)."""
    if last_load is None and settings.slower_eccentric and block.kind is WorkKind.PACED:
        now = block.tempo.parts[0] if block.tempo.parts else None
        return Advice(Change.SLOWER_ECCENTRIC, top, top, eccentric=(now or 1.0) + 1.0)
    if last_load is None:  # bodyweight: start adding plates at one step
        load = Load(settings.step, settings.units)
        return Advice(Change.ADD_LOAD, bottom, bottom, load=str(load), step=str(load))
    parsed = parse_load(last_load, settings.units)
    if parsed is None:
        return Advice(Change.ADD_LOAD, bottom, bottom, last_load=last_load)
    # A load written in the other unit grows by that unit's usual step, not by a mixed-unit sum.
    step = settings.step if parsed.unit == settings.units else DEFAULT_STEPS[parsed.unit]
    return Advice(Change.ADD_LOAD, bottom, bottom, load=str(parsed.plus(step)), step=f"{number(step)} {parsed.unit}",
                  last_load=last_load)


def _comparable(block: Block, sets: Iterable[SetRecord]) -> list[SetRecord]:
    """The sets that say something about this block: holds for a hold, reps for reps, with a result."""
    if block.kind is WorkKind.HOLD:
        return [s for s in sets if s.kind is WorkKind.HOLD and s.done_seconds is not None]
    return [s for s in sets if s.kind is not WorkKind.HOLD and s.done_reps is not None]


def _prescribed_sets(block: Block) -> int:
    return block.sets * (2 if block.per_side else 1)


def _heaviest(sets: Sequence[SetRecord], units: str) -> str | None:
    """The load to build on: the heaviest one that reads as a number, else the last one written."""
    loads = [s.load for s in sets if s.load]
    numeric = [(parsed.amount, text) for text in loads if (parsed := parse_load(text, units)) is not None]
    if numeric:
        return max(numeric)[1]
    return loads[-1] if loads else None


def _prescription(block: Block, low: float, high: float) -> str:
    amount = number(low) if low == high else f"{number(low)}-{number(high)}"
    unit = " s" if block.kind is WorkKind.HOLD else ""
    return f"{block.sets} x {amount}{unit}" + (" per side" if block.per_side else "")


# --- the target policy -------------------------------------------------------------------------


class ExerciseHistory(Protocol):
    """Where past sessions of an exercise come from: a HistoryStore or a SafeHistory."""

    def exercise_history(self, exercise_id: str, limit: int = 10, before: float | None = None) -> list[ExerciseSession]:
        """The latest sessions with sets of an exercise, newest first."""
        ...


class HistoryPolicy:
    """Today's targets from each exercise's last session (the lower bounds the first time).

    `before` (epoch seconds) ignores sessions started from then on: a resumed session passes its
    own start, so its targets are the ones it began with.
    """

    LOOK_BACK = 5
    """Sessions searched for one that did the exercise the same way (reps or holds)."""

    def __init__(self, history: ExerciseHistory, settings: Settings | None = None, *,
                 before: float | None = None) -> None:
        self.history = history
        self.settings = settings or Settings()
        self.before = before
        self._last: dict[tuple[str, bool], tuple[SetRecord, ...] | None] = {}

    def last(self, block: Block) -> tuple[SetRecord, ...] | None:
        """The sets of the block's exercise in its latest comparable session, or None."""
        key = (block.exercise.id, block.kind is WorkKind.HOLD)
        if key not in self._last:
            sessions = self.history.exercise_history(block.exercise.id, self.LOOK_BACK, self.before)
            found = (tuple(_comparable(block, s.sets)) for s in sessions)
            self._last[key] = next((sets for sets in found if sets), None)
        return self._last[key]

    def advice(self, block: Block) -> Advice:
        """Today's plan for `block` with its reasons."""
        return advise(block, self.last(block), self.settings)

    def targets(self, block: Block) -> Targets:
        """Today's targets for `block` (the TargetPolicy protocol)."""
        return self.advice(block).targets(block)
