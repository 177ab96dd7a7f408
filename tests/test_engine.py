"""The session engine on a fake clock: states, cue events and controls, step by step."""

from __future__ import annotations

import pytest

from pchain_tui.domain.session.cues import Cue
from pchain_tui.domain.session.engine import SessionEngine, Status
from pchain_tui.domain.session.plan import StepKind, build_plan
from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import RecordState
from pchain_tui.domain.tempo import Phase, Start

from .engine_helpers import block, cues, engine_for, routine, run_through

T0 = 100.0


def start_work(engine, clock):
    """From the intro, through the 3 s get-ready, to the first set; returns the events so far."""
    engine.next(clock.now())
    clock.advance(3)
    return engine.poll(clock.now())


def test_get_ready_counts_down_then_the_set_starts():
    engine, clock = engine_for(block(reps=2, tempo="2-0-1-1"))
    assert engine.state(T0).step.kind is StepKind.INTRO
    assert engine.poll(T0 + 50) == []  # the intro waits for the person
    clock.advance(50)
    events = start_work(engine, clock)
    assert cues(events) == [(150, Cue.TICK, 3), (151, Cue.TICK, 2), (152, Cue.TICK, 1),
                            (153, Cue.SET_START, None), (153, Cue.LOWER, 1)]
    state = engine.state(clock.now())
    assert state.step.kind is StepKind.WORK and state.left == 8 and state.rep == 1 and state.phase is Phase.LOWER


def test_paced_reps_phase_by_phase():
    engine, clock = engine_for(block(reps=2, tempo="2-0-1-1", rest=10), block("Next"))
    start_work(engine, clock)  # work starts at 103
    state = engine.state(104.5)
    assert (state.rep, state.phase, state.phase_left, state.phase_fraction) == (1, Phase.LOWER, 0.5, 0.75)
    state = engine.state(105.5)
    assert (state.phase, state.reps_done) == (Phase.LIFT, 0)
    state = engine.state(106.25)
    assert (state.phase, state.phase_left) == (Phase.PAUSE_TOP, 0.75)
    state = engine.state(107.0)
    assert (state.rep, state.reps_done, state.phase) == (2, 1, Phase.LOWER)
    assert cues(engine.poll(111)) == [
        (105, Cue.LIFT, 1), (106, Cue.PAUSE, 1), (107, Cue.REP, 1), (107, Cue.LOWER, 2), (109, Cue.LIFT, 2),
        (110, Cue.PAUSE, 2), (111, Cue.REP, 2), (111, Cue.SET_END, None)]
    state = engine.state(111)
    assert state.step.kind is StepKind.REST and state.left == 10  # rest starts exactly at the set's end
    (record,) = engine.record.sets
    assert (record.done_reps, record.target_reps, record.tut, record.kind) == (2, 2, 8, WorkKind.PACED)
    assert record.ended_at - record.started_at == 8


def test_a_rep_from_the_bottom_lifts_first():
    engine, clock = engine_for(block(reps=1, tempo="3-0-1-2", start=Start.BOTTOM))
    events = start_work(engine, clock) + engine.poll(109)
    assert cues(events, Cue.LIFT, Cue.PAUSE, Cue.LOWER) == [
        (103, Cue.LIFT, 1), (104, Cue.PAUSE, 1), (106, Cue.LOWER, 1)]


def test_late_polling_does_not_drift():
    engine, clock = engine_for(block(sets=3, reps=2, tempo="2-0-1-1", rest=10))
    start_work(engine, clock)
    # Nobody looks for a long while: every deadline still falls exactly where it should.
    events = engine.poll(103 + 8 + 10 + 8 + 10 + 8 + 5)
    assert [e.at for e in events if e.cue is Cue.SET_START] == [121, 139]
    assert [e.at for e in events if e.cue is Cue.REST_END] == [121, 139]
    assert engine.status is Status.FINISHED and engine.record.state is RecordState.FINISHED
    assert [s.ended_at - s.started_at for s in engine.record.sets] == [8, 8, 8]


