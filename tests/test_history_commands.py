"""`pchain history` (tables and trends) and `pchain export` (one row per set, CSV and JSON)."""

from __future__ import annotations

import csv
import io
import json
from argparse import ArgumentTypeError
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from rich.console import Console

from pchain_tui.commands.history import EXPORT_COLUMNS, export, show_history, since_date
from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.storage.history_store import HistoryStore

T0 = 1_790_000_000.0
DAY = 86400.0
COLUMNS = [name for name, _meaning in EXPORT_COLUMNS]


def _set(block_index: int, exercise: str, name: str, number: int, at: float, *, reps: int | None = None,
         seconds: float | None = None, side: str | None = None, load: str | None = None) -> SetRecord:
    hold = seconds is not None
    return SetRecord(block_index, exercise, name, number, Side(side) if side else None,
                     WorkKind.HOLD if hold else WorkKind.PACED,
                     None if hold else 12, reps, 30.0 if hold else None, seconds, load, "" if hold else "2-0-1-1",
                     at, at + 40.04, 40.04)


def _day(at: float, bridge: tuple[int, ...], *, state: RecordState = RecordState.FINISHED) -> SessionRecord:
    """A beginner day 1: glute bridges, a per-side RDL set and a wall sit."""
    sets = [_set(0, "glute-bridge", "Glute bridge", n + 1, at + n * 100, reps=r) for n, r in enumerate(bridge)]
    sets += [_set(1, "single-leg-rdl", "Single-leg RDL", 1, at + 400, reps=10, side="left", load="12 kg"),
             _set(1, "single-leg-rdl", "Single-leg RDL", 1, at + 450, reps=9, side="right", load="12 kg"),
             _set(2, "wall-sit", "Wall sit", 1, at + 600, seconds=30.04)]
    return SessionRecord("beginner-day-1", "Beginner day 1", "hash", at, at + 900, state, sets)


@pytest.fixture
def logged(pchain_home: Path) -> list[SessionRecord]:
    """Three sessions in the default history (under PCHAIN_HOME), the last one quit early."""
    days = [_day(T0, (12, 12, 12)), _day(T0 + 2 * DAY, (15, 14, 13)),
            _day(T0 + 4 * DAY, (15, 15), state=RecordState.ABANDONED)]
    with HistoryStore() as store:
        for record in days:
            store.start_session(record)
    return days


def _shown(**kwargs) -> tuple[int, str]:
    console = Console(record=True, width=120)
    code = show_history(console=console, **kwargs)
    return code, console.export_text()


# --- export ------------------------------------------------------------------------------------


def test_csv_export_round_trips_with_one_row_per_set(logged):
    out = io.StringIO()
    assert export("csv", out) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == COLUMNS  # a header row, no index column
    assert len(rows) == sum(len(record.sets) for record in logged) == 17
    first = rows[0]
    assert first == {
        "session_id": "1", "routine_id": "beginner-day-1", "routine_name": "Beginner day 1",
        "session_state": "finished", "session_started": datetime.fromtimestamp(T0).strftime("%Y-%m-%d %H:%M:%S"),
        "exercise_id": "glute-bridge", "exercise_name": "Glute bridge", "block": "1", "set_number": "1",
        "side": "", "kind": "paced", "target_reps": "12", "done_reps": "12", "target_seconds": "",
        "done_seconds": "", "load": "", "tempo": "2-0-1-1",
        "started_at": datetime.fromtimestamp(T0).strftime("%Y-%m-%d %H:%M:%S"),
        "ended_at": datetime.fromtimestamp(T0 + 40.04).strftime("%Y-%m-%d %H:%M:%S"), "tut_seconds": "40.0",
        "load_amount": "", "load_unit": "", "skipped": "0", "rest_seconds": "", "note": "",
        "role": "work", "rpe": "", "rir": "", "tut_lower": "", "tut_pause": "", "tut_lift": "",
    }
    rdl = next(r for r in rows if r["exercise_id"] == "single-leg-rdl")
    assert (rdl["load"], rdl["load_amount"], rdl["load_unit"]) == ("12 kg", "12", "kg")  # a spreadsheet can sum it
    hold = next(r for r in rows if r["kind"] == "hold")
    assert (hold["done_seconds"], hold["target_seconds"], hold["done_reps"], hold["tempo"]) == ("30.0", "30.0", "", "")
    assert [r["side"] for r in rows if r["exercise_id"] == "single-leg-rdl"][:2] == ["left", "right"]
    assert {r["session_state"] for r in rows[-5:]} == {"abandoned"}
    for row in rows:
        assert datetime.fromisoformat(row["started_at"]) <= datetime.fromisoformat(row["ended_at"])
    assert "\r\n" in out.getvalue()  # RFC 4180 line ends, as spreadsheets expect


def test_json_export_has_the_same_columns_typed(logged):
    out = io.StringIO()
    assert export("json", out) == 0
    rows = json.loads(out.getvalue())
    assert len(rows) == 17 and all(list(row) == COLUMNS for row in rows)
    assert rows[0]["done_reps"] == 12 and rows[0]["side"] is None and rows[0]["tut_seconds"] == 40.0
    started = datetime.fromisoformat(rows[0]["started_at"])
    assert started.tzinfo is not None and started.timestamp() == T0


