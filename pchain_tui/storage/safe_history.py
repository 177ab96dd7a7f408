"""`SafeHistory`: the history as the app uses it during a workout, where every call returns.

A locked, read-only, full or damaged database turns into a message in `problem`; the sets are kept
in the journal of unsaved sets (unsaved_journal.py, or in memory when no file can be written
either) and written on the next attempt, by this pchain or the next; a damaged file is moved
aside for a new one. Reading goes on from a read-only copy when writing fails.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pchain_tui.domain.model import Exercise, Side
from pchain_tui.domain.clock import Clock
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.words import plural
from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.storage import paths
from pchain_tui.storage.paths import tilde_path
from pchain_tui.storage.history_store import HistoryStore, SchemaTooNew, default_history_path
from pchain_tui.storage.unsaved_journal import JournalEntry, JournalError, UnsavedJournal

T = TypeVar("T")

_BUSY, _READONLY, _IOERR, _CANTOPEN, _CORRUPT, _FULL, _NOTADB = 5, 8, 10, 14, 11, 13, 26
"""SQLite's primary result codes (the low byte of `sqlite_errorcode`)."""
_NEARLY_FULL = 1 << 20
"""Free bytes under which a failed write is put down to a full disk (SQLite may call it an I/O error)."""


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

    Writes that fail (locked by another pchain, read-only, disk full, damaged) are kept in the
    journal of unsaved sets (or in memory when it cannot be written either) and retried on the
    next write (or `flush()`); the next pchain to open this history adds whatever a journal still
    holds. `problem` says, for the person, what is wrong and where the sets are; it clears when
    writing works again, except the note that a damaged file was moved aside. Reads that fail on
    the database for writing are asked of a read-only one; reads that fail there too return an
    empty answer (and say so in `problem`). The database is opened on first use, not at start-up.

    A session is known by the id `start_session` or `resume` returned. When the database could
    not be written at that moment, that id is provisional (negative) but stays valid: the session
    gets its real row when writing works again. Not re-entrant: from a signal handler, set a flag
    and let the main loop call in.
    """

    def __init__(self, path: Path | None = None, *, clock: Clock, read_only: bool = False,
                 busy_timeout: float = 0.25, journal: UnsavedJournal | None = None) -> None:
        self.path = path or default_history_path()
        self._read_only = read_only
        self._busy_timeout = busy_timeout
        self._clock = clock
        self._journal = journal or UnsavedJournal(self.path, paths.cache_dir())
        self._journal_read = False
        self._journal_unreadable: str | None = None
        self._journal_current = True
        """True when the journal (or the database) holds everything done here."""
        self._store: HistoryStore | None = None
        self._reader: HistoryStore | None = None
        self._tracked: dict[int, _Tracked] = {}
        self._discards: set[int] = set()
        self._next_provisional = -1
        self._trouble: str | None = None
        self._trouble_on_write = False
        self._moved_aside: str | None = None
        self._news: str | None = None
        self.failed_reads = 0
        """How many reads could not be answered (they returned an empty answer): a screen that compares
        it before and after its reads knows not to call an empty answer "never"."""
        self._from_journal = 0
        """Sets taken from a journal left by an earlier pchain, not in the database yet."""

    @property
    def problem(self) -> str | None:
        """What the person should know about the history now, or None when all is well."""
        if self.pending:
            trouble = self._trouble and f"{self._trouble}; {self._where_kept()}"
        else:  # a write that failed with nothing of the person's in it is worth a word once sets are kept
            trouble = None if self._trouble_on_write else self._trouble
        notes = [note for note in (trouble, self._journal_unreadable, self._moved_aside) if note]
        return "; ".join(notes) if notes else None

    def take_news(self) -> str | None:
        """Something good to tell once (sets from a journal are in the history now), else None."""
        news, self._news = self._news, None
        return news

    @property
    def pending(self) -> int:
        """Sets done in this process (or kept by an earlier one) that are not in the database yet."""
        return sum(len(t.record.sets) if t.db_id is None else len(t.unsaved) for t in self._tracked.values())

    @property
    def unkept(self) -> int:
        """Of the pending sets, those in memory only: lost if this process ends now."""
        return 0 if self._journal_current else self.pending

    @property
    def kept_in(self) -> Path | None:
        """The journal that holds the pending sets, when there are some and it does."""
        return self._journal.path if self.pending and self._journal_current else None

    # --- writing -------------------------------------------------------------------------------

    def start_session(self, record: SessionRecord) -> int:
        """Start logging a session (with any sets it already has); returns the id to log it by."""
        copy = record.snapshot()
        tracked = _Tracked(copy, None, set())
        self._journal_current = False
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
        self._journal_current = False
        return self._flush()

    def end_session(self, session_id: int, state: RecordState, ended_at: float | None) -> bool:
        """Log how the session ended; True when it is on disk."""
        tracked = self._tracked[session_id]
        tracked.record.state, tracked.record.ended_at = state, ended_at
        tracked.ending_unsaved = True
        self._journal_current = False
        return self._flush()

    def discard(self, session_id: int) -> bool:
        """Stop offering an unfinished session (an id from `unfinished`); True when it is on disk."""
        if session_id in self._tracked:
            self._tracked[session_id].discard_unsaved = True
            self._journal_current = False
        else:
            self._discards.add(session_id)
        return self._flush()

    def flush(self) -> bool:
        """Try again to write what is pending; True when nothing is left in memory only."""
        return self._flush()

    def close(self) -> None:
        """Write what can be written (the rest stays in the journal) and close the database."""
        self._flush()
        self._drop_store()
        self._drop_reader()

    # --- reading -------------------------------------------------------------------------------

    def unfinished(self) -> list[tuple[int, SessionRecord]]:
        """Sessions that can be resumed, newest first (empty when the history cannot be read)."""
        return self._read(lambda store: store.unfinished(), [])

    def last_session(self, routine_id: str) -> tuple[int, SessionRecord] | None:
        """The latest session of a routine, or None."""
        return self._read(lambda store: store.last_session(routine_id), None)

    def sessions(self, since: float | None = None) -> list[tuple[int, SessionRecord]]:
        """The sessions with sets started at `since` or later, oldest first (see HistoryStore)."""
        return self._read(lambda store: store.sessions(since), [])

    def exercise_history(self, exercise_id: str, limit: int = 10, before: float | None = None) -> list[ExerciseSession]:
        """The latest sessions with sets of an exercise, newest first (see HistoryStore)."""
        return self._read(lambda store: store.exercise_history(exercise_id, limit, before), [])

    def last_trained(self, routine_id: str) -> float | None:
        """When a set of this routine last ended, or None."""
        return self._read(lambda store: store.last_trained(routine_id), None)

    def routines_last_trained(self) -> dict[str, float] | None:
        """When each routine was last trained (see HistoryStore); None when the history cannot be read."""
        return self._read(lambda store: store.routines_last_trained(), None)

    def muscles_last_trained(self, exercises: Mapping[str, Exercise | Iterable[str]]) -> dict[str, float]:
        """When each muscle was last worked (see HistoryStore)."""
        return self._read(lambda store: store.muscles_last_trained(exercises), {})

    # --- inside --------------------------------------------------------------------------------

    def _read(self, query: Callable[[HistoryStore], T], default: T) -> T:
        for attempt in range(2):  # a second go, on a fresh file, after moving a damaged one aside
            try:
                store = self._open()
                if self._from_journal:  # an earlier pchain's sets first: a workout to resume may be there
                    self._flush()
                return query(store if self._store is store else self._open())
            except Exception as error:  # noqa: BLE001 - a history failure must never stop a workout
                if not self._failed(error, may_move_aside=attempt == 0):
                    self._trouble_on_write = False
                    break
        try:  # what cannot be opened for writing may still be read
            return query(self._open_reader())
        except Exception:  # noqa: BLE001 - `problem` already says what is wrong
            self._drop_reader()
            self.failed_reads += 1
            return default

    def _flush(self) -> bool:
        for attempt in range(2):
            try:
                self._write_pending(self._open())
            except Exception as error:  # noqa: BLE001 - a history failure must never stop a workout
                if not self._failed(error, may_move_aside=attempt == 0):
                    self._trouble_on_write = True
                    self._keep_in_journal()
                    return False
            else:
                self._trouble = None
                self._drop_reader()
                if self._journal_unreadable is None and self._journal.existing():
                    kept = self._journal.existing()[0]
                    self._journal.clear()  # everything it held is in the database now
                    if self._from_journal:
                        self._news = (f"history: {plural(self._from_journal, 'set')} kept in {tilde_path(kept)} by an "
                                      f"earlier pchain {'is' if self._from_journal == 1 else 'are'} in the history now")
                self._from_journal = 0
                self._journal_current = True
                return True
        self._trouble_on_write = True
        self._keep_in_journal()
        return False

    def _open(self) -> HistoryStore:
        if self._store is None:
            self._store = HistoryStore(self.path, read_only=self._read_only, busy_timeout=self._busy_timeout)
        if not self._journal_read:
            self._take_journal()
        return self._store

    def _open_reader(self) -> HistoryStore:
        if self._reader is None:
            self._reader = HistoryStore(self.path, read_only=True, busy_timeout=self._busy_timeout)
        return self._reader

    def _write_pending(self, store: HistoryStore) -> None:
        for tracked in self._tracked.values():
            if tracked.pending:
                _write_tracked(store, tracked)
        while self._discards:
            store.discard(min(self._discards))
            self._discards.remove(min(self._discards))

    def _take_journal(self) -> None:
        """Track the sessions a journal kept (this process's or an earlier one's), to write them."""
        self._journal_read = True
        try:
            entries = self._journal.read()
        except JournalError as error:
            self._journal_unreadable = f"history: the unsaved sets in {error} are left there untouched"
            return
        for entry in entries:
            if any(_same(t.record, entry.record) for t in self._tracked.values()):
                continue  # this process wrote it: it knows the session better
            record = entry.record
            # db_id None: found again by routine and start when written (it may be there already).
            tracked = _Tracked(record, None, {s.key for s in record.sets}, ending_unsaved=True,
                               discard_unsaved=entry.discard)
            self._tracked[self._next_provisional] = tracked
            self._next_provisional -= 1
            self._from_journal += len(record.sets)

    def _keep_in_journal(self) -> None:
        """Write the sessions with unsaved work to the journal, so quitting loses nothing."""
        if self._journal_current and self._journal.path is not None:
            return
        entries = [JournalEntry(t.record.snapshot(), t.db_id, t.discard_unsaved)
                   for t in self._tracked.values() if t.pending]
        self._journal_current = not entries or self._journal.write(entries) is not None

    def _where_kept(self) -> str:
        if self.kept_in is not None:
            return (f"your sets are kept in {tilde_path(self.kept_in)} and go into the history as soon as it "
                    "can be written")
        return ("your sets are kept in memory only (no file could be written): they are lost if pchain ends "
                "before the history can be written")

    def _failed(self, error: Exception, *, may_move_aside: bool) -> bool:
        """Explain a failure in `problem`; True when it was dealt with and the call should be retried."""
        self._drop_store()
        code = _primary_code(error)
        if code in (_CORRUPT, _NOTADB) and may_move_aside:
            return self._move_aside()
        self._trouble = self._explain(error, code)
        return False

    def _explain(self, error: Exception, code: int | None) -> str:
        """What is wrong, in words; `_keep_in_journal` adds where the sets are."""
        where = tilde_path(self.path)
        if isinstance(error, SchemaTooNew):
            return f"history: {where} was written by a newer pchain ({error}), so this one does not write it"
        if code == _BUSY:
            return "history: the database is locked by another pchain"
        if code == _FULL or (code == _IOERR and _nearly_full(self.path)) or _errno(error) == errno.ENOSPC:
            return f"history: cannot save to {where}: the disk is full"
        if code == _READONLY or (code == _CANTOPEN and not _writable(self.path)) or isinstance(error, PermissionError):
            return f"history: cannot save to {where}: it is read-only"
        if code in (_CORRUPT, _NOTADB):
            return f"history: {where} is damaged and could not be moved aside"
        return f"history: cannot save to {where} ({error})"

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
            self._trouble = f"history: {tilde_path(self.path)} is damaged and could not be moved aside ({error})"
            return False
        self._moved_aside = (f"history: {tilde_path(self.path)} was damaged; it was moved to {aside.name} "
                             "and a new history was started")
        for tracked in self._tracked.values():  # none of it is in the new file: write it all again
            tracked.db_id = None
        return True

    def _drop_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _drop_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def _write_tracked(store: HistoryStore, tracked: _Tracked) -> None:
    """Bring one session's rows up to date with its record; what is written is marked so at once."""
    record = tracked.record
    if tracked.db_id is None and (found := store.find_session(record.routine_id, record.started_at)) is not None:
        tracked.db_id = found  # added before (by a journal merge that did not finish): update it
        tracked.unsaved |= {s.key for s in record.sets}
        tracked.ending_unsaved = True
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


def _same(a: SessionRecord, b: SessionRecord) -> bool:
    return (a.routine_id, a.started_at) == (b.routine_id, b.started_at)


def _errno(error: Exception) -> int | None:
    return error.errno if isinstance(error, OSError) else None


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL
    except OSError:
        return False


def _writable(path: Path) -> bool:
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK)
