"""The rotation rule: the next day, the 48 h rule worded by the schedule, and deload weeks, read from a real
history (times are local, as the screens show them)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import Block, Exercise, Routine, WorkKind
from pchain_tui.domain.program import Deload, Program
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.record import SessionRecord, SetRecord
from pchain_tui.domain.tempo import DEFAULT_TEMPO
from pchain_tui.domain.training.rotation import DayDone, Standing, day_word, deload_sets, deloaded, rest_hours, standing
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory

BEGINNER = Program("beginner", "Beginner, twice a week", ("beginner-day-1", "beginner-day-2"), 2, Deload(6, 0.5))
NAMES = {"beginner-day-1": "Beginner day 1", "beginner-day-2": "Beginner day 2"}


def at(day: int, hour: int = 18, minute: int = 0) -> float:
    """Epoch seconds of a local time in November 2026 (the 2nd is a Monday)."""
    return datetime(2026, 11, day, hour, minute).timestamp()


def session(routine: str, start: float, *, skipped: bool = False) -> SessionRecord:
    done = SetRecord(0, "glute-bridge", "Glute bridge", 1, None, WorkKind.PACED, 12, None if skipped else 12, None,
                     None, None, "2-0-1-1", start + 60, start + 90, 30.0, skipped=skipped)
    return SessionRecord(routine, NAMES.get(routine, routine), "hash", start, None, sets=[done])


@pytest.fixture
def store(tmp_path: Path):
    with HistoryStore(tmp_path / "history.sqlite3") as opened:
        yield opened


def save(store: HistoryStore, record: SessionRecord) -> None:
    session_id = store.start_session(SessionRecord(record.routine_id, record.routine_name, "hash",
                                                   record.started_at))
    for done in record.sets:
        store.save_set(session_id, done)


def test_with_nothing_done_the_first_day_is_next_in_week_one(store):
    now = standing(BEGINNER, store, None, at(4))
    assert (now.next_day, now.last, now.week, now.deload_week, now.due_note()) == (
        "beginner-day-1", None, 1, False, None)
    assert now.up_next(NAMES) == ("Up next: Beginner day 1", "no day done yet")


def test_the_day_after_the_one_done_last_is_next_and_wraps_round(store):
    save(store, session("beginner-day-1", at(2)))
    assert standing(BEGINNER, store, None, at(4, 20)).next_day == "beginner-day-2"
    save(store, session("beginner-day-2", at(5)))
    now = standing(BEGINNER, store, None, at(9, 20))
    assert now.next_day == "beginner-day-1"
    assert now.up_next(NAMES) == ("Up next: Beginner day 1", "last: day 2, Thursday")


def test_a_session_with_every_set_skipped_does_not_count_and_other_routines_do_not_either(store):
    save(store, session("beginner-day-1", at(2)))
    save(store, session("beginner-day-2", at(4), skipped=True))
    save(store, session("home", at(5)))
    now = standing(BEGINNER, store, None, at(6))
    assert now.next_day == "beginner-day-2" and now.last.routine_id == "beginner-day-1"


def test_less_than_48_h_after_a_day_says_when_the_next_is_due(store):
    save(store, session("beginner-day-1", at(2, 18)),)  # its set ends at 18:01:30
    now = standing(BEGINNER, store, None, at(3, 9))
    assert now.due_at == pytest.approx(at(4, 18, 1) + 30)
    assert now.due_note() == "twice a week, at least 48 h between days: day 2 is due tomorrow at 18:01"
    assert now.up_next(NAMES) == ("Up next: Beginner day 2", "last: day 1, yesterday")
    assert standing(BEGINNER, store, None, at(4, 18, 2)).due_note() is None


def test_the_rest_between_days_follows_the_schedule_when_48_h_cannot_fit():
    assert [rest_hours(n) for n in range(1, 8)] == [48, 48, 48, 42, 33, 28, 24]
    program = Program("p", "P", ("beginner-day-1", "beginner-day-2"), 5)
    now = Standing(program, at(3, 9), done=(DayDone("beginner-day-1", at(2, 18)),))
    assert now.due_note() == "5 times a week, at least 33 h between days: day 2 is due tomorrow at 03:00"
    assert Standing(program, at(3, 9), done=(DayDone("beginner-day-1", at(2, 23)),)).due_note() == (
        "5 times a week, at least 33 h between days: day 2 is due tomorrow at 08:00")
    assert Standing(program, at(4, 4), done=(DayDone("beginner-day-1", at(2, 18)),)).due_note() is None


def test_weeks_count_from_the_first_session_since_the_program_was_chosen(store):
    save(store, session("beginner-day-1", at(2)))  # before the program was chosen: not week 1
    chosen = at(3, 12)
    save(store, session("beginner-day-2", at(5)))  # Thursday of the week of Monday 2 November: week 1
    now = standing(BEGINNER, store, chosen, at(8))
    assert (now.week, now.deload_week) == (1, False)
    assert standing(BEGINNER, store, chosen, at(9)).week == 2
    sixth = standing(BEGINNER, store, chosen, at(9) + 4 * 7 * 86400)
    assert (sixth.week, sixth.deload_week, sixth.deload_note()) == (6, True, "deload week: half the sets")
    assert standing(BEGINNER, store, chosen, at(9) + 5 * 7 * 86400).deload_week is False
    # The day before the program was chosen still says which day comes next.
    assert standing(BEGINNER, store, at(6), at(7)).next_day == "beginner-day-1"
    assert standing(BEGINNER, store, at(6), at(7)).week == 1


def test_a_first_session_already_known_is_not_looked_for_again(store):
    save(store, session("beginner-day-1", at(2)))

    class Unasked:
        def last_session(self, routine_id):
            return store.last_session(routine_id)

        def sessions(self, since=None):
            raise AssertionError("the sessions since the program was chosen were read again")

    now = standing(BEGINNER, Unasked(), at(1), at(10), first_at=datetime(2026, 11, 2).timestamp())
    assert (now.next_day, now.week) == ("beginner-day-2", 2)


def test_a_safe_history_answers_the_same(tmp_path: Path):
    history = SafeHistory(tmp_path / "history.sqlite3", clock=FakeClock())
    record = session("beginner-day-1", at(2))
    session_id = history.start_session(SessionRecord(record.routine_id, record.routine_name, "hash", at(2)))
    history.save_set(session_id, record.sets[0])
    now = standing(BEGINNER, history, at(1), at(4, 20))
    assert (now.next_day, now.first_at) == ("beginner-day-2", at(2))
    history.close()


def test_deload_keeps_a_share_of_each_exercises_sets_never_below_one():
    assert [deload_sets(n, 0.5) for n in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]
    assert [deload_sets(n, 0.6) for n in (1, 3, 5)] == [1, 2, 3]
    bridge = Exercise("glute-bridge", "Glute bridge")
    routine = Routine("r", "R", tuple(Block(bridge, sets, Range(12, 12), None, Range(60, 60), DEFAULT_TEMPO)
                                      for sets in (3, 2, 1)))
    easy = deloaded(routine, 0.5)
    assert [b.sets for b in easy.blocks] == [2, 1, 1] and (easy.id, easy.name) == ("r", "R")
    assert [b.sets for b in routine.blocks] == [3, 2, 1]


def test_deload_takes_rounds_off_a_circuit_and_leaves_warm_ups_alone(bundled):
    from pchain_tui.domain.session.plan import build_plan

    circuit = bundled["home-circuit"]
    easy = deloaded(circuit, 0.5)
    assert [b.circuit.rounds for b in easy.blocks if b.circuit] == [2, 2, 2, 1, 1]  # 3 rounds and 2 of the superset
    for before, after in zip(circuit.blocks, easy.blocks):
        if before.circuit is not None:
            assert after.circuit.rounds == after.sets == deload_sets(before.circuit.rounds, 0.5)
    assert build_plan(easy).estimated_seconds() < build_plan(circuit).estimated_seconds()
    warmed = bundled["intermediate-day-1"]
    assert [b.warmup for b in deloaded(warmed, 0.5).blocks] == [b.warmup for b in warmed.blocks]
    assert any(b.warmup for b in warmed.blocks)


def test_days_are_named_as_seen_from_now():
    now = at(12, 10)  # Thursday 12 November 2026
    assert [day_word(at(d), now) for d in (12, 11, 13, 9, 6, 5)] == [
        "today", "yesterday", "tomorrow", "Monday", "Friday", "5 Nov"]
    assert day_word(datetime(2025, 11, 5, 12).timestamp(), now) == "5 Nov 2025"
