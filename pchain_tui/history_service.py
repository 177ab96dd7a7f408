"""The history as the app uses it: saving each set the moment it ends, targets from progression,
and the words the overview and the summary show about last time and next time.

Every storage problem is turned into a notice for the person (the workout always goes on), and
nothing here imports Textual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rich.text import Text

from pchain_tui.domain.history import SafeHistory, sparkline, split_by_exercise
from pchain_tui.domain.model import Exercise, Routine
from pchain_tui.domain.plan import Plan
from pchain_tui.domain.progression import HistoryPolicy, advise, ago, recency
from pchain_tui.domain.record import SessionRecord, SetRecord
from pchain_tui.session_locks import SessionLocks
from pchain_tui.settings import Settings

TREND_SESSIONS = 8


class HistoryService:
    """One per app: the safe history, the settings, and a way to tell the person about problems."""

    def __init__(self, history: SafeHistory, settings: Settings, tell: Callable[[str], None],
                 library: dict[str, Exercise] | None = None, wall: Callable[[], float] = time.time,
                 locks: SessionLocks | None = None) -> None:
        self.history = history
        self.locks = locks or SessionLocks(history.path.parent / "running")
        """Which sessions run now, here or in another pchain (never offered for resuming)."""
        self.settings = settings
        self.tell = tell
        """Shows the person a short message."""
        self._told: str | None = None
        self.library = library or {}
        self._wall = wall

    @classmethod
    def open(cls, path: Path | None, settings: Settings, tell: Callable[[str], None]) -> HistoryService:
        """The history at `path` (the default place when None); it is opened on first use."""
        return cls(SafeHistory(path), settings, tell)

    def report(self) -> None:
        """Tell the person about a storage problem once (and again only if it changes)."""
        problem = self.history.problem
        if problem and problem != self._told:
            self.tell(problem)
        self._told = problem

    def log(self, resume_id: int | None = None) -> SessionLog:
        """A log for one workout (continuing session `resume_id` when resuming)."""
        return SessionLog(self, resume_id)

    def policy(self, before: float | None = None) -> HistoryPolicy:
        """Today's targets from each exercise's history."""
        return HistoryPolicy(self.history, self.settings, before=before)

    def unfinished(self) -> list[tuple[int, SessionRecord]]:
        """Sessions that can be resumed, newest first; not one that another pchain is running now."""
        found = [(session_id, record) for session_id, record in self.history.unfinished()
                 if not self.locks.running_elsewhere(session_id)]
        self.report()
        return found

    def discard(self, session_id: int) -> None:
        """Do not offer this session again."""
        self.history.discard(session_id)
        self.report()

    def overview_notes(self, routine: Routine) -> Text:
        """When the routine was last done, a note if the muscles are still recovering, and per exercise
        what last time was and what today asks, with a trend."""
        now = self._wall()
        text = Text()
        seen = recency(now, routine, self.history, self.library or None)
        text.append("Last done  ", style="bold")
        text.append(f"{ago(now, seen.routine_at)}\n" if seen.routine_at else "never; today sets the baseline\n")
        if seen.muscles:
            text.append("Muscles    ", style="bold")
            text.append(" · ".join(f"{muscle} {ago(now, at)}" for muscle, at in
                                   sorted(seen.muscles.items(), key=lambda item: -item[1])) + "\n")
        note = seen.note()
        if note:
            text.append(note + "\n", style="italic yellow")
        policy = self.policy()
        for block in routine.blocks:
            past = self.history.exercise_history(block.exercise.id, limit=TREND_SESSIONS)
            if not past:
                continue
            advice = policy.advice(block)
            text.append(f"\n{block.exercise.name}", style="bold")
            text.append(f"  last: {_amounts(past[0])}  ·  today: {advice.describe(block)}")
            values = [s.volume for s in reversed(past)]
            if len(values) > 1:
                text.append(f"  {sparkline(values)}", style="cyan")
        self.report()
        return text

    def last_done(self, routine_id: str) -> str:
        """"Last done 3 days ago" for the picker, or "Never done yet"."""
        at = self.history.last_trained(routine_id)
        return f"Last done {ago(self._wall(), at)}" if at else "Never done yet"

    def summary_notes(self, plan: Plan, record: SessionRecord) -> Text:
        """For each exercise done: what next time will ask, and the trend including today."""
        text = Text("Next time\n", style="bold")
        today = {s.sets[0].exercise_id: s for s in split_by_exercise(0, record) if s.sets}
        for index, block in enumerate(plan.routine.blocks):
            sets = [s for s in record.sets if s.block_index == index]
            if not sets:
                continue
            text.append(f"{block.exercise.name}: ", style="bold")
            text.append(advise(block, sets, self.settings).describe(block))
            past = self.history.exercise_history(block.exercise.id, limit=TREND_SESSIONS, before=record.started_at)
            values = [s.volume for s in reversed(past)] + ([today[block.exercise.id].volume]
                                                           if block.exercise.id in today else [])
            if len(values) > 1:
                text.append(f"  {sparkline(values)}", style="cyan")
            text.append("\n")
        self.report()
        return text


class SessionLog:
    """Writes one workout to the history: each set the moment it is finished or corrected."""

    def __init__(self, service: HistoryService, resume_id: int | None = None) -> None:
        self.service = service
        self.session_id = resume_id

    def session_started(self, record: SessionRecord) -> None:
        """Open the session in the history (a resumed one keeps its id)."""
        if self.session_id is None:
            self.session_id = self.service.history.start_session(record)
        if self.session_id > 0 and not self.service.locks.hold(self.session_id):  # (< 0: not on disk yet)
            self.service.tell("This workout is running in another pchain too; the sets done here are saved "
                               "with it.")
        self.service.report()

    def set_saved(self, record: SessionRecord, set_record: SetRecord) -> None:
        """Save a finished or corrected set at once."""
        if self.session_id is not None:
            self.service.history.save_set(self.session_id, set_record)
        self.service.report()

    def session_ended(self, record: SessionRecord) -> None:
        """Close the session: finished, or abandoned (then it can be resumed)."""
        if self.session_id is not None:
            self.service.history.end_session(self.session_id, record.state, record.ended_at)
            self.service.locks.release(self.session_id)
        self.service.report()


def _amounts(session) -> str:
    amounts = session.amounts()
    unit = " s" if session.is_hold else ""
    return ", ".join(f"{a:g}{unit}" for a in amounts)
