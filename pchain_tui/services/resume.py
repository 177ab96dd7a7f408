"""Picking up a workout that did not finish: its routine, its record and today's plan as it began.

It all runs on the history's thread (reading the routine file and the saved sets), so the screen
only waits for the answer without blocking.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from pchain_tui.domain.files.catalog import load_routine_file
from pchain_tui.domain.model import LoadResult
from pchain_tui.domain.notice import Notice
from pchain_tui.domain.session.plan import Plan, build_plan
from pchain_tui.domain.session.record import SessionRecord
from pchain_tui.domain.training.progression import HistoryPolicy
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
                   folders: RoutineFolders) -> Future[Resumption | Notice]:
    """The workout `session_id` ready to resume, or a notice saying why it cannot be.

    The routine is read again from the file it was run from when that still exists, else taken
    from the catalog by id (`catalog_entry`).
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
        plan = build_plan(routine, HistoryPolicy(history, service.settings, before=saved.started_at,
                                                 routine_id=routine.id))
        return Resumption(session_id, saved, plan, tuple(notes))

    return service.call(prepare)
