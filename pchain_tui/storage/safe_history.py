"""`SafeHistory`: the history as the app uses it during a workout, where every call returns.

A locked, read-only, full or damaged database turns into a message in `problem`; the sets are kept
in memory and written on the next attempt, and a damaged file is moved aside for a new one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pchain_tui.domain.model import Exercise, Side
from pchain_tui.domain.clock import Clock
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.storage.history_store import HistoryStore, SchemaTooNew, default_history_path

T = TypeVar("T")

_BUSY, _READONLY, _CANTOPEN, _CORRUPT, _FULL, _NOTADB = 5, 8, 14, 11, 13, 26
"""SQLite's primary result codes (the low byte of `sqlite_errorcode`)."""


@dataclass
class _Tracked:
    """A session this process writes: its record as known in memory and what is not on disk yet."""

    record: SessionRecord
    db_id: int | None
    unsaved: set[tuple[int, int, Side | None]]
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

    def __init__(self, path: Path | None = None, *, clock: Clock, read_only: bool = False,
                 busy_timeout: float = 0.25) -> None:
        self.path = path or default_history_path()
        self._read_only = read_only
        self._busy_timeout = busy_timeout
        self._clock = clock
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
        copy = record.snapshot()
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
            return self._tracked[session_id].record.snapshot()
        record = self._read(lambda store: _load_if_there(store, session_id), None)
        if record is not None:
            self._tracked[session_id] = _Tracked(record.snapshot(), session_id, set())
        return record

    def save_set(self, session_id: int, set_record: SetRecord) -> bool:
        """Log a finished (or corrected) set; True when it is on disk, False when kept in memory.

        `session_id` is one `start_session` or `resume` gave; any other is a bug in the caller
        (KeyError), not a storage failure.
        """
        tracked = self._tracked[session_id]
        tracked.record.put(set_record)
        tracked.unsaved.add(set_record.key)
        return self._flush()

    def end_session(self, session_id: int, state: RecordState, ended_at: float | None) -> bool:
        """Log how the session ended; True when it is on disk."""
        tracked = self._tracked[session_id]
        tracked.record.state, tracked.record.ended_at = state, ended_at
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

    def routines_last_trained(self) -> dict[str, float]:
        """When each routine was last trained (see HistoryStore)."""
        return self._read(lambda store: store.routines_last_trained(), {})

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
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._clock.wall()))
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
    for key in sorted(tracked.unsaved, key=lambda k: (k[0], k[1], k[2] is Side.RIGHT)):
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
