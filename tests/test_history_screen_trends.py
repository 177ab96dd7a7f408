"""The history screen's numbers and drawing, without an app: each measure's points, the time under
tension split by phase (recorded or computed from tempo x reps), the page query, and the chart."""

from __future__ import annotations

from datetime import date

import pytest

from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord
from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.domain.training.trends import TUT_PHASES, Measure, phase_split, sets_in_words, trend
from pchain_tui.storage.history_queries import Cursor, session_page
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.ui.widgets.trend_chart import draw, one_line

from .history_samples import DAY, training_session, work_set, write_training

NOON = 1_790_000_000.0 - (1_790_000_000 % DAY) + 12 * 3600  # midday UTC: the same date in most zones


def sessions_of(exercise_id: str, records) -> list[ExerciseSession]:
    return [ExerciseSession(n, r.routine_id, r.routine_name, r.started_at,
                            tuple(s for s in r.sets if s.exercise_id == exercise_id)) for n, r in enumerate(records)]


def rdl(loads_reps: list[tuple[str | None, int]], at: float = NOON, warmup: tuple[str, int] | None = None):
    sets = [work_set(0, "romanian-deadlift", "RDL", k + 1, WorkKind.PACED, at + k, reps=reps, load=load)
            for k, (load, reps) in enumerate(loads_reps)]
    if warmup:
        sets.insert(0, work_set(0, "romanian-deadlift", "RDL", 0, WorkKind.PACED, at - 100, reps=warmup[1],
                                load=warmup[0], role="warmup"))
    return ExerciseSession(0, "r", "R", at, tuple(sets))


def test_top_load_e1rm_and_volume_come_from_the_sets_that_count_only():
    day1 = rdl([("40 kg", 10), ("42.5 kg", 8)], NOON, warmup=("100 kg", 1))  # a silly warm-up never counts
    day2 = rdl([("45 kg", 6), ("45 kg", 15)], NOON + 3 * DAY)
    top = trend(Measure.TOP_LOAD, [day2, day1])  # any order in: oldest first out
    assert [p.value for p in top.points] == [42.5, 45] and top.unit == "kg" and "(kg)" in top.title
    e1rm = trend(Measure.E1RM, [day1, day2])
    # Epley: 40 x (1 + 10/30) = 53.3, 42.5 x (1 + 8/30) = 53.8; day 2's 15-rep set says nothing.
    assert [round(p.value, 1) for p in e1rm.points] == [53.8, 54.0]
    assert "Epley" in e1rm.title and "12 reps or fewer" in e1rm.note
    volume = trend(Measure.VOLUME, [day1, day2])
    assert [p.value for p in volume.points] == [40 * 10 + 42.5 * 8, 45 * 6 + 45 * 15]
    reps = trend(Measure.REPS, [day1, day2])
    assert [p.value for p in reps.points] == [10, 15] and reps.label(15) == "15 reps" and reps.label(1) == "1 rep"
    ramp = rdl([("40 kg", 8)], NOON, warmup=("20 kg", 20))  # twenty easy reps to warm up are not the best set
    assert [p.value for p in trend(Measure.REPS, [ramp]).points] == [8]
    assert [p.value for p in trend(Measure.VOLUME, [ramp]).points] == [320]


def test_loads_of_another_unit_are_left_out_and_said_and_words_get_no_load_chart():
    mixed = [rdl([("100 lb", 5)], NOON), rdl([("50 kg", 5)], NOON + DAY)]
    top = trend(Measure.TOP_LOAD, mixed)
    assert [p.value for p in top.points] == [50] and "Only loads in kg" in top.note
    bodyweight = [rdl([(None, 12)], NOON), rdl([("light", 14)], NOON + DAY)]
    none = trend(Measure.TOP_LOAD, bodyweight)
    assert none.points == () and none.note.startswith("No load chart")
    volume = trend(Measure.VOLUME, bodyweight)
    assert [p.value for p in volume.points] == [12, 14] and volume.unit == "reps" and "total reps" in volume.title


