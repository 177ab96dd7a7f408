"""A program's days in rotation: which comes next, when it is due, and whether this is a deload week.

The rules:
- the next day is the one after the program's day done most recently (a session with at least one
  set done counts; a day done before the program was chosen counts too); day 1 when none was;
- the rest between two days is 48 h (training facts: at least 48 h between sessions), or a week
  divided by `per_week` when that is shorter (four days a week cannot all be 48 h apart);
- weeks are counted from the calendar week (Monday to Sunday, local time) of the first session of
  any of the program's days since it was chosen; every `deload.every`-th week is a deload week, in
  which each exercise keeps `deload.sets` of its sets (rounded half up, never below 1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Protocol

from pchain_tui.domain.model import Block, Routine
from pchain_tui.domain.program import Program
from pchain_tui.domain.session.record import SessionRecord
from pchain_tui.domain.training.recovery import RECOVERY_HOURS

WEEK_HOURS = 7 * 24
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""In English whatever the locale, as every other word pchain shows."""


class ProgramLog(Protocol):
    """What the rotation reads from the history: a HistoryStore or a SafeHistory."""

    def last_session(self, routine_id: str) -> tuple[int, SessionRecord] | None:
        """The latest session of a routine that has sets."""
        ...

    def sessions(self, since: float | None = None) -> list[tuple[int, SessionRecord]]:
        """The sessions with sets started at `since` or later, oldest first."""
        ...


@dataclass(frozen=True)
class DayDone:
    """A day of the program as last done."""

    routine_id: str
    at: float
    """When its last set done ended (epoch seconds)."""


@dataclass(frozen=True)
class Standing:
    """Where a program stands at `now` (epoch seconds)."""

    program: Program
    now: float
    done: tuple[DayDone, ...] = ()
    """Each of the program's days that was ever done, with when it was last."""
    first_at: float | None = None
    """When the first session of the program's days since it was chosen started, or None."""

    @property
    def last(self) -> DayDone | None:
        """The program's day done most recently, or None."""
        return max(self.done, key=lambda day: day.at, default=None)

    def last_done(self, routine_id: str) -> float | None:
        """When a day was last done, or None."""
        return next((day.at for day in self.done if day.routine_id == routine_id), None)

    @property
    def next_index(self) -> int:
        """The place (from 0) of the next day in the program."""
        if self.last is None:
            return 0
        return (self.program.days.index(self.last.routine_id) + 1) % len(self.program.days)

    @property
    def next_day(self) -> str:
        """The routine id of the next day."""
        return self.program.days[self.next_index]

    @property
    def due_at(self) -> float | None:
        """When the next day is due, if that is still to come (the rest since the last is not over)."""
        if self.last is None:
            return None
        due = self.last.at + rest_hours(self.program.per_week) * 3600
        return due if due > self.now else None

    @property
    def week(self) -> int:
        """The program's week now, from 1 (the week of its first session; week 1 until there is one)."""
        if self.first_at is None:
            return 1
        weeks = (_monday(self.now) - _monday(self.first_at)).days // 7
        return max(0, weeks) + 1  # a clock set back stays in week 1

    @property
    def deload_week(self) -> bool:
        """True when this week is a deload week."""
        deload = self.program.deload
        return deload is not None and self.week % deload.every == 0

    def up_next(self, names: Mapping[str, str]) -> tuple[str, str]:
        """The two halves of the "Up next" line: ("Up next: Beginner day 2", "last: day 1, Monday").

        `names` gives each routine id its name (an id stands for a routine that cannot be read).
        """
        first = f"Up next: {names.get(self.next_day, self.next_day)}"
        if self.last is None:
            return first, "no day done yet"
        place = self.program.days.index(self.last.routine_id) + 1
        return first, f"last: day {place}, {day_word(self.last.at, self.now)}"

    def due_note(self) -> str | None:
        """When the rest between days is not over: what the schedule is and when the next day is due."""
        due = self.due_at
        if due is None:
            return None
        hours = rest_hours(self.program.per_week)
        return (f"{times_a_week(self.program.per_week)}, at least {hours} h between days: "
                f"day {self.next_index + 1} is due {day_word(due, self.now)} at {datetime.fromtimestamp(due):%H:%M}")

    def deloaded_day(self, routine: Routine) -> Routine | None:
        """`routine` with the deload's sets when it is one of the program's days and this is a deload
        week; else None (today it is done as written)."""
        deload = self.program.deload
        if deload is None or not self.deload_week or routine.id not in self.program.days:
            return None
        return deloaded(routine, deload.sets)

    def deload_note(self) -> str | None:
        """"deload week: half the sets" in a deload week, else None."""
        if not self.deload_week:
            return None
        assert self.program.deload is not None
        return f"deload week: {share_words(self.program.deload.sets)}"


