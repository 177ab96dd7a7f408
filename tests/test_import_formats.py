"""Reading Strong and Hevy exports into sessions (the domain: no database): real-shaped samples of
both Strong variants and Hevy in kg and lb, with warm-ups, rests, timed sets, notes and bad rows."""

from __future__ import annotations

import codecs
from datetime import datetime

import pytest

from pchain_tui.domain.importing.batch import ImportBatch, read_export
from pchain_tui.domain.importing.csv_table import NotAnExport, decode
from pchain_tui.domain.importing.exercise_names import BUNDLED_NAMES, ExerciseNames, read_name_table
from pchain_tui.domain.importing.formats import FORMATS
from pchain_tui.domain.model import WorkKind
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "import"
STRONG_HEADER = ("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
                 "Workout Notes,RPE")
HEVY_HEADER = ("title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
               "weight_kg,reps,distance_km,duration_seconds,rpe")


@pytest.fixture(scope="module")
def names(library) -> ExerciseNames:
    by_id = {ex_id: exercise.name for ex_id, exercise in library.items()}
    table = read_name_table(BUNDLED_NAMES, "exercise_names.yaml", by_id)
    assert not table.problems, table.problems
    return ExerciseNames([table], by_id)


def _read(text: str, app: str, names: ExerciseNames, unit: str = "kg") -> ImportBatch:
    return read_export(text, "export.csv", FORMATS[app], names, unit)


def _sample(name: str, app: str, names: ExerciseNames, unit: str = "kg") -> ImportBatch:
    return read_export(decode((SAMPLES / name).read_bytes()), name, FORMATS[app], names, unit)


