"""The program the person follows, and where it stands, for the app: read off the UI thread.

The program files are read here (in the caller's thread, never the UI's) and the history on the
history's own thread; a history that cannot be read gives no standing rather than a wrong one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from pchain_tui.domain.clock import Clock
from pchain_tui.domain.files.programs import active_program, load_programs
from pchain_tui.domain.problems import Problem
from pchain_tui.domain.program import Program
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.rotation import Standing, standing
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage import paths
from pchain_tui.storage.program_files import bundled_programs_dir, remember_first_session, user_programs_dir


@dataclass(frozen=True)
class FollowedProgram:
    """What the app knows of the program followed."""

    standing: Standing | None
    """Where it stands; None when the history could not be read."""
    problem: Problem | None = None
    """Why no program is followed although the settings name one."""


def program_followed(settings: Settings, routine_ids: Collection[str]) -> tuple[Program | None, Problem | None]:
    """The program the settings name, read from its file (blocks on the files: never on the UI
    thread), or None and why not (no problem when none is named)."""
    if settings.program is None:
        return None, None
    entries = load_programs(bundled_programs_dir(), user_programs_dir(), routine_ids, display=paths.tilde_path)
    return active_program(entries, settings)


def read_followed_program(settings: Settings, routine_ids: Collection[str], history: HistoryService | None,
                          clock: Clock, known_first: float | None = None) -> FollowedProgram | None:
    """The program the settings name, where it stands, or why it cannot be followed; None when no
    program is followed. `known_first`: when its first session was, found by an earlier read. The day
    of that session, once found, is kept in settings.toml. Blocks on the history: call it from a
    worker thread."""
    if settings.program is None:
        return None
    program, problem = program_followed(settings, routine_ids)
    if program is None:
        return FollowedProgram(None, problem)
    if history is None:
        return FollowedProgram(None)
    since, first = settings.program_since, known_first or settings.program_started

    def read(log) -> Standing | None:
        before = log.failed_reads
        found = standing(program, log, since, clock.wall(), first)
        return found if log.failed_reads == before else None  # an empty answer is not "never done"

    found = history.call(read).result()
    if found is not None and found.first_at is not None and first is None:
        remember_first_session(found.first_at)  # should it fail, it is only looked for again next time
    return FollowedProgram(found)
