"""What an app's export is made of: its columns, and a set read from one of its rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pchain_tui.domain.problems import InvalidValue

ROLES = ("work", "warmup", "dropset", "failure")
"""SetRecord.role for imported sets: what the other app called the set."""


@dataclass(frozen=True)
class ImportedSet:
    """One set as another app logged it, before it is matched to an exercise and numbered."""

    workout: str
    """The workout's name ("Leg Day")."""
    started_at: float
    """When the workout started, epoch seconds: with its name, it tells one workout from another."""
    exercise: str
    """The exercise's name as the app wrote it ("Romanian Deadlift (Barbell)")."""
    role: str = "work"
    reps: int | None = None
    seconds: float | None = None
    """A timed set's length (a plank, a wall sit), when the app logged one."""
    weight: float | None = None
    unit: str | None = None
    """"kg" or "lb", beside `weight`."""
    distance: str | None = None
    """A distance as written for people ("5 km"), for carries and cardio."""
    rpe: float | None = None
    note: str | None = None
    """What was written about the set (or the exercise, in that workout)."""
    workout_ended_at: float | None = None
    workout_note: str | None = None
    doubts: tuple[InvalidValue, ...] = ()
    """Values of the row that could not be read and that the set does without (an RPE of 12)."""


@dataclass(frozen=True)
class RestAfter:
    """A row that is not a set: the rest taken after the set before it (Strong's "Rest Timer")."""

    workout: str
    started_at: float
    exercise: str
    seconds: float


@dataclass(frozen=True)
class ExportFormat:
    """One app's CSV export: the columns that make a file one, and how a row is read.

    `read_row` gets a row's cells by column name ("" for a column the file lacks) and the default
    weight unit; it returns the set, a rest, or None for a row with nothing in it, and raises
    InvalidValue for a row it cannot read.
    """

    name: str
    """The command's word: "strong"."""
    title: str
    """The app's name: "Strong"."""
    required: tuple[str, ...]
    """Columns without which the file is not this app's export (lowercase)."""
    read_row: Callable[[Callable[[str], str], str], ImportedSet | RestAfter | None]
    unit_column: str | None
    """The column of each weight's unit; None when the weight columns name it (weight_kg). A file
    without it leaves the unit to be assumed."""
    how_to_export: str
    """Where the app makes the file, for the message when the file is not one."""
    role_of: Callable[[Callable[[str], str]], str | None]
    """A row's role ("work", "warmup", ...), or None for a row that is not a set or cannot say."""
    key_columns: tuple[str, str, str]
    """The columns of the workout's start, its name and the exercise's name: read on their own for a
    row that cannot be read whole, so the sets after it keep their numbers."""