def test_holds_chart_seconds_and_estimate_no_1rm():
    holds = [ExerciseSession(n, "r", "R", NOON + n * DAY, tuple(
        work_set(0, "wall-sit", "Wall sit", k, WorkKind.HOLD, NOON + n * DAY + k, seconds=30.0 + n) for k in (1, 2)))
        for n in range(2)]
    longest = trend(Measure.REPS, holds)
    assert longest.title == "Longest hold (s)" and [p.value for p in longest.points] == [30, 31]
    assert trend(Measure.E1RM, holds).points == ()
    tut = trend(Measure.TUT, holds)
    assert [p.parts[TUT_PHASES.index("holding")] for p in tut.points] == [60, 62]


def test_time_under_tension_is_split_by_phase_recorded_or_from_tempo_times_reps():
    recorded = work_set(0, "x", "X", 1, WorkKind.PACED, NOON, reps=10, split=True)
    assert phase_split(recorded) == ((30.0, 10.0, 10.0, 0.0, 0.0), False)
    older = work_set(0, "x", "X", 1, WorkKind.PACED, NOON, reps=10, tempo="2-0-X-1")
    assert phase_split(older) == ((20.0, 10.0, 10.0, 0.0, 0.0), True)  # X paced as 1 s, like the set screen
    swings = work_set(0, "x", "X", 1, WorkKind.SELF_PACED, NOON, reps=20, tempo="self")
    assert phase_split(swings) == ((0.0, 0.0, 0.0, 0.0, 30.0), False)
    records = [training_session(0, NOON, split=False), training_session(1, NOON + DAY, split=True)]
    series = trend(Measure.TUT, sessions_of("romanian-deadlift", records))
    assert [p.computed for p in series.points] == [True, False]
    assert "1 session was recorded without the split by phase: computed from tempo x reps done" in series.note
    assert all(abs(p.value - sum(p.parts)) < 1e-9 for p in series.points)


def test_sets_in_words():
    assert sets_in_words([(10,), (10,), (10,)], False, ["40 kg"]) == "3 x 10 at 40 kg"
    assert sets_in_words([(12,), (10,)], False, []) == "12, 10 reps"
    assert sets_in_words([(30,), (32.4,)], True, []) == "30, 32 s"
    assert sets_in_words([(8,), (8,)], False, ["40 kg", "45 kg"]) == "2 x 8 at 40 kg to 45 kg"
    # Per side: both sides of a set are one set.
    assert sets_in_words([(8, 8), (8, 8)], False, ["30 kg"]) == "2 x 8 per side at 30 kg"
    assert sets_in_words([(8, 8), (8, 7)], False, []) == "8/8, 8/7 reps"
    assert sets_in_words([(30, 30), (30, 30)], True, []) == "2 x 30 s per side"
    assert sets_in_words([(8, 8), (8,)], False, []) == "8/8, 8 reps"  # a side skipped is not "2 x 8 per side"


def single_leg_session(store: HistoryStore, at: float) -> None:
    """Two sets per side of a single-leg RDL after a warm-up per side, and one set skipped."""
    name, sets = "Single-leg Romanian deadlift", []
    for number, reps, role in ((-1, (10, 10), "warmup"), (1, (8, 8), "work"), (2, (8, 7), "work")):
        for side, done in zip((Side.LEFT, Side.RIGHT), reps):
            sets.append(work_set(0, "single-leg-rdl", name, number, WorkKind.PACED, at + 60 * number, reps=done,
                                 load="10 kg" if role == "warmup" else "24 kg", role=role, side=side))
    for side in (Side.LEFT, Side.RIGHT):
        sets.append(work_set(0, "single-leg-rdl", name, 3, WorkKind.PACED, at + 300, reps=8, load="24 kg",
                             side=side, skipped=True))
    store.start_session(SessionRecord("r", "R", "h", at, at + 400, RecordState.FINISHED, sets))


