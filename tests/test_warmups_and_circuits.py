"""Warm-up ramps and circuits: the routine format, the plan, the engine with a fake clock, history
and progression, and per-phase time under tension."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pchain_tui.domain.files.library import load_library
from pchain_tui.domain.files.loader import parse_routine
from pchain_tui.domain.model import Circuit, Warmup, WarmupSet
from pchain_tui.domain.session.engine import SessionEngine, Status, tension_by_phase
from pchain_tui.domain.session.plan import StepKind, build_plan
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.progression import Change, advise
from pchain_tui.domain.training.warmup import Warmed, ramp

from .engine_helpers import block, routine, run_through

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = load_library(ROOT / "routines" / "exercises.yaml").exercises


def load(text: str):
    return parse_routine(text.encode(), "r.yaml", LIBRARY, "r")


def problems(text: str) -> list[str]:
    result = load(text)
    assert result.routine is None
    return [f"{p.line}:{p.column}: {p.message}" for p in result.problems]


def barbell(name: str = "RDL", **kwargs):
    made = block(name, **kwargs)
    return replace(made, exercise=replace(made.exercise, equipment=("barbell",)))


# --- warm-up ramps ----------------------------------------------------------------------------


@pytest.mark.parametrize(("load", "expected"), [
    ("60 kg", ["22.5 kg", "35 kg", "47.5 kg"]),          # 40-60-80 %, rounded down to the plates
    ("140 kg", ["55 kg", "82.5 kg", "105 kg", "125 kg"]),  # heavy: four sets up to 90 %
    ("30 kg", ["20 kg", "22.5 kg"]),                       # light: 50 % is under the bar, so the bar
    ("135 lb", ["50 lb", "80 lb", "105 lb"]),              # pounds: a 45 lb bar and lb plates
])
def test_auto_ramps_to_loads_the_plates_make(load, expected):
    made = replace(barbell(), warmup=Warmup(), load=load)
    assert [s.load for s in ramp(made, load, Settings())] == expected


def test_auto_ramp_has_nothing_to_ramp_for_bodyweight_or_words():
    made = replace(block(), warmup=Warmup())
    assert ramp(made, None, Settings()) == ()
    assert ramp(made, "light", Settings()) == ()


def test_a_written_ramp_mixes_shares_and_absolute_loads():
    made = replace(barbell(), warmup=Warmup((WarmupSet(10, load="20 kg"), WarmupSet(5, percent=70))))
    assert [(s.reps, s.load) for s in ramp(made, "100 kg", Settings())] == [(10, "20 kg"), (5, "70 kg")]


def test_dumbbells_round_down_to_their_step():
    made = replace(block("Row"), warmup=Warmup((WarmupSet(8, percent=50),)))
    made = replace(made, exercise=replace(made.exercise, equipment=("dumbbells",)))
    assert [s.load for s in ramp(made, "25 kg per hand", Settings())] == ["12 kg per hand"]


def test_warmups_come_first_with_set_numbers_below_one_and_do_not_count_as_sets():
    made = replace(barbell(sets=2, reps=5, rest=90), warmup=Warmup(), load="60 kg")
    plan = build_plan(routine(made), Warmed())
    shape = [(s.kind.value, s.set_number, s.warmup) for s in plan.steps]
    assert shape[:8] == [
        ("intro", 0, None), ("get-ready", -3, None),
        ("work", -3, (1, 3)), ("rest", -3, (1, 3)), ("work", -2, (2, 3)), ("rest", -2, (2, 3)),
        ("work", -1, (3, 3)), ("rest", -1, (3, 3))]
    assert shape[8:] == [("work", 1, None), ("rest", 1, None), ("work", 2, None), ("finished", 0, None)]
    warmups = [s for s in plan.steps if s.kind is StepKind.WORK and s.warmup]
    assert [(s.target_reps, s.target_load) for s in warmups] == [(8, "22.5 kg"), (5, "35 kg"), (3, "47.5 kg")]
    assert warmups[0].which() == "warm-up 1 of 3" and plan.steps[8].which() == "set 1 of 2"
    assert plan.steps[3].duration == 60  # a minute after each warm-up (the block rests 90 s)
    assert build_plan(routine(made)).steps[2].warmup is None  # the lower bounds alone plan none
    assert {plan.workout_set(i) for i in range(2, 9)} == {1}  # the ramp leads to set 1 of 2


def test_warmups_run_are_logged_as_warmups_and_leave_the_working_load_alone():
    made = replace(barbell(sets=1, reps=2, rest=90), warmup=Warmup(), load="60 kg")
    plan = build_plan(routine(made), Warmed())
    from pchain_tui.domain.clock import FakeClock

    clock = FakeClock(start=100.0)
    engine = SessionEngine(plan, clock)
    run_through(engine, clock)
    sets = engine.record.sets
    assert [(s.set_number, s.role, s.load, s.done_reps) for s in sets] == [
        (-3, "warmup", "22.5 kg", 8), (-2, "warmup", "35 kg", 5), (-1, "warmup", "47.5 kg", 3),
        (1, "work", "60 kg", 2)]
    assert [s.counts for s in sets] == [False, False, False, True]
    assert engine.record.total_reps == 2  # warm-up reps are not the work's


def test_a_load_logged_on_a_warmup_does_not_become_the_working_load():
    made = replace(barbell(sets=1, reps=2), warmup=Warmup((WarmupSet(5, load="20 kg"),)), load="60 kg")
    from pchain_tui.domain.clock import FakeClock

    clock = FakeClock(start=100.0)
    engine = SessionEngine(build_plan(routine(made), Warmed()), clock)
    engine.next(clock.now())  # intro read
    clock.advance(3 + 5 * 4)  # get-ready, five reps of 4 s
    engine.state(clock.now())
    engine.log_set(load="25 kg")
    work = engine.plan.steps[-2]
    assert work.warmup is None and engine.load_for(work) == "60 kg"


def test_progression_ignores_warmups():
    made = replace(barbell(sets=2, reps=5), load="60 kg")
    from pchain_tui.domain.session.record import SetRecord
    from pchain_tui.domain.model import WorkKind

    def record(number, reps, role="work", load="60 kg"):
        return SetRecord(0, "rdl", "RDL", number, None, WorkKind.PACED, 5, reps, None, None, load, "2-0-1-1",
                         0.0, 1.0, 10.0, range_low=5, range_high=5, role=role)

    last = [record(-1, 3, "warmup", "47.5 kg"), record(1, 5), record(2, 5)]
    advice = advise(made, last)
    assert advice.change is Change.ADD_LOAD and advice.load == "62.5 kg"
    assert advise(made, [record(-1, 3, "warmup")]).change is Change.FIRST_TIME


def test_loader_reads_warmups_and_reports_each_wrong_one_where_it_is():
    result = load("name: R\nexercises:\n  - use: romanian-deadlift\n    reps: 8\n    load: 60 kg\n"
                  "    warmup: [40% x 8, 20 kg x 10]\n  - use: glute-bridge\n    reps: 10\n    warmup: auto\n")
    assert result.problems == []
    first, second = result.routine.blocks
    assert first.warmup == Warmup((WarmupSet(8, percent=40), WarmupSet(10, load="20 kg")))
    assert second.warmup == Warmup()
    assert problems("name: R\nexercises:\n  - use: romanian-deadlift\n    reps: 8\n    load: 60 kg\n"
                    "    warmup: [0% x 8, 110% x 3, 40 x 8, heavy]\n") == [
        "6:14: `warmup set 1` is 0% of the working load; a warm-up takes more than 0% and less than 100%",
        "6:22: `warmup set 2` is 110% of the working load; a warm-up takes more than 0% and less than 100%",
        "6:32: `warmup set 3` has the load '40', which is not a number with kg or lb",
        "6:40: `warmup set 4` 'heavy' is not a ramp set"]
    assert problems("name: R\nexercises:\n  - use: wall-sit\n    hold: 30\n    warmup: auto\n") == [
        "5:13: a hold has no warm-up sets"]
    assert problems("name: R\nexercises:\n  - use: glute-bridge\n    reps: 10\n    warmup: [50% x 10]\n") == [
        "5:13: the warm-up is in percent of the working load, but the exercise has no `load:` in numbers"]
    assert problems("name: R\nexercises:\n  - use: glute-bridge\n    reps: 10\n    warm_up: auto\n") == [
        "5:5: unknown key 'warm_up' in an exercise"]


# --- circuits ---------------------------------------------------------------------------------

CIRCUIT = """\
name: C
rest: 45
exercises:
  - use: romanian-deadlift
    reps: 8
  - circuit:
      rounds: 2
      rest: 90
      exercises:
        - use: glute-bridge
          reps: 12
        - use: single-leg-rdl
          reps: 6
