"""An exercise's history, session by session: the sets of one exercise in one session, and the
amounts they achieved (reps or seconds held)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import SessionRecord, SetRecord


IMPORTED_MARK = ":"
"""Between an imported session's source and its workout in its routine id ("strong:leg-day"): the
id of a routine file is a slug, which never has one."""


def imported_routine_id(source: str, workout: str) -> str:
    """The routine id of a workout brought in from another app: "strong:leg-day"."""
    return f"{source}{IMPORTED_MARK}{workout}"


@dataclass(frozen=True)
class ExerciseSession:
    """The sets of one exercise in one session: a line of that exercise's history."""

    session_id: int
    routine_id: str
    routine_name: str
    started_at: float
    sets: tuple[SetRecord, ...]
    """In plan order: by set number, left before right."""

    @property
    def imported(self) -> bool:
        """True when the session was brought in from another app (`pchain import`)."""
        return IMPORTED_MARK in self.routine_id

    @property
    def is_hold(self) -> bool:
        """True when these are timed holds (the amounts are seconds, not reps)."""
        return any(s.kind is WorkKind.HOLD for s in self.sets)

    def amounts(self) -> list[float]:
        """What each work set done achieved: reps, or seconds held (skipped sets achieved nothing, and
        warm-ups do not count)."""
        if self.is_hold:
            return [s.done_seconds or 0.0 for s in self.sets if s.counts]
        return [float(s.done_reps or 0) for s in self.sets if s.counts]

    def by_set(self) -> tuple[tuple[float, ...], ...]:
        """What each set that counts achieved, a tuple per set: its one amount, or a per-side set's
        left and right (both sides of a set are one set)."""
        if self.is_hold:
            return by_set((s.set_number, s.done_seconds or 0.0) for s in self.sets if s.counts)
        return by_set((s.set_number, float(s.done_reps or 0)) for s in self.sets if s.counts)

    @property
    def best(self) -> float:
        """The best set: most reps, or longest hold."""
        return max(self.amounts(), default=0.0)

    @property
    def volume(self) -> float:
        """All sets added up: total reps, or total seconds held (loads are free text, so not counted)."""
        return sum(self.amounts())


def split_by_exercise(session_id: int, record: SessionRecord) -> list[ExerciseSession]:
    """A session as lines of exercise history, one per exercise done, in routine order."""
    blocks: dict[tuple[int, str], list[SetRecord]] = {}
    for s in record.sets:
        blocks.setdefault((s.block_index, s.exercise_id), []).append(s)
    return [ExerciseSession(session_id, record.routine_id, record.routine_name, record.started_at,
                            tuple(sorted(sets, key=plan_order)))
            for _key, sets in sorted(blocks.items())]


def by_set(numbered: Iterable[tuple[int, float]]) -> tuple[tuple[float, ...], ...]:
    """Amounts grouped by their set number, in the order given (plan order: left before right)."""
    groups: dict[int, list[float]] = {}
    for set_number, amount in numbered:
        groups.setdefault(set_number, []).append(amount)
    return tuple(tuple(amounts) for amounts in groups.values())


def plan_order(record: SetRecord) -> tuple[int, int, int]:
    """Where a set comes in the plan: by block, set number, left before right."""
    return (record.block_index, record.set_number, 0 if record.side is not Side.RIGHT else 1)
