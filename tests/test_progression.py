"""Progression and schedule rules, against examples worked by hand from the training facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import Block, Exercise, Routine, Side, WorkKind
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.engine import SessionEngine
from pchain_tui.domain.session.plan import LowerBound, StepKind, Targets, build_plan
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.tempo import SELF_PACED, parse_tempo
from pchain_tui.domain.training.loads import Load, parse_load
from pchain_tui.domain.training.progression import Change, HistoryPolicy, advise
from pchain_tui.domain.training.recovery import ago, recency
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory
from tests.engine_helpers import run_through


def suggestion(block, last, settings=None) -> str:
    """Next time in words, as the summary says it."""
    return "next time: " + advise(block, last, settings).describe(block)


def schedule_note(now, routine, history, library=None):
    """The 48 h note for a routine, or None."""
    return recency(now, routine, history, library).note()

T0 = 1_790_000_000.0
HOUR = 3600.0

BRIDGE = Exercise("glute-bridge", "Glute bridge", targets=("glutes", "hamstrings"), equipment=("bodyweight",))
WALL_SIT = Exercise("wall-sit", "Wall sit", targets=("quads", "glutes"), equipment=("bodyweight",))
SL_RDL = Exercise("single-leg-rdl", "Single-leg RDL", targets=("hamstrings", "glutes"), equipment=("dumbbells",))
SWING = Exercise("kettlebell-swing", "Kettlebell swing", targets=("glutes", "hamstrings"), equipment=("kettlebell",))
ROW = Exercise("barbell-row", "Barbell row", targets=("lats", "rhomboids"), equipment=("barbell",))


def bridge(load: str | None = None) -> Block:
    """Beginner day 1's glute bridge: 3 x 12-15, tempo 2-0-1-1."""
    return Block(BRIDGE, 3, Range(12, 15), None, Range(30, 60), parse_tempo("2-0-1-1"), load=load)


def row(load: str | None = None) -> Block:
    """A barbell row, 3 x 12-15 like the bridge (to compare like with like), tempo 2-0-1-1."""
    return Block(ROW, 3, Range(12, 15), None, Range(30, 60), parse_tempo("2-0-1-1"), load=load)


def swing() -> Block:
    """3 x 12-15 kettlebell swings at your own pace."""
    return Block(SWING, 3, Range(12, 15), None, Range(60, 60), SELF_PACED)


def wall_sit() -> Block:
    """3 x 30-45 s."""
    return Block(WALL_SIT, 3, None, Range(30, 45), Range(60, 60), parse_tempo("2-0-1-0"))


def single_leg_rdl() -> Block:
    """2 x 8-10 per side."""
    return Block(SL_RDL, 2, Range(8, 10), None, Range(45, 45), parse_tempo("3-0-1-0"), per_side=True)


def reps(*done: int, exercise: str = "glute-bridge", load: str | None = None, kind: str = "paced",
         sides: tuple[str | None, ...] = (None,), at: float = T0) -> list[SetRecord]:
    """Sets with these reps done, in order (per-side: left then right for each value pair)."""
    records = []
    for index, amount in enumerate(done):
        side = sides[index % len(sides)]
        number = index // len(sides) + 1
        records.append(SetRecord(0, exercise, exercise, number, Side(side) if side else None, WorkKind(kind), 12,
                                 amount, None, None, load,
                                 "2-0-1-1", at + index * 60, at + index * 60 + 40, 40.0))
    return records


def holds(*seconds: float, exercise: str = "wall-sit", load: str | None = None, at: float = T0) -> list[SetRecord]:
    return [SetRecord(0, exercise, exercise, i + 1, None, WorkKind.HOLD, None, None, 30.0, s, load, "", at + i * 90,
                      at + i * 90 + s, s) for i, s in enumerate(seconds)]


# --- double progression for reps: the hand-worked examples ------------------------------


