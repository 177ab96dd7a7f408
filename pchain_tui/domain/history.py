"""The workout log: every session and every set, in SQLite, each set committed the moment it ends.

Two layers:

- `HistoryStore` is the database itself. It raises `sqlite3.Error`, `OSError` and the errors
  below, like any storage code; the command line uses it and reports what went wrong.
- `SafeHistory` is what the app uses during a workout. It never raises for a storage failure: a
  locked, read-only, full or damaged database turns into a message in `problem`, the sets are kept
  in memory and written on the next attempt, and a damaged file is moved aside for a new one.

The schema carries its version in `PRAGMA user_version`; `MIGRATIONS[n]` takes a database from
version n to n + 1, so a database from any earlier release is brought up to date when opened.
A `SessionRecord` is rebuilt exactly from the rows (sets in the order they were done), so no
second copy of it is stored.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from pchain_tui import paths
from pchain_tui.domain.model import Exercise
from pchain_tui.domain.record import SessionRecord, SetRecord

T = TypeVar("T")

HISTORY_FILE_NAME = "history.sqlite3"
STATES = ("running", "finished", "abandoned")

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
)
SCHEMA_VERSION = len(MIGRATIONS)

_SET_COLUMNS = ("block_index", "exercise_id", "exercise_name", "side", "set_number", "kind", "target_reps",
                "done_reps", "target_seconds", "done_seconds", "load", "tempo", "started_at", "ended_at", "tut")
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


@dataclass(frozen=True)
class ExerciseSession:
    """The sets of one exercise in one session: a line of that exercise's history."""

    session_id: int
    routine_id: str
    routine_name: str
    started_at: float
    sets: tuple[SetRecord, ...]
    """In plan order: by set number, left before right."""

    @property
    def is_hold(self) -> bool:
        """True when these are timed holds (the amounts are seconds, not reps)."""
        return any(s.kind == "hold" for s in self.sets)

    def amounts(self) -> list[float]:
        """What each set achieved: reps done, or seconds held."""
        if self.is_hold:
            return [s.done_seconds or 0.0 for s in self.sets]
        return [float(s.done_reps or 0) for s in self.sets]

    @property
    def best(self) -> float:
        """The best set: most reps, or longest hold."""
        return max(self.amounts(), default=0.0)

    @property
    def volume(self) -> float:
        """All sets added up: total reps, or total seconds held (loads are free text, so not counted)."""
        return sum(self.amounts())


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
                 record.ended_at, _checked_state(record.state), record.routine_path))
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

    def end_session(self, session_id: int, state: str, ended_at: float | None) -> None:
        """Record how a session ended ("finished" or "abandoned"; "running" again after going back)."""
        with self._write():
            self._update_session(session_id, "state = ?, ended_at = ?", (_checked_state(state), ended_at))

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
        return [ExerciseSession(sid, routine_id, name, started, tuple(sorted(sets.get(sid, []), key=_plan_order)))
                for sid, routine_id, name, started in rows]

    def last_trained(self, routine_id: str) -> float | None:
        """When a set of this routine last ended (epoch seconds), or None if it was never done."""
        row = self._db.execute(
            "SELECT MAX(sets.ended_at) FROM sets JOIN sessions ON sessions.id = sets.session_id"
            " WHERE sessions.routine_id = ?", (routine_id,)).fetchone()
        return row[0]

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
        values[_SET_COLUMNS.index("side")] = record.side or ""
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
            fields["side"] = fields["side"] or None
            found.setdefault(session_id, []).append(SetRecord(**fields))
        return found

    def _records(self, rows: list[tuple]) -> list[tuple[int, SessionRecord]]:
        sets = self._sets([row[0] for row in rows])
        return [(sid, SessionRecord(routine_id, name, content_hash, started, ended, state, sets.get(sid, []), path))
                for sid, routine_id, name, content_hash, started, ended, state, path in rows]


def split_by_exercise(session_id: int, record: SessionRecord) -> list[ExerciseSession]:
    """A session as lines of exercise history, one per exercise done, in routine order."""
    blocks: dict[tuple[int, str], list[SetRecord]] = {}
    for s in record.sets:
        blocks.setdefault((s.block_index, s.exercise_id), []).append(s)
    return [ExerciseSession(session_id, record.routine_id, record.routine_name, record.started_at,
                            tuple(sorted(sets, key=_plan_order)))
            for _key, sets in sorted(blocks.items())]


def _checked_state(state: str) -> str:
    if state not in STATES:
        raise ValueError(f"session state must be one of {', '.join(STATES)}, not {state!r}")
    return state


def _plan_order(record: SetRecord) -> tuple[int, int, int]:
    return (record.block_index, record.set_number, 0 if record.side in (None, "left") else 1)


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Iterable[float]) -> str:
    """A trend in block characters, one per value, lowest to highest: "▁▃▅█"."""
    values = list(values)
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:  # flat: a level line, neither floor nor ceiling
        return "▄" * len(values)
    top = len(_BARS) - 1
    return "".join(_BARS[round((v - low) / (high - low) * top)] for v in values)


