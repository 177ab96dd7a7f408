"""The history as the app uses it: each set saved the moment it ends, today's plan from
progression, and what last time and next time were, as data for the screens to word.

Every call queues work on the history's own thread (`HistoryThread`) and returns at once: writes
are fire-and-forget, reads return a `Future`. Every storage problem becomes a notice for the
person, and the workout always goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from pchain_tui.domain.clock import Clock
from pchain_tui.domain.model import Exercise, Routine
from pchain_tui.domain.notice import Notice
from pchain_tui.domain.session.plan import Plan, build_plan
from pchain_tui.domain.session.record import SessionRecord, SetRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.exercise_log import split_by_exercise
from pchain_tui.domain.training.progression import HistoryPolicy, advise
from pchain_tui.domain.training.recovery import Recency, recency
from pchain_tui.services.history_thread import RETRY_EVERY, HistoryThread
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.storage.session_locks import SessionLocks

TREND_SESSIONS = 8
"""Sessions shown in a trend."""


@dataclass(frozen=True)
class ExerciseTrend:
    """One exercise of a routine, for the overview: last time, today's plan and the trend."""

    name: str
    last: tuple[tuple[float, ...], ...]
    """What each set achieved last time: reps, or seconds held; a per-side set's left and right."""
    is_hold: bool
    today: str
    """Today's plan in words: "3 x 13 (one more rep per set)"."""
    volumes: tuple[float, ...]
    """Each session's total reps (or seconds), oldest first, ending with last time."""


@dataclass(frozen=True)
class OverviewHistory:
    """What the history says about a routine before it starts."""

    recency: Recency
    """When the routine and its muscles were last trained, seen from now."""
    exercises: tuple[ExerciseTrend, ...]
    """The routine's exercises that were done before, in routine order."""
    unreadable: str | None = None
    """Why the history could not be read (then "never done" is not known), or None."""


@dataclass(frozen=True)
class NextTime:
    """One exercise done today, for the summary: what next time will ask, and the trend."""

    name: str
    advice: str
    volumes: tuple[float, ...]
    """Each session's total reps (or seconds), oldest first, ending with today."""


@dataclass(frozen=True)
class Saving:
    """How saving the history stands."""

    problem: str | None
    """What is wrong, and where the sets are kept meanwhile; None when all is well."""
    pending: int
    """Sets not in the history yet (in the journal of unsaved sets, or in memory)."""
    unkept: int
    """Of those, the sets in memory only: lost if pchain ends before the history can be written."""