def test_all_sets_at_the_top_adds_load_and_goes_back_to_the_bottom():
    done = reps(15, 15, 15, exercise="barbell-row", load="40 kg")
    advice = advise(row(), done)
    assert advice.change is Change.ADD_LOAD
    assert advice.targets(row()) == Targets(reps=12, seconds=None, rest=30, load="42.5 kg")
    assert suggestion(row(), done) == "next time: add 2.5 kg (42.5 kg), back to 3 x 12"


def test_bodyweight_at_the_top_never_gets_a_load_it_never_had():
    """A bridge with nothing on the hips: no "add 2.5 kg"; the harder variation, else a slower lowering."""
    plain = advise(bridge(), reps(15, 15, 15))
    assert plain.change is Change.SLOWER_ECCENTRIC and plain.load is None
    assert plain.targets(bridge()).load is None
    harder = Block(replace(BRIDGE, harder="single-leg-glute-bridge", harder_name="Single-leg glute bridge"), 3,
                   Range(12, 15), None, Range(30, 60), parse_tempo("2-0-1-1"))
    advice = advise(harder, reps(15, 15, 15))
    assert advice.change is Change.HARDER_VARIATION and advice.targets(harder).load is None
    assert advice.describe(harder) == "ready for a harder variation: Single-leg glute bridge (or 3 x 15 again)"
    assert advise(harder, reps(15, 15, 15), Settings(slower_eccentric=True)).change is Change.SLOWER_ECCENTRIC
    self_paced = Block(replace(SWING, equipment=("bodyweight",)), 3, Range(12, 15), None, Range(60, 60), SELF_PACED)
    at_top = advise(self_paced, reps(15, 15, 15, kind="self"))
    assert at_top.change is Change.AT_THE_TOP and at_top.targets(self_paced).reps == 15 and at_top.load is None


def test_uneven_sets_each_aim_one_higher_so_15_14_13_gives_14_to_15():
    advice = advise(bridge(), reps(15, 14, 13))
    assert advice.change is Change.MORE_REPS
    assert (advice.low, advice.high) == (14, 15)
    assert advice.targets(bridge()).reps == 14
    assert advice.targets(bridge()).by_set == (15, 15, 14)  # each set one more than it did, capped at 15
    assert suggestion(bridge(), reps(15, 14, 13)) == "next time: 3 x 14-15 (one more rep per set)"


def test_each_set_of_todays_plan_is_paced_to_its_own_target():
    from pchain_tui.domain.model import Routine
    from pchain_tui.domain.session.plan import StepKind, build_plan

    class Policy:
        def targets(self, block):
            return advise(block, reps(15, 14, 13)).targets(block)

    routine = Routine("r", "R", (bridge(),))
    work = [s for s in build_plan(routine, Policy()).steps if s.kind is StepKind.WORK]
    assert [s.target_reps for s in work] == [15, 15, 14]
    assert work[0].duration == pytest.approx(15 * work[2].duration / 14)  # the pacing follows the target


def test_a_side_pair_aims_one_more_than_its_weaker_side():
    both = ("left", "right")
    uneven = advise(single_leg_rdl(), reps(8, 10, 10, 10, exercise="single-leg-rdl", sides=both))
    assert uneven.by_set == (9, 10)


@pytest.mark.parametrize(("done", "target"), [
    ((12, 12, 12), 13),
    ((13, 13, 12), 13),
    ((14, 14, 14), 15),
    ((15, 15, 14), 15),
])
def test_one_more_rep_per_set_inside_the_range(done, target):
    advice = advise(bridge(), reps(*done))
    assert advice.change is Change.MORE_REPS
    assert advice.targets(bridge()).reps == target
    assert advice.high <= 15


def test_a_bad_day_below_the_range_comes_back_to_its_bottom():
    advice = advise(bridge(), reps(10, 9, 8))
    assert advice.change is Change.BACK_TO_RANGE and advice.targets(bridge()).reps == 12
    assert suggestion(bridge(), reps(10, 9, 8)) == "next time: 3 x 12 (at least the bottom of the range)"


