"""An exercise's trend, session by session, for the history screen's chart.

Each measure gives one point per session (oldest first) from the sets that count (done, not
warm-ups). Loads are free text: only loads in numbers are charted, and only those of one kind
(kg, lb, "kg per hand"): the kind of the latest set with a load in numbers, so a chart never mixes
units. Time under tension is split by phase (lowering, pauses, lifting); a set recorded without
that split gets it from its tempo times the reps done, and the point says it was computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.problems import InvalidValue
from pchain_tui.domain.session.record import SetRecord
from pchain_tui.domain.tempo import Phase, Tempo, parse_tempo
from pchain_tui.domain.training.exercise_log import ExerciseSession
from pchain_tui.domain.training.loads import Load, number, parse_load
from pchain_tui.domain.training.strength import E1RM_FORMULA, E1RM_MAX_REPS, estimated_1rm

EXPLOSIVE_SECONDS = 1.0
"""An explosive (X) phase counted as the set screen paces it (Timings.explosive)."""


class Measure(Enum):
    """What the chart shows, in the order the key cycles through them."""

    TOP_LOAD = "top set load"
    REPS = "reps"
    E1RM = "estimated 1RM"
    VOLUME = "volume"
    TUT = "time under tension"

    def next(self) -> Measure:
        """The measure after this one (the last wraps round to the first)."""
        members = list(Measure)
        return members[(members.index(self) + 1) % len(members)]


TUT_PHASES = ("lowering", "pauses", "lifting", "holding", "not split")
"""The parts of a time-under-tension bar, bottom to top: the three phases of a rep, a hold's
seconds, and the time of self-paced sets (no tempo to split it by)."""


@dataclass(frozen=True)
class Point:
    """One session's value of a measure."""

    at: float
    """When the session began (epoch seconds)."""
    value: float
    """The value (for time under tension, the sum of `parts`)."""
    parts: tuple[float, ...] = ()
    """Time under tension only: seconds in each of TUT_PHASES."""
    computed: bool = False
    """Time under tension only: some of the split came from tempo x reps done, not from the record."""


@dataclass(frozen=True)
class Series:
    """A measure's points for one exercise, with its unit and what a person should know about it."""

    measure: Measure
    title: str
    """What the chart is: "Top set load (kg)", "Estimated 1RM, Epley (kg)"."""
    unit: str
    """The unit of the values: "kg", "reps", "s"."""
    points: tuple[Point, ...]
    """Oldest first."""
    note: str = ""
    """Why there is no chart, or what it leaves out or computed ("" when nothing needs saying)."""

    def label(self, value: float) -> str:
        """A value with its unit, as the axis and the sentences write it: "42.5 kg", "12 reps"."""
        shown = number(round(value, 1)) if abs(value) < 100 and self.unit != "s" else f"{round(value):,}"
        if self.unit == "reps":
            return f"{shown} rep" if value == 1 else f"{shown} reps"
        return f"{shown} {self.unit}"


def trend(measure: Measure, sessions: Sequence[ExerciseSession], default_unit: str = "kg") -> Series:
    """The points of `measure` for an exercise's sessions (in any order; the points are oldest first).

    `default_unit` reads a bare load number ("40"), as the settings say.
    """
    ordered = sorted(sessions, key=lambda s: s.started_at)
    is_hold = any(s.is_hold for s in ordered)
    if measure is Measure.TUT:
        return _tut(ordered)
    if measure is Measure.REPS:
        return _reps(ordered, is_hold)
    kind = _load_kind(ordered, default_unit)
    if kind is None:
        return _unweighed(measure, ordered, is_hold)
    unit, rest = kind
    points: list[Point] = []
    other_kinds = False
    for session in ordered:
        values = []
        for s in _counting(session):
            load = parse_load(s.load, default_unit)
            if load is None:
                continue
            if (load.unit, load.rest) != kind:
                other_kinds = True
                continue
            value = _weighed_value(measure, load, s, is_hold)
            if value is not None:
                values.append(value)
        if values:
            points.append(Point(session.started_at, sum(values) if measure is Measure.VOLUME else max(values)))
    shown_unit = f"{unit}{rest}"
    titles = {Measure.TOP_LOAD: f"Top set load ({shown_unit})",
              Measure.E1RM: f"Estimated 1RM, {E1RM_FORMULA} ({shown_unit})",
              Measure.VOLUME: f"Volume, load x {'seconds' if is_hold else 'reps'} ({shown_unit})"}
    notes = []
    if measure is Measure.E1RM:
        if is_hold:
            return Series(measure, titles[measure], unit, (), "A hold has no reps, so no 1RM is estimated.")
        if not points:
            notes.append(f"No 1RM to estimate yet: no set at a load in {shown_unit} had 1 to {E1RM_MAX_REPS} reps.")
        notes.append(f"{E1RM_FORMULA}: load x (1 + reps / 30), from sets of {E1RM_MAX_REPS} reps or fewer.")
    if measure is Measure.VOLUME:
        notes.append("Sets that count (no warm-ups).")
    if other_kinds:
        notes.append(f"Only loads in {unit}{rest} are charted.")
    unit = f"{shown_unit}·s" if measure is Measure.VOLUME and is_hold else shown_unit
    return Series(measure, titles[measure], unit, tuple(points), " ".join(notes))


def _weighed_value(measure: Measure, load: Load, s: SetRecord, is_hold: bool) -> float | None:
    amount = (s.done_seconds or 0.0) if is_hold else float(s.done_reps or 0)
    if measure is Measure.TOP_LOAD:
        return load.amount
    if measure is Measure.VOLUME:
        return load.amount * amount
    return None if is_hold else estimated_1rm(load.amount, int(amount))