def test_a_per_side_exercise_is_listed_by_its_sets_not_its_sides(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        single_leg_session(store, NOON)
        line = session_page(store)[0].exercises[0]
        assert line.amounts == ((8.0, 8.0), (8.0, 7.0)) and line.loads == ("24 kg",)
        assert (line.warmups, line.skipped) == (1, 1)
        assert sets_in_words(line.amounts, line.is_hold, line.loads) == "8/8, 8/7 reps at 24 kg"
        (session,) = store.exercise_history("single-leg-rdl")
        assert session.by_set() == line.amounts


def test_no_estimated_1rm_is_said_when_no_set_had_reps_to_estimate_from():
    nothing = trend(Measure.E1RM, [rdl([("40 kg", 0), ("40 kg", 0)]), rdl([("45 kg", 20)], NOON + DAY)])
    assert not nothing.points
    assert nothing.note.startswith("No 1RM to estimate yet: no set at a load in kg had 1 to 12 reps. Epley: ")
    some = trend(Measure.E1RM, [rdl([("40 kg", 5)])])
    assert some.points and not some.note.startswith("No 1RM")


def test_the_page_query_lists_every_session_once_newest_first(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        write_training(store, sessions=130, end=NOON)
        seen, after = [], None
        while page := session_page(store, after, limit=60):
            seen += page
            after = Cursor(page[-1].started_at, page[-1].session_id)
        assert len(seen) == 130 and len({s.session_id for s in seen}) == 130
        assert [s.started_at for s in seen] == sorted((s.started_at for s in seen), reverse=True)
        rdl_line = seen[0].exercises[0]
        assert rdl_line.exercise_name == "Romanian deadlift" and rdl_line.warmups == 1
        assert len(rdl_line.amounts) == 3 and rdl_line.loads == ("147.5 kg",)  # 40 + 2.5 x (129 // 3)


def test_the_chart_has_units_on_the_y_axis_and_dates_on_the_x_axis():
    days = [rdl([(f"{40 + n} kg", 8)], NOON + n * 7 * DAY) for n in range(10)]
    series = trend(Measure.TOP_LOAD, days)
    lines = draw(series, 60, 12).plain.splitlines()
    assert len(lines) == 12 and all(len(line) <= 60 for line in lines)
    assert lines[0].lstrip().startswith("50 kg ┤") and lines[-3].lstrip().startswith("40 kg ┤")  # round numbers
    assert " 10 sessions " in lines[-2]
    assert " 10 of 25 sessions " in draw(series, 60, 12, total=25).plain.splitlines()[-2]
    first, last = (date.fromtimestamp(d.started_at) for d in (days[0], days[-1]))
    assert lines[-1].lstrip().startswith(f"{first.day} {first:%b}") and lines[-1].endswith(f"{last.day} {last:%b}")
    assert any(0x2800 < ord(c) <= 0x28FF for c in "".join(lines))  # braille dots
    # Too small for a chart: one line, a sparkline and the first and last values.
    small = one_line(series, 40).plain
    assert small.endswith("40 kg → 49 kg") and len(small) <= 40
    assert draw(series, 40, 2).plain == small


def test_stacked_bars_fill_to_the_total_in_each_phase_colour():
    records = [training_session(n, NOON + n * DAY, split=True) for n in range(4)]
    series = trend(Measure.TUT, sessions_of("romanian-deadlift", records))
    chart = draw(series, 50, 10)
    assert "█" in chart.plain and chart.plain.splitlines()[0].lstrip().startswith(series.label(
        max(p.value for p in series.points)))
    colours = {str(span.style) for span in chart.spans}
    assert any("dodger_blue1" in c for c in colours) and any("green3" in c for c in colours)


def test_the_read_models_beside_the_store_can_only_read(tmp_path):
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        assert store.select("SELECT COUNT(*) FROM sessions").fetchone() == (0,)
        with pytest.raises(ValueError, match="only reads"):
            store.select("DELETE FROM sessions")