def test_export_without_a_history_is_just_the_header(pchain_home: Path):
    out = io.StringIO()
    assert export("csv", out) == 0
    assert out.getvalue() == ",".join(COLUMNS) + "\r\n"
    assert not (pchain_home / "data").exists()  # reading never creates a history


def test_export_of_an_unknown_format_or_a_damaged_history_fails_clearly(pchain_home: Path, capsys):
    assert export("xlsx", io.StringIO()) == 1
    assert "unknown format 'xlsx'; use csv or json" in capsys.readouterr().err
    path = pchain_home / "data" / "history.sqlite3"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 500)
    assert export("csv", io.StringIO()) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"pchain export: cannot read {path}: it is damaged (file is not a database)")
    assert path.read_bytes() == b"garbage" * 500  # the command leaves it for the app to move aside


# --- history -----------------------------------------------------------------------------------


def test_the_history_table_has_a_row_per_exercise_and_session(logged):
    code, text = _shown()
    assert code == 0
    lines = text.splitlines()
    for record in logged:  # the date on the routine's line, its time under it
        started = datetime.fromtimestamp(record.started_at)
        at = next(n for n, line in enumerate(lines) if started.strftime("%Y-%m-%d") in line)
        assert record.routine_name in lines[at] and started.strftime("%H:%M") in lines[at + 1]
    assert "12 · 12 · 12" in text and "15 · 14 · 13" in text and "15 · 15" in text
    assert "10/9" in text and "12 kg" in text and "30 s" in text
    assert "Beginner day 1 (quit)" in text
    lines = [line for line in text.splitlines() if "Glute bridge" in line]
    assert len(lines) == 3 + 1  # three sessions and the trend


def test_the_trend_shows_each_exercise_with_a_sparkline(logged):
    _code, text = _shown()
    trend = text[text.index("Trend"):]
    bridge = next(line for line in trend.splitlines() if "Glute bridge" in line)
    # best set 12, 15, 15 and volume 36, 42, 30 (the quit session)
    assert "▁██ 15 reps" in bridge and "▅█▁ 30 reps" in bridge
    wall = next(line for line in trend.splitlines() if "Wall sit" in line)
    assert "▄▄▄ 30 s" in wall


def test_history_of_one_exercise_since_a_date(logged):
    since = datetime.fromtimestamp(T0 + 2 * DAY).date()
    code, text = _shown(exercise="Glute bridge", since=since)  # a name works as well as an id
    assert code == 0
    assert "Wall sit" not in text and "Single-leg RDL" not in text
    assert "12 · 12 · 12" not in text and "15 · 14 · 13" in text and "15 · 15" in text


def test_history_of_an_exercise_not_done_since_then(logged):
    code, text = _shown(exercise="wall-sit", since=date(2099, 1, 1))
    assert code == 0 and "No sets of wall-sit since 2099-01-01." in text


def test_history_of_an_unknown_exercise_suggests_a_close_one(logged, capsys):
    code, _text = _shown(exercise="wall-sits")
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        "pchain history: no sets of exercise 'wall-sits' in your history; did you mean 'wall-sit'?")


def test_history_when_there_is_none_yet(pchain_home: Path):
    code, text = _shown()
    assert code == 0 and "No sessions in your history yet." in text


def test_history_of_a_damaged_file_fails_clearly(tmp_path: Path, capsys):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage" * 500)
    assert show_history(path=path, console=Console(record=True)) == 1
    assert "it is damaged" in capsys.readouterr().err


def test_since_date():
    assert since_date(" 2026-09-21 ") == date(2026, 9, 21)
    with pytest.raises(ArgumentTypeError, match="'last week' is not a date; write it like 2026-09-21"):
        since_date("last week")


def test_skipped_sets_are_shown_and_exported_as_skipped_and_best_set_is_the_heaviest(pchain_home: Path):
    heavy = replace(_set(0, "rdl", "Romanian deadlift", 1, T0, reps=6, load="60 kg"), rest_after=92.0, note="grip")
    skipped = replace(_set(0, "rdl", "Romanian deadlift", 2, T0 + 100, reps=0, load="60 kg"), skipped=True)
    light = _set(0, "rdl", "Romanian deadlift", 1, T0 + 2 * DAY, reps=10, load="40 kg")
    with HistoryStore() as store:
        store.start_session(SessionRecord("r", "R", "h", T0, T0 + 200, RecordState.FINISHED, [heavy, skipped]))
        store.start_session(SessionRecord("r", "R", "h", T0 + 2 * DAY, T0 + 2 * DAY + 50, RecordState.FINISHED,
                                          [light]))
    _code, text = _shown()
    assert "6 · –" in text  # the skipped set is not a rep count
    trend = next(line for line in text[text.index("Trend"):].splitlines() if "Romanian deadlift" in line)
    assert "6 x 60 kg" in trend  # the best set is the heaviest, not the latest (10 x 40 kg)
    out = io.StringIO()
    export("csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["skipped"], r["rest_seconds"], r["note"]) for r in rows] == [("0", "92.0", "grip"), ("1", "", ""),
                                                                            ("0", "", "")]
