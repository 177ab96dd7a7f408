"""The plan: a routine expanded into the ordered steps of a session, with targets and durations.

Intro -> get ready -> [warm-ups, each with a rest] -> set 1 (left, switch, right) -> rest -> set 2 ...
-> rest -> next intro ... -> finished. A circuit: its intro, then each round's exercises back to back
with a rest after the round. No rest follows the last set of the workout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property
from typing import Protocol

from pchain_tui.domain.model import Block, Routine, Side, WorkKind
from pchain_tui.domain.session.record import SetRecord
from pchain_tui.domain.tempo import Phase

WARMUP_REST = 60.0
"""Seconds of rest after a warm-up set, or the block's shortest rest when that is shorter."""


@dataclass(frozen=True)
class Timings:
    """The fixed lengths of the app's own countdowns and paces."""

    get_ready: float = 3.0
    """Countdown before an exercise's first set, and after resuming a paused set."""
    switch: float = 5.0
    """Countdown to switch sides in per-side work."""
    explosive: float = 1.0
    """How long an explosive (X) phase is paced for."""
    self_paced_rep: float = 2.0
    """Seconds a self-paced rep is assumed to take, for estimates only."""
    countdown_ticks: int = 3
    """Ticks (3-2-1) before the end of a countdown, a hold or a rest."""


class StepKind(Enum):
    """What a step of the session is."""

    INTRO = "intro"
    GET_READY = "get-ready"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"
    FINISHED = "finished"


@dataclass(frozen=True)
class Targets:
    """Today's targets for one exercise."""

    reps: int | None
    seconds: float | None
    rest: float
    load: str | None = None
    """Today's load, when the policy has one (more than last time, say); else the routine's."""
    by_set: tuple[float, ...] = ()
    """Reps or seconds set by set (set 1 first), when the sets aim differently (each one more than
    it did last time); a set beyond these takes `reps` or `seconds`."""
    last: tuple[SetRecord, ...] = ()
    """The sets of the exercise's last session that these targets build on (none the first time)."""
    warmups: tuple[tuple[int, str], ...] = ()
    """The warm-up ramp before the working sets, as (reps, load), lightest first (training.warmup
    works it out from the working load)."""

    def for_set(self, set_number: int) -> Targets:
        """The targets of one set."""
        if not 0 < set_number <= len(self.by_set):
            return self
        amount = self.by_set[set_number - 1]
        return replace(self, reps=None if self.reps is None else int(amount),
                       seconds=None if self.seconds is None else amount, by_set=())


class TargetPolicy(Protocol):
    """Chooses today's targets from a block's ranges (history supplies a smarter one)."""

    def targets(self, block: Block) -> Targets:
        """Today's targets for `block`."""
        ...


class LowerBound:
    """The first-time policy: the low end of every range."""

    def targets(self, block: Block) -> Targets:
        """The lower bound of reps or hold, and of rest."""
        return Targets(
            reps=int(block.reps.low) if block.reps else None,
            seconds=block.hold.low if block.hold else None,
            rest=block.rest.low,
        )


@dataclass(frozen=True)
class Step:
    """One step of a session."""

    kind: StepKind
    block_index: int = -1
    block: Block | None = None
    set_number: int = 0
    """1-based set number for work, rest (the set just done) and switch; 0 otherwise."""
    side: Side | None = None
    duration: float | None = None
    """Seconds the step lasts by itself; None when it waits for the person (a self-paced set, a hold,
    an intro)."""
    target_reps: int | None = None
    target_seconds: float | None = None
    target_load: str | None = None
    """The load for this set: today's target, else the routine's `load`."""
    phases: tuple[tuple[Phase, float], ...] = ()
    """For paced work: one rep's phases in order, with their seconds."""
    last: SetRecord | None = None
    """For work: this set (and side) as it was done last time, which today builds on; None the first
    time, or when last time had no such set."""
    warmup: tuple[int, int] | None = None
    """For a warm-up set and the rest after it: (which warm-up, of how many). Warm-ups have set
    numbers below 1 (-3, -2, -1 for three), so a session's sets keep one number each."""

    def which(self) -> str:
        """Which set this is, in words: "set 2 of 3", "warm-up 1 of 3", or in a circuit "round 2 of 3"."""
        if self.warmup is not None:
            return f"warm-up {self.warmup[0]} of {self.warmup[1]}"
        if self.block is None:
            return ""
        word = "round" if self.block.circuit is not None else "set"
        return f"{word} {self.set_number} of {self.block.sets}"

    @property
    def role(self) -> str:
        """"warmup" for a warm-up set, else "work"."""
        return "warmup" if self.warmup is not None else "work"

    @property
    def work_kind(self) -> WorkKind | None:
        """Paced, self-paced or hold, for work steps."""
        return self.block.kind if self.block is not None and self.kind is StepKind.WORK else None

    @property
    def rep_seconds(self) -> float:
        """Length of one paced rep."""
        return sum(seconds for _phase, seconds in self.phases)


