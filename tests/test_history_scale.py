"""A history of years answers what the screens ask as fast as a short one: the work SQLite does
for each question must not grow with the number of sets. Counted in SQLite's own steps (its
progress handler), not timed: the timings are bench/history_scale.py's."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console

from pchain_tui.commands.history import export, show_history
from pchain_tui.domain.model import Exercise, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.storage.history_store import MIGRATIONS, SCHEMA_VERSION, HistoryStore

T0 = 1_700_000_000.0
DAY = 86_400.0
EXERCISES = [f"exercise-{n}" for n in range(12)]
LIBRARY = {name: Exercise(name, name, targets=(f"muscle-{n % 4}",)) for n, name in enumerate(EXERCISES)}


def _grow(store: HistoryStore, sessions: int) -> None:
    """`sessions` sessions two days apart, each of 30 sets of four of the exercises, taking turns."""
    for n in range(sessions):
        at = T0 + n * 2 * DAY
        sets = [SetRecord(b, (name := EXERCISES[(n + b) % len(EXERCISES)]), name, k + 1, None, WorkKind.PACED, 10, 10,
                          None, None, "40 kg", "3-0-1-0", at + (b * 10 + k) * 60, at + (b * 10 + k) * 60 + 40, 40.0)
                for b in range(3) for k in range(10)]
        store.start_session(SessionRecord(f"routine-{n % 3}", "Routine", "h", at, sets[-1].ended_at,
                                          RecordState.FINISHED, sets))


def _steps(store: HistoryStore, question) -> int:
    """How many SQLite virtual-machine steps (in hundreds) answering `question(store)` takes."""
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    store._db.set_progress_handler(count, 100)
    try:
        question(store)
    finally:
        store._db.set_progress_handler(None, 100)
    return counted[0]


QUESTIONS = {
    "the last 8 sessions of an exercise": lambda s: s.exercise_history("exercise-3", 8),
    "the last 8 before a resumed session began": lambda s: s.exercise_history("exercise-3", 8, before=T0 + 30 * DAY),
    "the last session of a routine": lambda s: s.last_session("routine-1"),
    "when each muscle was last worked": lambda s: s.muscles_last_trained(LIBRARY),
    "the sessions that can be resumed": lambda s: s.unfinished(),
    "the last 10 sessions": lambda s: s.sessions(limit=10),
}


@pytest.mark.parametrize("question", QUESTIONS, ids=list(QUESTIONS))
def test_what_the_screens_ask_costs_the_same_in_a_history_ten_times_longer(tmp_path: Path, question: str):
    short, long = HistoryStore(tmp_path / "short.sqlite3"), HistoryStore(tmp_path / "long.sqlite3")
    _grow(short, 40)
    _grow(long, 400)  # 12,000 sets
    ask = QUESTIONS[question]
    assert ask(short) and ask(long) or question == "the sessions that can be resumed"
    few, many = _steps(short, ask), _steps(long, ask)
    # Before the indexes of schema 4, the last sessions of an exercise took 100 times the steps
    # here (every session, and in each every set of the exercise); a little growth is the B-trees'
    # extra level.
    assert many <= few * 1.5 + 5, f"{few} -> {many} hundred steps"


def test_no_question_of_the_screens_reads_through_every_set(tmp_path: Path):
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        _grow(store, 3)
        plans: list[str] = []
        # EXPLAIN of each statement the store runs, from a second connection (the trace runs inside one)
        reader = sqlite3.connect(store.path)
        store._db.set_trace_callback(lambda sql: plans.extend(
            row[-1] for row in reader.execute(f"EXPLAIN QUERY PLAN {sql}", _placeholders(sql)))
            if sql.lstrip().startswith("SELECT") else None)
        for ask in QUESTIONS.values():
            ask(store)
        # These two look at each session of a routine once, a step down an index each (about 300
        # sessions a routine after five years): never at its sets.
        store.last_trained("routine-1")
        store.routines_last_trained()
        assert plans and not [p for p in plans if p.startswith("SCAN sets")], plans


def _placeholders(sql: str) -> tuple:
    return (None,) * sql.count("?")


def test_an_older_history_read_only_is_read_as_migrated_and_left_as_it_was(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:  # a version-3 history, as the last release left it
        for version in range(3):
            for statement in MIGRATIONS[version]:
                db.execute(statement)
        db.execute("PRAGMA user_version = 3")
    with HistoryStore(path) as current:
        assert current.schema_version == SCHEMA_VERSION
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 3")
        for name in ("sets_by_exercise_session", "sets_by_session_end", "sessions_by_start", "sessions_resumable"):
            db.execute(f"DROP INDEX {name}")
        for name in ("role", "rpe", "rir", "tut_lower", "tut_pause", "tut_lift"):  # version 5's columns
            db.execute(f"ALTER TABLE sets DROP COLUMN {name}")
        db.execute("INSERT INTO sessions (routine_id, routine_name, content_hash, started_at, state)"
                   " VALUES ('home', 'Home', 'h', 1.0, 'finished')")
        db.execute("INSERT INTO sets (session_id, block_index, exercise_id, exercise_name, set_number, kind,"
                   " target_reps, done_reps, load, tempo, started_at, ended_at, tut)"
                   " VALUES (1, 0, 'glute-bridge', 'Glute bridge', 1, 'paced', 12, 12, '20 kg', '2-0-1-2', 1, 40, 39)")
    before = path.read_bytes()
    with HistoryStore(path, read_only=True) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [s.done_reps for s in store.exercise_history("glute-bridge")[0].sets] == [12]
    assert path.read_bytes() == before


# --- pchain history and export on a long history -------------------------------------------------


@pytest.fixture
def long_history(pchain_home: Path) -> int:
    with HistoryStore() as store:
        _grow(store, 30)
    return 30


def _shown(**kwargs) -> str:
    console = Console(record=True, width=160)
    assert show_history(console=console, **kwargs) == 0
    return console.export_text()


def _dates(text: str) -> list[str]:
    return [line.split("│")[1].strip() for line in text.splitlines()
            if line.startswith("│") and line.split("│")[1].strip()[:2] == "20"]


def test_history_shows_the_last_ten_sessions_and_says_how_to_see_more(long_history: int):
    text = _shown()
    assert len(_dates(text)) == 10
    assert _dates(text) == sorted(_dates(text))  # oldest first, ending with the newest
    assert "The last 10 of 30 sessions; --all shows every one, --limit N the last N, --since DATE" in text
    # The trend counts each exercise's sessions in the whole history, not only in the ten shown:
    # exercise-0 was done in sessions 1, 11, 12, 13, 23, 24 and 25, three of them shown.
    trend = text[text.index("Trend"):]
    (line,) = [line for line in trend.splitlines() if "exercise-0 " in line]
    assert line.split("│")[2].strip() == "7"


def test_history_all_limit_and_since(long_history: int):
    assert len(_dates(_shown(every=True))) == 30
    limited = _shown(limit=3)
    assert len(_dates(limited)) == 3 and "The last 3 of 30 sessions" in limited
    since = datetime.fromtimestamp(T0 + 50 * DAY).date()
    shown = _dates(_shown(since=since))
    assert shown and all(day >= since.isoformat() for day in shown)
    assert len(shown) == sum(1 for n in range(30) if datetime.fromtimestamp(T0 + n * 2 * DAY).date() >= since)


def test_history_of_one_exercise_is_its_last_sessions(long_history: int):
    text = _shown(exercise="exercise-3")
    assert len(_dates(text)) == 9  # sessions 2, 3, 4, 14, 15, 16, 26, 27 and 28
    assert "exercise-4" not in text
    limited = _shown(exercise="exercise-3", limit=4)
    assert len(_dates(limited)) == 4 and "The last 4 of 9 sessions" in limited


def test_export_streams_every_set_as_a_json_list_one_set_a_line(long_history: int):
    out = io.StringIO()
    assert export("json", out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 30 * 30 + 2
    rows = json.loads(out.getvalue())
    assert len(rows) == 900 and rows[0]["session_id"] == 1 and rows[-1]["session_id"] == 30
    assert [r["started_at"] for r in rows] == sorted(r["started_at"] for r in rows)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe"])
def test_export_times_are_the_local_time_of_their_moment_across_summer_time(zone: str, monkeypatch):
    """The offset is looked up once per quarter hour; every moment must still get its own."""
    import random
    import time as clock

    from pchain_tui.commands.history import _offset_time, _spreadsheet_time, _zone

    monkeypatch.setenv("TZ", zone)
    clock.tzset()
    _zone.cache_clear()
    try:
        rng = random.Random(zone)
        # 2024's changes in Europe (31 March, 27 October at 01:00 UTC), a second either side, and moments at random
        moments = [1711846800.0 + d for d in (-1, 0, 1)] + [1729990800.0 + d for d in (-1, 0, 1)]
        moments += [rng.uniform(1.6e9, 1.9e9) for _ in range(2000)]
        for epoch in moments:
            local = datetime.fromtimestamp(int(epoch)).astimezone()
            assert _offset_time(epoch) == local.isoformat(timespec="seconds")
            assert _spreadsheet_time(epoch) == local.strftime("%Y-%m-%d %H:%M:%S")
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()
        _zone.cache_clear()
