"""`pchain program [NAME | --off]`: the program followed, its days and which comes next; choosing one."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pchain_tui import exit_codes
from pchain_tui.domain.clock import Clock, SystemClock
from pchain_tui.domain.files.catalog import Catalog, load_catalog
from pchain_tui.domain.files.programs import active_program, find_program, load_programs, program_hint
from pchain_tui.domain.program import Program, ProgramEntry
from pchain_tui.domain.training.rotation import Standing, day_word, standing, times_a_week
from pchain_tui.domain.words import plural
from pchain_tui.storage import paths
from pchain_tui.storage.program_files import bundled_programs_dir, remember_first_session, user_programs_dir
from pchain_tui.storage.settings_file import load_settings, remember_setting


@dataclass(frozen=True)
class Programs:
    """Every routine and every program, read for one command."""

    catalog: Catalog
    entries: list[ProgramEntry]

    def names(self) -> dict[str, str]:
        """Each routine id's name (the id itself for a routine that cannot be read)."""
        return {e.id: e.result.routine.name if e.ok else e.id for e in self.catalog.entries}


def read_programs(user_dir: Path) -> Programs:
    """The routines (bundled and in `user_dir`) and the programs (bundled and the user's)."""
    catalog = load_catalog(paths.bundled_routines_dir(), user_dir, display=paths.tilde_path)
    entries = load_programs(bundled_programs_dir(), user_programs_dir(), {e.id for e in catalog.entries},
                            display=paths.tilde_path)
    return Programs(catalog, entries)


def program_command(name: str | None, off: bool, user_dir: Path, clock: Clock | None = None) -> int:
    """Show the program followed (no `name`), follow `name`, or (`off`) follow none."""
    clock = clock or SystemClock()
    found = read_programs(user_dir)
    settings, problems = load_settings(display=paths.tilde_path)
    for problem in problems:
        if problem.message.startswith("program"):  # the other settings are not this command's business
            print(f"pchain program: {problem}", file=sys.stderr)
    current, trouble = active_program(found.entries, settings)
    if off:
        return _stop(current)
    if name is None:
        if trouble is not None:
            print(trouble, file=sys.stderr)
            return exit_codes.INVALID
        if current is None:
            _list_choices(found)
            return exit_codes.OK
        _show(current, found, settings.program_since, clock, settings.program_started)
        return exit_codes.OK
    entry = find_program(found.entries, name)
    if entry is None:
        print(f"pchain program: no program '{name}'; {program_hint(found.entries, name)}", file=sys.stderr)
        return exit_codes.USAGE
    if entry.result.program is None:
        for problem in entry.result.problems:
            print(problem)
        print(f"pchain program: {entry.id} cannot be followed until {plural(len(entry.result.problems), 'problem')} "
              f"{'is' if len(entry.result.problems) == 1 else 'are'} fixed", file=sys.stderr)
        return exit_codes.INVALID
    program = entry.result.program
    since, first_at = settings.program_since, settings.program_started
    if current is not None and current.id == program.id:
        print(f"Already following {program.name}.")
    else:
        since, first_at = clock.wall(), None
        stamp = datetime.fromtimestamp(since).astimezone().isoformat(timespec="seconds")
        why = (remember_setting("program", f'"{program.id}"') or remember_setting("program_since", stamp)
               or remember_setting("program_started", "false"))  # its week 1 is still to come
        if why is not None:
            print(f"pchain program: {why}", file=sys.stderr)
            return exit_codes.INVALID
        print(f"Now following {program.name}." + (f" (No longer {current.name}.)" if current else ""))
    _show(program, found, since, clock, first_at)
    return exit_codes.OK


def _stop(current: Program | None) -> int:
    """Follow no program."""
    why = remember_setting("program", "false")
    if why is not None:
        print(f"pchain program: {why}", file=sys.stderr)
        return exit_codes.INVALID
    print(f"No longer following {current.name}." if current else "No program was followed.")
    return exit_codes.OK


def _list_choices(found: Programs) -> None:
    print("No program is followed. The programs:")
    for entry in found.entries:
        program = entry.result.program
        what = f"{program.name} ({plural(len(program.days), 'day')}, {times_a_week(program.per_week)})" \
            if program else f"cannot be used: {entry.result.problems[0]}"
        print(f"  {entry.id}: {what}")
    print("`pchain program NAME` follows one: the app then offers its next day first.")


def _show(program: Program, found: Programs, since: float | None, clock: Clock,
          first_at: float | None = None) -> None:
    """The program, its days with when each was last done, which is next and when it is due
    (`first_at`: when its first session was, if known; once found, its day is kept in the settings)."""
    from pchain_tui.storage.history_store import HistoryError, HistoryStore, default_history_path

    now = clock.wall()
    path = default_history_path()
    try:
        if path.exists():
            with HistoryStore(path, read_only=True) as store:
                where = standing(program, store, since, now, first_at)
        else:
            where = Standing(program, now)
    except (OSError, HistoryError, sqlite3.Error) as error:
        print(f"pchain program: cannot read {paths.tilde_path(path)}: {error}; which day is next is not known",
              file=sys.stderr)
        where = None
    names = found.names()
    chosen = f", followed since {day_word(since, now)}" if since is not None else ""
    print(f"{program.name} ({program.id}): {plural(len(program.days), 'day')} in turn, "
          f"{times_a_week(program.per_week)}{chosen}")
    for index, day in enumerate(program.days):
        if where is None:
            print(f"  day {index + 1}: {names.get(day, day)} ({day})")
            continue
        last = where.last_done(day)
        when = f"last done {day_word(last, now)}" if last is not None else "not done yet"
        print(f"{'>' if where.next_index == index else ' '} day {index + 1}: {names.get(day, day)} ({day}), {when}")
    if where is None:
        return
    if where.first_at is not None and first_at is None:
        remember_first_session(where.first_at)  # should it fail, it is only looked for again next time
    up_next, last = where.up_next(names)
    print(f"{up_next} · {last}")
    for note in (where.due_note(), _week(where)):
        if note:
            print(note)


def _week(where: Standing) -> str | None:
    """This week of the program, and whether it is a deload week."""
    deload = where.program.deload
    if deload is None:
        return None
    if where.deload_week:
        return f"Week {where.week}: {where.deload_note()}, this week only."
    return f"Week {where.week}; every {_nth(deload.every)} week is a deload week."


def _nth(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
