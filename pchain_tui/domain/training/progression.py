"""What to ask next time, from what was done last time.

The rules follow the training facts ("Scheduling and progression"); the README has them as a table.

- **Only what was done counts.** A set skipped or not reached is not a success: next time repeats
  last time's targets and says why. Only sets of the same exercise done the same way count (reps
  for reps, holds for holds, and the same prescription: a 12-15 bridge does not follow a 2-3 one).
- **Reps: double progression.** Each set aims for one rep more than it did last time, inside the
  range. Once every set reached the top of the range, the load goes up by one step of the
  exercise's equipment (steps.py) and the reps go back to the bottom of the range.
- **Holds** get 5 s longer per session up to the top of the range.
- **Nothing to load** (bodyweight) at the top of the range: a harder variation when the library
  names one, else a slower lowering (paced reps), else the top of the range again with a word on
  how to make it harder. A load is suggested only where the person has logged one.
- **Rest**: the rest taken last time (kept inside the prescribed range), else the bottom of it.
"""

from __future__ import annotations

import statistics
from datetime import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol

from pchain_tui.domain.model import Block, WorkKind
from pchain_tui.domain.session.plan import LowerBound, Targets
from pchain_tui.domain.session.record import SetRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.domain.training.loads import number, parse_load
from pchain_tui.domain.training.steps import Equipment, equipment_of, heavier, step_words
from pchain_tui.domain.training.strength import estimated_1rm
from pchain_tui.domain.training.warmup import rounded_down, with_warmups

HOLD_STEP = 5.0
"""Seconds added to a hold per session."""
HOLD_SLACK = 0.5
"""A hold ended this close to the top of the range counts as reaching it (timing is not exact)."""


class Change(Enum):
    """What changes next time."""

    FIRST_TIME = "first-time"
    """No history: the bottom of the range."""
    FROM_IMPORTED = "from-imported"
    """Never done in pchain, but brought in from another app: the bottom of the range at a load
    worked out from the imported sets."""
    MORE_REPS = "more-reps"
    LONGER_HOLD = "longer-hold"
    BACK_TO_RANGE = "back-to-range"
    """A set fell short of the range: at least its bottom, next time."""
    REPEAT = "repeat"
    """Not every set was done: the same targets again."""
    ADD_LOAD = "add-load"
    SLOWER_ECCENTRIC = "slower-eccentric"
    HARDER_VARIATION = "harder-variation"
    """Bodyweight at the top of its range: time for the harder variation the library names."""
    AT_THE_TOP = "at-the-top"
    """At the top of the range with nothing to add by number: the same again, and how to go on."""
    ALL_OUT = "all-out"
    """At the top of the range, but the last set took everything (RPE 10, or no reps in reserve):
    the same load and reps again, until they feel lighter."""


@dataclass(frozen=True)
class Advice:
    """Next time's plan for one exercise."""

    change: Change
    low: float
    """The amount every set should reach (reps or seconds): the plan's target."""
    high: float
    """The most any set is asked for; above `low` when last time's sets were uneven."""
    load: str | None = None
    """The load to use: the new one when adding load, else last time's (never one not logged)."""
    step: str | None = None
    """How the load goes up, in words: "add 2.5 kg", "take the next bell up"."""
    eccentric: float | None = None
    """Seconds to lower in, when suggesting a slower eccentric."""
    last_load: str | None = None
    """Last time's load."""
    by_set: tuple[float, ...] = ()
    """What each set aims for (set 1 first), when the sets differ; the others aim for `low`."""
    rest: float | None = None
    """Today's rest after each set: the rest taken last time; None for the bottom of the range."""
    why: str | None = None
    """The reason, where the change alone does not say it ("set 3 was skipped")."""
    harder: str | None = None
    """The harder variation's name (HARDER_VARIATION)."""

    def targets(self, block: Block) -> Targets:
        """The targets for the session's plan."""
        hold = block.kind is WorkKind.HOLD
        return Targets(reps=None if hold else int(self.low), seconds=self.low if hold else None,
                       rest=self.rest if self.rest is not None else block.rest.low, load=self.load,
                       by_set=self.by_set)

    def describe(self, block: Block) -> str:
        """Next time in words: "3 x 14-15 (one more rep per set)", "add 2.5 kg (22.5 kg), back to 3 x 12"."""
        amount = _prescription(block, self.low, self.high)
        if self.change is Change.ADD_LOAD:
            new = f" ({self.load})" if self.load and self.load != self.last_load and self.load not in (
                self.step or "") else ""
            return f"{self.step}{new}, back to {amount}"
        if self.change is Change.SLOWER_ECCENTRIC:
            now = block.tempo.parts[0] if block.tempo.parts else None
            was = f" instead of {number(now)}" if now else ""
            return f"{amount}, lowering in {number(self.eccentric or 0)} s{was}"
        if self.change is Change.FROM_IMPORTED:
            return f"{amount} at {self.load} ({self.why})"
        if self.change is Change.HARDER_VARIATION:
            return f"ready for a harder variation: {self.harder} (or {amount} again)"
        reason = {
            Change.FIRST_TIME: "the bottom of the range, to start",
            Change.MORE_REPS: "one more rep per set",
            Change.LONGER_HOLD: f"{number(HOLD_STEP)} s longer",
            Change.BACK_TO_RANGE: "at least the bottom of the range",
            Change.REPEAT: f"again: {self.why}",
            Change.AT_THE_TOP: f"the top of the range: {self.why}",
            Change.ALL_OUT: f"the same load again: {self.why}; add load once it feels lighter",
        }[self.change]
        return f"{amount} ({reason})"


