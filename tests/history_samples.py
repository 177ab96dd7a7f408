"""Histories shaped like real training, for the history screen's tests: a barbell lift that gets
heavier (with a warm-up set), a bodyweight move, a timed hold and self-paced swings, and
time under tension split by phase only in the newer sessions (as pchain records it since schema 5)."""

from __future__ import annotations

from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.storage.history_store import HistoryStore

DAY = 86_400.0


def work_set(block: int, exercise_id: str, name: str, number: int, kind: WorkKind, at: float, *,
             reps: int | None = None, seconds: float | None = None, load: str | None = None, tempo: str = "3-1-1-0",
             split: bool = False, role: str = "work", skipped: bool = False, side: Side | None = None) -> SetRecord:
    """A set as pchain saves it; paced sets carry the split by phase when `split`."""
    per_rep = {"3-1-1-0": (3.0, 1.0, 1.0), "2-0-1-2": (2.0, 2.0, 1.0)}.get(tempo, (0.0, 0.0, 0.0))
    tut = seconds if kind is WorkKind.HOLD else (sum(per_rep) * (reps or 0) if kind is WorkKind.PACED
                                                 else 1.5 * (reps or 0))
    phases = tuple(p * (reps or 0) for p in per_rep) if split and kind is WorkKind.PACED else (None, None, None)
    return SetRecord(block, exercise_id, name, number, side, kind, reps, None if skipped else reps, seconds,
                     None if skipped else seconds, load, tempo, at, at + (tut or 0), 0.0 if skipped else tut or 0.0,
                     skipped=skipped, role=role, tut_lower=phases[0], tut_pause=phases[1], tut_lift=phases[2])


def training_session(n: int, at: float, *, split: bool) -> SessionRecord:
    """Session number `n` (from 0) of a steady programme, started at `at`."""
    rdl_load = 40 + 2.5 * (n // 3)
    sets = [work_set(0, "romanian-deadlift", "Romanian deadlift", 0, WorkKind.PACED, at, reps=8, load="20 kg",
                     split=split, role="warmup")]
    sets += [work_set(0, "romanian-deadlift", "Romanian deadlift", k, WorkKind.PACED, at + 60 * k,
                      reps=8 + (n + k) % 3, load=f"{rdl_load:g} kg", split=split) for k in (1, 2, 3)]
    sets += [work_set(1, "glute-bridge", "Glute bridge", k, WorkKind.PACED, at + 400 + 60 * k,
                      reps=12 + min(3, n // 4), tempo="2-0-1-2", split=split) for k in (1, 2, 3)]
    sets += [work_set(2, "wall-sit", "Wall sit", k, WorkKind.HOLD, at + 700 + 60 * k, seconds=30.0 + min(15, n))
             for k in (1, 2, 3)]
    sets += [work_set(3, "kettlebell-swing", "Kettlebell swing", k, WorkKind.SELF_PACED, at + 1000 + 60 * k,
                      reps=15 + n % 5, load="16 kg", tempo="self") for k in (1, 2, 3)]
    return SessionRecord("beginner-day-1", "Beginner day 1", "hash", at, at + 1500, RecordState.FINISHED, sets)


def write_training(store: HistoryStore, sessions: int, end: float, every: float = 3 * DAY) -> None:
    """`sessions` sessions, `every` seconds apart, the last one at `end`; the newer half with the split."""
    for n in range(sessions):
        store.start_session(training_session(n, end - (sessions - 1 - n) * every, split=n >= sessions // 2))