def test_a_set_not_done_is_not_a_success_so_the_targets_repeat():
    quit_early = reps(15, 15)  # the third set never came
    advice = advise(bridge(), quit_early)
    assert advice.change is Change.REPEAT and advice.targets(bridge()).reps == 12  # what was asked: 12
    assert suggestion(bridge(), quit_early) == "next time: 3 x 12 (again: 2 of 3 sets were done last time)"
    skipped = reps(9, 9, exercise="barbell-row", load="40 kg") + [replace(
        reps(9, exercise="barbell-row")[0], set_number=3, done_reps=None, skipped=True, target_reps=9)]
    rdl = advise(row(), skipped)  # 2 of 3 RDL-like sets done, the third skipped
    assert rdl.change is Change.REPEAT and rdl.load == "40 kg"  # no "one more rep per set"
    assert rdl.describe(row()) == "3 x 9-12 (again: set 3 was skipped last time)"


def test_the_first_time_is_the_bottom_of_every_range():
    for block in (bridge(), wall_sit(), single_leg_rdl()):
        advice = advise(block, None)
        assert advice.change is Change.FIRST_TIME
        assert advice.targets(block) == LowerBound().targets(block)
    assert suggestion(bridge(), []) == "next time: 3 x 12 (the bottom of the range, to start)"


# --- load: the step, the units, free text ------------------------------------------------------


@pytest.mark.parametrize(("text", "load"), [
    ("20 kg", Load(20, "kg")),
    ("45lb", Load(45, "lb")),
    ("20", Load(20, "kg")),
    ("22.5 kg per hand", Load(22.5, "kg", " per hand")),
    ("22,5 kg", Load(22.5, "kg")),
    ("10 KGS", Load(10, "kg")),
    ("35 pounds", Load(35, "lb")),
    ("16 kilograms", Load(16, "kg")),
    ("light", None),
    ("2 x 10 kg", None),
    ("2x10kg", None),
    ("", None),
    (None, None),
])
def test_parse_load(text, load):
    assert parse_load(text) == load


def test_a_bare_number_is_in_the_configured_units():
    assert parse_load("20", "lb") == Load(20, "lb")
    assert str(Load(22.5, "kg", " per hand")) == "22.5 kg per hand"


@pytest.mark.parametrize(("load", "settings", "words"), [
    ("20 kg", Settings(), "add 2.5 kg (22.5 kg), back to 3 x 12"),
    ("45lb", Settings(units="lb"), "add 5 lb (50 lb), back to 3 x 12"),
    ("20", Settings(units="lb"), "add 5 lb (25 lb), back to 3 x 12"),
    ("20 kg", Settings(load_step=1.25), "add 1.25 kg (21.25 kg), back to 3 x 12"),
    ("45 lb", Settings(units="kg"), "add 5 lb (50 lb), back to 3 x 12"),  # the load's own unit and step
    (None, Settings(units="lb"), "add the smallest plates (5 lb); log the load you use and pchain works "
                                 "out the next one, back to 3 x 12"),
    ("light", Settings(), "add the smallest plates (2.5 kg) from light, back to 3 x 12"),
    ("2 x 10 kg", Settings(), "add the smallest plates (2.5 kg) from 2 x 10 kg, back to 3 x 12"),
])
def test_adding_load_to_a_barbell(load, settings, words):
    assert suggestion(row(), reps(15, 15, 15, exercise="barbell-row", load=load), settings) == "next time: " + words


@pytest.mark.parametrize(("load", "settings", "words"), [
    ("16 kg", Settings(), "take the 20 kg bell, back to 3 x 12"),  # not 18.5 kg: no such bell
    ("12 kg", Settings(), "take the 14 kg bell, back to 3 x 12"),
    ("35 lb", Settings(units="lb"), "take the 44 lb bell, back to 3 x 12"),
    ("18 kg", Settings(), "your bells: the next size up, back to 3 x 12"),  # an unusual bell
    ("48 kg", Settings(), "your bells: the next size up, back to 3 x 12"),  # the heaviest common bell
    ("light", Settings(), "your bells: the next size up from light, back to 3 x 12"),
])
def test_a_kettlebell_goes_to_the_next_common_bell(load, settings, words):
    done = reps(15, 15, 15, exercise="kettlebell-swing", kind="self", load=load)
    assert suggestion(swing(), done, settings) == "next time: " + words