def test_a_hold_counts_down_to_its_target_then_on_until_the_person_ends_it():
    engine, clock = engine_for(block(hold=30, rest=20), block("Next", reps=1))
    events = start_work(engine, clock)
    assert engine.state(113).hold_left == 20 and engine.state(113).left is None  # it waits for the person
    during_the_hold = [c for c in cues(events + engine.poll(133)) if c[0] >= 103]
    assert during_the_hold == [(103, Cue.SET_START, None), (103, Cue.HOLD, None), (130, Cue.TICK, 3),
                               (131, Cue.TICK, 2), (132, Cue.TICK, 1), (133, Cue.SET_END, None)]
    state = engine.state(141)
    assert state.step.work_kind is WorkKind.HOLD and state.hold_left == -8  # 8 s past the target, still holding
    assert engine.next(141)
    assert engine.record.sets[0].done_seconds == 38 and engine.record.sets[0].done_reps is None
    assert engine.state(141).step.kind is StepKind.REST


def test_a_hold_ended_early_logs_what_was_held():
    engine, clock = engine_for(block(hold=30, rest=20), block("Next", reps=1))
    start_work(engine, clock)
    assert engine.next(124)
    assert engine.record.sets[0].done_seconds == 21


def test_rest_counts_down_and_can_be_lengthened_and_shortened():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=30))
    start_work(engine, clock)
    engine.poll(105)  # the set ends at 105; rest until 135
    assert engine.adjust_rest(110, 15) == 15
    assert engine.state(110).left == 40
    assert engine.adjust_rest(111, -15) == -15 and engine.state(111).left == 24
    assert cues(engine.poll(135)) == [(132, Cue.TICK, 3), (133, Cue.TICK, 2), (134, Cue.TICK, 1),
                                      (135, Cue.REST_END, None), (135, Cue.SET_START, None), (135, Cue.LOWER, 1)]
    assert engine.adjust_rest(136, 15) == 0  # not resting any more


def test_removing_more_rest_than_is_left_ends_it_now_without_late_ticks():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=30))
    start_work(engine, clock)
    engine.poll(130)  # rest ends at 135
    assert engine.adjust_rest(130, -15) == -5
    assert cues(engine.poll(130)) == [(130, Cue.REST_END, None), (130, Cue.SET_START, None), (130, Cue.LOWER, 1)]


def test_pause_moves_every_deadline_and_resume_gives_a_get_ready():
    engine, clock = engine_for(block(reps=2, tempo="2-0-1-1", rest=10), block("B", reps=1))
    start_work(engine, clock)
    assert engine.pause(104.0)
    assert engine.state(150).paused and engine.state(150).left == 7
    assert engine.poll(150) == [] and engine.next_event() is None
    assert engine.resume(150.0)
    state = engine.state(151)
    assert state.resume_left == 2 and state.left == 7 and state.phase is Phase.LOWER
    # get-ready 150..153, then the lowering goes on where it stopped (1 s of it was done)
    assert cues(engine.poll(157)) == [(150, Cue.TICK, 3), (151, Cue.TICK, 2), (152, Cue.TICK, 1),
                                      (153, Cue.LOWER, None), (154, Cue.LIFT, 1), (155, Cue.PAUSE, 1),
                                      (156, Cue.REP, 1), (156, Cue.LOWER, 2)]
    engine.poll(160)
    assert engine.state(160).step.kind is StepKind.REST
    assert engine.record.sets[0].tut == 8  # time under tension leaves the pause out
    span = engine.spans[-1]
    assert span.ended - span.started == 8 + span.paused and span.paused == 49


def test_pause_during_rest_freezes_it_without_a_get_ready():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=30))
    start_work(engine, clock)
    engine.pause(110)
    engine.resume(200)
    assert engine.state(200).left == 25 and engine.state(200).resume_left is None


def test_finishing_a_set_early_records_the_reps_done():
    engine, clock = engine_for(block(sets=2, reps=10, tempo="2-0-1-1", rest=30))
    start_work(engine, clock)
    engine.poll(115)
    assert engine.next(115.5)  # 3 reps (12 s) and a bit
    assert cues(engine.poll(115.5)) == [(115.5, Cue.SET_END, None)]
    assert engine.record.sets[0].done_reps == 3 and engine.record.sets[0].tut == 12.5
    state = engine.state(115.5)
    assert state.step.kind is StepKind.REST and state.left == 30
    assert engine.log_set(reps=4, load="20 kg")
    assert (engine.record.sets[0].done_reps, engine.record.sets[0].load) == (4, "20 kg")


