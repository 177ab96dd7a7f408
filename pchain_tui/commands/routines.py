"""What the non-interactive commands do: list, exercises, validate, schema."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from rich.console import Console
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from pchain_tui import exit_codes
from pchain_tui.domain.files import schema
from pchain_tui.domain.files.catalog import Catalog, load_catalog, read_libraries
from pchain_tui.domain.files.folders import LIBRARY_FILE_NAME, ROUTINE_SUFFIXES, routine_files
from pchain_tui.domain.files.library import load_library
from pchain_tui.domain.files.loader import load_routine
from pchain_tui.domain.problems import Problem
from pchain_tui.domain.quantities import format_minutes
from pchain_tui.domain.session.plan import build_plan
from pchain_tui.domain.training.warmup import Warmed
from pchain_tui.domain.words import plural
from pchain_tui.storage import paths
from pchain_tui.storage.paths import tilde_path


def _console() -> Console:
    # highlight=False: routine text is shown exactly as written, never re-coloured or interpreted.
    return Console(highlight=False)


def list_routines(user_dir: Path) -> int:
    """Print the programs and the routines as tables; broken ones are listed with their first problem."""
    catalog = load_catalog(paths.bundled_routines_dir(), user_dir, display=tilde_path)
    columns = [Column("id", no_wrap=True), Column("name", ratio=1, overflow="fold"),
               *(Column(name, justify="right", no_wrap=True) for name in ("exercises", "sets", "time")),
               Column("source", no_wrap=True)]
    rows: list[tuple[Text | str, ...]] = []
    for entry in catalog.entries:
        routine = entry.result.routine
        if routine is not None:
            minutes = format_minutes(build_plan(routine, Warmed()).estimated_seconds())
            rows.append((Text(entry.id), Text(routine.name), str(len(routine.blocks)), str(routine.total_sets),
                         minutes, entry.source))
        else:
            first = entry.result.problems[0]
            where = f"line {first.line}:{first.column}: {first.message}"
            rows.append((Text(entry.id), Text(where, style="red"), "", "", "", entry.source))
    console = _console()
    _print_table(console, "Routines", columns, rows)
    broken = [e for e in catalog.entries if not e.ok]
    for problem in catalog.library_problems:
        console.print(Text(str(problem), style="red"))
    if broken:
        folders = " ".join(dict.fromkeys(_shell_word(tilde_path(entry.path.parent)) for entry in broken))
        message = (f"{plural(len(broken), 'routine')} cannot be used; `pchain validate {folders}` lists "
                   f"{'its' if len(broken) == 1 else 'their'} problems.")
        console.print(Text(message, style="yellow"))
    _list_programs(console, catalog)
    console.print(Text(f"Your routines folder: {tilde_path(user_dir)}", style="dim"))
    return exit_codes.OK


def _list_programs(console: Console, catalog: Catalog) -> None:
    """The programs as a table (a broken one with its first problem), and where yours go."""
    from pchain_tui.domain.files.programs import active_program, load_programs
    from pchain_tui.domain.training.rotation import times_a_week
    from pchain_tui.storage.program_files import bundled_programs_dir, user_programs_dir
    from pchain_tui.storage.settings_file import load_settings

    entries = load_programs(bundled_programs_dir(), user_programs_dir(), {e.id for e in catalog.entries},
                            display=tilde_path)
    columns = [Column("id", no_wrap=True), Column("name", ratio=1, overflow="fold"),
               Column("days", ratio=1, overflow="fold"), Column("schedule", no_wrap=True),
               Column("source", no_wrap=True)]
    rows: list[tuple[Text | str, ...]] = []
    for entry in entries:
        program = entry.result.program
        if program is not None:
            rows.append((Text(entry.id), Text(program.name), Text(", ".join(program.days)),
                         times_a_week(program.per_week), entry.source))
        else:
            first = entry.result.problems[0]
            rows.append((Text(entry.id), Text(f"line {first.line}:{first.column}: {first.message}", style="red"),
                         "", "", entry.source))
    console.print()
    _print_table(console, "Programs", columns, rows)
    followed, _problem = active_program(entries, load_settings()[0])  # (`pchain program` says what is wrong)
    if followed is not None:
        console.print(Text(f"You follow {followed.name}; `pchain program` shows which day is next."))
    console.print(Text("`pchain program NAME` follows a program: pchain then offers its next day first.", style="dim"))
    console.print(Text(f"Your programs folder: {tilde_path(user_programs_dir())}", style="dim"))


def _print_table(console: Console, title: str, columns: list[Column], rows: list[tuple[Text | str, ...]]) -> None:
    """`rows` as a table when the terminal is wide enough for every column's longest word, so that
    the id in the first column (what `use:` and `pchain run` take) is never cut; in a narrower one,
    one entry after another: the id on a line of its own, the rest under it."""
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*row)
    unbounded = console.options.update_width(10_000)  # a table's measure is capped at the width it is given
    if Measurement.get(console, unbounded, table).minimum <= console.width:
        console.print(table)
        return
    console.print(Text(title, style="table.title"))
    for row_id, first, *rest in rows:
        details = Text.assemble(first)
        for column, value in zip(columns[2:], rest):
            if value:
                details.append(f" · {column.header} ", style="dim").append(value)
        console.print(Text.assemble(row_id, style="bold", overflow="fold"))
        for line in details.wrap(console, max(console.width - 2, 1)):
            line.rstrip()
            console.print(Text.assemble("  ", line))


def _shell_word(shown: str) -> str:
    """A path as shown (absolute or from ~), quoted for a shell where it needs it; ~ stays outside
    the quotes, so the shell still expands it."""
    import shlex

    if shown.startswith("~/"):
        return "~/" + shlex.quote(shown[2:])
    return shlex.quote(shown)


def list_exercises(user_dir: Path) -> int:
    """Print the exercise library: id, name, targets, default tempo; an entry a problem keeps out
    is listed with that problem."""
    library = read_libraries(paths.bundled_routines_dir(), user_dir, display=tilde_path)
    columns = [Column("id", no_wrap=True), Column("name", overflow="fold"), Column("targets", overflow="fold"),
               Column("start", no_wrap=True), Column("tempo", no_wrap=True)]
    rows = {ex_id: (Text(ex_id), Text(exercise.name), Text(", ".join(exercise.targets)), exercise.start.value,
                    str(exercise.tempo) if exercise.tempo else "")
            for ex_id, exercise in library.exercises.items()}
    for ex_id, problem in library.unusable.items():
        rows[ex_id] = (Text(ex_id), Text(f"line {problem.line}:{problem.column}: {problem.message}", style="red"),
                       "", "", "")
    console = _console()
    _print_table(console, "Exercise library", columns, [row for _ex_id, row in sorted(rows.items())])
    for problem in library.problems:
        console.print(Text(str(problem), style="red"))
    return exit_codes.INVALID if library.problems else exit_codes.OK


def _expand(targets: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to check from files and folders, and the arguments that do not exist.

    A folder's YAML files are checked whatever its own name (even x.yaml); anything else that is
    there, a dangling link included, is checked as a file, so the loader can say what is wrong.
    """
    files: list[Path] = []
    missing: list[str] = []
    for target in targets:
        if target.is_dir():
            library = target / LIBRARY_FILE_NAME
            found = ([library] if os.path.lexists(library) else []) + routine_files(target)
            if not found:
                print(f"pchain validate: {tilde_path(target)}: a folder with no .yaml files in it",
                      file=sys.stderr)
            files.extend(found)
        elif os.path.lexists(target):
            files.append(target)
        else:
            missing.append(tilde_path(target))
    return files, missing


