"""Strong's CSV export (Settings > Export Strong Data), the current one and the older ones.

Current: `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,
Workout Notes,RPE`, with weights in the app's unit, which the file does not say. Older exports are
separated by ";" and add `Weight Unit` and `Distance Unit`; some have `Workout Duration`.
A row's Set Order is the set's number, or W (warm-up), D (drop set) or F (failure) in some
versions; a "Rest Timer" row is the rest after the set before it, not a set.
"""

from __future__ import annotations

from collections.abc import Callable

from pchain_tui.domain.importing import values
from pchain_tui.domain.importing.export_format import ExportFormat, ImportedSet, RestAfter
from pchain_tui.domain.problems import InvalidValue

_ROLES = {"w": "warmup", "d": "dropset", "f": "failure"}
_REST_ROWS = ("rest timer", "rest")


def read_row(cell: Callable[[str], str], default_unit: str) -> ImportedSet | RestAfter | None:
    """A Strong row as a set, or the rest it records (see ExportFormat.read_row)."""
    started = values.local_time(cell("date"), "date")
    workout = values.clean(cell("workout name")) or "Workout"
    exercise = values.clean(cell("exercise name"))
    if not exercise:
        raise InvalidValue("the Exercise Name is empty", "every set needs the name of its exercise")
    order = cell("set order").strip()
    if order.lower() in _REST_ROWS:
        seconds = values.amount(cell("seconds"), "Seconds")
        return RestAfter(workout, started, exercise, seconds) if seconds else None
    role = role_of(cell)
    if role is None:
        raise InvalidValue(f"the Set Order '{values.shown(order)}' is not a set number, W, D, F or Rest Timer",
                           "Strong numbers sets 1, 2, 3 and marks warm-up sets W")
    doubts: list[InvalidValue] = []
    length = values.or_none(values.duration, cell("duration") or cell("workout duration"), doubts)
    distance = values.or_none(lambda text: values.amount(text, "Distance"), cell("distance"), doubts)
    distance_unit = values.clean(cell("distance unit"))
    seconds = values.amount(cell("seconds"), "Seconds")
    return ImportedSet(
        workout, started, exercise, role,
        reps=values.count(cell("reps"), "Reps"),
        seconds=seconds or None,
        weight=values.number(cell("weight"), "Weight"),
        unit=_unit(cell("weight unit"), default_unit),
        distance=(f"{_number(distance)} {distance_unit}" if distance_unit else f"distance {_number(distance)}")
        if distance else None,
        rpe=values.or_none(values.rpe, cell("rpe"), doubts),
        note=values.clean_note(cell("notes")),
        workout_ended_at=started + length if length is not None else None,
        workout_note=values.clean_note(cell("workout notes")),
        doubts=tuple(doubts),
    )


def role_of(cell: Callable[[str], str]) -> str | None:
    """The role its Set Order gives a row: work for a number, W, D and F for the others; else None."""
    order = cell("set order").strip()
    return "work" if order.isdigit() else _ROLES.get(order.lower())


def _unit(text: str, default_unit: str) -> str:
    """kg or lb, from an older export's Weight Unit ("kg", "lbs"), else the unit pchain was told."""
    word = text.strip().lower()
    if not word:
        return default_unit
    if word in ("kg", "kgs", "kilograms"):
        return "kg"
    if word in ("lb", "lbs", "pounds"):
        return "lb"
    raise InvalidValue(f"the Weight Unit '{values.shown(word)}' is not kg or lbs", "Strong writes kg or lbs")


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


FORMAT = ExportFormat(
    name="strong", title="Strong",
    required=("date", "workout name", "exercise name", "set order", "weight", "reps"),
    read_row=read_row,
    role_of=role_of,
    key_columns=("date", "workout name", "exercise name"),
    unit_column="weight unit",
    how_to_export="in Strong: Settings, Export Strong Data",
)
