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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

from pchain_tui.domain.model import Exercise, Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.training.exercise_log import ExerciseSession, plan_order
from pchain_tui.storage import paths

HISTORY_FILE_NAME = "history.sqlite3"

_RESUMABLE = "state != 'finished' AND resumable = 1"
"""Sessions that may be offered for resuming (the few that did not finish), kept in their own index."""

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
    # 3 -> 4: indexes shaped for what the screens ask, so years of history answer at once: the
    # last sessions of an exercise (a point lookup per session, newest first, stopping at the
    # limit), and the last set of a session (when a routine was last done).
    (
        "CREATE INDEX sets_by_exercise_session ON sets (exercise_id, session_id)",
        "CREATE INDEX sets_by_session_end ON sets (session_id, ended_at)",
        "CREATE INDEX sessions_by_start ON sessions (started_at, id)",
        f"CREATE INDEX sessions_resumable ON sessions (started_at, id) WHERE {_RESUMABLE}",
    ),
    # 4 -> 5: a set's role (a warm-up never counts for progression), how hard it felt (RPE or
    # reps in reserve), and its time under tension split by phase.
    (
        "ALTER TABLE sets ADD COLUMN role TEXT NOT NULL DEFAULT 'work'",
        "ALTER TABLE sets ADD COLUMN rpe REAL",
        "ALTER TABLE sets ADD COLUMN rir REAL",
        "ALTER TABLE sets ADD COLUMN tut_lower REAL",
        "ALTER TABLE sets ADD COLUMN tut_pause REAL",
        "ALTER TABLE sets ADD COLUMN tut_lift REAL",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

_SET_COLUMNS = ("block_index", "exercise_id", "exercise_name", "side", "set_number", "kind", "target_reps",
                "done_reps", "target_seconds", "done_seconds", "load", "tempo", "started_at", "ended_at", "tut",
                "skipped", "note", "range_low", "range_high", "rest_after", "role", "rpe", "rir",
                "tut_lower", "tut_pause", "tut_lift")
_SESSION_COLUMNS = "id, routine_id, routine_name, content_hash, started_at, ended_at, state, routine_path"
_SESSION_ORDER = "ORDER BY started_at DESC, id DESC"
_READONLY, _CANTOPEN = 8, 14
"""SQLite's primary result codes for a file that cannot be written, or opened."""
_IDS_PER_QUERY = 500
"""Session ids asked for in one query (SQLite caps the parameters of a statement)."""


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
        try:
            self._connect("ro" if read_only else "rwc", busy_timeout)
        except sqlite3.OperationalError as error:
            if not read_only or (getattr(error, "sqlite_errorcode", 0) & 0xFF) not in (_READONLY, _CANTOPEN):
                raise
            # A WAL database in a folder nobody may write: SQLite cannot make the shared-memory file
            # that readers use, so it refuses even to read. Nothing can write it either, so reading
            # it as unchanging is safe.
            self._connect("ro&immutable=1", busy_timeout)

    def _connect(self, mode: str, busy_timeout: float) -> None:
        # isolation_level=None: transactions are begun and committed here, explicitly, so a set is
        # on disk when save_set returns. check_same_thread=False lets the app write from a worker.
        self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode={mode}", uri=True,
                                   timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            if not self.read_only and self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
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

    def select(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        """The rows of a SELECT on the store's connection, for the read models kept beside it
        (storage/history_queries.py); writes go through the store's own methods."""
        if not sql.lstrip().upper().startswith("SELECT"):
            raise ValueError("HistoryStore.select only reads")
        return self._db.execute(sql, params)

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

    def add_imported(self, records: Iterable[SessionRecord]) -> list[tuple[bool, int]]:
        """Add sessions brought in from another app, all in one transaction; for each: (new, sets added).

        A session is known by its routine id and start (as `find_session` finds it). One already in
        the history gets only the sets it lacks (by block, set number and side); nothing there is
        replaced, so importing the same file twice adds nothing.
        """
        added: list[tuple[bool, int]] = []
        insert = (f"INSERT INTO sets (session_id, {', '.join(_SET_COLUMNS)})"
                  f" VALUES (?, {', '.join('?' * len(_SET_COLUMNS))})"
                  " ON CONFLICT (session_id, block_index, set_number, side) DO NOTHING")
        with self._write():
            for record in records:
                session_id = self.find_session(record.routine_id, record.started_at)
                new = session_id is None
                if session_id is None:
                    session_id = self._db.execute(
                        "INSERT INTO sessions (routine_id, routine_name, content_hash, started_at, ended_at, state,"
                        " routine_path, resumable) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                        (record.routine_id, record.routine_name, record.content_hash, record.started_at,
                         record.ended_at, record.state.value, record.routine_path)).lastrowid
                before = self._db.total_changes
                self._db.executemany(insert, ((session_id, *_set_values(s)) for s in record.sets))
                added.append((new, self._db.total_changes - before))
        return added

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
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE {_RESUMABLE}"
            f" AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id) {_SESSION_ORDER}").fetchall()
        return self._records(rows)

    def sessions(self, since: float | None = None, limit: int | None = None,
                 exercise_id: str | None = None) -> list[tuple[int, SessionRecord]]:
        """The sessions that have sets, started at `since` (epoch seconds) or later, oldest first.

        `limit` keeps only the newest `limit` of them (still returned oldest first);
        `exercise_id` only those with sets of that exercise.
        """
        where, values = _with_sets(since, exercise_id)
        rows = self._db.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE {where} {_SESSION_ORDER} LIMIT ?",
                                (*values, -1 if limit is None else limit)).fetchall()
        return self._records(rows[::-1])

    def count_sessions(self, since: float | None = None, exercise_id: str | None = None) -> int:
        """How many sessions `sessions` would give with no limit."""
        where, values = _with_sets(since, exercise_id)
        return self._db.execute(f"SELECT COUNT(*) FROM sessions WHERE {where}", values).fetchone()[0]

    def iter_sets(self) -> Iterator[tuple[int, SessionRecord, SetRecord]]:
        """Every set, sessions oldest first and each session's sets as done, read as it goes.

        Each session comes with its record without sets (the sets arrive one by one), so an export
        of any size holds one row at a time.
        """
        cursor = self._db.execute(
            f"SELECT {', '.join('sessions.' + c.strip() for c in _SESSION_COLUMNS.split(','))},"
            f" {', '.join('sets.' + c for c in _SET_COLUMNS)} FROM sets JOIN sessions ON sessions.id = sets.session_id"
            " ORDER BY sessions.started_at, sessions.id, sets.ended_at, sets.block_index, sets.set_number, sets.side")
        current: tuple[int, SessionRecord] | None = None
        for row in cursor:
            head, values = row[:8], row[8:]
            if current is None or current[0] != head[0]:
                current = self._session(head, [])
            yield current[0], current[1], _set_record(values)

    def find_session(self, routine_id: str, started_at: float) -> int | None:
        """The id of the session of this routine that started at `started_at`, or None.

        A session is known by these two: sessions kept in the journal are found again by them, so
        adding one twice gives one session.
        """
        row = self._db.execute("SELECT id FROM sessions WHERE started_at = ? AND routine_id = ? ORDER BY id LIMIT 1",
                               (started_at, routine_id)).fetchone()
        return row[0] if row else None

    def last_session(self, routine_id: str) -> tuple[int, SessionRecord] | None:
        """The latest session of a routine that has sets (whatever its state), or None."""
        row = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE routine_id = ?"
            f" AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id) {_SESSION_ORDER} LIMIT 1",
            (routine_id,)).fetchone()
        return self._records([row])[0] if row else None

    def exercise_history(self, exercise_id: str, limit: int | None = 10, before: float | None = None,
                         since: float | None = None) -> list[ExerciseSession]:
        """The latest `limit` sessions with sets of an exercise (every one for None), newest first.

        `before` (epoch seconds) leaves out sessions started at or after it: a resumed session
        takes its targets from the history as it was when that session began. `since` leaves out
        sessions started before it.
        """
        # Sessions are walked newest first on their start index, each asked one point question of
        # sets_by_exercise_session, and the walk stops at the limit: the cost is the sessions
        # looked at, not the size of the history.
        rows = self._db.execute(
            "SELECT id, routine_id, routine_name, started_at FROM sessions WHERE started_at < ? AND started_at >= ?"
            " AND EXISTS (SELECT 1 FROM sets WHERE exercise_id = ? AND session_id = sessions.id)"
            f" {_SESSION_ORDER} LIMIT ?",
            (before if before is not None else float("inf"), _or_ever(since), exercise_id,
             -1 if limit is None else limit)).fetchall()
        sets = self._sets([row[0] for row in rows], exercise_id)
        return [ExerciseSession(sid, routine_id, name, started, tuple(sorted(sets.get(sid, []), key=plan_order)))
                for sid, routine_id, name, started in rows]

    def exercise_counts(self, since: float | None = None) -> dict[str, int]:
        """For each exercise ever done (since `since`): in how many sessions."""
        return dict(self._db.execute(
            "SELECT exercise_id, COUNT(DISTINCT session_id) FROM sets WHERE session_id IN"
            " (SELECT id FROM sessions WHERE started_at >= ?) GROUP BY exercise_id", (_or_ever(since),)))

    def loads_done(self, exercise_id: str, since: float | None = None) -> list[tuple[str | None, int, float, int]]:
        """Each load an exercise's work sets were done with (since `since`), with the most reps and the
        longest hold at it, and how many sets. Warm-ups and skipped sets are left out.

        Loads are free text ("20 kg", "light"), so the heaviest is for the caller to find; there are
        a handful per exercise, however long the history.
        """
        return [(load, reps or 0, seconds or 0.0, sets) for load, reps, seconds, sets in self._db.execute(
            "SELECT load, MAX(done_reps), MAX(done_seconds), COUNT(*) FROM sets WHERE exercise_id = ?"
            " AND skipped = 0 AND role != 'warmup'"
            " AND session_id IN (SELECT id FROM sessions WHERE started_at >= ?) GROUP BY load",
            (exercise_id, _or_ever(since)))]

    def exercise_ids(self) -> list[str]:
        """Every exercise id in the history, sorted."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT exercise_id FROM sets ORDER BY exercise_id")]

    def last_trained(self, routine_id: str) -> float | None:
        """When a set of this routine last ended (epoch seconds), or None if it was never done."""
        return self._db.execute(
            "SELECT MAX((SELECT MAX(ended_at) FROM sets WHERE session_id = sessions.id)) FROM sessions"
            " WHERE routine_id = ?", (routine_id,)).fetchone()[0]

    def routines_last_trained(self) -> dict[str, float]:
        """When a set of each routine last ended (epoch seconds), for every routine ever done."""
        # Per session, its last set is one step down sets_by_session_end; never a scan of all sets.
        return {routine_id: at for routine_id, at in self._db.execute(
            "SELECT routine_id, MAX((SELECT MAX(ended_at) FROM sets WHERE session_id = sessions.id)) FROM sessions"
            " GROUP BY routine_id") if at is not None}

    def muscles_last_trained(self, exercises: Mapping[str, Exercise | Iterable[str]]) -> dict[str, float]:
        """When each muscle was last worked (epoch seconds), from exercise id -> Exercise or muscles.

        Only the exercises in `exercises` are looked up (one index step each); others in the history
        (an inline exercise of a deleted routine) are not counted.
        """
        latest: dict[str, float] = {}
        for exercise_id, entry in exercises.items():
            muscles = entry.targets if isinstance(entry, Exercise) else entry
            if not muscles:
                continue
            (ended,) = self._db.execute("SELECT MAX(ended_at) FROM sets WHERE exercise_id = ?",
                                        (exercise_id,)).fetchone()
            if ended is not None:
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
        if self.read_only:
            # The file must not change (it may not be ours to write): read an up-to-date copy of it
            # in memory instead. An older file is one that has not been written since an upgrade.
            copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            self._db.backup(copy)
            self._db.close()
            self._db = copy
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
        values = _set_values(record)
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
        found: dict[int, list[SetRecord]] = {}
        extra = [exercise_id] if exercise_id is not None else []
        for start in range(0, len(session_ids), _IDS_PER_QUERY):
            chunk = session_ids[start:start + _IDS_PER_QUERY]
            where = f"session_id IN ({', '.join('?' * len(chunk))})" + (" AND exercise_id = ?" if extra else "")
            for session_id, *values in self._db.execute(
                    f"SELECT session_id, {', '.join(_SET_COLUMNS)} FROM sets WHERE {where}"
                    " ORDER BY session_id, ended_at, block_index, set_number, side", (*chunk, *extra)):
                found.setdefault(session_id, []).append(_set_record(values))
        return found

    def _records(self, rows: list[tuple]) -> list[tuple[int, SessionRecord]]:
        sets = self._sets([row[0] for row in rows])
        return [self._session(row, sets.get(row[0], [])) for row in rows]

    @staticmethod
    def _session(row: tuple, sets: list[SetRecord]) -> tuple[int, SessionRecord]:
        sid, routine_id, name, content_hash, started, ended, state, path = row
        return sid, SessionRecord(routine_id, name, content_hash, started, ended, RecordState(state), sets, path)


def _set_values(record: SetRecord) -> list:
    """A set's column values, in the order of _SET_COLUMNS."""
    values = [getattr(record, name) for name in _SET_COLUMNS]
    values[_SIDE_COLUMN] = record.side.value if record.side else ""
    values[_KIND_COLUMN] = record.kind.value
    return values


