"""`pchain import strong|hevy FILE`: end to end into a history, and what the imported sessions look
like to `pchain history`, `pchain export` and progression."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from pchain_tui import cli, exit_codes
from pchain_tui.commands.history import export, show_history
from pchain_tui.commands.importing import import_file, names_path
from pchain_tui.domain.importing.batch import read_export
from pchain_tui.domain.importing.exercise_names import ExerciseNames
from pchain_tui.domain.importing.formats import FORMATS
from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.record import SessionRecord, SetRecord
from pchain_tui.domain.session.plan import build_plan
from pchain_tui.domain.training.progression import HistoryPolicy, advise
from pchain_tui.storage.history_store import HistoryStore, default_history_path
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "import"


def _import(app: str, file: Path, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = import_file(app, file, Path("/nonexistent"), out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def _stored() -> list[tuple]:
    with HistoryStore(default_history_path(), read_only=True) as store:
        return [(record.routine_id, s.exercise_id, s.set_number, s.done_reps) for _sid, record, s in store.iter_sets()]


def test_a_strong_import_reports_what_was_imported_and_matched(pchain_home: Path):
    code, out, err = _import("strong", SAMPLES / "strong-current.csv")
    assert code == exit_codes.INVALID  # a row was left out
    lines = out.splitlines()
    assert lines[0].endswith("strong-current.csv (Strong, 2025-07-01 to 2025-07-04):")
    assert lines[1:3] == [
        "  imported 3 sessions with 12 sets (1 warm-up set)",
        "  weights read as kg, as the file does not say (--units lb for pounds)"]
    assert "  Romanian Deadlift (Barbell) -> romanian-deadlift (3 sets)" in lines
    assert "  Wall Sit -> wall-sit (1 set)" in lines
    kept = lines.index("Kept as exercises of their own (not in the library):")
    assert lines[kept + 1:kept + 3] == ["  Leg Press -> leg-press (1 set)",
                                        "  Pull Up (Assisted) -> pull-up-assisted (1 set)"]
    assert str(names_path()).split("pchain-home")[-1] in out
    assert "1 value left aside (said above): its set was imported without it." in lines
    assert lines[-1] == "Rows left out (1 problem, said above): fix them and import the file again."
    assert err.splitlines()[0].endswith("strong-current.csv:11: Reps 'eleven' is not a whole number of 0 or more; "
                                        "the row is left out; write it like 10")
    assert len(_stored()) == 12


def test_importing_the_same_file_twice_adds_nothing_and_a_fixed_row_goes_in_its_place(pchain_home: Path,
                                                                                      tmp_path: Path):
    _import("strong", SAMPLES / "strong-current.csv")
    before = _stored()
    code, out, _err = _import("strong", SAMPLES / "strong-current.csv")
    assert "  3 sessions were in your history already: nothing added" in out.splitlines()
    assert "  imported" not in out and _stored() == before
    fixed = tmp_path / "fixed.csv"
    fixed.write_text((SAMPLES / "strong-current.csv").read_text(encoding="utf-8").replace(",eleven,", ",11,"),
                     encoding="utf-8")
    code, out, err = _import("strong", fixed)
    assert code == exit_codes.OK
    assert "  3 sessions were in your history already: 1 set added to them" in out.splitlines()
    rows = [row for row in _stored() if row[1] == "barbell-row"]
    assert rows == [("strong:upper-b", "barbell-row", 1, 12), ("strong:upper-b", "barbell-row", 2, 11),
                    ("strong:upper-b", "barbell-row", 3, 10)]


def test_both_strong_variants_and_hevy_go_into_one_history(pchain_home: Path):
    for app, name in (("strong", "strong-current.csv"), ("strong", "strong-old.csv"), ("hevy", "hevy.csv"),
                      ("hevy", "hevy-lbs.csv")):
        code, out, _err = _import(app, SAMPLES / name)
        assert code in (exit_codes.OK, exit_codes.INVALID) and "imported" in out
    with HistoryStore(default_history_path(), read_only=True) as store:
        sessions = store.sessions()
        assert len(sessions) == 3 + 2 + 2 + 1
        assert {record.routine_id.split(":")[0] for _sid, record in sessions} == {"strong", "hevy"}
        assert store.unfinished() == []  # imported sessions are finished: never offered to resume
        assert {"hip-thrust", "romanian-deadlift", "leg-press"} <= set(store.exercise_ids())


def test_imported_sessions_in_history_and_export(pchain_home: Path):
    _import("hevy", SAMPLES / "hevy.csv")
    console = Console(file=io.StringIO(), width=80, highlight=False)
    assert show_history(console=console) == exit_codes.OK
    shown = console.file.getvalue()
    assert "Pull Day" in shown and "Romanian Deadlift (Dumbbell)" in shown and "24 kg" in shown
    out = io.StringIO()
    assert export("csv", out) == exit_codes.OK
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    drop = next(r for r in rows if r["role"] == "dropset")
    assert (drop["exercise_id"], drop["set_number"], drop["load"], drop["load_unit"], drop["rpe"], drop["tempo"]) == (
        "romanian-deadlift", "2", "16 kg", "kg", "9.5", "")
    assert [r["role"] for r in rows].count("warmup") == 1
    assert out.getvalue().count("\n") == len(rows) + 1 + 1  # one note spans two lines


def test_progression_builds_on_imported_sets_without_breaking(pchain_home: Path, bundled):
    for app, name in (("strong", "strong-current.csv"), ("hevy", "hevy.csv"), ("strong", "strong-old.csv")):
        _import(app, SAMPLES / name)
    with HistoryStore(default_history_path(), read_only=True) as store:
        for routine in bundled.values():
            # Without a routine id, sets with no prescription count from any routine: imported ones too.
            for policy in (HistoryPolicy(store), HistoryPolicy(store, routine_id=routine.id)):
                plan = build_plan(routine, policy)
                assert plan.steps
            for block in routine.blocks:
                for session in store.exercise_history(block.exercise.id, None):
                    assert advise(block, session.sets).describe(block)
        rdl = next(b for r in bundled.values() for b in r.blocks if b.exercise.id == "romanian-deadlift")
        advice = HistoryPolicy(store).advice(rdl)
        assert advice.last_load == "24 kg"  # Hevy's session is the newest, and its warm-up does not count


def test_a_file_that_is_not_the_apps_export(pchain_home: Path):
    code, out, err = _import("strong", SAMPLES / "hevy.csv")
    assert code == exit_codes.INVALID and out == ""
    assert "hevy.csv: this is not a Strong export: it has no 'date'," in err
    assert err.rstrip().endswith("it looks like a Hevy export: import it with `pchain import hevy FILE`")
    assert not default_history_path().exists()


@pytest.mark.parametrize(("make", "expected"), [
    (lambda path: None, "no such file"),
    (lambda path: path.mkdir(), "this is a folder, not a file"),
    (lambda path: path.symlink_to(path.parent / "gone.csv"), "no such file (a symbolic link to nowhere)"),
])
def test_a_file_that_cannot_be_read(pchain_home: Path, tmp_path: Path, make, expected):
    path = tmp_path / "export.csv"
    make(path)
    code, _out, err = _import("hevy", path)
    assert code == exit_codes.USAGE
    assert err.strip().endswith(f"export.csv: {expected}")


def test_an_empty_file_and_one_with_only_its_header(pchain_home: Path, tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"")
    code, _out, err = _import("strong", path)
    assert code == exit_codes.INVALID and "export.csv: the file is empty; an export starts with" in err
    path.write_text((SAMPLES / "hevy.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    code, out, _err = _import("hevy", path)
    assert code == exit_codes.OK and out.strip().endswith("export.csv has no sets.")


def test_a_locked_history_imports_nothing_and_says_why(pchain_home: Path):
    path = default_history_path()
    HistoryStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _out, err = _import("hevy", SAMPLES / "hevy-lbs.csv", busy_timeout=0.01)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == exit_codes.INVALID
    assert "it is locked by another pchain (a workout being saved?); try again in a moment; nothing was imported" in err
    assert _stored() == []


def test_the_users_names_file_maps_and_its_problems_stop_the_import(pchain_home: Path):
    names = names_path()
    names.parent.mkdir(parents=True, exist_ok=True)
    names.write_text("names:\n  Leg Press: leg-curl\n  Pull Up (Assisted): pull-upp\n", encoding="utf-8")
    code, out, err = _import("strong", SAMPLES / "strong-current.csv")
    assert code == exit_codes.INVALID and out == ""
    assert "import-names.yaml:3:23: 'pull-upp' is not an exercise id of the library; did you mean 'pull-up'?" in err
    assert err.strip().endswith("nothing was imported; fix 1 problem in "
                                f"{str(names).replace(str(Path.home()), '~')} first")
    names.write_text("names:\n  Leg Press: leg-curl\n", encoding="utf-8")
    code, out, err = _import("strong", SAMPLES / "strong-current.csv")
    assert "  Leg Press -> leg-curl (1 set)" in out.splitlines()


def test_the_command_line(pchain_home: Path, tmp_path: Path, capsys):
    path = tmp_path / "strong.csv"
    shutil.copy(SAMPLES / "strong-current.csv", path)
    assert cli.main(["import", "strong", str(path), "--units", "lb"]) == exit_codes.INVALID
    captured = capsys.readouterr()
    assert "  weights read as lb, as the file does not say (--units kg for kilograms)" in captured.out
    assert ("strong:lower-a", "romanian-deadlift", 1, 10) in _stored()
    with HistoryStore(default_history_path(), read_only=True) as store:
        assert {s.load for _sid, _record, s in store.iter_sets() if s.exercise_id == "romanian-deadlift"} == {
            "40 lb", "60 lb", "62.5 lb"}
    with pytest.raises(SystemExit) as exited:
        cli.main(["import", "fitbod", str(path)])
    assert exited.value.code == exit_codes.USAGE


def test_on_a_narrow_terminal_the_report_wraps_between_words(pchain_home: Path, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(shutil, "get_terminal_size", lambda *args: os.terminal_size((40, 12)))
    out = Terminal()
    import_file("hevy", SAMPLES / "hevy.csv", Path("/nonexistent"), out=out, err=io.StringIO())
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines), lines
    assert "  Single Leg Romanian Deadlift" in lines and "    (Dumbbell) -> single-leg-rdl (1 set)" in lines


def test_imported_sessions_never_touch_pchain_sessions_and_go_in_all_or_nothing(pchain_home: Path, tmp_path: Path):
    batch = read_export((SAMPLES / "hevy-lbs.csv").read_text(encoding="utf-8"), "hevy-lbs.csv", FORMATS["hevy"],
                        ExerciseNames([], {}))
    imported = batch.sessions[0]
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        own = store.start_session(SessionRecord("legs", "Legs", "abc", imported.started_at, sets=list(imported.sets)))
        assert store.add_imported([imported]) == [(True, 3)]
        assert store.add_imported([imported, imported]) == [(False, 0), (False, 0)]
        assert len(store.load(own).sets) == 3 and store.count_sessions() == 2
        broken = SessionRecord("hevy:other", "Other", "", imported.started_at + 1, sets=[None])  # not a set
        with pytest.raises(AttributeError):
            store.add_imported([replace(imported, started_at=100.0), broken])
        assert store.count_sessions() == 2  # the first of that batch was rolled back with it


def test_a_routine_never_done_in_pchain_starts_from_the_imported_sets(pchain_home: Path, bundled):
    """Intermediate day 1 asks 4 x 6-8 RDL. Strong's 9 x 62.5 kg (the best set, an estimated 1RM of
    81.25 kg) gives 67.7 kg for 6 reps, held to the heaviest load done: 4 x 6 at 62.5 kg, not the
    file's 60 kg nor "light". Once done in pchain, the routine's own sessions lead again."""
    _import("strong", SAMPLES / "strong-current.csv")
    day = bundled["intermediate-day-1"]
    rdl = next(b for b in day.blocks if b.exercise.id == "romanian-deadlift")
    with HistoryStore(default_history_path()) as store:
        policy = HistoryPolicy(store, routine_id=day.id)
        assert policy.advice(rdl).describe(rdl) == (
            "4 x 6 at 62.5 kg (from your imported 9 x 62.5 kg of 1 Jul 2025, an estimated 1RM of 81.2 kg)")
        targets = policy.targets(rdl)
        assert (targets.reps, targets.load) == (6, "62.5 kg")
        assert [load for _reps, load in targets.warmups] == ["25 kg", "37.5 kg", "50 kg"]  # 40/60/80 %, plates
        at = 1_790_000_000.0  # then a pchain session of the routine: 4 x 7 at 62.5 kg
        store.start_session(SessionRecord(day.id, day.name, day.content_hash, at, at + 900, sets=[
            SetRecord(0, rdl.exercise.id, rdl.exercise.name, n, None, WorkKind.PACED, 6, 7, None, None, "62.5 kg",
                      "3-1-1-0", at + 100 * n, at + 100 * n + 40, 40.0, range_low=6, range_high=8)
            for n in (1, 2, 3, 4)]))
        again = HistoryPolicy(store, routine_id=day.id).advice(rdl)
        assert again.describe(rdl) == "4 x 8 (one more rep per set)" and again.load == "62.5 kg"


def test_an_import_older_than_a_pchain_session_of_the_exercise_does_not_set_the_load(pchain_home: Path, bundled):
    """RDL done in pchain since the import, in another routine and rep range: the file's load it is."""
    _import("strong", SAMPLES / "strong-current.csv")
    day = bundled["intermediate-day-1"]
    rdl = next(b for b in day.blocks if b.exercise.id == "romanian-deadlift")
    at = 1_790_000_000.0
    with HistoryStore(default_history_path()) as store:
        store.start_session(SessionRecord("beginner-day-1", "Beginner day 1", "h", at, at + 300, sets=[
            SetRecord(1, rdl.exercise.id, rdl.exercise.name, 1, None, WorkKind.PACED, 8, 8, None, None, "40 kg",
                      "3-1-1-0", at, at + 40, 40.0, range_low=8, range_high=10)]))
        advice = HistoryPolicy(store, routine_id=day.id).advice(rdl)
        assert advice.change.value == "first-time" and advice.load == "60 kg"