def validate(targets: list[Path], user_dir: Path) -> int:
    """Check files and folders; print every problem as file:line:col: message, then a summary.

    Both are the command's output, on stdout (as linters print them); stderr has only what is
    about the run itself: a missing argument, a folder with no YAML files, an odd file name.
    """
    files, missing = _expand(targets)
    if missing:
        for name in missing:
            print(f"pchain validate: {name}: no such file or folder", file=sys.stderr)
        return exit_codes.USAGE
    if not files:
        print("pchain validate: nothing to check", file=sys.stderr)
        return exit_codes.USAGE
    bundled = paths.bundled_routines_dir()
    bundled_library = os.path.realpath(bundled / LIBRARY_FILE_NAME)
    problems: list[Problem] = []
    checked: set[str] = set()
    routine_ids: set[str] | None = None  # what a program's days may name, read for the first program
    for path in files:
        shown = tilde_path(path)
        checked.add(shown)
        if path.name == LIBRARY_FILE_NAME:
            # A library beside the bundled one may build on it (a `harder:` id, say).
            known = {} if os.path.realpath(path) == bundled_library else read_libraries(bundled).exercises
            problems.extend(load_library(path, shown, known).problems)
            continue
        if path.suffix not in ROUTINE_SUFFIXES:
            print(f"pchain validate: {shown}: not a .yaml file; checking it anyway", file=sys.stderr)
        if is_program_file(path):
            from pchain_tui.domain.files.programs import load_program

            if routine_ids is None:
                routine_ids = {e.id for e in load_catalog(bundled, user_dir, display=tilde_path).entries}
            problems.extend(load_program(path, routine_ids, shown).problems)
            continue
        library = read_libraries(bundled, user_dir, path.parent, display=tilde_path)
        # The libraries a routine is read with are checked with it: their problems count, and a
        # routine using an entry they keep out says so.
        problems.extend(library.problems)
        checked.update(problem.path for problem in library.problems)
        problems.extend(load_routine(path, library.exercises, shown, unusable=library.unusable).problems)
    unique = list(dict.fromkeys(problems))
    for problem in unique:
        print(problem)
    if unique:
        bad_files = len({p.path for p in unique})
        where = "1 file" if len(checked) == 1 else f"{bad_files} of {len(checked)} files"
        print(f"{plural(len(unique), 'problem')} in {where}")
        return exit_codes.INVALID
    print(f"{plural(len(checked), 'file')} checked: {'valid' if len(checked) == 1 else 'all valid'}")
    return exit_codes.OK