_SIDE_COLUMN, _KIND_COLUMN = _SET_COLUMNS.index("side"), _SET_COLUMNS.index("kind")


def _set_record(values: Sequence) -> SetRecord:
    """A set from its columns, in the order of _SET_COLUMNS."""
    # By position and with the enums looked up in dicts: an export builds one per set, and
    # keyword arguments cost more than the rest of the row.
    row = [values[i] for i in _FIELD_ORDER]
    row[_SIDE] = _SIDES[row[_SIDE]]
    row[_KIND] = _KINDS[row[_KIND]]
    row[_SKIPPED] = bool(row[_SKIPPED])
    return SetRecord(*row)


_FIELD_ORDER = tuple(_SET_COLUMNS.index(f.name) for f in fields(SetRecord))
"""Where each of SetRecord's fields is among _SET_COLUMNS."""
assert len(_FIELD_ORDER) == len(_SET_COLUMNS)
_SIDE, _KIND, _SKIPPED = (next(i for i, f in enumerate(fields(SetRecord)) if f.name == name)
                          for name in ("side", "kind", "skipped"))
_SIDES = {"": None, **{side.value: side for side in Side}}
_KINDS = {kind.value: kind for kind in WorkKind}


def _with_sets(since: float | None, exercise_id: str | None) -> tuple[str, tuple]:
    """The WHERE clause (and its values) of sessions with sets (of `exercise_id`) started at `since` or later."""
    if exercise_id is None:
        return ("started_at >= ? AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id)",
                (_or_ever(since),))
    return ("started_at >= ? AND EXISTS (SELECT 1 FROM sets WHERE exercise_id = ? AND session_id = sessions.id)",
            (_or_ever(since), exercise_id))


def _or_ever(since: float | None) -> float:
    """A lower bound on start times: `since`, or the beginning of time."""
    return since if since is not None else float("-inf")