def test_self_paced_reps_are_counted_by_key_presses():
    engine, clock = engine_for(block(sets=1, reps=15, tempo="self"), block("B", reps=1))
    start_work(engine, clock)
    assert engine.state(104).left is None
    for t in (104, 105, 106):
        assert engine.count_rep(t)
    assert cues(engine.poll(106), Cue.REP) == [(104, Cue.REP, 1), (105, Cue.REP, 2), (106, Cue.REP, 3)]
    assert engine.state(106).reps_done == 3
    engine.next(120)
    assert engine.record.sets[0].done_reps == 3 and engine.record.sets[0].tut == 17
    assert not engine.count_rep(121)  # resting now


def test_per_side_work_switches_and_logs_both_sides():
    engine, clock = engine_for(block(sets=1, reps=1, tempo="1-0-1-0", per_side=True), block("B", reps=1))
    events = start_work(engine, clock)
    assert engine.state(103).step.side.value == "left"
    events += engine.poll(112)
    assert [c for c in cues(events, Cue.SWITCH, Cue.TICK, Cue.SET_START) if c[0] >= 103] == [
        (103, Cue.SET_START, None), (105, Cue.SWITCH, None), (107, Cue.TICK, 3), (108, Cue.TICK, 2),
        (109, Cue.TICK, 1), (110, Cue.SET_START, None)]
    assert [s.side for s in engine.record.sets] == [Side.LEFT, Side.RIGHT]


def test_skip_records_the_set_as_skipped_and_drops_its_cues():
    engine, clock = engine_for(block(sets=2, reps=3, tempo="1-0-1-0", rest=20))
    start_work(engine, clock)
    engine.poll(104)
    assert engine.skip(104)
    assert engine.state(104).step.kind is StepKind.REST
    (skipped,) = engine.record.sets
    assert skipped.skipped and skipped.done_reps is None and skipped.tut == 0  # not a set done
    assert engine.take_finished() == [skipped]  # saved like any set
    assert all(e.cue is not Cue.REP for e in engine.poll(110))
    assert engine.skip(110)  # skip the rest too
    assert engine.state(110).step.kind is StepKind.WORK and engine.state(110).step.set_number == 2


def test_back_redoes_a_set_and_replaces_its_record():
    engine, clock = engine_for(block(sets=2, reps=2, tempo="1-0-1-0", rest=20))
    start_work(engine, clock)
    engine.poll(107)  # set 1 done at 107
    engine.log_set(reps=1)
    assert engine.back(110)
    state = engine.state(110)
    assert state.step.kind is StepKind.GET_READY  # a set restarts at its get-ready
    engine.poll(117)  # get-ready 110..113, set 113..117
    assert len(engine.record.sets) == 1 and engine.record.sets[0].done_reps == 2


def test_back_from_a_later_set_goes_to_the_rest_before_it():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=20))
    start_work(engine, clock)
    engine.poll(126)  # set 2 started at 125
    engine.back(126)
    assert engine.state(126).step.kind is StepKind.REST and engine.state(126).left == 20


def test_back_from_a_rest_to_a_set_without_a_get_ready_counts_it_in_first():
    engine, clock = engine_for(block(sets=3, reps=1, tempo="1-0-1-0", rest=20))
    start_work(engine, clock)  # set 1 103..105, rest ..125, set 2 125..127, rest ..147
    engine.poll(130)
    assert engine.state(130).step.kind is StepKind.REST
    assert engine.back(130)
    state = engine.state(130.5)
    assert (state.step.kind, state.step.set_number, state.resume_left, state.elapsed) == (StepKind.WORK, 2, 2.5, 0)
    assert cues(engine.poll(133)) == [(130, Cue.TICK, 3), (131, Cue.TICK, 2), (132, Cue.TICK, 1),
                                      (133, Cue.SET_START, None), (133, Cue.LOWER, 1)]


def test_quit_keeps_what_was_done():
    engine, clock = engine_for(block(sets=3, reps=1, tempo="1-0-1-0", rest=20))
    start_work(engine, clock)
    engine.poll(128)  # set 2 ended at 127
    engine.quit(128)
    assert engine.status is Status.QUIT and engine.record.state is RecordState.ABANDONED
    assert len(engine.record.sets) == 2
    assert engine.poll(1000) == [] and not engine.next(1000)


