"""The history screen's reads: the sessions one page at a time, newest first, each with a line per
exercise, without building a record of every set.

These work on a `HistoryStore`'s connection and use the indexes it keeps (sessions_by_start for the
page, sets_by_session_end for its sets), so a page costs the same with five years of history as with
one week. They live here, beside the store, so the store's own module stays the writer's.
"""

from __future__ import annotations

from dataclasses import dataclass

from pchain_tui.domain.training.exercise_log import by_set
from pchain_tui.storage.history_store import HistoryStore

PAGE_SESSIONS = 60
"""Sessions read at a time (a screen or two of the list); the next page is read on the way down."""


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise of a session, in the few numbers the list shows."""

    exercise_id: str
    exercise_name: str
    is_hold: bool
    amounts: tuple[tuple[float, ...], ...]
    """What each set that counts achieved (reps, or seconds held), as done: a tuple per set, with
    a per-side set's left and right."""
    loads: tuple[str, ...]
    """The loads of those sets as written, each once, in the order first used."""
    warmups: int
    """Warm-up sets done (they never count); a per-side set is one set."""
    skipped: int
    """Sets skipped (a per-side set with either side skipped is one)."""


@dataclass(frozen=True)
class SessionLines:
    """A session of the list: when, which routine, and a line per exercise in routine order."""

    session_id: int
    started_at: float
    routine_name: str
    exercises: tuple[ExerciseLine, ...]


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the oldest session on it. The next page starts after it."""

    started_at: float
    session_id: int


def session_page(store: HistoryStore, after: Cursor | None = None,
                 limit: int = PAGE_SESSIONS) -> list[SessionLines]:
    """Up to `limit` sessions that have sets, newest first, older than `after` (from the newest when None)."""
    at, session_id = (after.started_at, after.session_id) if after else (float("inf"), 0)
    heads = store.select(
        "SELECT id, started_at, routine_name FROM sessions WHERE (started_at < ? OR (started_at = ? AND id < ?))"
        " AND EXISTS (SELECT 1 FROM sets WHERE session_id = sessions.id) ORDER BY started_at DESC, id DESC LIMIT ?",
        (at, at, session_id, limit)).fetchall()
    if not heads:
        return []
    ids = [row[0] for row in heads]
    grouped: dict[int, dict[tuple[int, str], list[tuple]]] = {sid: {} for sid in ids}
    for sid, block, exercise_id, *rest in store.select(
            "SELECT session_id, block_index, exercise_id, exercise_name, kind, set_number, done_reps, done_seconds,"
            f" load, skipped, role FROM sets WHERE session_id IN ({', '.join('?' * len(ids))})"
            " ORDER BY session_id, block_index, set_number, side", ids):
        grouped[sid].setdefault((block, exercise_id), []).append((exercise_id, *rest))
    return [SessionLines(sid, started, name, tuple(_line(rows) for _key, rows in sorted(grouped[sid].items())))
            for sid, started, name in heads]


def _line(rows: list[tuple]) -> ExerciseLine:
    is_hold = any(kind == "hold" for _id, _name, kind, *_rest in rows)
    amounts, loads = [], []
    warmups: set[int] = set()  # set numbers: both sides of a per-side set are one set
    skipped: set[int] = set()
    for _id, _name, _kind, set_number, reps, seconds, load, was_skipped, role in rows:
        if was_skipped:
            skipped.add(set_number)
        elif role == "warmup":
            warmups.add(set_number)
        else:
            amounts.append((set_number, float(seconds or 0.0) if is_hold else float(reps or 0)))
            if load and load.strip() and load.strip() not in loads:
                loads.append(load.strip())
    return ExerciseLine(rows[0][0], rows[0][1], is_hold, by_set(amounts), tuple(loads), len(warmups),
                        len(skipped))
