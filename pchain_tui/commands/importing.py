"""`pchain import strong|hevy FILE.csv`: another app's workout log brought into the history.

The file is read whole and checked first; then every session goes into the history in one
transaction, so an import is all there or not there at all. Rows that cannot be read are
reported with their line and left out, and the rest import. Sessions already in the history
(the same app, workout name and start) get only the sets they lack, so importing a file twice
adds nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import TextIO

from pchain_tui import exit_codes
from pchain_tui.domain.files.catalog import read_libraries
from pchain_tui.domain.importing.batch import ImportBatch, NameUse, read_export
from pchain_tui.domain.importing.csv_table import NotAnExport, decode
from pchain_tui.domain.importing.exercise_names import (BUNDLED_NAMES, NAMES_FILE_NAME, ExerciseNames, NameTable,
                                                        read_name_table)
from pchain_tui.domain.importing.export_format import ExportFormat
from pchain_tui.domain.importing.formats import FORMATS
from pchain_tui.domain.problems import Problem
from pchain_tui.domain.words import plural
from pchain_tui.storage import paths
from pchain_tui.storage.history_store import HistoryError, HistoryStore, default_history_path
from pchain_tui.storage.settings_file import load_settings

MAX_FILE_BYTES = 1 << 30
"""An export of a lifetime of training is tens of megabytes; a file this big is not one."""
SHOWN_PROBLEMS = 50
"""Rows left out that are named one by one; the rest are counted."""


def names_path() -> Path:
    """The user's table of exercise names, beside their routines folder."""
    return paths.config_dir() / NAMES_FILE_NAME