def test_the_end_says_done_once():
    engine, clock = engine_for(block(reps=1, tempo="1-0-1-0"))
    start_work(engine, clock)
    events = engine.poll(200)
    assert cues(events)[-1] == (105, Cue.DONE, None)
    assert engine.poll(300) == []
    assert engine.state(300).status is Status.FINISHED


def test_next_event_looks_ahead_without_consuming():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=5))
    engine.next(T0)
    assert engine.next_event().at == 100 and engine.next_event().cue is Cue.TICK
    assert engine.next_event() == engine.next_event()
    delivered = engine.poll(T0 + 6)
    assert [e.at for e in delivered] == [100, 101, 102, 103, 103, 104, 105, 105]
    assert engine.next_event().at > T0 + 6


def test_upcoming_lists_what_is_due_without_delivering_it_across_steps():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=5))
    engine.next(T0)
    assert [e.at for e in engine.upcoming(T0 + 3)] == [100, 101, 102, 103, 103]  # get-ready, then the set
    assert engine.upcoming(T0 + 3) == engine.upcoming(T0 + 3)  # nothing was consumed
    assert [e.at for e in engine.poll(T0 + 1)] == [100, 101]
    assert [e.at for e in engine.upcoming(T0 + 2.5)] == [102]
    engine.pause(T0 + 1.5)
    assert engine.upcoming(T0 + 60) == []  # paused: nothing is coming


def test_phase_cues_carry_their_phase():
    engine, clock = engine_for(block(reps=2, tempo="2-1-1-0", start=Start.TOP))
    events = start_work(engine, clock) + engine.poll(200)
    phases = [(e.cue, e.phase) for e in events if e.phase is not None]
    assert phases == [(Cue.LOWER, Phase.LOWER), (Cue.PAUSE, Phase.PAUSE_BOTTOM), (Cue.LIFT, Phase.LIFT)] * 2


def test_finished_sets_are_handed_out_once_in_order():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=5))
    start_work(engine, clock)
    engine.poll(T0 + 20)
    first = engine.take_finished()
    assert [s.set_number for s in first] == [1, 2]
    assert engine.take_finished() == []
    corrected = engine.log_set(first[0].key, reps=0)
    assert corrected.done_reps == 0 and engine.record.sets[0] is corrected  # corrected in place, in order
    assert engine.take_finished() == []  # a correction is not a newly finished set


def test_resume_a_saved_session_at_the_next_set():
    plan = build_plan(routine(block("A", sets=2, reps=1, tempo="1-0-1-0", per_side=True, rest=20), block("B")))
    engine = SessionEngine(plan, _clock())
    engine.next(100)
    engine.poll(105)  # left side of set 1 done at 105
    saved = engine.record.snapshot()
    assert saved == engine.record
    resumed = SessionEngine(plan, _clock(start=5000), saved)
    state = resumed.state(5000)
    assert (state.step.kind, state.step.set_number, state.step.side) == (StepKind.WORK, 1, Side.RIGHT)
    assert state.resume_left == 3
    assert cues(resumed.poll(5003)) == [(5000, Cue.TICK, 3), (5001, Cue.TICK, 2), (5002, Cue.TICK, 1),
                                        (5003, Cue.SET_START, None), (5003, Cue.LOWER, 1)]


def _clock(start: float = 100.0):
    from pchain_tui.domain.clock import FakeClock

    return FakeClock(start=start)


@pytest.mark.parametrize("routine_id", ["beginner-day-1", "beginner-day-2", "intermediate-day-1",
                                        "intermediate-day-2", "top-five", "seven-moves", "home",
                                        "eccentric-hamstrings"])
def test_whole_bundled_routines_run_start_to_end(bundled, routine_id):
    plan = build_plan(bundled[routine_id])
    engine = SessionEngine(plan, _clock())
    clock = engine.clock
    events = run_through(engine, clock)
    assert engine.record.state is RecordState.FINISHED
    assert len(engine.record.sets) == bundled[routine_id].total_sets
    times = [e.at for e in events]
    assert times == sorted(times)
    assert sum(e.cue is Cue.DONE for e in events) == 1 and events[-1].cue is Cue.DONE
    assert sum(e.cue is Cue.SET_START for e in events) == bundled[routine_id].total_sets
    # The session took exactly the plan's estimate (intros are read instantly here, self-paced sets too).
    self_paced = sum((s.target_reps or 0) * plan.timings.self_paced_rep
                     for s in plan.steps if s.kind is StepKind.WORK and s.duration is None)
    assert clock.now() - 100 == pytest.approx(plan.estimated_seconds() - self_paced, abs=0.3)


