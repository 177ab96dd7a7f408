"""The workout log: every session and every set, in SQLite, each set committed the moment it ends.

`HistoryStore` is the database itself. It raises `sqlite3.Error`, `OSError` and the errors below,
like any storage code; the command line uses it and reports what went wrong. The app uses it
through `SafeHistory` (safe_history.py), which never raises for a storage failure.

The schema carries its version in `PRAGMA user_version`; `MIGRATIONS[n]` takes a database from
version n to n + 1, so a database from any earlier release is brought up to date when opened.
A `SessionRecord` is rebuilt exactly from the rows (sets in the order they were done), so no
second copy of it is stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pchain_tui.domain.model import Exercise, Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.training.exercise_log import ExerciseSession, plan_order
from pchain_tui.storage import paths

HISTORY_FILE_NAME = "history.sqlite3"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 0 -> 1: the first release.
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'abandoned')),
            resumable INTEGER NOT NULL DEFAULT 1
        )""",
        # side is '' (not NULL) for two-sided work: NULLs never collide in a UNIQUE key, and the
        # upsert of a redone set relies on that key.
        """CREATE TABLE sets (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            block_index INTEGER NOT NULL,
            exercise_id TEXT NOT NULL,
            exercise_name TEXT NOT NULL,
            side TEXT NOT NULL DEFAULT '',
            set_number INTEGER NOT NULL,
            kind TEXT NOT NULL,
            target_reps INTEGER,
            done_reps INTEGER,
            target_seconds REAL,
            done_seconds REAL,
            load TEXT,
            tempo TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL,
            tut REAL NOT NULL,
            PRIMARY KEY (session_id, block_index, set_number, side)
        )""",
        "CREATE INDEX sets_by_exercise ON sets (exercise_id, ended_at)",
        "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at)",
    ),
    # 1 -> 2: remember the routine's file, so a routine run from any file can be resumed.
    ("ALTER TABLE sessions ADD COLUMN routine_path TEXT",),
    # 2 -> 3: skipped sets are kept (they are not successes, and resume goes past them), a note per
    # set, the prescription's range (progression follows the same prescription) and the rest taken.
    (
        "ALTER TABLE sets ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sets ADD COLUMN note TEXT",
        "ALTER TABLE sets ADD COLUMN range_low REAL",
        "ALTER TABLE sets ADD COLUMN range_high REAL",
        "ALTER TABLE sets ADD COLUMN rest_after REAL",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

_SET_COLUMNS = ("block_index", "exercise_id", "exercise_name", "side", "set_number", "kind", "target_reps",
                "done_reps", "target_seconds", "done_seconds", "load", "tempo", "started_at", "ended_at", "tut",
                "skipped", "note", "range_low", "range_high", "rest_after")
_SESSION_COLUMNS = "id, routine_id, routine_name, content_hash, started_at, ended_at, state, routine_path"
_SESSION_ORDER = "ORDER BY started_at DESC, id DESC"


class HistoryError(Exception):
    """The history database cannot be used as it is (not a storage failure sqlite reports)."""


class SchemaTooNew(HistoryError):
    """The database was written by a newer pchain; this one must not touch it."""

    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found}; this pchain knows up to {SCHEMA_VERSION}")
        self.found = found


def default_history_path() -> Path:
    """Where the log lives: the user data folder (under `PCHAIN_HOME` when set)."""
    return paths.data_dir() / HISTORY_FILE_NAME


