"""Helpers to build routines and drive the engine in tests."""

from __future__ import annotations

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import Block, Exercise, Routine, WorkKind
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.cues import Cue
from pchain_tui.domain.session.engine import SessionEngine, Status
from pchain_tui.domain.session.plan import StepKind, Timings, build_plan
from pchain_tui.domain.tempo import SELF_PACED, Start, parse_tempo


def block(name: str = "Bridge", *, sets: int = 1, reps: int | None = 2, hold: float | None = None,
          rest: float = 10, tempo: str = "2-0-1-1", start: Start = Start.TOP, per_side: bool = False) -> Block:
    """A block with small numbers, easy to reason about."""
    exercise = Exercise(id=name.lower(), name=name, start=start, cues=("Cue one",))
    return Block(exercise, sets, Range(reps, reps) if reps is not None and hold is None else None,
                 Range(hold, hold) if hold is not None else None, Range(rest, rest),
                 SELF_PACED if tempo == "self" else parse_tempo(tempo), per_side)


def routine(*blocks: Block) -> Routine:
    """A routine of the given blocks."""
    return Routine(id="test", name="Test", blocks=tuple(blocks), content_hash="h")


def engine_for(*blocks: Block, timings: Timings | None = None) -> tuple[SessionEngine, FakeClock]:
    """An engine on a fake clock, at the first intro."""
    clock = FakeClock(start=100.0)
    return SessionEngine(build_plan(routine(*blocks), timings=timings), clock), clock


def run_through(engine: SessionEngine, clock: FakeClock, step: float = 0.25, limit: float = 100_000) -> list:
    """Drive a session to its end as a person would: enter on intros, count self-paced reps, then enter."""
    events = []
    start = clock.now()
    while engine.status is not Status.FINISHED:
        assert clock.now() - start < limit, "the session does not end"
        state = engine.state(clock.now())
        if state.step.kind is StepKind.INTRO:
            engine.next(clock.now())
        elif state.step.work_kind is WorkKind.HOLD:  # held to the target, then ended by the person
            if state.hold_left is not None and state.hold_left > 0 and state.resume_left is None:
                clock.advance(min(step, state.hold_left))
            else:
                engine.next(clock.now())
        elif state.step.work_kind is not None and state.step.duration is None:
            for _ in range(state.step.target_reps or 0):
                engine.count_rep(clock.now())
            engine.next(clock.now())
        else:
            clock.advance(step)
        events.extend(engine.poll(clock.now()))
    events.extend(engine.poll(clock.now()))
    return events


def cues(events, *kinds: Cue) -> list:
    """(time, cue, detail) of the events of the given kinds (all when none given)."""
    return [(round(e.at, 6), e.cue, e.detail) for e in events if not kinds or e.cue in kinds]