def test_a_bundled_routine_with_pause_early_finish_skip_and_back(bundled):
    plan = build_plan(bundled["beginner-day-1"])  # bridge, RDL, row, wall sit (a hold)
    clock = _clock()
    engine = SessionEngine(plan, clock)
    engine.next(clock.now())  # read the glute bridge intro
    clock.advance(10)
    engine.pause(clock.now())
    clock.advance(60)
    engine.resume(clock.now())
    clock.advance(3 + 20)
    engine.next(clock.now())  # bridge set 1 finished early
    bridge_set = engine.record.sets[-1]
    assert bridge_set.tut == pytest.approx(27) and bridge_set.done_reps == 5  # 7 s + 20 s of 5 s reps
    engine.skip(clock.now())  # skip the rest
    assert engine.state(clock.now()).step.set_number == 2
    engine.back(clock.now())  # back to the rest
    assert engine.state(clock.now()).step.kind is StepKind.REST
    events = run_through(engine, clock)
    assert engine.record.state is RecordState.FINISHED and len(engine.record.sets) == 12
    wall_sits = [s for s in engine.record.sets if s.exercise_id == "wall-sit"]
    assert [s.done_seconds for s in wall_sits] == [30, 30, 30]
    assert cues(events, Cue.HOLD) and cues(events, Cue.DONE)


def test_a_self_paced_rep_counted_once_too_often_can_be_taken_back():
    engine, clock = engine_for(block(reps=15, tempo="self"), block("B", reps=1))
    start_work(engine, clock)
    for _ in range(3):
        engine.count_rep(clock.now())
    assert engine.uncount_rep(clock.now()) and engine.state(clock.now()).reps_done == 2
    assert engine.uncount_rep(clock.now()) and engine.uncount_rep(clock.now())
    assert not engine.uncount_rep(clock.now())  # never below zero
    engine.next(clock.now())
    assert engine.record.sets[0].done_reps == 0


def test_the_load_logged_for_a_set_carries_to_the_next_sets_of_that_exercise():
    engine, clock = engine_for(block(sets=3, reps=1, tempo="1-0-1-0", rest=5), block("B", reps=1))
    start_work(engine, clock)
    engine.poll(105)  # set 1 done
    first = engine.record.sets[0]
    engine.log_set(first.key, reps=1, load="40 kg", note="felt easy")
    assert engine.state(105).next_load == "40 kg"  # what the rest screen's "Next:" shows
    engine.poll(115)  # set 2 done
    assert engine.record.sets[1].load == "40 kg" and engine.record.sets[1].note is None
    assert engine.record.sets[0].note == "felt easy"
    engine.log_set(engine.record.sets[0].key, load="35 kg")  # correcting an older set moves nothing on
    assert engine.state(115).next_load == "40 kg"


def test_the_rest_taken_is_kept_with_the_set_before_it():
    engine, clock = engine_for(block(sets=2, reps=1, tempo="1-0-1-0", rest=30))
    start_work(engine, clock)
    engine.poll(105)  # set 1 done, rest until 135
    engine.take_finished()
    engine.adjust_rest(110, 15)
    engine.next(140)  # 35 s rested
    (corrected,) = engine.take_corrected()
    assert corrected.set_number == 1 and corrected.rest_after == 35
    assert engine.record.sets[0].rest_after == 35


def test_resume_goes_past_a_skipped_set_to_where_the_person_stopped():
    plan = build_plan(routine(block("A", sets=3, reps=1, tempo="1-0-1-0", rest=5)))
    engine = SessionEngine(plan, _clock())
    engine.next(100)
    engine.poll(105)  # set 1 done
    engine.skip(105)  # skip the rest
    engine.skip(105)  # skip set 2: a decision
    saved = engine.record.snapshot()
    assert [(s.set_number, s.skipped) for s in saved.sets] == [(1, False), (2, True)]
    resumed = SessionEngine(plan, _clock(start=5000), saved)
    assert resumed.state(5000).step.set_number == 3
