"""Property-based tests of the engine: random routines, random control sequences, fixed invariants."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.session.engine import EndedBy, SessionEngine, Status
from pchain_tui.domain.session.plan import StepKind, build_plan
from pchain_tui.domain.tempo import Start

from .engine_helpers import block, routine

tempos = st.sampled_from(["1-0-1-0", "2-1-1-0", "3-0-X-1", "0-0-1-0", "1.5-0-0.5-1", "self"])
blocks = st.builds(
    lambda sets, amount, is_hold, rest, tempo, start, per_side: block(
        sets=sets, reps=None if is_hold else amount, hold=float(amount) if is_hold else None, rest=rest,
        tempo=tempo, start=start, per_side=per_side),
    st.integers(1, 3), st.integers(1, 5), st.booleans(), st.sampled_from([1, 5, 12.5, 30]), tempos,
    st.sampled_from(list(Start)), st.booleans())
actions = st.lists(st.tuples(
    st.sampled_from(["wait", "wait", "wait", "pause", "resume", "next", "skip", "back", "count", "more", "less"]),
    st.sampled_from([0.0, 0.1, 0.5, 1.0, 2.5, 7.0, 40.0])), max_size=60)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks, min_size=1, max_size=3), actions)
def test_invariants_hold_for_any_routine_and_any_controls(routine_blocks, steps):
    clock = FakeClock(start=10.0)
    engine = SessionEngine(build_plan(routine(*routine_blocks)), clock)
    delivered = []
    last = {"visit": None, "left": None}

    def observe(adjusted: bool = False):
        now = clock.now()
        events = engine.poll(now)
        assert all(e.at <= now + 1e-9 for e in events), "an event was delivered before it was due"
        delivered.extend(events)
        state = engine.state(now)
        visit = (engine.index, len(engine.spans))
        if state.left is not None and last["visit"] == visit and last["left"] is not None and not adjusted:
            assert state.left <= last["left"] + 1e-9, "time left went up without +15 s"
        last.update(visit=visit, left=state.left)

    for action, dt in steps:
        clock.advance(dt)
        now = clock.now()
        adjusted = False
        if action == "pause":
            engine.pause(now)
        elif action == "resume":
            engine.resume(now)
        elif action == "next":
            engine.next(now)
        elif action == "skip":
            engine.skip(now)
        elif action == "back":
            engine.back(now)
        elif action == "count":
            engine.count_rep(now)
        elif action == "more":
            adjusted = engine.adjust_rest(now, 15) > 0
        elif action == "less":
            engine.adjust_rest(now, -15)
        observe(adjusted)
    # Let it run out, moving on from steps that wait for the person.
    for _ in range(500):
        if engine.status in (Status.FINISHED, Status.QUIT):
            break
        engine.resume(clock.now())
        if engine.state(clock.now()).left is None:
            engine.next(clock.now())
        clock.advance(3.0)
        observe()
    assert engine.status is Status.FINISHED

    # Events come once each, in time order.
    keys = [e.key for e in delivered]
    assert len(keys) == len(set(keys))
    times = [e.at for e in delivered]
    assert times == sorted(times)

    # A step that ran out lasted exactly its planned time plus pauses and adjustments.
    plan = engine.plan
    for span in engine.spans:
        planned = plan.steps[span.index].duration
        if span.ended_by is EndedBy.TIMER:
            assert math.isclose(span.ended - span.started, planned + span.extra + span.paused, abs_tol=1e-6)

    # The record holds one entry per set done or skipped (the latest visit of each), and its totals
    # are the sums of the done sets' active time; a skipped set did nothing.
    work_spans = {}
    for span in engine.spans:
        step = plan.steps[span.index]
        if step.kind is StepKind.WORK and span.ended_by is not EndedBy.BACK:
            work_spans[(step.block_index, step.set_number, step.side)] = span
    assert {s.key for s in engine.record.sets} == set(work_spans)
    for record in engine.record.sets:
        span = work_spans[record.key]
        assert record.skipped is (span.ended_by is EndedBy.SKIP)
        active = 0.0 if record.skipped else span.ended - span.started - span.paused
        assert math.isclose(record.tut, active, abs_tol=1e-6)
    assert math.isclose(engine.record.total_tut, sum(s.ended - s.started - s.paused for s in work_spans.values()
                                                     if s.ended_by is not EndedBy.SKIP), abs_tol=1e-6)
    assert engine.record.total_reps == sum(r.done_reps or 0 for r in engine.record.sets)