def advise(block: Block, last: Iterable[SetRecord] | None, settings: Settings | None = None) -> Advice:
    """Next time's plan for `block`, from the sets of the exercise done last time (None: never done).

    Reps, worked by hand for 3 x 12-15: 15,15,15 -> every set at the top, so the load goes up and
    the reps back to 12. 15,14,13 -> each set one more, capped at 15: sets 1 and 2 aim for 15 and set
    3 for 14, "3 x 14-15". 15,15 and a skipped third set -> the same targets again. For per-side
    work a set aims one more than its weaker side.
    """
    settings = settings or Settings()
    records = _comparable(block, last or ())
    if not records:
        low = LowerBound().targets(block)
        first = low.seconds if block.kind is WorkKind.HOLD else low.reps
        return Advice(Change.FIRST_TIME, first or 0, first or 0, load=block.load)
    hold = block.kind is WorkKind.HOLD
    done = [s for s in records if s.done]
    if hold:
        assert block.hold is not None
        low, high, step, slack, growing = block.hold.low, block.hold.high, HOLD_STEP, HOLD_SLACK, Change.LONGER_HOLD
    else:
        assert block.reps is not None
        low, high, step, slack, growing = int(block.reps.low), int(block.reps.high), 1, 0.0, Change.MORE_REPS
    last_load = _heaviest(done, settings.units)
    rest = _rest_taken(block, done)
    missing = _not_done(block, records)
    if missing:
        return _repeat(block, records, missing, last_load, rest)
    amounts = [_amount(s) for s in done]
    if all(amount >= high - slack for amount in amounts):
        if _all_out(done[-1]) and last_load is not None:
            return Advice(Change.ALL_OUT, high, high, load=last_load, last_load=last_load, rest=rest,
                          why=f"the last set was {_effort_words(done[-1])}")
        return _at_top(block, low, high, last_load, rest, settings)
    weakest: dict[int, float] = {}  # set number -> the weaker side's amount
    for record, amount in zip(done, amounts):
        weakest[record.set_number] = min(amount, weakest.get(record.set_number, amount))
    aims = {n: min(high, max(low, round(amount) + step)) for n, amount in weakest.items()}
    change = Change.BACK_TO_RANGE if any(round(amount) + step < low for amount in amounts) else growing
    lowest, highest = min(aims.values()), max(aims.values())
    by_set = tuple(aims.get(n, lowest) for n in range(1, block.sets + 1)) if highest > lowest else ()
    return Advice(change, lowest, highest, load=last_load, last_load=last_load, by_set=by_set, rest=rest)


def _repeat(block: Block, records: list[SetRecord], missing: list[int], last_load: str | None,
            rest: float | None) -> Advice:
    """Not every set was done: last time's targets again, and why."""
    hold = block.kind is WorkKind.HOLD
    floor = (block.hold.low if hold else block.reps.low)  # type: ignore[union-attr]
    asked: dict[int, float] = {}
    for record in records:
        target = record.target_seconds if hold else record.target_reps
        if target is not None:
            asked[record.set_number] = min(float(target), asked.get(record.set_number, float(target)))
    lowest = min(asked.values(), default=floor)
    aims = tuple(asked.get(n, lowest) for n in range(1, block.sets + 1))
    highest = max(aims)
    skipped = sorted({r.set_number for r in records if r.skipped} & set(missing))
    if skipped:
        why = f"{_sets_words(skipped)} {'was' if len(skipped) == 1 else 'were'} skipped last time"
    else:
        why = f"{block.sets - len(missing)} of {block.sets} sets were done last time"
    return Advice(Change.REPEAT, lowest, highest, load=last_load, last_load=last_load,
                  by_set=aims if highest > lowest else (), rest=rest, why=why)


