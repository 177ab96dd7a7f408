"""What the history screen reads: the sessions a page at a time, and one exercise's recent sessions
with the trend of every measure for its chart.

Every read is queued on the history's own thread (`HistoryService.call`), after whatever was asked
before it, so a screen opened from the summary sees the workout just saved, and the UI never waits
on SQLite: each call returns a `Future`. The reads go through a read-only connection of their own,
opened on that thread at first use; a history that cannot be read is said, never raised.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TypeVar

from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.domain.training.trends import Measure, Series, trend
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage.history_queries import Cursor, SessionLines, session_page
from pchain_tui.storage.history_store import HistoryError, HistoryStore
from pchain_tui.storage.paths import tilde_path

T = TypeVar("T")

CHART_SESSIONS = 160
"""The most sessions of an exercise a chart draws, the latest: two per column of an 80-column
terminal's chart (a wider one draws them further apart)."""


@dataclass(frozen=True)
class Page:
    """A page of the session list."""

    sessions: tuple[SessionLines, ...]
    """Newest first."""
    total: int
    """Sessions with sets in the whole history."""
    problem: str | None = None
    """Why the history could not be read (then the page is empty), or None."""

    @property
    def next(self) -> Cursor | None:
        """Where the next page starts: after the oldest session here (None on an empty page)."""
        if not self.sessions:
            return None
        last = self.sessions[-1]
        return Cursor(last.started_at, last.session_id)


@dataclass(frozen=True)
class Trail:
    """An exercise's latest sessions (at most CHART_SESSIONS) and their trends, for its chart."""

    exercise_id: str
    sessions: tuple[ExerciseSession, ...]
    """Newest first."""
    total: int
    """Sessions of the exercise in the whole history."""
    problem: str | None = None
    trends: Mapping[Measure, Series] = field(default_factory=dict)
    """Each measure's points, worked out here so the screen only draws them."""


class HistoryBrowser:
    """The history screen's reads, on the history's thread. One per screen; `close` when it goes."""

    def __init__(self, history: HistoryService, default_unit: str = "kg") -> None:
        self._history = history
        self._unit = default_unit
        """The unit of a load written as a bare number (settings `units`)."""
        self._store: HistoryStore | None = None
        """Only touched on the history's thread."""

    def page(self, after: Cursor | None = None) -> Future[Page]:
        """The sessions after `after` (from the newest when None), newest first."""
        def read(store: HistoryStore | None) -> Page:
            if store is None:
                return Page((), 0)
            return Page(tuple(session_page(store, after)), store.count_sessions())

        return self._read(read, lambda problem: Page((), 0, problem))

    def trail(self, exercise_id: str) -> Future[Trail]:
        """The latest sessions of an exercise, newest first."""
        def read(store: HistoryStore | None) -> Trail:
            if store is None:
                return Trail(exercise_id, (), 0)
            sessions = tuple(store.exercise_history(exercise_id, limit=CHART_SESSIONS))
            return Trail(exercise_id, sessions, store.count_sessions(exercise_id=exercise_id),
                         trends={measure: trend(measure, sessions, self._unit) for measure in Measure})

        return self._read(read, lambda problem: Trail(exercise_id, (), 0, problem))

    def close(self) -> None:
        """Close the connection (on the history's thread, after the reads asked before)."""
        def close(_history: object) -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self._history.call(close)

    def _read(self, query: Callable[[HistoryStore | None], T], failed: Callable[[str], T]) -> Future[T]:
        def job(history) -> T:
            try:
                return query(self._open(history.path))
            except (sqlite3.Error, OSError, HistoryError) as error:
                if self._store is not None:
                    self._store.close()
                    self._store = None
                return failed(f"{tilde_path(history.path)} cannot be read: {error}")

        return self._history.call(job)

    def _open(self, path) -> HistoryStore | None:
        """The read-only store, opened once; None while there is no history file (nothing saved yet)."""
        if self._store is None:
            if not path.exists():
                return None
            self._store = HistoryStore(path, read_only=True)
        return self._store