def _reps(ordered: Sequence[ExerciseSession], is_hold: bool) -> Series:
    """The best set of each session: most reps, or the longest hold."""
    points = tuple(Point(s.started_at, max(done)) for s in ordered if (done := s.amounts()))
    if is_hold:
        return Series(Measure.REPS, "Longest hold (s)", "s", points)
    return Series(Measure.REPS, "Most reps in a set", "reps", points)


def _unweighed(measure: Measure, ordered: Sequence[ExerciseSession], is_hold: bool) -> Series:
    """Load measures of an exercise never done with a load in numbers: said, and for volume the
    total reps (or seconds) instead."""
    if measure is Measure.VOLUME:
        points = tuple(Point(s.started_at, sum(done)) for s in ordered if (done := s.amounts()))
        if is_hold:
            return Series(measure, "Volume: seconds held", "s", points,
                          "No load in numbers, so the volume is the seconds held in the sets that count.")
        return Series(measure, "Volume: total reps", "reps", points,
                      "No load in numbers (bodyweight or a load in words), so the volume is the total reps "
                      "of the sets that count.")
    title = {Measure.TOP_LOAD: "Top set load", Measure.E1RM: f"Estimated 1RM, {E1RM_FORMULA}"}[measure]
    return Series(measure, title, "", (), "No load chart: only bodyweight or loads in words so far.")


def _tut(ordered: Sequence[ExerciseSession]) -> Series:
    points = []
    computed_sessions = 0
    for session in ordered:
        parts = [0.0] * len(TUT_PHASES)
        computed = False
        counted = False
        for s in _counting(session):
            counted = True
            split, was_computed = phase_split(s)
            computed = computed or was_computed
            for index, seconds in enumerate(split):
                parts[index] += seconds
        if counted:
            computed_sessions += computed
            points.append(Point(session.started_at, sum(parts), tuple(parts), computed))
    note = "Sets that count (no warm-ups)."
    if computed_sessions:
        note += (f" {'1 session was' if computed_sessions == 1 else f'{computed_sessions} sessions were'} recorded "
                 "without the split by phase: computed from tempo x reps done.")
    return Series(Measure.TUT, "Time under tension by phase (s)", "s", tuple(points), note)


def phase_split(s: SetRecord) -> tuple[tuple[float, ...], bool]:
    """A set's seconds under tension in each of TUT_PHASES, and whether they were computed from its
    tempo x reps done (the set was recorded without the split)."""
    empty = [0.0] * len(TUT_PHASES)
    if s.kind is WorkKind.HOLD:
        empty[3] = s.done_seconds or s.tut
        return tuple(empty), False
    if s.tut_lower is not None or s.tut_pause is not None or s.tut_lift is not None:
        empty[0], empty[1], empty[2] = s.tut_lower or 0.0, s.tut_pause or 0.0, s.tut_lift or 0.0
        return tuple(empty), False
    tempo = _tempo(s.tempo)
    reps = s.done_reps or 0
    if tempo is None or tempo.self_paced or s.kind is WorkKind.SELF_PACED:
        empty[4] = s.tut
        return tuple(empty), False
    empty[0] = tempo.seconds(Phase.LOWER, EXPLOSIVE_SECONDS) * reps
    empty[1] = (tempo.seconds(Phase.PAUSE_BOTTOM, EXPLOSIVE_SECONDS) + tempo.seconds(Phase.PAUSE_TOP,
                                                                                     EXPLOSIVE_SECONDS)) * reps
    empty[2] = tempo.seconds(Phase.LIFT, EXPLOSIVE_SECONDS) * reps
    return tuple(empty), True


@lru_cache(maxsize=64)
def _tempo(text: str) -> Tempo | None:
    """A set's tempo as recorded, read once per distinct text (a history holds a handful); None if
    it cannot be read."""
    try:
        return parse_tempo(text)
    except InvalidValue:
        return None


def _counting(session: ExerciseSession):
    return (s for s in session.sets if s.counts)


def _load_kind(ordered: Sequence[ExerciseSession], default_unit: str) -> tuple[str, str] | None:
    """The kind (unit, what follows it) of the latest load in numbers among the sets that count."""
    for session in reversed(ordered):
        for s in reversed(session.sets):
            load = parse_load(s.load, default_unit) if s.counts else None
            if load is not None:
                return load.unit, load.rest
    return None


def sets_in_words(sets: Sequence[Sequence[float]], is_hold: bool, loads: Sequence[str]) -> str:
    """Sets in a few words, from what each achieved (ExerciseSession.by_set): "3 x 10 at 40 kg",
    "12, 10, 9 reps at 20 to 25 kg", "3 x 30 s", "2 x 8 per side", "8/7, 8/8 reps" (left/right)."""
    if not sets:
        return "no set"
    unit = " s" if is_hold else ""
    shown = ["/".join(number(round(a)) for a in sides) for sides in sets]
    per_side = any(len(sides) > 1 for sides in sets)
    each = {number(round(a)) for sides in sets for a in sides}
    if len(each) == 1 and len({len(sides) for sides in sets}) == 1:
        said = f"{len(shown)} x {each.pop()}{unit}" + (" per side" if per_side else "")
    else:
        said = ", ".join(shown) + (unit if is_hold else " reps")
    if len(loads) == 1:
        return f"{said} at {loads[0]}"
    return f"{said} at {loads[0]} to {loads[-1]}" if loads else said