def standing(program: Program, log: ProgramLog, chosen_at: float | None, now: float,
             first_at: float | None = None) -> Standing:
    """Where `program` stands, read from the history (call it off the UI thread): the day done most
    recently, and the first session since `chosen_at` (epoch seconds; None: since ever), unless
    `first_at` already says when that was (the sessions since then are not read again)."""
    done = tuple(DayDone(day, at) for day in program.days if (at := _last_done(log, day)) is not None)
    if first_at is None:
        first_at = next((record.started_at for _, record in log.sessions(chosen_at)
                         if record.routine_id in program.days and any(s.done for s in record.sets)), None)
    return Standing(program, now, done, first_at)


def _last_done(log: ProgramLog, routine_id: str) -> float | None:
    """When a set done in the routine's latest session ended. A latest session whose every set was
    skipped does not count (an earlier one is not looked for: the history has no such question)."""
    latest = log.last_session(routine_id)
    if latest is None:
        return None
    ends = [s.ended_at for s in latest[1].sets if s.done]
    return max(ends) if ends else None


def rest_hours(per_week: int) -> int:
    """Hours between two days of a program done `per_week` days a week."""
    return min(RECOVERY_HOURS, WEEK_HOURS // per_week)


def deloaded(routine: Routine, share: float) -> Routine:
    """`routine` for a deload week: each exercise keeps `share` of its sets (at least 1), and each
    circuit as many of its rounds; warm-up sets stay as they are (they lead up to the working load)."""
    return replace(routine, blocks=tuple(_deloaded(block, share) for block in routine.blocks))


def _deloaded(block: Block, share: float) -> Block:
    if block.circuit is None:
        return replace(block, sets=deload_sets(block.sets, share))
    rounds = deload_sets(block.circuit.rounds, share)  # the same for every block of the circuit
    return replace(block, sets=rounds, circuit=replace(block.circuit, rounds=rounds))


def deload_sets(sets: int, share: float) -> int:
    """An exercise's sets in a deload week: `sets` times `share`, rounded half up, never below 1."""
    return max(1, math.floor(sets * share + 0.5))


def share_words(share: float) -> str:
    """A share of the sets in words: "half the sets", "60% of the sets"."""
    return "half the sets" if share == 0.5 else f"{round(share * 100)}% of the sets"


def times_a_week(count: int) -> str:
    """"once a week", "twice a week", "3 times a week"."""
    return {1: "once a week", 2: "twice a week"}.get(count, f"{count} times a week")


def day_word(at: float, now: float) -> str:
    """The day of `at` as seen from `now` (local time): "today", "yesterday", "tomorrow", a weekday
    within six days either way, else the date ("3 Nov", with the year when it is another)."""
    day, today = date.fromtimestamp(at), date.fromtimestamp(now)
    offset = (day - today).days
    if offset == 0:
        return "today"
    if offset == -1:
        return "yesterday"
    if offset == 1:
        return "tomorrow"
    if abs(offset) < 7:
        return _WEEKDAYS[day.weekday()]
    shown = f"{day.day} {_MONTHS[day.month - 1]}"
    return shown if day.year == today.year else f"{shown} {day.year}"


def _monday(at: float) -> date:
    day = date.fromtimestamp(at)
    return day - timedelta(days=day.weekday())