def _local(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def test_strong_current_export_sessions_sets_roles_rests_and_notes(names):
    batch = _sample("strong-current.csv", "strong", names)
    assert [(r.routine_id, r.routine_name, len(r.sets)) for r in batch.sessions] == [
        ("strong:lower-a", "Lower A", 7), ("strong:upper-b", "Upper B", 4), ("strong:upper-b", "Upper B", 1)]
    lower = batch.sessions[0]
    assert lower.started_at == _local("2025-07-01 18:02:11")
    assert lower.ended_at == lower.started_at + 65 * 60  # "1h 5m"
    rdl = [s for s in lower.sets if s.exercise_id == "romanian-deadlift"]
    assert [(s.set_number, s.role, s.done_reps, s.load, s.rpe) for s in rdl] == [
        (-1, "warmup", 10, "40 kg", None), (1, "work", 10, "60 kg", 8.0), (2, "work", 9, "62.5 kg", 9.0)]
    assert rdl[1].rest_after == 90  # the "Rest Timer" row after it is a rest, not a set
    assert all(s.kind is WorkKind.SELF_PACED and s.tempo == "" and s.target_reps is None for s in rdl)
    assert rdl[0].note == "Workout note: Good sleep, felt strong"  # the workout's note, on its first set
    thrust = [s for s in lower.sets if s.exercise_id == "hip-thrust"]
    assert [s.note for s in thrust] == ['Pad under the bar, "thick" one', None]  # an exercise's note said once
    wall = next(s for s in lower.sets if s.exercise_id == "wall-sit")
    assert (wall.kind, wall.done_seconds, wall.done_reps, wall.load, wall.tut) == (WorkKind.HOLD, 45, None, None, 45)
    assert [s.block_index for s in lower.sets] == [0, 0, 0, 1, 1, 2, 3]
    assert batch.unit_assumed and batch.rests == 1


def test_strong_bad_rows_are_located_and_the_rest_import(names):
    batch = _sample("strong-current.csv", "strong", names)
    assert [str(p) for p in batch.problems] == [
        "strong-current.csv:11: Reps 'eleven' is not a whole number of 0 or more; the row is left out; "
        "write it like 10"]
    assert [str(p) for p in batch.doubts] == [
        "strong-current.csv:15: RPE '12' is not from 1 to 10; the set is imported without it; "
        "RPE runs from 1 (easy) to 10 (all out)"]
    rows = [s for s in batch.sessions[1].sets if s.exercise_id == "barbell-row"]
    # The row left out keeps its number (2), so the fixed file puts it in its place.
    assert [(s.set_number, s.done_reps, s.note) for s in rows] == [(1, 12, None), (3, 10, "knees\nhurt a bit")]


def test_strong_older_export_with_semicolons_and_units(names):
    batch = _sample("strong-old.csv", "strong", names)
    assert not batch.unit_assumed
    first, second = batch.sessions
    assert first.ended_at == first.started_at + 58 * 60  # "Workout Duration"
    assert [(s.exercise_id, s.load, s.done_reps) for s in first.sets] == [
        ("deadlift", "225 lb", 5), ("deadlift", "235 lb", 5), ("good-morning", "95 lb", 8),
        ("farmers-walk", "70 lb", None)]
    assert first.sets[-1].note == "40 m"  # a distance is kept, as words
    assert [(s.exercise_id, s.load) for s in second.sets] == [("superman-hold", None), ("kettlebell-swing", "24 kg")]
    assert [str(p) for p in batch.problems] == [
        "strong-old.csv:8: the Weight Unit 'stone' is not kg or lbs; the row is left out; Strong writes kg or lbs"]


def test_a_strong_file_without_units_takes_the_unit_given(names):
    batch = _read(f"{STRONG_HEADER}\n2025-07-01 18:00:00,A,45m,Deadlift,1,135,5,,,,,\n", "strong", names, "lb")
    assert batch.sessions[0].sets[0].load == "135 lb"


def test_hevy_export_roles_holds_distances_and_notes(names):
    batch = _sample("hevy.csv", "hevy", names)
    pull, legs = batch.sessions
    assert (pull.routine_id, pull.started_at, pull.ended_at) == (
        "hevy:pull-day", _local("2025-07-26 07:06"), _local("2025-07-26 08:01"))
    rdl = [s for s in pull.sets if s.exercise_id == "romanian-deadlift"]
    assert [(s.set_number, s.role, s.load, s.done_reps, s.rpe) for s in rdl] == [
        (-1, "warmup", "12 kg", 12, None), (1, "work", "24 kg", 10, 8.0), (2, "dropset", "16 kg", 12, 9.5)]
    assert rdl[0].note == "Slow on the way down\nWorkout note: Morning session"
    assert rdl[1].note is None  # the exercise's note, repeated on every row, is kept once
    by_id = {s.exercise_id: s for s in pull.sets}
    assert by_id["lat-pulldown-cable"].role == "failure" and by_id["lat-pulldown-cable"].rpe == 10
    assert by_id["single-leg-rdl"].exercise_name == "Single Leg Romanian Deadlift (Dumbbell)"
    assert (by_id["plank"].kind, by_id["plank"].done_seconds) == (WorkKind.HOLD, 60)
    walk = by_id["farmers-walk-dumbbell"]
    assert (walk.kind, walk.done_seconds, walk.load, walk.note) == (WorkKind.HOLD, 45, "32 kg", "0.05 km")
    assert [(s.done_reps, s.rpe) for s in legs.sets] == [(15, None), (15, None)]
    assert [p.line for p in batch.problems] == [9, 12]
    assert "the set_type 'superset' is not normal, warmup, dropset or failure" in str(batch.problems[0])
    assert "the start_time '28 July 2025, 25:30' is not a date and time" in str(batch.problems[1])
    assert [p.line for p in batch.doubts] == [11]


def test_hevy_in_pounds_and_miles(names):
    batch = _sample("hevy-lbs.csv", "hevy", names)
    sets = batch.sessions[0].sets
    assert [(s.exercise_id, s.load) for s in sets] == [("hip-thrust", "135 lb"), ("hip-thrust", "185.5 lb"),
                                                      ("treadmill", None)]
    assert (sets[2].done_seconds, sets[2].note) == (900, "1.5 mi")
    assert not batch.problems and not batch.unit_assumed


def test_the_wrong_app_or_no_export_at_all_says_which_columns(names):
    hevy = (SAMPLES / "hevy.csv").read_text(encoding="utf-8")
    with pytest.raises(NotAnExport) as caught:
        _read(hevy, "strong", names)
    assert caught.value.message.startswith(
        "this is not a Strong export: it has no 'date', 'workout name', 'exercise name', 'set order' or 'weight' "
        "columns (expected date, workout name, exercise name, set order, weight, reps; found title, start_time,")
    assert caught.value.hint == "it looks like a Hevy export: import it with `pchain import hevy FILE`"
    with pytest.raises(NotAnExport) as caught:
        _read("name,when\nx,y\n", "hevy", names)
    assert "found name, when" in caught.value.message
    assert caught.value.hint == "make the file in Hevy: Settings, Export & Import Data, Export Workouts"
    for empty in ("", "\n\n", "   "):
        with pytest.raises(NotAnExport, match="the file is empty"):
            _read(empty, "strong", names)


def test_a_header_only_file_has_no_sessions(names):
    batch = _read(STRONG_HEADER + "\n", "strong", names)
    assert batch.sessions == [] and batch.problems == []


def test_byte_order_marks_and_encodings(names):
    row = "2025-07-01 18:00:00,Día A,45m,Peso muerto rumano,1,60,10,,,,,\n"
    text = f"{STRONG_HEADER}\n{row}"
    for data in (codecs.BOM_UTF8 + text.encode("utf-8"), codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
                 text.encode("utf-8")):
        batch = _read(decode(data), "strong", names)
        assert batch.sessions[0].routine_name == "Día A"
    latin = f"{STRONG_HEADER}\n{row}{row.replace('Día A', 'B')}".encode("latin-1")
    batch = _read(decode(latin), "strong", names)
    assert [r.routine_name for r in batch.sessions] == ["B"]  # the row that is not UTF-8 is named, the other imports
    assert str(batch.problems[0]).startswith("export.csv:2: the row is not UTF-8 text")


def test_rows_that_cannot_be_split_into_the_columns(names):
    text = (f"{STRONG_HEADER}\n2025-07-01 18:00:00,A,45m,Deadlift,1,60,10,,,,,\n"
            "2025-07-01 18:00:00,A,45m,Deadlift,2,60,10,,,a note, with a comma,,\n"
            '2025-07-01 18:00:00,A,45m,Deadlift,3,60,10,,,"never closed,,\n'
            "2025-07-01 18:00:00,A,45m,Deadlift,4,60,10,,,,,\n")
    batch = _read(text, "strong", names)
    assert [s.set_number for s in batch.sessions[0].sets] == [1]
    assert str(batch.problems[0]) == ("export.csv:3: the row has 13 cells, the header 12 columns; it is left out; "
                                      "a note with a ',' in it must be in double quotes")
    assert str(batch.problems[1]) == ("export.csv:4: the row has 10 cells, the header 12 columns; it is left out; "
                                      "a quote (\") opened on line 4 is still open at line 5")


def test_text_from_the_file_never_carries_control_characters(names):
    text = f"{STRONG_HEADER}\n2025-07-01 18:00:00,\x1b[31mRed,45m,Dead\x07lift,1,60,10,,,\x1b[2Jnote,,\n"
    record = _read(text, "strong", names).sessions[0]
    assert record.routine_name == "[31mRed" and record.sets[0].exercise_name == "Dead lift"
    assert record.sets[0].note == "[2Jnote"
    batch = _read(f"{STRONG_HEADER}\n2025-07-01 18:00:00,A,45m,X,\x1b[2J,60,10,,,,,\n", "strong", names)
    assert "the Set Order '\\x1b[2J' is not a set number" in str(batch.problems[0])


def test_strong_set_orders_and_numbers_as_exports_write_them(names):
    rows = ["2025-07-01 18:00:00,A,1:05:00,Deadlift,W,40,5,,,,,",
            "2025-07-01 18:00:00,A,1:05:00,Deadlift,W,50,3,,,,,",
            "2025-07-01 18:00:00,A,1:05:00,Deadlift,1,\"62,5\",5.0,,,,,",
            "2025-07-01 18:00:00,A,1:05:00,Deadlift,D,40,8,,,,,",
            "2025-07-01 18:00:00,A,1:05:00,Deadlift,F,40,4,,,,,0",
            "2025-07-01 18:00:00,A,1:05:00,Deadlift,Note,,,,,,,"]
    batch = _read("\n".join([STRONG_HEADER, *rows]) + "\n", "strong", names)
    record = batch.sessions[0]
    assert record.ended_at == record.started_at + 3900
    assert [(s.set_number, s.role, s.load, s.done_reps, s.rpe) for s in record.sets] == [
        (-2, "warmup", "40 kg", 5, None), (-1, "warmup", "50 kg", 3, None), (1, "work", "62.5 kg", 5, None),
        (2, "dropset", "40 kg", 8, None), (3, "failure", "40 kg", 4, None)]
    assert "the Set Order 'Note' is not a set number, W, D, F or Rest Timer" in str(batch.problems[0])


@pytest.mark.parametrize(("cell", "message"), [
    ("-5", "Reps '-5' is not a whole number of 0 or more"),
    ("8.5", "Reps '8.5' is not a whole number of 0 or more"),
    ("nan", "Reps 'nan' is not a whole number of 0 or more"),
])
def test_counts_that_are_not_counts(names, cell, message):
    batch = _read(f"{STRONG_HEADER}\n2025-07-01 18:00:00,A,45m,Deadlift,1,60,{cell},,,,,\n", "strong", names)
    assert batch.sessions == [] and message in str(batch.problems[0])


def test_a_duration_that_cannot_be_read_leaves_only_the_end_time_aside(names):
    batch = _read(f"{STRONG_HEADER}\n2025-07-01 18:00:00,A,soon,Deadlift,1,60,5,,,,,\n", "strong", names)
    assert batch.sessions[0].ended_at is None and len(batch.sessions[0].sets) == 1
    assert str(batch.doubts[0]) == ("export.csv:2: the duration 'soon' is not a length of time; the set is imported "
                                    "without it; write it like 1h 5m or 45m")


def test_hevy_iso_times_and_a_missing_set_type(names):
    text = f"{HEVY_HEADER}\nA,2025-07-26 07:06:00,,,Deadlift,,,0,,100,5,,,\n"
    record = _read(text, "hevy", names).sessions[0]
    assert record.started_at == _local("2025-07-26 07:06") and record.sets[0].role == "work"


def test_a_quote_left_open_over_a_huge_stretch_stops_the_reading_where_it_opened(names):
    text = (f"{STRONG_HEADER}\n2025-07-01 18:00:00,A,45m,Deadlift,1,60,10,,,,,\n"
            f'2025-07-01 18:00:00,A,45m,Deadlift,2,60,10,,,"open{"x" * 200_000}\n'
            "2025-07-01 18:00:00,A,45m,Deadlift,3,60,10,,,,,\n")
    batch = _read(text, "strong", names)
    assert [s.set_number for s in batch.sessions[0].sets] == [1]
    assert str(batch.problems[0]).startswith("export.csv:3: the CSV cannot be read from here on (field larger")
