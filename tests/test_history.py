"""The history log: schema and migrations, sets committed at once, resume queries, and a SafeHistory
that keeps a workout going when the database is locked, read-only or damaged."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
import traceback
from pathlib import Path

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import Exercise, Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.training.exercise_log import split_by_exercise
from pchain_tui.storage import history_store as history
from pchain_tui.storage.history_store import SCHEMA_VERSION, HistoryStore, SchemaTooNew, default_history_path
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.storage.unsaved_journal import UnsavedJournal
from pchain_tui.ui.text.sparkline import sparkline
from tests.engine_helpers import block, engine_for, run_through

T0 = 1_790_000_000.0
"""A fixed epoch for every record (2026-09-21)."""
HOUR = 3600.0


def a_set(number: int = 1, reps: int | None = 12, *, block_index: int = 0, exercise: str = "glute-bridge",
          side: str | None = None, at: float = T0, seconds: float | None = None, load: str | None = None) -> SetRecord:
    """A finished set with easy numbers; a hold when `seconds` is given."""
    hold = seconds is not None
    return SetRecord(block_index, exercise, exercise.replace("-", " ").capitalize(), number,
                     Side(side) if side else None, WorkKind.HOLD if hold else WorkKind.PACED,
                     None if hold else 12, None if hold else reps,
                     seconds, seconds, load, "" if hold else "2-0-1-1", at, at + 30, 30.0)


def a_session(*sets: SetRecord, routine: str = "beginner-day-1", at: float = T0,
              state: RecordState = RecordState.RUNNING) -> SessionRecord:
    return SessionRecord(routine, routine.replace("-", " ").capitalize(), "hash", at, None, state, list(sets))


@pytest.fixture
def store(tmp_path: Path):
    with HistoryStore(tmp_path / "history.sqlite3") as opened:
        yield opened


# --- the store ---------------------------------------------------------------------------------


def test_a_new_history_lives_in_the_data_folder_with_the_schema_version_and_wal(pchain_home: Path):
    with HistoryStore() as store:
        assert store.path == pchain_home / "data" / "history.sqlite3" == default_history_path()
        assert store.path.is_file()
        assert store.schema_version == SCHEMA_VERSION
        assert store.journal_mode == "wal"


def test_an_empty_file_is_migrated_from_version_zero(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    with HistoryStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        sid = store.start_session(a_session(a_set()))
        assert store.load(sid).sets == [a_set()]


def test_a_later_migration_runs_on_an_existing_history_and_keeps_its_data(tmp_path: Path, monkeypatch):
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        sid = store.start_session(a_session(a_set()))
    future = (*history.MIGRATIONS, ("ALTER TABLE sets ADD COLUMN future_column INTEGER",))
    monkeypatch.setattr(history, "MIGRATIONS", future)
    monkeypatch.setattr(history, "SCHEMA_VERSION", len(future))
    with HistoryStore(path) as store:
        assert store.schema_version == len(future)
        assert store.load(sid).sets == [a_set()]
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(sets)")]
    assert columns[-1] == "future_column"


def test_a_history_from_a_newer_pchain_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path):
        pass
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match=f"schema version {SCHEMA_VERSION + 1}"):
        HistoryStore(path)
    assert path.read_bytes() == before


def test_an_engine_session_comes_back_exactly(store: HistoryStore):
    engine, clock = engine_for(block("Bridge", sets=2, reps=3),
                               block("Lunge", sets=1, reps=2, per_side=True),
                               block("Wall sit", sets=1, hold=5, reps=None))
    run_through(engine, clock)
    record = engine.record
    sid = store.start_session(SessionRecord(record.routine_id, record.routine_name, record.content_hash,
                                            record.started_at))
    for done in record.sets:
        store.save_set(sid, done)
    store.end_session(sid, record.state, record.ended_at)
    assert store.load(sid) == record
    assert [s.side for s in record.sets] == [None, None, Side.LEFT, Side.RIGHT, None]


def test_a_redone_set_replaces_the_first_and_moves_to_the_end(store: HistoryStore):
    sid = store.start_session(a_session())
    store.save_set(sid, a_set(1, 12, at=T0))
    store.save_set(sid, a_set(2, 12, at=T0 + 100))
    store.save_set(sid, a_set(1, 14, at=T0 + 200))  # went back and did set 1 again
    loaded = store.load(sid)
    assert [(s.set_number, s.done_reps) for s in loaded.sets] == [(2, 12), (1, 14)]
    expected = a_session()
    for done in (a_set(1, 12, at=T0), a_set(2, 12, at=T0 + 100), a_set(1, 14, at=T0 + 200)):
        expected.put(done)
    assert loaded.sets == expected.sets


def test_a_correction_after_the_set_keeps_its_place(store: HistoryStore):
    sid = store.start_session(a_session())
    store.save_set(sid, a_set(1, 12, at=T0))
    store.save_set(sid, a_set(2, 12, at=T0 + 100))
    store.save_set(sid, a_set(1, 10, at=T0, load="20 kg"))  # the end-of-set dialog: fewer reps, a load
    assert [(s.set_number, s.done_reps, s.load) for s in store.load(sid).sets] == [(1, 10, "20 kg"), (2, 12, None)]


def test_a_set_is_committed_when_save_set_returns(store: HistoryStore):
    sid = store.start_session(a_session())
    store.save_set(sid, a_set(1, 13))
    other = sqlite3.connect(store.path)
    assert other.execute("SELECT set_number, done_reps FROM sets WHERE session_id = ?", (sid,)).fetchall() == [(1, 13)]
    other.close()


def test_unknown_sessions_and_states_are_refused(store: HistoryStore):
    with pytest.raises(LookupError):
        store.save_set(42, a_set())
    with pytest.raises(LookupError):
        store.end_session(42, RecordState.FINISHED, T0)
    with pytest.raises(LookupError):
        store.load(42)
    with pytest.raises(LookupError):
        store.discard(42)
    sid = store.start_session(a_session())
    other = sqlite3.connect(store.path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # the schema refuses a state no enum can say
        other.execute("UPDATE sessions SET state = 'done' WHERE id = ?", (sid,))
    other.close()


def test_unfinished_sessions_newest_first_without_finished_empty_or_discarded_ones(store: HistoryStore):
    crashed = store.start_session(a_session(a_set(), at=T0))
    quit_ = store.start_session(a_session(a_set(), at=T0 + HOUR))
    store.end_session(quit_, RecordState.ABANDONED, T0 + HOUR + 60)
    finished = store.start_session(a_session(a_set(), at=T0 + 2 * HOUR))
    store.end_session(finished, RecordState.FINISHED, T0 + 2 * HOUR + 60)
    store.start_session(a_session(at=T0 + 3 * HOUR))  # nothing done: nothing to resume
    declined = store.start_session(a_session(a_set(), at=T0 + 4 * HOUR))
    store.discard(declined)
    assert [sid for sid, _record in store.unfinished()] == [quit_, crashed]
    assert store.unfinished()[0][1].state is RecordState.ABANDONED
    assert len(store.exercise_history("glute-bridge")) == 4  # a declined session's sets still count


def test_exercise_history_newest_first_in_plan_order_and_before_a_time(store: HistoryStore):
    for day, reps in enumerate((12, 13, 14)):
        at = T0 + day * 48 * HOUR
        store.start_session(a_session(a_set(2, reps, at=at + 90), a_set(1, reps + 1, at=at),
                                      a_set(1, 8, exercise="romanian-deadlift", block_index=1, at=at + 200), at=at))
    lines = store.exercise_history("glute-bridge", limit=2)
    assert [[s.done_reps for s in line.sets] for line in lines] == [[15, 14], [14, 13]]
    assert (lines[0].best, lines[0].volume) == (15, 29)
    earlier = store.exercise_history("glute-bridge", before=T0 + 48 * HOUR)
    assert [line.started_at for line in earlier] == [T0]
    assert store.exercise_history("nothing") == []


def test_per_side_and_hold_lines(store: HistoryStore):
    store.start_session(a_session(a_set(1, 9, side="right", at=T0 + 40), a_set(1, 10, side="left", at=T0),
                                  a_set(1, seconds=44.6, exercise="wall-sit", block_index=1, at=T0 + 100),
                                  a_set(2, seconds=45.0, exercise="wall-sit", block_index=1, at=T0 + 200)))
    (bridge,) = store.exercise_history("glute-bridge")
    assert [s.side for s in bridge.sets] == [Side.LEFT, Side.RIGHT]
    (wall,) = store.exercise_history("wall-sit")
    assert wall.is_hold and wall.best == 45.0 and wall.volume == pytest.approx(89.6)


def test_last_session_and_when_routines_and_muscles_were_last_trained(store: HistoryStore):
    day1 = store.start_session(a_session(a_set(at=T0), routine="beginner-day-1", at=T0))
    store.start_session(a_session(a_set(exercise="barbell-row", at=T0 + 50 * HOUR),
                                  routine="beginner-day-2", at=T0 + 50 * HOUR))
    store.start_session(a_session(routine="beginner-day-1", at=T0 + 60 * HOUR))  # opened, nothing done
    assert store.last_session("beginner-day-1")[0] == day1
    assert store.last_session("never") is None
    assert store.last_trained("beginner-day-1") == T0 + 30
    assert store.last_trained("never") is None
    library = {"glute-bridge": Exercise("glute-bridge", "Glute bridge", targets=("glutes", "hamstrings")),
               "barbell-row": ("lats", "hamstrings")}
    assert store.muscles_last_trained(library) == {
        "glutes": T0 + 30, "hamstrings": T0 + 50 * HOUR + 30, "lats": T0 + 50 * HOUR + 30}
    assert store.muscles_last_trained({}) == {}


def test_split_by_exercise_and_sparkline():
    record = a_session(a_set(2, 13, at=T0 + 60), a_set(1, 14, at=T0),
                       a_set(1, seconds=30.0, exercise="wall-sit", block_index=1, at=T0 + 100))
    lines = split_by_exercise(7, record)
    assert [(line.session_id, [s.set_number for s in line.sets]) for line in lines] == [(7, [1, 2]), (7, [1])]
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([10, 10, 10]) == "▄▄▄"
    assert sparkline([]) == ""
    assert sparkline([26, 27, 29, 42]) == "▁▁▂█"


# --- SafeHistory: the workout never stops for the history --------------------------------------


def test_safe_history_writes_through_when_all_is_well(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    safe = SafeHistory(path, clock=FakeClock())
    sid = safe.start_session(a_session())
    assert sid > 0
    assert safe.save_set(sid, a_set(1)) and safe.save_set(sid, a_set(2, at=T0 + 60))
    assert safe.end_session(sid, RecordState.FINISHED, T0 + 120)
    assert safe.problem is None and safe.pending == 0
    safe.close()
    with HistoryStore(path) as store:
        assert store.load(sid).state is RecordState.FINISHED
        assert [s.set_number for s in store.load(sid).sets] == [1, 2]


def test_a_locked_history_keeps_sets_in_the_journal_and_saves_them_when_free(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another pchain in the middle of a write
    safe = SafeHistory(path, clock=FakeClock(), busy_timeout=0)
    sid = safe.start_session(a_session())
    assert sid < 0  # provisional: no row yet
    assert safe.save_set(sid, a_set(1)) is False
    journal = path.with_name("history.sqlite3-unsaved.json")
    assert safe.problem == (f"history: the database is locked by another pchain; your sets are kept in {journal} "
                            "and go into the history as soon as it can be written")
    assert safe.pending == 1 and safe.unkept == 0 and safe.kept_in == journal
    assert [s["set_number"] for s in json.loads(journal.read_text())["sessions"][0]["sets"]] == [1]
    other.execute("COMMIT")
    assert safe.save_set(sid, a_set(2, at=T0 + 60)) is True
    assert safe.problem is None and safe.pending == 0
    assert not journal.exists()  # all of it is in the database now
    assert safe.end_session(sid, RecordState.FINISHED, T0 + 120)
    safe.close()
    with HistoryStore(path) as store:
        ((_real_id, record),) = store.sessions()
        assert [s.set_number for s in record.sets] == [1, 2] and record.state is RecordState.FINISHED


def test_a_lock_taken_in_the_middle_of_a_session(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    safe = SafeHistory(path, clock=FakeClock(), busy_timeout=0)
    sid = safe.start_session(a_session())
    assert safe.save_set(sid, a_set(1))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    assert not safe.save_set(sid, a_set(2, at=T0 + 60))
    assert not safe.save_set(sid, a_set(1, 10, at=T0))  # a correction while locked
    assert "locked" in safe.problem and safe.pending == 2
    other.execute("ROLLBACK")
    assert safe.flush() and safe.pending == 0 and safe.problem is None
    with HistoryStore(path) as store:
        assert [(s.set_number, s.done_reps) for s in store.load(sid).sets] == [(1, 10), (2, 12)]


def test_a_read_only_history_says_so_and_the_workout_goes_on(tmp_path: Path):
    """SQLite's own read-only mode (`mode=ro`), injected: the same SQLITE_READONLY as a read-only file."""
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        earlier = store.start_session(a_session(a_set()))
    safe = SafeHistory(path, clock=FakeClock(), read_only=True)
    assert [sid for sid, _r in safe.unfinished()] == [earlier]  # reading still works
    sid = safe.start_session(a_session())
    assert safe.save_set(sid, a_set(1)) is False
    assert safe.problem == (f"history: cannot save to {path}: it is read-only; your sets are kept in "
                            f"{path}-unsaved.json and go into the history as soon as it can be written")
    assert safe.pending == 1 and safe.unkept == 0
    assert safe.resume(sid) == a_session(a_set(1))  # what was done is still known in memory


