"""An export read into pchain sessions: rows grouped into workouts, exercises matched, sets numbered.

A workout is known by its start and its name; it becomes a finished session whose routine id is
the app's word and the workout's slug ("strong:leg-day"), so it never passes for a pchain
routine. In a session, each exercise is a block (in the order the export first names it); its
work sets (drop sets and sets to failure too) are numbered 1, 2, 3 in file order, and its warm-ups
below 1 (-2, -1 for two), as pchain numbers its own. A row that cannot be read is reported and left
out, but keeps its number when its workout, exercise and role can be read: once fixed, importing
the file again puts it in its place. Nothing in the export says when each set was done, so every set
is dated at the start of its workout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pchain_tui.domain.importing import values
from pchain_tui.domain.importing.csv_table import CsvTable, NotAnExport, RowProblem
from pchain_tui.domain.importing.exercise_names import ExerciseNames, Match
from pchain_tui.domain.importing.export_format import ExportFormat, RestAfter
from pchain_tui.domain.importing.formats import recognise
from pchain_tui.domain.model import WorkKind, slug
from pchain_tui.domain.problems import InvalidValue
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.training.exercise_log import imported_routine_id
from pchain_tui.domain.training.loads import number
from pchain_tui.domain.words import plural


@dataclass
class NameUse:
    """How an exercise name of the export was imported, and how many sets bear it."""

    match: Match
    sets: int = 0


@dataclass
class ImportBatch:
    """What an export holds, ready to add to the history."""

    sessions: list[SessionRecord]
    """Oldest first."""
    problems: list[RowProblem]
    """Rows left out (and why), in file order."""
    doubts: list[RowProblem] = field(default_factory=list)
    """Values left aside from sets that were imported without them (an RPE of 12), in file order."""
    names: dict[str, NameUse] = field(default_factory=dict)
    """Each exercise name of the export, in the order first met."""
    rests: int = 0
    """Rows that were rests, not sets, kept as the rest after the set before them."""
    unit_assumed: bool = False
    """True when the file does not say the unit of its weights (they were read in `default_unit`)."""



@dataclass
class _Block:
    index: int
    match: Match
    rows: list[list] = field(default_factory=list)
    """[set, place, rest after] per set, in file order; the place among the warm-ups or the others."""
    taken: dict[str, int] = field(default_factory=lambda: {"warmup": 0, "work": 0})
    """Places given so far among the warm-ups and the others, to sets and to rows left out."""

    def take(self, role: str) -> int:
        """The next place for a set of this role."""
        group = "warmup" if role == "warmup" else "work"
        self.taken[group] += 1
        return self.taken[group]


@dataclass
class _Workout:
    name: str
    started_at: float
    ended_at: float | None = None
    note: str | None = None
    blocks: dict[str, _Block] = field(default_factory=dict)


def read_export(text: str, path: str, export: ExportFormat, names: ExerciseNames,
                default_unit: str = "kg") -> ImportBatch:
    """The sessions in an export's text; raises NotAnExport when it is not `export`'s file at all.

    `path` names the file in problems; `default_unit` is the unit of weights the file does not
    give one for (Strong's current export).
    """
    table = CsvTable(text, path)
    _check_columns(table, export)
    width = len(table.names)
    index = table.columns
    workouts: dict[tuple[float, str], _Workout] = {}
    batch = ImportBatch([], [], unit_assumed=export.unit_column is not None and not table.has(export.unit_column))
    for line, cells in table.rows():
        if isinstance(cells, RowProblem):
            batch.problems.append(cells)
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            at = index.get(name)
            return cells[at] if at is not None else ""

        if len(cells) != width:
            end = table.end_line
            hint = (f"a quote (\") opened on line {line} is still open at line {end}" if end > line
                    else f"a note with a '{table.delimiter}' in it must be in double quotes")
            _left_out(batch, workouts, names, cell, export, RowProblem(
                path, line, f"the row has {plural(len(cells), 'cell')}, the header {plural(width, 'column')}; "
                "it is left out", hint))
            continue
        try:
            found = export.read_row(cell, default_unit)
        except InvalidValue as error:
            _left_out(batch, workouts, names, cell, export,
                      RowProblem(path, line, f"{error.message}; the row is left out", error.hint))
            continue
        if found is None:
            continue
        workout = _workout(workouts, found.workout, found.started_at)
        if isinstance(found, RestAfter):
            before = workout.blocks.get(found.exercise)
            if before is not None and before.rows:
                before.rows[-1][2] = found.seconds
                batch.rests += 1
            continue
        block = _block(workout, found.exercise, names)
        batch.doubts.extend(RowProblem(path, line, f"{doubt.message}; the set is imported without it", doubt.hint)
                            for doubt in found.doubts)
        if found.workout_ended_at is not None:
            workout.ended_at = max(workout.ended_at or found.workout_ended_at, found.workout_ended_at)
        workout.note = workout.note or found.workout_note
        block.rows.append([found, block.take(found.role), None])
        use = batch.names.setdefault(found.exercise, NameUse(block.match))
        use.sets += 1
    if table.stopped is not None:
        batch.problems.append(table.stopped)
    batch.sessions = [_session(export, workout) for workout in sorted(workouts.values(), key=_started)
                      if any(block.rows for block in workout.blocks.values())]
    return batch


def _check_columns(table: CsvTable, export: ExportFormat) -> None:
    missing = [column for column in export.required if not table.has(column)]
    if not missing:
        return
    found = ", ".join(values.shown(name) for name in table.names[:16]) + (", …" if len(table.names) > 16 else "")
    other = recognise(set(table.columns))
    hint = (f"it looks like a {other.title} export: import it with `pchain import {other.name} FILE`"
            if other is not None and other is not export else f"make the file {export.how_to_export}")
    raise NotAnExport(f"this is not a {export.title} export: it has no {_listed(missing)} "
                      f"{'column' if len(missing) == 1 else 'columns'} (expected {', '.join(export.required)}; "
                      f"found {found or 'none'})", hint)


def _listed(columns: list[str]) -> str:
    quoted = [f"'{c}'" for c in columns]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _left_out(batch: ImportBatch, workouts: dict[tuple[float, str], _Workout], names: ExerciseNames,
              cell: Callable[[str], str], export: ExportFormat, problem: RowProblem) -> None:
    """Report a row that cannot be read; its set's number is kept free when its workout and exercise can be."""
    batch.problems.append(problem)
    start_column, workout_column, exercise_column = export.key_columns
    exercise = values.clean(cell(exercise_column))
    try:
        started = values.local_time(cell(start_column), start_column)
    except InvalidValue:
        return
    role = export.role_of(cell)
    if exercise and role is not None:
        _block(_workout(workouts, values.clean(cell(workout_column)) or "Workout", started), exercise,
               names).take(role)


def _workout(workouts: dict[tuple[float, str], _Workout], name: str, started_at: float) -> _Workout:
    key = (started_at, name)
    found = workouts.get(key)
    if found is None:
        found = workouts[key] = _Workout(name, started_at)
    return found


def _block(workout: _Workout, exercise: str, names: ExerciseNames) -> _Block:
    found = workout.blocks.get(exercise)
    if found is None:
        found = workout.blocks[exercise] = _Block(len(workout.blocks), names.match(exercise))
    return found


def _started(workout: _Workout) -> tuple[float, str]:
    return (workout.started_at, workout.name)


def _session(export: ExportFormat, workout: _Workout) -> SessionRecord:
    """A workout as a finished session: a block per exercise, its sets in file order."""
    at = workout.started_at
    sets: list[SetRecord] = []
    workout_note = f"Workout note: {workout.note}" if workout.note else None
    for exercise, block in workout.blocks.items():
        last_note = None
        warmups = block.taken["warmup"]
        for found, place, rest in block.rows:
            set_number = place - warmups - 1 if found.role == "warmup" else place
            hold = found.seconds is not None and not found.reps
            note = found.note if found.note != last_note else None
            last_note = found.note
            parts = [part for part in (found.distance, note, workout_note) if part]
            workout_note = None  # on the workout's first set only
            sets.append(SetRecord(
                block.index, block.match.exercise_id, exercise, set_number, None,
                WorkKind.HOLD if hold else WorkKind.SELF_PACED,
                None, None if hold else found.reps, None, found.seconds if hold else None,
                f"{number(round(found.weight, 2))} {found.unit}" if found.weight else None,
                "", at, at, found.seconds or 0.0,
                note="\n".join(parts) if parts else None, rest_after=rest, role=found.role, rpe=found.rpe))
    return SessionRecord(imported_routine_id(export.name, slug(workout.name)), workout.name, "", at, workout.ended_at,
                         RecordState.FINISHED, sets)
