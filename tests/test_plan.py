"""Expanding routines into steps, targets and estimated durations."""

from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.plan import Side, StepKind, Targets, Timings, build_plan
from pchain_tui.domain.tempo import Phase, Start

from .engine_helpers import block, routine


def kinds(plan):
    return [(s.kind.value, s.set_number, s.side.value if s.side else None) for s in plan.steps]


def test_steps_of_a_two_exercise_routine():
    plan = build_plan(routine(block("A", sets=2), block("B", sets=1, hold=30)))
    assert kinds(plan) == [
        ("intro", 0, None), ("get-ready", 1, None), ("work", 1, None), ("rest", 1, None),
        ("work", 2, None), ("rest", 2, None),
        ("intro", 0, None), ("get-ready", 1, None), ("work", 1, None),  # no rest after the last set
        ("finished", 0, None),
    ]


def test_per_side_sets_switch_and_both_sides_get_the_full_set():
    plan = build_plan(routine(block("Lunge", sets=2, reps=8, per_side=True)))
    assert kinds(plan)[2:-1] == [
        ("work", 1, "left"), ("switch", 1, "right"), ("work", 1, "right"), ("rest", 1, None),
        ("work", 2, "left"), ("switch", 2, "right"), ("work", 2, "right")]
    works = [s for s in plan.steps if s.kind is StepKind.WORK]
    assert {s.target_reps for s in works} == {8} and [s.side for s in works][:2] == [Side.LEFT, Side.RIGHT]


def test_paced_work_lasts_reps_times_tempo_in_start_order():
    plan = build_plan(routine(block(reps=5, tempo="3-1-2-0", start=Start.BOTTOM)))
    work = plan.steps[2]
    assert work.duration == 30 and work.target_reps == 5
    assert work.phases == ((Phase.LIFT, 2), (Phase.LOWER, 3), (Phase.PAUSE_BOTTOM, 1))


def test_explosive_uses_the_configured_time():
    plan = build_plan(routine(block(reps=4, tempo="20X0")), timings=Timings(explosive=0.5))
    assert plan.steps[2].duration == 10


def test_self_paced_work_waits_for_the_person():
    plan = build_plan(routine(block(reps=15, tempo="self")))
    assert plan.steps[2].duration is None and plan.steps[2].work_kind is WorkKind.SELF_PACED


def test_estimated_duration_adds_work_rests_and_countdowns():
    plan = build_plan(routine(block("A", sets=2, reps=3, tempo="2-0-1-1", rest=30),
                              block("B", sets=1, hold=40, rest=30),
                              block("C", sets=1, reps=10, tempo="self", rest=30),
                              block("D", sets=1, reps=2, per_side=True, rest=30)))
    # A: 3 get-ready + 2 x 12 work + 2 x 30 rest; B: 3 + 40 + 30; C: 3 + 10 x 2 s + 30;
    # D: 3 + 8 left + 5 switch + 8 right (last set: no rest)
    assert plan.estimated_seconds() == (3 + 24 + 60) + (3 + 40 + 30) + (3 + 20 + 30) + (3 + 8 + 5 + 8)


def test_targets_come_from_the_policy():
    class Upper:
        def targets(self, b):
            return Targets(int(b.reps.high) if b.reps else None, b.hold.high if b.hold else None, b.rest.high)

    from pchain_tui.domain.model import Block
    from pchain_tui.domain.quantities import Range

    ranged = block(reps=10)
    ranged = Block(ranged.exercise, 2, Range(10, 12), None, Range(30, 60), ranged.tempo)
    assert build_plan(routine(ranged)).steps[2].target_reps == 10
    plan = build_plan(routine(ranged), policy=Upper())
    assert plan.steps[2].target_reps == 12 and plan.steps[3].duration == 60


def test_next_work_looks_ahead():
    plan = build_plan(routine(block("A", sets=1), block("B", sets=1)))
    assert plan.next_work(3).block.exercise.name == "B"
    assert plan.next_work(len(plan.steps) - 1) is None


def test_todays_load_comes_from_the_policy_and_is_recorded():
    from pchain_tui.domain.clock import FakeClock
    from pchain_tui.domain.session.engine import SessionEngine

    class AddLoad:
        def targets(self, b):
            return Targets(int(b.reps.low), None, b.rest.low, load="22.5 kg")

    plan = build_plan(routine(block(reps=1, tempo="1-0-1-0")), policy=AddLoad())
    assert plan.steps[2].target_load == "22.5 kg"
    engine = SessionEngine(plan, FakeClock(start=100))
    engine.next(100)
    engine.poll(110)
    assert engine.record.sets[0].load == "22.5 kg"
    # without a load from the policy, the routine's own load stands
    from pchain_tui.domain.model import Block

    light = block(reps=1)
    light = Block(light.exercise, 1, light.reps, None, light.rest, light.tempo, load="light")
    assert build_plan(routine(light)).steps[2].target_load == "light"