@dataclass(frozen=True)
class Plan:
    """The steps of a session and what it is expected to take."""

    routine: Routine
    steps: tuple[Step, ...]
    timings: Timings

    def estimated_seconds(self) -> float:
        """Reps x tempo, holds, rests and countdowns added up (reading intros not counted)."""
        total = 0.0
        for step in self.steps:
            if step.duration is not None:
                total += step.duration
            elif step.work_kind is WorkKind.SELF_PACED:
                total += (step.target_reps or 0) * self.timings.self_paced_rep
            elif step.work_kind is WorkKind.HOLD:
                total += step.target_seconds or 0.0
        return total

    def next_work(self, index: int) -> Step | None:
        """The first work step after `index`."""
        following = self._next_work_index[index]
        return None if following is None else self.steps[following]

    @cached_property
    def _next_work_index(self) -> tuple[int | None, ...]:
        nexts: list[int | None] = []
        following = None
        for index in range(len(self.steps) - 1, -1, -1):
            nexts.append(following)
            if self.steps[index].kind is StepKind.WORK:
                following = index
        return tuple(reversed(nexts))

    def workout_set(self, index: int) -> int:
        """Which set of the whole workout step `index` belongs to, counting from 1 in plan order: a
        per-side set counts once, a rest counts as the set before it, an intro or get-ready as the set
        it leads to, the end as the last set."""
        return self._workout_sets[index]

    @cached_property
    def _workout_sets(self) -> tuple[int, ...]:
        numbers: dict[tuple[int, int], int] = {}
        for step in self.steps:
            if step.kind is StepKind.WORK and step.warmup is None:  # a warm-up counts as the set it leads to
                numbers.setdefault((step.block_index, step.set_number), len(numbers) + 1)
        return tuple(len(numbers) if step.kind is StepKind.FINISHED
                     else numbers.get((step.block_index, max(1, step.set_number)), 0) for step in self.steps)

    def warmups(self, block_index: int) -> list[Step]:
        """The warm-up sets planned for the exercise at `block_index`, lightest first (one step each:
        a per-side warm-up's left side)."""
        return [s for s in self.steps if s.kind is StepKind.WORK and s.warmup is not None
                and s.block_index == block_index and s.side is not Side.RIGHT]

    def work_steps(self) -> list[int]:
        """Indexes of every work step."""
        return [i for i, s in enumerate(self.steps) if s.kind is StepKind.WORK]


def build_plan(routine: Routine, policy: TargetPolicy | None = None, timings: Timings | None = None) -> Plan:
    """Expand `routine` into steps, with targets (and warm-ups) from `policy` (by default the lower
    bounds, without warm-ups: training.warmup.Warmed adds them)."""
    policy = policy or LowerBound()
    timings = timings or Timings()
    steps: list[Step] = []
    blocks = routine.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        size = block.circuit.size if block.circuit is not None else 1
        last = index + size == len(blocks)
        if block.circuit is not None:
            steps.extend(_circuit_steps(blocks, range(index, index + size), policy, timings, last))
        else:
            steps.extend(_straight_steps(index, block, policy.targets(block), timings, last))
        index += size
    steps.append(Step(StepKind.FINISHED))
    return Plan(routine, tuple(steps), timings)


def _sides(block: Block) -> tuple[Side | None, ...]:
    return (Side.LEFT, Side.RIGHT) if block.per_side else (None,)