def _at_top(block: Block, bottom: float, top: float, last_load: str | None, rest: float | None,
            settings: Settings) -> Advice:
    """Every set reached the top: the equipment's next load, or, with nothing to load, a harder way."""
    equipment = equipment_of(block.exercise)
    exercise = block.exercise
    if last_load is None and equipment is Equipment.BODYWEIGHT:
        slower = block.kind is WorkKind.PACED and (settings.slower_eccentric or not exercise.harder_name)
        if exercise.harder_name and not slower:
            return Advice(Change.HARDER_VARIATION, top, top, rest=rest, harder=exercise.harder_name)
        if slower:
            now = block.tempo.parts[0] if block.tempo.parts else None
            return Advice(Change.SLOWER_ECCENTRIC, top, top, eccentric=(now or 1.0) + 1.0, rest=rest)
        how = ("hold on past it while it stays solid, or hold a load" if block.kind is WorkKind.HOLD
               else "add a set, or hold a load and log it")
        return Advice(Change.AT_THE_TOP, top, top, rest=rest, why=how)
    parsed = parse_load(last_load, settings.units)
    if parsed is None:  # nothing logged for loaded work, or a load in words ("light")
        words = step_words(equipment, settings)
        if last_load is not None:
            words += f" from {last_load}"
        elif equipment is not Equipment.BAND:
            words += "; log the load you use and pchain works out the next one"
        return Advice(Change.ADD_LOAD, bottom, bottom, load=last_load, step=words, last_load=last_load, rest=rest)
    new = heavier(parsed, equipment, settings)
    if new is None:  # a bell of no common size, the heaviest bell, a band
        return Advice(Change.ADD_LOAD, bottom, bottom, load=last_load, step=step_words(equipment, settings),
                      last_load=last_load, rest=rest)
    how = (f"take the {new} bell" if equipment is Equipment.KETTLEBELL
           else f"add {number(new.amount - parsed.amount)} {parsed.unit}")
    return Advice(Change.ADD_LOAD, bottom, bottom, load=str(new), step=how, last_load=last_load, rest=rest)


def _all_out(record: SetRecord) -> bool:
    """True when the set took everything: RPE 10, or no reps left in reserve."""
    return (record.rpe is not None and record.rpe >= 10) or (record.rir is not None and record.rir <= 0)


def _effort_words(record: SetRecord) -> str:
    return "RPE 10" if record.rpe is not None and record.rpe >= 10 else "done with nothing left in reserve"


def _comparable(block: Block, sets: Iterable[SetRecord]) -> list[SetRecord]:
    """The sets that say something about this block: work sets (not warm-ups) done the same way (holds
    for a hold, reps for reps) to the same prescription when it is known, done or skipped."""
    hold = block.kind is WorkKind.HOLD
    prescribed = block.hold if hold else block.reps
    found = []
    for s in sets:
        if (s.kind is WorkKind.HOLD) != hold or s.role == "warmup":  # a warm-up says nothing of the work
            continue
        if s.range_low is not None and prescribed is not None and (s.range_low, s.range_high) != (
                prescribed.low, prescribed.high):
            continue
        if s.skipped or (s.done_seconds if hold else s.done_reps) is not None:
            found.append(s)
    return found


def same_prescription(block: Block, sets: Iterable[SetRecord]) -> bool | None:
    """True when the sets were done to the block's prescription, False when to another one, None
    when they do not say (sets from before the prescription was kept)."""
    known = [s for s in sets if s.range_low is not None]
    if not known:
        return None
    return bool(_comparable(block, known))


def _amount(record: SetRecord) -> float:
    return (record.done_seconds or 0.0) if record.kind is WorkKind.HOLD else float(record.done_reps or 0)


def _not_done(block: Block, records: list[SetRecord]) -> list[int]:
    """The set numbers of the prescription not done last time (skipped, or never reached)."""
    sides = 2 if block.per_side else 1
    done: dict[int, int] = {}
    for record in records:
        if record.done:
            done[record.set_number] = done.get(record.set_number, 0) + 1
    return [n for n in range(1, block.sets + 1) if done.get(n, 0) < sides]