def import_file(app: str, file: Path, user_dir: Path, *, units: str | None = None, history: Path | None = None,
                busy_timeout: float = 2.0, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Import `app`'s export `file` into the history (at `history`, else the usual one); returns the exit code.

    `units` is the unit of weights the file does not give one for (else the settings' units);
    `user_dir` holds the user's exercise library, whose ids names may match; `busy_timeout` is how
    long to wait for another pchain's write to end.
    """
    out, err = out or sys.stdout, err or sys.stderr
    export = FORMATS[app]
    shown = paths.tilde_path(file)
    names, problems = _exercise_names(user_dir)
    if problems:
        for problem in problems:
            print(problem, file=err)
        print(f"pchain import: nothing was imported; fix {plural(len(problems), 'problem')} in "
              f"{paths.tilde_path(names_path())} first", file=err)
        return exit_codes.INVALID
    data, why = _read(file)
    if data is None:
        print(f"pchain import: {shown}: {why}", file=err)
        return exit_codes.USAGE
    unit = units or load_settings()[0].units
    try:
        batch = read_export(decode(data), shown, export, names, unit)
    except NotAnExport as error:
        print(f"pchain import: {shown}: {error.message}" + (f"; {error.hint}" if error.hint else ""), file=err)
        return exit_codes.INVALID
    _tell_left_out(batch, err)
    if not batch.sessions:
        print(f"Nothing to import: {shown} has no sets" + (" that could be read." if batch.problems else "."), file=out)
        return exit_codes.INVALID if batch.problems else exit_codes.OK
    where = history or default_history_path()
    try:
        with HistoryStore(where, busy_timeout=busy_timeout) as store:
            added = store.add_imported(batch.sessions)
    except (sqlite3.Error, OSError, HistoryError) as error:
        print(f"pchain import: cannot write the history {paths.tilde_path(where)}: {_reason(error)}; "
              "nothing was imported", file=err)
        return exit_codes.INVALID
    _report(batch, added, export, shown, unit, out)
    return exit_codes.INVALID if batch.problems else exit_codes.OK


def _exercise_names(user_dir: Path) -> tuple[ExerciseNames, list[Problem]]:
    """The tables of names (the user's first) and the library they map to, with the user's table's problems."""
    library = read_libraries(paths.bundled_routines_dir(), user_dir, display=paths.tilde_path)
    by_id = {ex_id: exercise.name for ex_id, exercise in library.exercises.items()}
    by_id.update({ex_id: ex_id for ex_id in library.unusable})
    tables: list[NameTable] = []
    problems: list[Problem] = []
    mine = names_path()
    if os.path.lexists(mine):
        table = read_name_table(mine, paths.tilde_path(mine), by_id)
        tables.append(table)
        problems = table.problems
    tables.append(read_name_table(BUNDLED_NAMES, paths.tilde_path(BUNDLED_NAMES), by_id))
    return ExerciseNames(tables, by_id), problems


def _read(file: Path) -> tuple[bytes | None, str]:
    """The file's bytes, or why they cannot be had (only a regular file is read: a pipe would wait)."""
    try:
        mode = os.stat(file).st_mode
    except FileNotFoundError:
        return None, "no such file" + (" (a symbolic link to nowhere)" if file.is_symlink() else "")
    except OSError as error:
        return None, f"cannot read it: {error.strerror or error}"
    if stat.S_ISDIR(mode):
        return None, "this is a folder, not a file"
    if not stat.S_ISREG(mode):
        return None, "this is not a regular file; pchain imports only files"
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, f"cannot read it: {error.strerror or error}"
    if len(data) > MAX_FILE_BYTES:
        return None, f"the file is larger than {MAX_FILE_BYTES >> 30} GiB, too big to be an export"
    return data, ""


def _reason(error: Exception) -> str:
    text = str(error)
    if "locked" in text:
        return "it is locked by another pchain (a workout being saved?); try again in a moment"
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return f"it is damaged ({text}); pchain moves it aside and starts a new one the next time you train"
    return text


def _tell_left_out(batch: ImportBatch, err: TextIO) -> None:
    """The rows left out and the values left aside, in file order (the first SHOWN_PROBLEMS of them)."""
    said = sorted([*batch.problems, *batch.doubts], key=lambda problem: problem.line)
    for problem in said[:SHOWN_PROBLEMS]:
        print(problem, file=err)
    more = len(said) - SHOWN_PROBLEMS
    if more > 0:
        print(f"… and {plural(more, 'more problem')}", file=err)


def _report(batch: ImportBatch, added: list[tuple[bool, int]], export: ExportFormat, shown: str, unit: str,
            out: TextIO) -> None:
    """What was imported, how each exercise name was matched, and what was left out."""
    say = _Lines(out)
    new = [sets for is_new, sets in added if is_new]
    known = [sets for is_new, sets in added if not is_new]
    new_sets, known_sets = sum(new), sum(known)
    first, last = (_day(batch.sessions[i].started_at) for i in (0, -1))
    span = first if first == last else f"{first} to {last}"
    say(f"From {shown} ({export.title}, {span}):")
    if new:
        warmups = sum(s.role == "warmup" for record, (is_new, _n) in zip(batch.sessions, added) if is_new
                      for s in record.sets)
        say(f"  imported {plural(len(new), 'session')} with {plural(new_sets, 'set')}"
            + (f" ({plural(warmups, 'warm-up set')})" if warmups else ""))
    if known:
        say(f"  {plural(len(known), 'session')} {'was' if len(known) == 1 else 'were'} in your history already: "
            + (f"{plural(known_sets, 'set')} added to {'it' if len(known) == 1 else 'them'}" if known_sets
               else "nothing added"))
    if batch.unit_assumed:
        other = "lb" if unit == "kg" else "kg"
        say(f"  weights read as {unit}, as the file does not say (--units {other} for "
            f"{'pounds' if other == 'lb' else 'kilograms'})")
    by_name = sorted(batch.names.items(), key=lambda item: item[0].lower())
    matched = [(name, use) for name, use in by_name if use.match.in_library]
    own = [(name, use) for name, use in by_name if not use.match.in_library]
    if matched:
        say("Exercises matched to the library:")
        _names(matched, say)
    if own:
        say("Kept as exercises of their own (not in the library):")
        _names(own, say)
        say("  to match one to the library, add `Its name: library-id` under `names:` in\n"
            f"  {paths.tilde_path(names_path())} (`pchain exercises` lists the ids)")
    if batch.doubts:
        one = len(batch.doubts) == 1
        sets = "its set was" if one else "their sets were"
        say(f"{plural(len(batch.doubts), 'value')} left aside (said above): {sets} imported without "
            f"{'it' if one else 'them'}.")
    if batch.problems:
        say(f"Rows left out ({plural(len(batch.problems), 'problem')}, said above): fix them and import the "
            "file again.")


def _names(names: list[tuple[str, NameUse]], say: _Lines) -> None:
    for name, use in names:
        say(f"  {name} -> {use.match.exercise_id} ({plural(use.sets, 'set')})")


def _day(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d")


class _Lines:
    """Lines for `out`: on a terminal, wrapped at its width between words, indented under their start."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.width = shutil.get_terminal_size().columns if out.isatty() else None

    def __call__(self, text: str) -> None:
        for line in text.split("\n"):
            if self.width and len(line) > self.width:
                indent = " " * (len(line) - len(line.lstrip()) + 2)
                line = textwrap.fill(line, self.width, subsequent_indent=indent, break_on_hyphens=False)
            print(line, file=self.out)