"""


def test_loader_makes_a_block_per_circuit_exercise_with_the_rounds_as_sets():
    result = load(CIRCUIT)
    assert result.problems == []
    rdl, bridge, single = result.routine.blocks
    assert rdl.circuit is None
    assert bridge.circuit == Circuit(1, 2, 0.0, 2, 0, "circuit") and single.circuit.position == 1
    assert (bridge.sets, bridge.rest.low, single.per_side) == (2, 90, True)
    assert bridge.prescription() == "2 rounds x 12"


def test_plan_of_a_circuit_goes_round_by_round_with_both_sides_and_the_rest_after_each_round():
    plan = build_plan(load(CIRCUIT).routine)
    shape = [(s.kind.value, s.block_index, s.set_number, s.side.value if s.side else None, s.duration)
             for s in plan.steps if s.block_index > 0]
    assert shape == [
        ("intro", 1, 0, None, None), ("get-ready", 1, 1, None, 3.0), ("work", 1, 1, None, shape[2][4]),
        ("get-ready", 2, 1, None, 3.0), ("work", 2, 1, "left", shape[4][4]), ("switch", 2, 1, "right", 5.0),
        ("work", 2, 1, "right", shape[4][4]), ("rest", 2, 1, None, 90),
        ("work", 1, 2, None, shape[2][4]),
        ("get-ready", 2, 2, None, 3.0), ("work", 2, 2, "left", shape[4][4]), ("switch", 2, 2, "right", 5.0),
        ("work", 2, 2, "right", shape[4][4]),  # no rest after the workout's last round
    ]
    round_two = next(s for s in plan.steps if s.block_index == 1 and s.set_number == 2)
    assert round_two.which() == "round 2 of 2"
    assert plan.routine.total_sets == 1 + 2 + 4


def test_rest_between_replaces_the_get_ready_between_exercises():
    text = CIRCUIT.replace("      rest: 90\n", "      rest: 90\n      rest_between: 15\n")
    plan = build_plan(load(text).routine)
    between = [s for s in plan.steps if s.kind is StepKind.REST and s.duration == 15]
    assert [(s.block_index, s.set_number) for s in between] == [(1, 1), (1, 2)]
    assert not [s for s in plan.steps if s.kind is StepKind.GET_READY and s.block_index == 2]


def test_a_circuit_runs_to_the_end_and_logs_every_round_once():
    from pchain_tui.domain.clock import FakeClock

    clock = FakeClock(start=100.0)
    engine = SessionEngine(build_plan(load(CIRCUIT).routine), clock)
    run_through(engine, clock)
    assert engine.status is Status.FINISHED
    keys = [s.key for s in engine.record.sets]
    assert len(keys) == len(set(keys)) == 1 + 2 + 4
    assert [(k[0], k[1]) for k in keys[1:]] == [(1, 1), (2, 1), (2, 1), (1, 2), (2, 2), (2, 2)]


def test_resume_in_a_circuit_goes_on_at_the_next_exercise_of_the_round():
    from pchain_tui.domain.clock import FakeClock

    plan = build_plan(load(CIRCUIT).routine)
    clock = FakeClock(start=100.0)
    engine = SessionEngine(plan, clock)
    while not (engine.record.sets and engine.record.sets[-1].key == (1, 1, None)):
        state = engine.state(clock.now())
        if state.step.kind is StepKind.INTRO:
            engine.next(clock.now())
        clock.advance(0.5)
    resumed = SessionEngine(plan, FakeClock(start=500.0), record=engine.record.snapshot())
    assert (resumed.step.block_index, resumed.step.set_number, resumed.step.side) == (2, 1, plan.steps[
        resumed.index].side)
    assert resumed.step.kind is StepKind.WORK and resumed.step.block.exercise.id == "single-leg-rdl"


@pytest.mark.parametrize(("text", "expected"), [
    ("  - superset:\n      rounds: 2\n      exercises:\n        - use: glute-bridge\n          reps: 12\n",
     ["6:9: a superset is two exercises done back to back; this one has 1"]),
    ("  - circuit:\n      rounds: 2\n", ["4:7: a circuit is missing `exercises`"]),
    ("  - circuit:\n      rounds: 2\n      exercises: []\n", ["5:18: `exercises` is empty"]),
    ("  - circuit:\n      rounds: 11\n      exercises:\n        - use: glute-bridge\n          reps: 12\n",
     ["4:15: `rounds` must be between 1 and 10, not 11"]),
    ("  - circuit:\n      rounds: 2\n      exercises:\n        - use: glute-bridge\n          reps: 12\n"
     "          sets: 3\n", ["8:11: unknown key 'sets' in an exercise of a circuit"]),
    ("  - circuit:\n      rounds: 2\n      exercises:\n        - circuit:\n            rounds: 2\n",
     ["6:11: unknown key 'circuit' in an exercise of a circuit"]),
    ("  - circuit:\n      rounds: 2\n      rest_between: soon\n      exercises:\n        - use: glute-bridge\n"
     "          reps: 12\n", ["5:21: `rest_between` 'soon' is not a duration"]),
])
def test_wrong_circuits_are_located(text, expected):
    found = problems("name: R\nexercises:\n" + text)
    for message in expected:
        assert any(p.startswith(message) for p in found), found


# --- time under tension by phase ---------------------------------------------------------------


def test_tension_splits_the_paced_time_by_phase():
    plan = build_plan(routine(block(reps=3, tempo="3-1-2-0")))
    work = plan.steps[2]
    assert tension_by_phase(work, work.duration) == (9.0, 3.0, 6.0)
    assert tension_by_phase(work, 7.5) == (4.5, 1.0, 2.0)  # a rep and a half: lowering 3+1.5, pause 1, lift 2


def test_paced_sets_carry_their_split_and_holds_none():
    from pchain_tui.domain.clock import FakeClock

    clock = FakeClock(start=100.0)
    engine = SessionEngine(build_plan(routine(block(reps=2, tempo="3-1-2-0"), block("Wall", hold=5))), clock)
    run_through(engine, clock)
    paced, hold = engine.record.sets
    assert (paced.tut_lower, paced.tut_pause, paced.tut_lift) == (6.0, 2.0, 4.0)
    assert (hold.tut_lower, hold.tut_pause, hold.tut_lift) == (None, None, None)


def test_bundled_routines_use_a_circuit_and_warmups():
    import yaml

    circuit = yaml.safe_load((ROOT / "routines" / "home-circuit.yaml").read_text())
    assert any("circuit" in entry for entry in circuit["exercises"])
    assert any("superset" in entry for entry in circuit["exercises"])
    day = yaml.safe_load((ROOT / "routines" / "intermediate-day-1.yaml").read_text())
    assert any(entry.get("warmup") == "auto" for entry in day["exercises"])


def test_next_time_for_a_circuit_exercise_speaks_of_rounds():
    bridge = load(CIRCUIT).routine.blocks[1]
    assert advise(bridge, None).describe(bridge).startswith("2 rounds x 12")


def test_the_workout_progress_says_a_warmup_comes_before_its_set():
    from pchain_tui.ui.text.describe import progress_text

    made = replace(barbell(sets=2, reps=5, rest=90), warmup=Warmup(), load="60 kg")
    plan = build_plan(routine(made), Warmed())
    assert progress_text(plan, 2, 0).endswith("before set 1 of 2")  # the first warm-up
    assert progress_text(plan, 7, 0).endswith("before set 1 of 2")  # the rest after the last one
    assert progress_text(plan, 8, 0).endswith("·  set 1 of 2")