def _sets_words(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"set {numbers[0]}"
    return "sets " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _rest_taken(block: Block, done: Sequence[SetRecord]) -> float | None:
    """The rest taken last time (the median of the rests between sets), inside the prescribed range."""
    rests = [s.rest_after for s in done if s.rest_after is not None]
    if not rests:
        return None
    return min(block.rest.high, max(block.rest.low, round(statistics.median(rests))))


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
    sets = f"{block.sets} rounds" if block.circuit is not None and block.sets > 1 else str(block.sets)
    return f"{sets} x {amount}{unit}" + (" per side" if block.per_side else "")


# --- the target policy -------------------------------------------------------------------------


def from_imported(block: Block, sessions: Sequence[ExerciseSession], settings: Settings) -> Advice | None:
    """A first plan in pchain for reps with a load, from the latest imported session (newest first
    in `sessions`, none done in pchain since) with a set of 1 to 12 reps at a load in numbers: the
    bottom of the range at the load its best set's estimated 1RM gives for that many reps, never
    above the heaviest load of those sets, rounded down to what the equipment makes. None when
    there is no such session."""
    if block.kind is WorkKind.HOLD or block.reps is None:
        return None
    low = int(block.reps.low)
    for session in sessions:
        if not session.imported:
            return None  # done in pchain since (to another prescription): no older import overrides it
        weighed = [(load, s) for s in session.sets if s.counts and (load := parse_load(s.load, settings.units))
                   and load.amount > 0 and estimated_1rm(load.amount, s.done_reps or 0) is not None]
        if not weighed:
            continue
        best_load, best = max(weighed, key=lambda pair: estimated_1rm(pair[0].amount, pair[1].done_reps or 0) or 0)
        e1rm = estimated_1rm(best_load.amount, best.done_reps or 0) or 0.0
        heaviest = max(load.amount for load, _s in weighed if (load.unit, load.rest) == (best_load.unit,
                                                                                            best_load.rest))
        wanted = min(heaviest, e1rm if low <= 1 else e1rm / (1 + low / 30))
        load = rounded_down(replace(best_load, amount=wanted), block, settings)
        when = datetime.fromtimestamp(session.started_at)
        why = (f"from your imported {best.done_reps} x {best_load} of {when.day} {when:%b %Y}, "
               f"an estimated 1RM of {number(round(e1rm, 1))} {best_load.unit}")
        return Advice(Change.FROM_IMPORTED, low, low, load=str(load), why=why)
    return None


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
                 before: float | None = None, routine_id: str | None = None) -> None:
        self.history = history
        self.settings = settings or Settings()
        self.before = before
        self.routine_id = routine_id
        """The routine being planned: sets from before prescriptions were kept count only from it."""
        self._last: dict[tuple, tuple[SetRecord, ...] | None] = {}

    def last(self, block: Block) -> tuple[SetRecord, ...] | None:
        """The sets of the block's exercise in its latest session done to the same prescription
        (holds for a hold, reps for reps, the same range), or None."""
        prescribed = block.hold if block.kind is WorkKind.HOLD else block.reps
        key = (block.exercise.id, block.kind is WorkKind.HOLD, prescribed)
        if key not in self._last:
            sessions = self.history.exercise_history(block.exercise.id, self.LOOK_BACK, self.before)
            self._last[key] = next((sets for session in sessions if (sets := self._matching(block, session))), None)
        return self._last[key]

    def _matching(self, block: Block, session: ExerciseSession) -> tuple[SetRecord, ...]:
        same = same_prescription(block, session.sets)
        if same is False or (same is None and self.routine_id is not None and session.routine_id != self.routine_id):
            return ()
        return tuple(_comparable(block, session.sets))

    def advice(self, block: Block) -> Advice:
        """Today's plan for `block` with its reasons: from its last session done the same way, else
        from sets imported from another app, else the first time's."""
        last = self.last(block)
        if last is None:
            sessions = self.history.exercise_history(block.exercise.id, self.LOOK_BACK, self.before)
            started = from_imported(block, sessions, self.settings)
            if started is not None:
                return started
        return advise(block, last, self.settings)

    def targets(self, block: Block) -> Targets:
        """Today's targets for `block` (the TargetPolicy protocol), with the sets they build on and the
        warm-up ramp up to today's load."""
        targets = replace(self.advice(block).targets(block), last=self.last(block) or ())
        return with_warmups(targets, block, self.settings)