def test_dumbbells_and_machines_take_their_own_step():
    dumbbells = Block(SL_RDL, 2, Range(8, 10), None, Range(45, 45), parse_tempo("3-0-1-0"))
    done = reps(10, 10, exercise="single-leg-rdl", load="12 kg per hand")
    assert advise(dumbbells, done).load == "14 kg per hand"
    assert advise(dumbbells, done, Settings(dumbbell_step=2.5)).load == "14.5 kg per hand"
    cable = Block(replace(ROW, equipment=("cable machine",)), 3, Range(12, 15), None, Range(60, 60),
                  parse_tempo("2-0-1-1"))
    assert advise(cable, reps(15, 15, 15, exercise="barbell-row", load="30 kg")).load == "35 kg"
    band = Block(replace(ROW, equipment=("resistance band",)), 3, Range(12, 15), None, Range(60, 60),
                 parse_tempo("2-0-1-1"))
    assert advise(band, reps(15, 15, 15, exercise="barbell-row")).describe(band) == (
        "take a stronger band, back to 3 x 12")


def test_the_heaviest_written_load_is_the_one_built_on():
    sets = reps(15, 15, exercise="barbell-row", load="20 kg") + [replace(
        reps(15, exercise="barbell-row", load="22.5 kg", at=T0 + 500)[0], set_number=3)]
    assert advise(row(), sets).load == "25 kg"


def test_a_slower_eccentric_for_bodyweight_at_the_top():
    advice = advise(bridge(), reps(15, 15, 15))
    assert advice.change is Change.SLOWER_ECCENTRIC and advice.eccentric == 3
    assert advice.targets(bridge()).reps == 15  # stays at the top, lowering slower
    assert suggestion(bridge(), reps(15, 15, 15)) == "next time: 3 x 15, lowering in 3 s instead of 2"
    weighted = advise(bridge(), reps(15, 15, 15, load="20 kg"))  # a plate on the hips: there is load to add
    assert weighted.change is Change.ADD_LOAD and weighted.load == "22.5 kg"


def test_today_s_rest_is_the_rest_taken_last_time_inside_the_range():
    rested = [replace(s, rest_after=rest) for s, rest in zip(reps(13, 13, 13), (50, 55, None))]
    assert advise(bridge(), rested).targets(bridge()).rest == 52  # the median, rounded
    too_long = [replace(s, rest_after=240.0) for s in reps(13, 13, 13)]
    assert advise(bridge(), too_long).targets(bridge()).rest == 60  # never past the range's top
    assert advise(bridge(), reps(13, 13, 13)).targets(bridge()).rest == 30  # none known: the bottom


# --- holds and per-side work --------------------------------------------------------------------


@pytest.mark.parametrize(("done", "change", "target", "by_set", "words"), [
    ((30.0, 30.0, 30.0), Change.LONGER_HOLD, 35, (), "3 x 35 s (5 s longer)"),
    ((29.98, 30.01, 30.0), Change.LONGER_HOLD, 35, (), "3 x 35 s (5 s longer)"),
    ((40.0, 35.0, 35.0), Change.LONGER_HOLD, 40, (45, 40, 40), "3 x 40-45 s (5 s longer)"),
    ((45.0, 45.0, 44.7), Change.AT_THE_TOP, 45, (),
     "3 x 45 s (the top of the range: hold on past it while it stays solid, or hold a load)"),
    ((22.0, 30.0, 30.0), Change.BACK_TO_RANGE, 30, (30, 35, 35), "3 x 30-35 s (at least the bottom of the range)"),
])
def test_holds_grow_by_five_seconds_to_the_top_of_the_range(done, change, target, by_set, words):
    advice = advise(wall_sit(), holds(*done))
    assert advice.change is change
    assert advice.targets(wall_sit()) == Targets(reps=None, seconds=target, rest=60, load=None, by_set=by_set)
    assert advice.describe(wall_sit()) == words