class HistoryStore:
    """The SQLite log. One connection; use it from one thread at a time.

    `read_only` opens the file with SQLite's `mode=ro`, exactly as when the file cannot be written.
    `busy_timeout` is how long a write waits for another pchain's lock before failing.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False, busy_timeout: float = 2.0) -> None:
        self.path = path or default_history_path()
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        mode = "ro" if read_only else "rwc"
        # isolation_level=None: transactions are begun and committed here, explicitly, so a set is
        # on disk when save_set returns. check_same_thread=False lets the app write from a worker.
        self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode={mode}", uri=True,
                                   timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            if not read_only and self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                # WAL: readers (another pchain's `history`) never block the set being written.
                self._db.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            self._db.close()
            raise

    @property
    def schema_version(self) -> int:
        """The database's schema version (`PRAGMA user_version`)."""
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    @property
    def journal_mode(self) -> str:
        """SQLite's journal mode: "wal" once the store has opened the file for writing."""
        return self._db.execute("PRAGMA journal_mode").fetchone()[0]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------

    def start_session(self, record: SessionRecord) -> int:
        """Add a session (with any sets it already has); returns its id."""
        with self._write():
            cursor = self._db.execute(
                "INSERT INTO sessions (routine_id, routine_name, content_hash, started_at, ended_at, state,"
                " routine_path) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (record.routine_id, record.routine_name, record.content_hash, record.started_at,
                 record.ended_at, record.state.value, record.routine_path))
            session_id = cursor.lastrowid
            assert session_id is not None
            for set_record in record.sets:
                self._upsert(session_id, set_record)
        return session_id

    def save_set(self, session_id: int, set_record: SetRecord) -> None:
        """Write a finished set, replacing an earlier record of the same set; committed on return.

        Raises LookupError when there is no such session.
        """
        with self._write():
            self._upsert(session_id, set_record)

    def end_session(self, session_id: int, state: RecordState, ended_at: float | None) -> None:
        """Record how a session ended (finished or abandoned; running again after going back)."""
        with self._write():
            self._update_session(session_id, "state = ?, ended_at = ?", (state.value, ended_at))

    def discard(self, session_id: int) -> None:
        """Stop offering an unfinished session for resuming; its sets stay in the history."""
        with self._write():
            self._update_session(session_id, "resumable = 0", ())

    # --- reading -------------------------------------------------------------------------------

    def load(self, session_id: int) -> SessionRecord:
        """A session as the engine recorded it, to resume it or show it. Raises LookupError."""
        row = self._db.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise LookupError(f"no session {session_id} in the history")
        return self._records([row])[0][1]

    def unfinished(self) -> list[tuple[int, SessionRecord]]:
        """Sessions that can be resumed, newest first: not finished, not discarded, at least one set done.

        A session without a set has nothing to pick up, so it is not offered.
        """
        rows = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE state != 'finished' AND resumable = 1"
            f" AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id) {_SESSION_ORDER}").fetchall()
        return self._records(rows)

    def sessions(self, since: float | None = None) -> list[tuple[int, SessionRecord]]:
        """Every session that has sets, started at `since` (epoch seconds) or later, oldest first."""
        rows = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE started_at >= ?"
            " AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id) ORDER BY started_at, id",
            (since if since is not None else float("-inf"),)).fetchall()
        return self._records(rows)

    def last_session(self, routine_id: str) -> tuple[int, SessionRecord] | None:
        """The latest session of a routine that has sets (whatever its state), or None."""
        row = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE routine_id = ?"
            f" AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id) {_SESSION_ORDER} LIMIT 1",
            (routine_id,)).fetchone()
        return self._records([row])[0] if row else None

    def exercise_history(self, exercise_id: str, limit: int = 10, before: float | None = None) -> list[ExerciseSession]:
        """The latest `limit` sessions with sets of an exercise, newest first.

        `before` (epoch seconds) leaves out sessions started at or after it: a resumed session
        takes its targets from the history as it was when that session began.
        """
        rows = self._db.execute(
            "SELECT id, routine_id, routine_name, started_at FROM sessions WHERE started_at < ?"
            " AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id AND exercise_id = ?)"
            f" {_SESSION_ORDER} LIMIT ?",
            (before if before is not None else float("inf"), exercise_id, limit)).fetchall()
        sets = self._sets([row[0] for row in rows], exercise_id)
        return [ExerciseSession(sid, routine_id, name, started, tuple(sorted(sets.get(sid, []), key=plan_order)))
                for sid, routine_id, name, started in rows]

    def last_trained(self, routine_id: str) -> float | None:
        """When a set of this routine last ended (epoch seconds), or None if it was never done."""
        row = self._db.execute(
            "SELECT MAX(sets.ended_at) FROM sets JOIN sessions ON sessions.id = sets.session_id"
            " WHERE sessions.routine_id = ?", (routine_id,)).fetchone()
        return row[0]

    def routines_last_trained(self) -> dict[str, float]:
        """When a set of each routine last ended (epoch seconds), for every routine ever done."""
        return dict(self._db.execute(
            "SELECT sessions.routine_id, MAX(sets.ended_at) FROM sets JOIN sessions ON sessions.id = sets.session_id"
            " GROUP BY sessions.routine_id"))

    def muscles_last_trained(self, exercises: Mapping[str, Exercise | Iterable[str]]) -> dict[str, float]:
        """When each muscle was last worked (epoch seconds), from exercise id -> Exercise or muscles.

        Exercises missing from `exercises` (an inline exercise of a deleted routine) are skipped.
        """
        latest: dict[str, float] = {}
        for exercise_id, ended in self._db.execute("SELECT exercise_id, MAX(ended_at) FROM sets GROUP BY exercise_id"):
            entry = exercises.get(exercise_id)
            muscles = entry.targets if isinstance(entry, Exercise) else (entry or ())
            for muscle in muscles:
                latest[muscle] = max(latest.get(muscle, ended), ended)
        return latest

    # --- inside --------------------------------------------------------------------------------

    def _migrate(self) -> None:
        found = self.schema_version
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(found)
        if found == SCHEMA_VERSION:
            return
        with self._write():
            # Read again under the write lock: another pchain may have migrated meanwhile.
            for version in range(self.schema_version, SCHEMA_VERSION):
                for statement in MIGRATIONS[version]:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    @contextmanager
    def _write(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so a lock held elsewhere fails here (after the
        # busy timeout) rather than halfway through.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _upsert(self, session_id: int, record: SetRecord) -> None:
        values = [getattr(record, name) for name in _SET_COLUMNS]
        values[_SET_COLUMNS.index("side")] = record.side.value if record.side else ""
        values[_SET_COLUMNS.index("kind")] = record.kind.value
        updates = ", ".join(f"{name} = excluded.{name}" for name in _SET_COLUMNS)
        try:
            self._db.execute(
                f"INSERT INTO sets (session_id, {', '.join(_SET_COLUMNS)})"
                f" VALUES (?, {', '.join('?' * len(_SET_COLUMNS))})"
                f" ON CONFLICT (session_id, block_index, set_number, side) DO UPDATE SET {updates}",
                (session_id, *values))
        except sqlite3.IntegrityError as error:
            if "FOREIGN KEY" in str(error):
                raise LookupError(f"no session {session_id} in the history") from error
            raise

    def _update_session(self, session_id: int, assignments: str, values: tuple) -> None:
        cursor = self._db.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", (*values, session_id))
        if cursor.rowcount == 0:
            raise LookupError(f"no session {session_id} in the history")

    def _sets(self, session_ids: list[int], exercise_id: str | None = None) -> dict[int, list[SetRecord]]:
        """The sets of some sessions in the order they were done (a redone set ends later)."""
        if not session_ids:
            return {}
        marks = ", ".join("?" * len(session_ids))
        where = f"session_id IN ({marks})" + (" AND exercise_id = ?" if exercise_id is not None else "")
        rows = self._db.execute(
            f"SELECT session_id, {', '.join(_SET_COLUMNS)} FROM sets WHERE {where}"
            " ORDER BY session_id, ended_at, block_index, set_number, side",
            (*session_ids, *([exercise_id] if exercise_id is not None else []))).fetchall()
        found: dict[int, list[SetRecord]] = {}
        for session_id, *values in rows:
            fields = dict(zip(_SET_COLUMNS, values))
            fields["side"] = Side(fields["side"]) if fields["side"] else None
            fields["kind"] = WorkKind(fields["kind"])
            fields["skipped"] = bool(fields["skipped"])
            found.setdefault(session_id, []).append(SetRecord(**fields))
        return found

    def _records(self, rows: list[tuple]) -> list[tuple[int, SessionRecord]]:
        sets = self._sets([row[0] for row in rows])
        return [(sid, SessionRecord(routine_id, name, content_hash, started, ended, RecordState(state),
                                    sets.get(sid, []), path))
                for sid, routine_id, name, content_hash, started, ended, state, path in rows]