# --- the app's view: never raises --------------------------------------------------------------

_BUSY, _READONLY, _CANTOPEN, _CORRUPT, _FULL, _NOTADB = 5, 8, 14, 11, 13, 26
"""SQLite's primary result codes (the low byte of `sqlite_errorcode`)."""


@dataclass
class _Tracked:
    """A session this process writes: its record as known in memory and what is not on disk yet."""

    record: SessionRecord
    db_id: int | None
    unsaved: set[tuple[int, int, str | None]]
    ending_unsaved: bool = False
    discard_unsaved: bool = False

    @property
    def pending(self) -> bool:
        return self.db_id is None or bool(self.unsaved) or self.ending_unsaved or self.discard_unsaved


class SafeHistory:
    """The history as the app uses it: every call returns, whatever state the database is in.

    Writes that fail (locked by another pchain, read-only, disk full, damaged) are kept in memory
    and retried on the next write (or `flush()`). `problem` says, for the person, what is wrong;
    it clears when writing works again, except the note that a damaged file was moved aside.
    Reads that fail return an empty answer. The database is opened on first use, not at start-up.

    A session is known by the id `start_session` or `resume` returned. When the database could
    not be written at that moment, that id is provisional (negative) but stays valid: the session
    gets its real row when writing works again. Not re-entrant: from a signal handler, set a flag
    and let the main loop call in.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False, busy_timeout: float = 0.25,
                 wall: Callable[[], float] = time.time) -> None:
        self.path = path or default_history_path()
        self._read_only = read_only
        self._busy_timeout = busy_timeout
        self._wall = wall
        self._store: HistoryStore | None = None
        self._tracked: dict[int, _Tracked] = {}
        self._discards: set[int] = set()
        self._next_provisional = -1
        self._trouble: str | None = None
        self._moved_aside: str | None = None

    @property
    def problem(self) -> str | None:
        """What the person should know about the history now, or None when all is well."""
        return self._trouble or self._moved_aside

    @property
    def pending(self) -> int:
        """Sets done in this process that are not on disk yet."""
        return sum(len(t.record.sets) if t.db_id is None else len(t.unsaved) for t in self._tracked.values())

    # --- writing -------------------------------------------------------------------------------

    def start_session(self, record: SessionRecord) -> int:
        """Start logging a session (with any sets it already has); returns the id to log it by."""
        copy = SessionRecord.from_dict(record.to_dict())
        tracked = _Tracked(copy, None, set())
        provisional = self._next_provisional
        self._next_provisional -= 1
        self._tracked[provisional] = tracked
        if self._flush() and tracked.db_id is not None and tracked.db_id not in self._tracked:
            self._tracked[tracked.db_id] = self._tracked.pop(provisional)
            return tracked.db_id
        return provisional

    def resume(self, session_id: int) -> SessionRecord | None:
        """Load an unfinished session to carry on logging it under `session_id`; None if it cannot be read."""
        if session_id in self._tracked:
            return SessionRecord.from_dict(self._tracked[session_id].record.to_dict())
        record = self._read(lambda store: _load_if_there(store, session_id), None)
        if record is not None:
            self._tracked[session_id] = _Tracked(SessionRecord.from_dict(record.to_dict()), session_id, set())
        return record

    def save_set(self, session_id: int, set_record: SetRecord) -> bool:
        """Log a finished (or corrected) set; True when it is on disk, False when kept in memory.

        `session_id` is one `start_session` or `resume` gave; any other is a bug in the caller
        (KeyError), not a storage failure.
        """
        tracked = self._tracked[session_id]
        tracked.record.put(replace(set_record))
        tracked.unsaved.add(set_record.key)
        return self._flush()

    def end_session(self, session_id: int, state: str, ended_at: float | None) -> bool:
        """Log how the session ended; True when it is on disk."""
        tracked = self._tracked[session_id]
        tracked.record.state, tracked.record.ended_at = _checked_state(state), ended_at
        tracked.ending_unsaved = True
        return self._flush()

    def discard(self, session_id: int) -> bool:
        """Stop offering an unfinished session (an id from `unfinished`); True when it is on disk."""
        if session_id in self._tracked:
            self._tracked[session_id].discard_unsaved = True
        else:
            self._discards.add(session_id)
        return self._flush()

    def flush(self) -> bool:
        """Try again to write what is pending; True when nothing is left in memory only."""
        return self._flush()

    def close(self) -> None:
        """Write what can be written and close the database."""
        self._flush()
        self._drop_store()

    # --- reading -------------------------------------------------------------------------------

    def unfinished(self) -> list[tuple[int, SessionRecord]]:
        """Sessions that can be resumed, newest first (empty when the history cannot be read)."""
        return self._read(lambda store: store.unfinished(), [])

    def last_session(self, routine_id: str) -> tuple[int, SessionRecord] | None:
        """The latest session of a routine, or None."""
        return self._read(lambda store: store.last_session(routine_id), None)

    def exercise_history(self, exercise_id: str, limit: int = 10, before: float | None = None) -> list[ExerciseSession]:
        """The latest sessions with sets of an exercise, newest first (see HistoryStore)."""
        return self._read(lambda store: store.exercise_history(exercise_id, limit, before), [])

    def last_trained(self, routine_id: str) -> float | None:
        """When a set of this routine last ended, or None."""
        return self._read(lambda store: store.last_trained(routine_id), None)

    def muscles_last_trained(self, exercises: Mapping[str, Exercise | Iterable[str]]) -> dict[str, float]:
        """When each muscle was last worked (see HistoryStore)."""
        return self._read(lambda store: store.muscles_last_trained(exercises), {})

    # --- inside --------------------------------------------------------------------------------

    def _read(self, query: Callable[[HistoryStore], T], default: T) -> T:
        for attempt in range(2):  # a second go, on a fresh file, after moving a damaged one aside
            try:
                return query(self._open())
            except Exception as error:  # noqa: BLE001 - a history failure must never stop a workout
                if not self._failed(error, may_move_aside=attempt == 0):
                    return default
        return default

    def _flush(self) -> bool:
        for attempt in range(2):
            try:
                self._write_pending(self._open())
            except Exception as error:  # noqa: BLE001 - a history failure must never stop a workout
                if not self._failed(error, may_move_aside=attempt == 0):
                    return False
            else:
                self._trouble = None
                return True
        return False

    def _open(self) -> HistoryStore:
        if self._store is None:
            self._store = HistoryStore(self.path, read_only=self._read_only, busy_timeout=self._busy_timeout)
        return self._store

    def _write_pending(self, store: HistoryStore) -> None:
        for tracked in self._tracked.values():
            if tracked.pending:
                _write_tracked(store, tracked)
        while self._discards:
            store.discard(min(self._discards))
            self._discards.remove(min(self._discards))

    def _failed(self, error: Exception, *, may_move_aside: bool) -> bool:
        """Explain a failure in `problem`; True when it was dealt with and the call should be retried."""
        self._drop_store()
        code = _primary_code(error)
        if code in (_CORRUPT, _NOTADB) and may_move_aside:
            return self._move_aside()
        self._trouble = self._explain(error, code)
        return False

    def _explain(self, error: Exception, code: int | None) -> str:
        where = _shown(self.path)
        lost = "this session's sets will not be kept after you quit"
        if isinstance(error, SchemaTooNew):
            return f"history: {where} was written by a newer pchain ({error}); {lost}"
        if code == _BUSY:
            return ("history: the database is locked by another pchain; your sets are kept in memory "
                    "and will be saved when it is free")
        if code == _FULL:
            return "history: the disk is full; your sets are kept in memory and will be saved when there is room"
        if code == _READONLY or (code == _CANTOPEN and not _writable(self.path)) or isinstance(error, PermissionError):
            return f"history: cannot save to {where} (read-only); {lost}"
        if code in (_CORRUPT, _NOTADB):
            return f"history: {where} is damaged and could not be moved aside; {lost}"
        return f"history: cannot save to {where} ({error}); {lost}"

    def _move_aside(self) -> bool:
        """Rename a damaged database (and its journal files) out of the way; True if it worked."""
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._wall()))
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            for suffix in ("", "-wal", "-shm"):
                source = self.path.with_name(self.path.name + suffix)
                if source.exists():
                    os.replace(source, aside.with_name(aside.name + suffix))
        except OSError as error:
            self._trouble = f"history: {_shown(self.path)} is damaged and could not be moved aside ({error})"
            return False
        self._moved_aside = (f"history: {_shown(self.path)} was damaged; it was moved to {aside.name} "
                             "and a new history was started")
        for tracked in self._tracked.values():  # none of it is in the new file: write it all again
            tracked.db_id = None
        return True

    def _drop_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _write_tracked(store: HistoryStore, tracked: _Tracked) -> None:
    """Bring one session's rows up to date with its record; what is written is marked so at once."""
    record = tracked.record
    if tracked.db_id is None:
        tracked.db_id = store.start_session(record)
        tracked.unsaved.clear()
        tracked.ending_unsaved = False
    for key in sorted(tracked.unsaved, key=lambda k: (k[0], k[1], k[2] or "")):
        store.save_set(tracked.db_id, next(s for s in record.sets if s.key == key))
        tracked.unsaved.discard(key)
    if tracked.ending_unsaved:
        store.end_session(tracked.db_id, record.state, record.ended_at)
        tracked.ending_unsaved = False
    if tracked.discard_unsaved:
        store.discard(tracked.db_id)
        tracked.discard_unsaved = False


def _load_if_there(store: HistoryStore, session_id: int) -> SessionRecord | None:
    """A session, or None when there is no such one (an answer, not a failure of the history)."""
    try:
        return store.load(session_id)
    except LookupError:
        return None


def _primary_code(error: Exception) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _writable(path: Path) -> bool:
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK)


def _shown(path: Path) -> str:
    """A path for a message, from ~ when it is under the home folder."""
    home = Path.home()
    return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)