def test_per_side_sets_count_both_sides():
    block = single_leg_rdl()
    both = ("left", "right")
    top = reps(10, 10, 10, 10, exercise="single-leg-rdl", sides=both, load="10 kg")
    assert advise(block, top).change is Change.ADD_LOAD
    uneven = reps(10, 9, 10, 10, exercise="single-leg-rdl", sides=both)
    assert suggestion(block, uneven) == "next time: 2 x 10 per side (one more rep per set)"
    one_side_missing = reps(10, 10, 10, exercise="single-leg-rdl", sides=both)
    assert advise(block, one_side_missing).change is Change.REPEAT


def test_sets_done_another_way_do_not_count():
    assert advise(bridge(), holds(30, 30, 30, exercise="glute-bridge")).change is Change.FIRST_TIME
    assert advise(wall_sit(), reps(12, 12, exercise="wall-sit")).change is Change.FIRST_TIME


# --- the target policy backed by history --------------------------------------------------------


def _session(*sets: SetRecord, routine: str = "beginner-day-1", at: float = T0) -> SessionRecord:
    return SessionRecord(routine, routine, "hash", at, at + 1800, RecordState.FINISHED, list(sets))


@pytest.fixture
def store(tmp_path: Path):
    with HistoryStore(tmp_path / "history.sqlite3") as opened:
        yield opened


def test_history_policy_falls_back_to_the_lower_bounds(store: HistoryStore):
    policy = HistoryPolicy(store)
    assert policy.targets(bridge()) == LowerBound().targets(bridge())
    assert policy.last(bridge()) is None


def test_history_policy_uses_the_latest_session_of_the_exercise_in_any_routine(store: HistoryStore):
    store.start_session(_session(*reps(12, 12, 12), at=T0))
    store.start_session(_session(*reps(15, 14, 13, at=T0 + 48 * HOUR), routine="top-five", at=T0 + 48 * HOUR))
    policy = HistoryPolicy(store)
    assert policy.targets(bridge()).reps == 14
    assert policy.advice(bridge()).high == 15
    assert [s.done_reps for s in policy.last(bridge())] == [15, 14, 13]
    assert HistoryPolicy(store, before=T0 + 48 * HOUR).targets(bridge()).reps == 13  # as it was for that session


def test_history_policy_looks_past_a_session_done_another_way(store: HistoryStore):
    store.start_session(_session(*reps(13, 13, 13), at=T0))
    store.start_session(_session(*holds(30, 30, exercise="glute-bridge", at=T0 + HOUR), at=T0 + HOUR))
    assert HistoryPolicy(store).targets(bridge()).reps == 14


def test_history_policy_follows_settings(store: HistoryStore):
    store.start_session(_session(*reps(15, 15, 15, exercise="barbell-row", load="45 lb")))
    policy = HistoryPolicy(store, Settings(units="lb"))
    assert policy.advice(row()).load == "50 lb"
    assert policy.targets(row()).reps == 12


def test_history_policy_follows_the_same_prescription_not_just_the_exercise(store: HistoryStore):
    """A heavy 2-3 rep bridge at its top must not set a 12-15 bodyweight bridge's load or reps."""
    heavy = [replace(s, range_low=2, range_high=3, load="100 kg") for s in reps(3, 3, 3)]
    store.start_session(_session(*heavy, routine="heavy-bridges", at=T0))
    policy = HistoryPolicy(store, routine_id="beginner-day-1")
    assert policy.last(bridge()) is None and policy.targets(bridge()) == LowerBound().targets(bridge())
    store.start_session(_session(*[replace(s, range_low=12, range_high=15) for s in reps(13, 13, 13)],
                                 routine="top-five", at=T0 + HOUR))  # the same 12-15 in another routine counts
    assert HistoryPolicy(store, routine_id="beginner-day-1").targets(bridge()).reps == 14
    old = reps(12, 12, 12)  # sets from before prescriptions were kept: only this routine's own count
    store.start_session(_session(*old, routine="seven-moves", at=T0 + 2 * HOUR))
    assert HistoryPolicy(store, routine_id="beginner-day-1").targets(bridge()).reps == 14
    assert HistoryPolicy(store, routine_id="seven-moves").targets(bridge()).reps == 13


