"""Picking up a workout that did not finish: its routine, its record and today's plan as it began.

It all runs on the history's thread (reading the routine file and the saved sets), so the screen
only waits for the answer without blocking.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from pchain_tui.domain.files.catalog import load_routine_file
from pchain_tui.domain.model import LoadResult, Routine
from pchain_tui.domain.notice import Notice, Severity
from pchain_tui.domain.session.plan import Plan, build_plan
from pchain_tui.domain.session.record import SessionRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.progression import HistoryPolicy
from pchain_tui.domain.training.rotation import share_words, standing
from pchain_tui.services.followed_program import program_followed
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage.safe_history import SafeHistory


@dataclass(frozen=True)
class Resumption:
    """A workout ready to go on where it stopped."""

    session_id: int
    record: SessionRecord
    plan: Plan
    """Today's plan, with the targets the session began with."""
    notes: tuple[Notice, ...] = ()
    """What the person should know first (the routine was edited since)."""


@dataclass(frozen=True)
class RoutineFolders:
    """Where routines and their libraries are read from."""

    bundled: Path
    user: Path
    display: Callable[[Path], str] = str


def prepare_resume(service: HistoryService, session_id: int, record: SessionRecord, catalog_entry: LoadResult | None,
                   folders: RoutineFolders, routine_ids: Collection[str] = ()) -> Future[Resumption | Notice]:
    """The workout `session_id` ready to resume, or a notice saying why it cannot be.

    The routine is read again from the file it was run from when that still exists, else taken
    from the catalog by id (`catalog_entry`). A day of the program followed that began in a deload
    week goes on with the deload's sets (`routine_ids`: every routine known, for the program's days).
    """
    def prepare(history: SafeHistory) -> Resumption | Notice:
        path = Path(record.routine_path) if record.routine_path else None
        if path is not None and path.is_file():
            result: LoadResult | None = load_routine_file(path, folders.bundled, folders.user, folders.display)
        else:
            result = catalog_entry
        if result is None or result.routine is None:
            return Notice.warning(f"Cannot resume: the routine '{record.routine_id}' is missing or has problems.")
        routine = result.routine
        notes = []
        if record.content_hash and routine.content_hash != record.content_hash:
            notes.append(Notice.warning(f"{routine.name} was edited since; resuming with the new version."))
        saved = history.resume(session_id) or record
        routine, deload = _as_the_program_had_it(routine, saved.started_at, service.settings, routine_ids, history)
        if deload is not None:
            notes.append(Notice(f"{routine.name} began in a deload week: resuming with {deload}.", Severity.INFO))
        plan = build_plan(routine, HistoryPolicy(history, service.settings, before=saved.started_at,
                                                 routine_id=routine.id))
        return Resumption(session_id, saved, plan, tuple(notes))

    return service.call(prepare)


def _as_the_program_had_it(routine: Routine, started_at: float, settings: Settings, routine_ids: Collection[str],
                           history: SafeHistory) -> tuple[Routine, str | None]:
    """`routine` deloaded when it is a day of the program followed and `started_at` fell in a deload
    week, with the share kept in words ("half the sets"); else as it is. The program's week is
    worked out as of then, so a session begun in a deload week and resumed the week after keeps
    its lighter sets."""
    program, _problem = program_followed(settings, routine_ids)  # a problem is told by the picker
    if program is None or program.deload is None or routine.id not in program.days:
        return routine, None  # no need to read where the program stood
    day = standing(program, history, settings.program_since, started_at, settings.program_started).deloaded_day(routine)
    return (day, share_words(program.deload.sets)) if day is not None else (routine, None)