class HistoryService:
    """One per app: the history on its thread, the settings, and where notices go."""

    def __init__(self, history: SafeHistory, settings: Settings, tell: Callable[[Notice], None], clock: Clock, *,
                 locks: SessionLocks | None = None, retry_every: float = RETRY_EVERY) -> None:
        self.settings = settings
        self.clock = clock
        self.tell = tell
        """Shows the person a notice (from any thread)."""
        self.locks = locks or SessionLocks(history.path.parent / "running")
        """Which sessions run now, here or in another pchain (never offered for resuming)."""
        self._thread = HistoryThread(history, tell, retry_every=retry_every)

    @classmethod
    def open(cls, path: Path | None, settings: Settings, tell: Callable[[Notice], None],
             clock: Clock) -> HistoryService:
        """The history at `path` (the default place when None); the file is opened on first use."""
        return cls(SafeHistory(path, clock=clock), settings, tell, clock)

    def call(self, job: Callable[[SafeHistory], object]) -> Future:
        """Run `job` on the history's thread (for what no method below covers: tests, tools)."""
        return self._thread.call(job)

    # --- reading -------------------------------------------------------------------------------

    def routines_last_trained(self) -> Future[dict[str, float] | None]:
        """When each routine was last trained (epoch seconds), for the picker; None when it cannot be read."""
        return self._thread.call(lambda history: history.routines_last_trained())

    def unfinished(self) -> Future[list[tuple[int, SessionRecord]]]:
        """Sessions that can be resumed, newest first; not one that another pchain runs now."""
        return self._thread.call(lambda history: [
            (session_id, record) for session_id, record in history.unfinished()
            if not self.locks.running_elsewhere(session_id)])

    def plan(self, routine: Routine, *, before: float | None = None) -> Future[Plan]:
        """Today's plan of `routine`, its targets from each exercise's history (`before`: as the history
        was at that time, for a resumed session)."""
        return self._thread.call(lambda history: build_plan(
            routine, HistoryPolicy(history, self.settings, before=before, routine_id=routine.id)))

    def overview(self, routine: Routine, library: Mapping[str, Exercise]) -> Future[OverviewHistory]:
        """When the routine and its muscles were last trained, and per exercise last time, today and the
        trend. `library` knows the muscles of exercises from other routines."""
        def read(history: SafeHistory) -> OverviewHistory:
            failed_before = history.failed_reads
            policy = HistoryPolicy(history, self.settings, routine_id=routine.id)
            lines = []
            for block in routine.blocks:
                past = history.exercise_history(block.exercise.id, limit=TREND_SESSIONS)
                if past:
                    lines.append(ExerciseTrend(block.exercise.name, past[0].by_set(), past[0].is_hold,
                                               policy.advice(block).describe(block),
                                               tuple(s.volume for s in reversed(past))))
            seen = recency(self.clock.wall(), routine, history, library)
            failed = history.failed_reads > failed_before
            unreadable = (history.problem or "history: it cannot be read") if failed else None
            return OverviewHistory(seen, tuple(lines), unreadable)

        return self._thread.call(read)

    def next_time(self, plan: Plan, record: SessionRecord) -> Future[tuple[NextTime, ...]]:
        """For each exercise done in `record`: what next time will ask, and the trend including today."""
        record = record.snapshot()

        def read(history: SafeHistory) -> tuple[NextTime, ...]:
            today = {s.sets[0].exercise_id: s for s in split_by_exercise(0, record) if s.sets}
            lines = []
            for index, block in enumerate(plan.routine.blocks):
                sets = [s for s in record.sets if s.block_index == index]
                if not sets:
                    continue
                past = history.exercise_history(block.exercise.id, limit=TREND_SESSIONS, before=record.started_at)
                volumes = [s.volume for s in reversed(past)]
                if block.exercise.id in today:
                    volumes.append(today[block.exercise.id].volume)
                lines.append(NextTime(block.exercise.name, advise(block, sets, self.settings).describe(block),
                                      tuple(volumes)))
            return tuple(lines)

        return self._thread.call(read)

    # --- writing -------------------------------------------------------------------------------

    def saving(self) -> Future[Saving]:
        """How saving stands, once everything asked before has been tried: for the summary."""
        return self._thread.call(lambda history: Saving(history.problem, history.pending, history.unkept))

    def discard(self, session_id: int) -> Future[bool]:
        """Do not offer this session again; True once that is on disk."""
        return self._thread.call(lambda history: history.discard(session_id))

    def log(self, resume_id: int | None = None) -> SessionLog:
        """A log for one workout (continuing session `resume_id` when resuming)."""
        return SessionLog(self, resume_id)

    def flush(self) -> Future[bool]:
        """Try now to write what is kept in memory; True when nothing is left."""
        return self._thread.call(lambda history: history.flush())

    def close(self, timeout: float = 5.0) -> bool:
        """Write what can be written and close; True when no set is left unsaved."""
        return self._thread.close(timeout)


class SessionLog:
    """Writes one workout to the history: each set the moment it is finished or corrected.

    Every method only queues work on the history's thread, so it is safe on the cue thread and
    never waits for the disk. The session's id lives on that thread too.
    """

    def __init__(self, service: HistoryService, resume_id: int | None = None) -> None:
        self._service = service
        self._id = resume_id

    def session_started(self, record: SessionRecord) -> None:
        """Open the session in the history (a resumed one keeps its id)."""
        record = record.snapshot()

        def start(history: SafeHistory) -> None:
            if self._id is None:
                self._id = history.start_session(record)
            if self._id > 0 and not self._service.locks.hold(self._id):  # (< 0: not on disk yet)
                self._service.tell(Notice.warning(
                    "This workout is running in another pchain too; the sets done here are saved with it."))

        self._service.call(start)

    def set_saved(self, set_record: SetRecord) -> None:
        """Save a finished or corrected set."""
        self._service.call(lambda history: self._id is not None and history.save_set(self._id, set_record))

    def session_ended(self, record: SessionRecord) -> None:
        """Close the session: finished, or abandoned (then it can be resumed)."""
        state, ended_at = record.state, record.ended_at

        def end(history: SafeHistory) -> None:
            if self._id is not None:
                history.end_session(self._id, state, ended_at)
                self._service.locks.release(self._id)

        self._service.call(end)