def _as_another_user(action):
    """Run `action` where the kernel, not SQLite, refuses the writes.

    Root ignores file modes, so as root `action` runs in a forked child that has become `nobody`;
    otherwise the modes already apply and it runs here. Returns what `action` returned (JSON).
    """
    if os.geteuid() != 0:
        return action()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            os.close(reader)
            os.setgid(65534)
            os.setuid(65534)
            try:
                result = {"ok": action()}
            except BaseException:
                result = {"error": traceback.format_exc()}
            os.write(writer, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(writer)
    data = b""
    while chunk := os.read(reader, 65536):
        data += chunk
    os.close(reader)
    os.waitpid(pid, 0)
    result = json.loads(data)
    assert "error" not in result, result.get("error")
    return result["ok"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and users")
@pytest.mark.parametrize("existing", [True, False], ids=["existing-history", "no-history-yet"])
def test_a_folder_without_write_permission(existing: bool):
    # Not under tmp_path: pytest's folders are private to root, and the other user must reach the file.
    folder = Path(tempfile.mkdtemp(prefix="pchain-ro-"))
    try:
        path = folder / "history.sqlite3"
        if existing:
            with HistoryStore(path) as store:
                store.start_session(a_session(a_set()))
            path.chmod(0o444)
        folder.chmod(0o555)

        cache = Path(tempfile.mkdtemp(prefix="pchain-cache-"))
        cache.chmod(0o777)  # the other user's cache folder

        def try_to_log():
            safe = SafeHistory(path, clock=FakeClock(), journal=UnsavedJournal(path, cache))
            sid = safe.start_session(a_session(at=T0 + HOUR))
            saved = safe.save_set(sid, a_set(1, at=T0 + HOUR))
            return {"saved": saved, "problem": safe.problem, "pending": safe.pending, "unkept": safe.unkept,
                    "resumable": len(safe.unfinished()), "kept_in": str(safe.kept_in)}

        outcome = _as_another_user(try_to_log)
        (journal,) = cache.iterdir()  # beside the database cannot be written: the cache folder can
        assert outcome == {"saved": False, "pending": 1, "unkept": 0, "kept_in": str(journal),
                           "resumable": 1 if existing else 0,  # reading what is there still works
                           "problem": f"history: cannot save to {path}: it is read-only; your sets are kept in "
                                      f"{journal} and go into the history as soon as it can be written"}
        folder.chmod(0o755)
        safe = SafeHistory(path, clock=FakeClock(), journal=UnsavedJournal(path, cache))
        assert safe.unfinished() and safe.flush()  # the next pchain that can write adds the kept set
        assert not journal.exists() and safe.take_news() == (
            f"history: 1 set kept in {journal} by an earlier pchain is in the history now")
        safe.close()
        with HistoryStore(path) as store:
            assert [len(r.sets) for _id, r in store.sessions()] == ([1, 1] if existing else [1])
        shutil.rmtree(cache)
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_a_damaged_history_is_moved_aside_and_a_new_one_started(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not a database, it was a bad day for the disk" * 100
    path.write_bytes(garbage)
    safe = SafeHistory(path, clock=FakeClock(epoch=T0))
    sid = safe.start_session(a_session())
    assert sid > 0 and safe.save_set(sid, a_set(1))
    aside = sorted(tmp_path.glob("history.sqlite3.corrupt-*"))
    assert [p.read_bytes() for p in aside] == [garbage]
    assert safe.problem == (f"history: {path} was damaged; it was moved to {aside[0].name} "
                            "and a new history was started")
    safe.close()
    with HistoryStore(path) as store:
        assert [s.set_number for s in store.load(sid).sets] == [1]


def test_a_damaged_history_found_by_a_read(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    safe = SafeHistory(path, clock=FakeClock(epoch=T0))
    assert safe.unfinished() == []
    assert "was damaged" in safe.problem
    assert len(list(tmp_path.glob("history.sqlite3.corrupt-*"))) == 1


def test_sessions_of_this_run_are_written_again_into_the_new_history(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    safe = SafeHistory(path, clock=FakeClock(epoch=T0))
    sid = safe.start_session(a_session())
    assert safe.save_set(sid, a_set(1))
    safe.close()
    path.write_bytes(b"garbage" * 1000)  # damaged between two sets
    assert safe.save_set(sid, a_set(2, at=T0 + 60))
    assert "was damaged" in safe.problem
    with HistoryStore(path) as store:
        ((_new_id, record),) = store.sessions()
        assert [s.set_number for s in record.sets] == [1, 2]


def test_a_history_from_a_newer_pchain_is_left_alone(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    safe = SafeHistory(path, clock=FakeClock())
    sid = safe.start_session(a_session())
    assert not safe.save_set(sid, a_set(1))
    assert safe.problem.startswith(f"history: {path} was written by a newer pchain")
    assert list(tmp_path.glob("*.corrupt-*")) == []


def test_a_history_that_cannot_be_opened(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    path.mkdir()  # a folder where the file should be
    safe = SafeHistory(path, clock=FakeClock())
    sid = safe.start_session(a_session())
    assert safe.save_set(sid, a_set(1)) is False
    assert safe.problem.startswith(f"history: cannot save to {path} (unable to open database file)")
    assert safe.last_trained("beginner-day-1") is None
    assert safe.exercise_history("glute-bridge") == [] and safe.muscles_last_trained({}) == {}
    assert safe.last_session("beginner-day-1") is None and safe.resume(12345) is None


def test_resume_and_discard_through_safe_history(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        crashed = store.start_session(a_session(a_set(1)))
        declined = store.start_session(a_session(a_set(1), at=T0 + HOUR))
    safe = SafeHistory(path, clock=FakeClock())
    assert [sid for sid, _r in safe.unfinished()] == [declined, crashed]
    assert safe.discard(declined)
    record = safe.resume(crashed)
    assert record is not None and record.done_keys() == {(0, 1, None)}
    assert safe.save_set(crashed, a_set(2, at=T0 + 60)) and safe.end_session(crashed, RecordState.FINISHED, T0 + 120)
    assert safe.unfinished() == []
    assert safe.last_session("beginner-day-1")[0] == declined
    assert safe.resume(12345) is None and safe.problem is None  # no such session: nothing is wrong
    with HistoryStore(path) as store:
        assert [s.set_number for s in store.load(crashed).sets] == [1, 2]


def test_safe_history_keeps_its_own_copy_of_records(tmp_path: Path):
    safe = SafeHistory(tmp_path / "history.sqlite3", clock=FakeClock())
    record = a_session()
    done = a_set(1)
    sid = safe.start_session(record)
    safe.save_set(sid, done)
    record.sets.append(a_set(9))  # the engine goes on changing its own record
    assert safe.resume(sid) == a_session(done)


def test_a_version_1_database_is_migrated_and_keeps_its_sessions(tmp_path):
    import sqlite3

    from pchain_tui.storage.history_store import MIGRATIONS, SCHEMA_VERSION, HistoryStore

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        for statement in MIGRATIONS[0]:
            db.execute(statement)
        db.execute("INSERT INTO sessions (routine_id, routine_name, content_hash, started_at, state)"
                   " VALUES ('home', 'Home', 'h', 1.0, 'abandoned')")
        db.execute("INSERT INTO sets (session_id, block_index, exercise_id, exercise_name, set_number, kind,"
                   " target_reps, done_reps, load, tempo, started_at, ended_at, tut)"
                   " VALUES (1, 0, 'glute-bridge', 'Glute bridge', 1, 'paced', 12, 12, '20 kg', '2-0-1-2', 1, 40, 39)")
        db.execute("PRAGMA user_version = 1")
    with HistoryStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 5
        record = store.load(1)
        assert (record.routine_id, record.routine_path) == ("home", None)
        (old_set,) = record.sets  # a set from before version 3: done, no note, no range, no rest known
        assert (old_set.done_reps, old_set.skipped, old_set.note, old_set.range_low, old_set.rest_after) == (
            12, False, None, None, None)
        # and from before version 5: a work set, with no RPE and no time by phase known
        assert (old_set.role, old_set.counts, old_set.rpe, old_set.rir, old_set.tut_lower) == (
            "work", True, None, None, None)
