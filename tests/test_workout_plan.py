"""What the plan tells the set screen: last time's numbers for each set, and which set of the workout a
step is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rich.console import Console

from pchain_tui.domain.model import Block, Exercise, Routine, Side, WorkKind
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.plan import StepKind, build_plan
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.domain.training.progression import HistoryPolicy
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.ui.text import describe

T0 = 1_790_000_000.0
RDL = Exercise("romanian-deadlift", "Romanian deadlift", equipment=("barbell",))
SL_RDL = Exercise("single-leg-rdl", "Single-leg RDL", equipment=("dumbbells",))
WALL_SIT = Exercise("wall-sit", "Wall sit", equipment=("bodyweight",))


def rdl() -> Block:
    return Block(RDL, 3, Range(8, 10), None, Range(60, 60), parse_tempo("3-1-1-0"))


def sl_rdl() -> Block:
    return Block(SL_RDL, 2, Range(8, 10), None, Range(45, 45), parse_tempo("3-0-1-0"), per_side=True)


def wall_sit() -> Block:
    return Block(WALL_SIT, 2, None, Range(30, 45), Range(60, 60), parse_tempo("2-0-1-0"))


def done(block_index: int, exercise: Exercise, number: int, amount: float, *, side: Side | None = None,
         load: str | None = None, hold: bool = False, skipped: bool = False) -> SetRecord:
    """One set of last time, done to the blocks' prescriptions."""
    low, high = (30, 45) if hold else (8, 10)
    return SetRecord(block_index, exercise.id, exercise.name, number, side, WorkKind.HOLD if hold else WorkKind.PACED,
                     None if hold else 8, None if hold or skipped else int(amount), 30.0 if hold else None,
                     amount if hold and not skipped else None, load, "", T0 + number * 60, T0 + number * 60 + 40,
                     40.0, skipped=skipped, range_low=low, range_high=high)


@pytest.fixture
def store(tmp_path: Path):
    with HistoryStore(tmp_path / "history.sqlite3") as opened:
        yield opened


def work(plan, block_index: int) -> list:
    return [s for s in plan.steps if s.kind is StepKind.WORK and s.block_index == block_index]


def test_each_set_carries_the_same_set_of_last_time(store: HistoryStore):
    routine = Routine("r", "R", (rdl(), sl_rdl(), wall_sit()))
    last = [done(0, RDL, 1, 9, load="40 kg"), done(0, RDL, 2, 8, load="40 kg"),  # no third set last time
            done(1, SL_RDL, 1, 8, side=Side.LEFT, load="12 kg"), done(1, SL_RDL, 1, 7, side=Side.RIGHT, load="12 kg"),
            done(1, SL_RDL, 2, 0, side=Side.LEFT, skipped=True), done(1, SL_RDL, 2, 0, side=Side.RIGHT, skipped=True),
            done(2, WALL_SIT, 1, 35.4, hold=True), done(2, WALL_SIT, 2, 40, hold=True)]
    store.start_session(SessionRecord("r", "R", "hash", T0, T0 + 1800, RecordState.FINISHED, last))
    plan = build_plan(routine, HistoryPolicy(store))
    assert [describe.last_text(s) for s in work(plan, 0)] == ["last: 9 × 40 kg", "last: 8 × 40 kg", ""]
    assert [(s.side, describe.last_text(s)) for s in work(plan, 1)] == [
        (Side.LEFT, "last: 8 × 12 kg"), (Side.RIGHT, "last: 7 × 12 kg"),
        (Side.LEFT, "last: skipped"), (Side.RIGHT, "last: skipped")]
    assert [describe.last_text(s) for s in work(plan, 2)] == ["last: 35 s", "last: 40 s"]
    assert all(s.last is None for s in plan.steps if s.kind is not StepKind.WORK)


def test_nothing_of_last_time_the_first_time_or_without_a_history(store: HistoryStore):
    routine = Routine("r", "R", (rdl(),))
    assert all(s.last is None for s in build_plan(routine, HistoryPolicy(store)).steps)
    assert all(s.last is None for s in build_plan(routine).steps)


def test_an_exercise_done_twice_in_a_session_takes_each_blocks_own_sets(store: HistoryStore):
    """Set numbers repeat when an exercise has two blocks: each set is matched within its own block."""
    routine = Routine("r", "R", (rdl(), wall_sit(), rdl()))
    last = [done(0, RDL, 1, 10, load="40 kg"), done(2, RDL, 1, 6, load="50 kg")]
    store.start_session(SessionRecord("r", "R", "hash", T0, T0 + 1800, RecordState.FINISHED, last))
    plan = build_plan(routine, HistoryPolicy(store))
    assert describe.last_text(work(plan, 0)[0]) == "last: 10 × 40 kg"
    assert describe.last_text(work(plan, 2)[0]) == "last: 6 × 50 kg"


def test_reps_without_a_load_say_reps():
    step = build_plan(Routine("r", "R", (rdl(),))).steps[2]
    assert describe.last_text(replace(step, last=done(0, RDL, 1, 1))) == "last: 1 rep"
    assert describe.last_text(replace(step, last=done(0, RDL, 1, 9))) == "last: 9 reps"


def test_which_set_of_the_workout_each_step_is():
    """A per-side set counts once; a rest is the set before it, an intro or get-ready the one it leads to."""
    plan = build_plan(Routine("r", "R", (sl_rdl(), rdl())))
    seen = [(s.kind, s.side, plan.workout_set(i)) for i, s in enumerate(plan.steps)]
    intro, ready, left, switch, right, rest = seen[:6]
    assert (intro[2], ready[2], left[2], switch[2], right[2], rest[2]) == (1, 1, 1, 1, 1, 1)
    assert seen[6][:2] == (StepKind.WORK, Side.LEFT) and seen[6][2] == 2
    sets = [number for kind, _side, number in seen if kind is StepKind.WORK]
    assert sets == [1, 1, 2, 2, 3, 4, 5]
    assert seen[-1] == (StepKind.FINISHED, None, 5)
    assert describe.sets_planned(plan) == 5  # the count the summary gives
    assert describe.progress_text(plan, 5, 75.0) == "workout 1:15  ·  after set 1 of 5"
    assert describe.progress_text(plan, 6, 3600.0) == "workout 60:00  ·  set 2 of 5"


def test_the_summary_counts_a_per_side_exercise_by_its_sets():
    """Quit after one of two sets per side: one set was not reached, not two sides of it."""
    routine = Routine("r", "R", (sl_rdl(),))
    plan = build_plan(routine)
    record = SessionRecord("r", "R", "", T0, T0 + 200, RecordState.ABANDONED,
                           [done(0, SL_RDL, 1, 8, side=Side.LEFT), done(0, SL_RDL, 1, 7, side=Side.RIGHT)])
    console = Console(width=80, record=True)
    console.print(describe.summary_table(plan, record))
    row = next(line for line in console.export_text().splitlines() if "Single-leg RDL" in line)
    assert "8/7  (1 not reached)" in row