def test_history_policy_on_a_broken_history_gives_the_lower_bounds(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    path.mkdir()
    policy = HistoryPolicy(SafeHistory(path, clock=FakeClock()))
    assert policy.targets(bridge()) == LowerBound().targets(bridge())


def test_sessions_in_a_row_progress_through_the_plan(store: HistoryStore):
    """Three sessions with the engine: 12s, then 13s, ..., the plan's targets come from history."""
    routine = Routine("bridges", "Bridges", (bridge(),), content_hash="h")
    targets = []
    for day in range(4):
        plan = build_plan(routine, HistoryPolicy(store))
        targets.append({s.target_reps for s in plan.steps if s.kind is StepKind.WORK})
        clock = FakeClock(start=100.0, epoch=T0 + day * 48 * HOUR)
        engine = SessionEngine(plan, clock)
        run_through(engine, clock)
        store.start_session(engine.record)
    assert targets == [{12}, {13}, {14}, {15}]
    latest = store.exercise_history("glute-bridge")[0].sets
    assert suggestion(bridge(), latest) == "next time: 3 x 15, lowering in 3 s instead of 2"  # bodyweight


# --- schedule awareness -------------------------------------------------------------------------


DAY1 = Routine("beginner-day-1", "Beginner day 1", (bridge(), wall_sit()))
DAY2 = Routine("beginner-day-2", "Beginner day 2",
               (Block(ROW, 3, Range(10, 12), None, Range(60, 60), parse_tempo("2-0-1-1")),))


def test_no_note_when_never_trained_or_rested_long_enough(store: HistoryStore):
    assert schedule_note(T0, DAY1, store) is None
    store.start_session(_session(*reps(12, 12, 12), at=T0))
    assert schedule_note(T0 + 49 * HOUR, DAY1, store) is None
    assert recency(T0 + 49 * HOUR, DAY1, store).routine_at == T0 + 2 * 60 + 40


def test_a_note_when_the_routine_was_done_less_than_48_hours_ago(store: HistoryStore):
    store.start_session(_session(*reps(12, 12, 12), at=T0))
    note = schedule_note(T0 + 21 * HOUR, DAY1, store)  # the last set ended 2 min 40 s after T0
    assert note == ("You did Beginner day 1 20 h ago; the guidance is at least 48 h between sessions, "
                    "so another routine or a rest day may suit today better.")


def test_a_note_when_the_muscles_were_worked_by_another_routine(store: HistoryStore):
    store.start_session(_session(*reps(12, 12, 12, exercise="barbell-row", at=T0), routine="beginner-day-2"))
    store.start_session(_session(*reps(10, 10, exercise="single-leg-rdl", at=T0 + 10 * HOUR), routine="other",
                                 at=T0 + 10 * HOUR))
    library = {"single-leg-rdl": SL_RDL, "barbell-row": ROW}
    now = T0 + 30 * HOUR
    found = recency(now, DAY1, store, library)
    assert found.routine_at is None and found.recent_muscles == ["glutes", "hamstrings"]
    assert schedule_note(now, DAY1, store, library) == (
        "This routine works muscles you trained recently: glutes (19 h ago) and hamstrings (19 h ago) were worked "
        "less than 48 h ago; the guidance is at least 48 h between sessions, so take it easy if they are still sore.")
    assert schedule_note(now, DAY1, store) is None  # without the library the rdl's muscles are unknown
    assert schedule_note(now, DAY2, store, library).startswith("You did Beginner day 2 29 h ago")


def test_schedule_from_a_safe_history_that_cannot_be_read(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    path.mkdir()
    assert schedule_note(T0, DAY1, SafeHistory(path, clock=FakeClock())) is None


@pytest.mark.parametrize(("seconds", "words"), [
    (-30, "just now"), (59, "just now"), (60, "1 min ago"), (3599, "59 min ago"), (3600, "1 h ago"),
    (47.9 * HOUR, "47 h ago"), (48 * HOUR, "2 days ago"), (10 * 24 * HOUR, "10 days ago"),
])
def test_ago(seconds, words):
    assert ago(T0 + seconds, T0) == words