_DAYS_KEY = re.compile(rb"^days\s*:", re.MULTILINE)


def is_program_file(path: Path) -> bool:
    """True for a program file: one in a folder named programs, or with a top-level `days:` key (a
    routine has `exercises:` instead)."""
    if path.parent.name == "programs":
        return True
    from pchain_tui.domain.files.reading import read_bytes

    data, _problems = read_bytes(path, str(path))
    return data is not None and _DAYS_KEY.search(data) is not None


def print_schema(*, library: bool, program: bool = False) -> int:
    """Print the JSON Schema of routine files (or of the exercise library, or of program files)."""
    if program:
        from pchain_tui.domain.files.programs import program_schema

        sys.stdout.write(schema.dumps(program_schema()))
        return exit_codes.OK
    sys.stdout.write(schema.dumps(schema.library_schema() if library else schema.routine_schema()))
    return exit_codes.OK


def new_routine(name: str, user_dir: Path) -> int:
    """Create a routine from the template in the user's folder, open $EDITOR, then check it."""
    import subprocess

    from pchain_tui.storage import routine_files

    path, created = routine_files.create_from_template(name, user_dir)
    print(f"{'Created' if created else 'Opening the existing'} {tilde_path(path)}", file=sys.stderr)
    try:
        command = routine_files.editor_command(path)
        subprocess.run(command, check=False)
    except (OSError, FileNotFoundError) as error:
        print(f"pchain new: cannot run the editor ({error}); edit {tilde_path(path)} yourself", file=sys.stderr)
    return validate([path], user_dir)