def _straight_steps(index: int, block: Block, targets: Targets, timings: Timings, last: bool) -> list[Step]:
    """An exercise on its own: intro, get-ready, warm-ups, then its sets with rests between."""
    warmups = targets.warmups
    first = -len(warmups) if warmups else 1
    steps = [Step(StepKind.INTRO, index, block), Step(StepKind.GET_READY, index, block, first,
                                                       duration=timings.get_ready)]
    for number, (reps, load) in enumerate(warmups, 1):
        set_number = number - len(warmups) - 1
        which = (number, len(warmups))
        ramp_targets = Targets(reps=reps, seconds=None, rest=min(WARMUP_REST, block.rest.low), load=load)
        for side in _sides(block):
            if side is Side.RIGHT:
                steps.append(Step(StepKind.SWITCH, index, block, set_number, side, timings.switch, warmup=which))
            steps.append(replace(_work(index, block, set_number, side, ramp_targets, timings), warmup=which))
        steps.append(Step(StepKind.REST, index, block, set_number, duration=ramp_targets.rest, warmup=which))
    for set_number in range(1, block.sets + 1):
        for side in _sides(block):
            if side is Side.RIGHT:
                steps.append(Step(StepKind.SWITCH, index, block, set_number, side, timings.switch))
            steps.append(_work(index, block, set_number, side, targets.for_set(set_number), timings))
        if not (last and set_number == block.sets):
            steps.append(Step(StepKind.REST, index, block, set_number, duration=targets.rest))
    return steps


def _circuit_steps(blocks: tuple[Block, ...], members: range, policy: TargetPolicy, timings: Timings,
                   last: bool) -> list[Step]:
    """A circuit: one intro for it, then round after round of its exercises back to back (a short
    get-ready, or `rest_between`, from one to the next) with the round's rest after each."""
    targets = {i: policy.targets(blocks[i]) for i in members}
    head = blocks[members[0]]
    circuit = head.circuit
    assert circuit is not None
    steps = [Step(StepKind.INTRO, members[0], head), Step(StepKind.GET_READY, members[0], head, 1,
                                                            duration=timings.get_ready)]
    for round_number in range(1, circuit.rounds + 1):
        for position, index in enumerate(members):
            block = blocks[index]
            if position > 0:
                before = members[position - 1]
                if circuit.rest_between > 0:
                    steps.append(Step(StepKind.REST, before, blocks[before], round_number,
                                      duration=circuit.rest_between))
                else:
                    steps.append(Step(StepKind.GET_READY, index, block, round_number, duration=timings.get_ready))
            for side in _sides(block):
                if side is Side.RIGHT:
                    steps.append(Step(StepKind.SWITCH, index, block, round_number, side, timings.switch))
                steps.append(_work(index, block, round_number, side, targets[index].for_set(round_number), timings))
        if not (last and round_number == circuit.rounds):
            tail = members[-1]
            steps.append(Step(StepKind.REST, tail, blocks[tail], round_number, duration=targets[tail].rest))
    return steps


def _work(index: int, block: Block, set_number: int, side: Side | None, targets: Targets, timings: Timings) -> Step:
    kind = block.kind
    load = targets.load or block.load
    last = _last_time(targets.last, index, set_number, side)
    if kind is WorkKind.HOLD:  # no duration: a hold goes on past its target until the person ends it
        return Step(StepKind.WORK, index, block, set_number, side, None, target_seconds=targets.seconds,
                    target_load=load, last=last)
    if kind is WorkKind.SELF_PACED:
        return Step(StepKind.WORK, index, block, set_number, side, None, target_reps=targets.reps, target_load=load,
                    last=last)
    phases = block.tempo.phases(block.exercise.start, timings.explosive)
    rep = sum(seconds for _phase, seconds in phases)
    return Step(StepKind.WORK, index, block, set_number, side, rep * (targets.reps or 0),
                target_reps=targets.reps, target_load=load, phases=phases, last=last)


def _last_time(sets: tuple[SetRecord, ...], block_index: int, set_number: int, side: Side | None) -> SetRecord | None:
    """The set of last time with this number and side; of the same block when the exercise was done in
    more than one (their set numbers repeat), and the later record when there are two."""
    same = [s for s in sets if s.set_number == set_number and s.side is side]
    return next((s for s in reversed(same) if s.block_index == block_index), same[-1] if same else None)
