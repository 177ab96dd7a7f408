"""Hevy's CSV export (Settings > Export & Import Data > Export Workouts).

Columns: `title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe` (weight_lbs and
distance_miles instead in pounds and miles); times like "26 Jul 2025, 07:06"; set_type is normal,
warmup, dropset or failure.
"""

from __future__ import annotations

from collections.abc import Callable

from pchain_tui.domain.importing import values
from pchain_tui.domain.importing.export_format import ROLES, ExportFormat, ImportedSet
from pchain_tui.domain.problems import InvalidValue

_ROLES = {"normal": "work", "": "work", **{role: role for role in ROLES if role != "work"}}


def read_row(cell: Callable[[str], str], default_unit: str) -> ImportedSet:
    """A Hevy row as a set (see ExportFormat.read_row; Hevy's columns name their units)."""
    started = values.local_time(cell("start_time"), "start_time")
    workout = values.clean(cell("title")) or "Workout"
    exercise = values.clean(cell("exercise_title"))
    if not exercise:
        raise InvalidValue("the exercise_title is empty", "every set needs the name of its exercise")
    role = role_of(cell)
    if role is None:
        kind = cell("set_type").strip().lower()
        raise InvalidValue(f"the set_type '{values.shown(kind)}' is not normal, warmup, dropset or failure",
                           "Hevy writes one of those four")
    doubts: list[InvalidValue] = []
    end = cell("end_time").strip()
    if cell("weight_kg").strip():
        weight, unit = values.number(cell("weight_kg"), "weight_kg"), "kg"
    else:
        weight, unit = values.number(cell("weight_lbs"), "weight_lbs"), "lb"
    distance_column, distance_unit = ("distance_km", "km") if cell("distance_km").strip() else ("distance_miles", "mi")
    distance = values.or_none(lambda text: values.amount(text, distance_column), cell(distance_column), doubts)
    return ImportedSet(
        workout, started, exercise, role,
        reps=values.count(cell("reps"), "reps"),
        seconds=values.amount(cell("duration_seconds"), "duration_seconds") or None,
        weight=weight, unit=unit,
        distance=f"{round(distance, 2):g} {distance_unit}" if distance else None,
        rpe=values.or_none(values.rpe, cell("rpe"), doubts),
        note=values.clean_note(cell("exercise_notes")),
        workout_ended_at=values.or_none(lambda text: values.local_time(text, "end_time"), end, doubts) if end else None,
        workout_note=values.clean_note(cell("description")),
        doubts=tuple(doubts),
    )


def role_of(cell: Callable[[str], str]) -> str | None:
    """The role a row's set_type gives it (normal is "work"), or None for another word."""
    return _ROLES.get(cell("set_type").strip().lower())


FORMAT = ExportFormat(
    name="hevy", title="Hevy",
    required=("title", "start_time", "exercise_title", "set_index", "set_type", "reps"),
    read_row=read_row,
    role_of=role_of,
    key_columns=("start_time", "title", "exercise_title"),
    unit_column=None,
    how_to_export="in Hevy: Settings, Export & Import Data, Export Workouts",
)
