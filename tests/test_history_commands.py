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


def _shown(console_width: int = 120, **kwargs) -> tuple[int, str]:
    console = Console(record=True, width=console_width)
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


# --- history --exercise: estimated 1RM and personal bests --------------------------------------


def _rdl(day: int, reps: int, load: str | None, *, number: int = 1, **changes) -> SetRecord:
    return replace(_set(0, "romanian-deadlift", "Romanian deadlift", number, T0 + day * DAY, reps=reps, load=load),
                   **changes)


def _log(*days: list[SetRecord]) -> None:
    with HistoryStore() as store:
        for sets in days:
            at = sets[0].started_at
            store.start_session(SessionRecord("r", "R", "h", at, at + 500, RecordState.FINISHED, list(sets)))


def _on(day: int) -> str:
    return datetime.fromtimestamp(T0 + day * DAY).strftime("%Y-%m-%d")


def _lines_of(text: str, title: str) -> list[str]:
    """The lines of the output from the one that starts with `title` on."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(title))
    return lines[start:]


def _row(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"│ {label} "))


def _cells(text: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is `label`."""
    return [cell.strip() for cell in _row(text, label).split("│")[1:-1]]


def test_one_exercise_shows_its_estimated_1rm_trend_and_personal_bests_with_dates(pchain_home: Path):
    _log([_rdl(0, 10, "60 kg"), _rdl(0, 5, "20 kg", number=0, role="warmup")],
         [_rdl(2, 5, "80 kg"), _rdl(2, 12, "80 kg", number=2, role="warmup")],  # a warm-up never counts
         [_rdl(4, 8, "70 kg"), _rdl(4, 6, "80 kg", number=2), _rdl(4, 9, "90 kg", number=3, skipped=True)],
         [_rdl(6, 9, "70 kg")])
    code, text = _shown(exercise="romanian-deadlift", console_width=80)
    assert code == 0
    assert all(len(line) <= 80 for line in text.splitlines())
    e1rm = _lines_of(text, "Estimated 1RM")
    # Per session, its best estimate: 80, 93.3, 96 (6 x 80), 91 (9 x 70); the formula named.
    assert [line.rstrip() for line in e1rm[:3]] == ["Estimated 1RM, Epley (kg): 4 sessions with an estimate",
                        f"  ▁▇█▆ 80 kg → 91 kg, {_on(0)} to {_on(6)}",
                        "Epley: load x (1 + reps / 30), from sets of 12 reps or fewer."]
    assert _cells(text, "heaviest set") == ["heaviest set", "5 x 80 kg", _on(2)]  # the first day at 80
    assert _cells(text, "best e1RM (Epley)") == ["best e1RM (Epley)", "96 kg: 6 x 80 kg", _on(4)]
    assert _cells(text, "most reps at 80 kg")[1:] == ["6 reps", _on(4)]
    assert _cells(text, "most reps at 70 kg")[1:] == ["9 reps", _on(6)]
    assert _cells(text, "most reps at 60 kg")[1:] == ["10 reps", _on(0)]
    ours = text[text.index("Estimated 1RM"):]
    assert "90 kg" not in ours and "20 kg" not in ours  # skipped, and a warm-up: in the sessions table only
    trend = next(line for line in text[text.index("Trend"):].splitlines() if "Romanian deadlift" in line)
    assert " 6 x 80 kg " in trend  # not the warm-up's 12 x 80 kg
    assert "Bests count work sets only: warm-ups and skipped sets are left out." in text


def test_bests_of_loads_in_words_are_reps_only_and_kinds_of_load_are_kept_apart(pchain_home: Path):
    _log([_rdl(0, 12, "light"), _rdl(0, 1, None, number=2)], [_rdl(1, 15, None), _rdl(1, 5, "100 lb", number=2)],
         [_rdl(2, 5, "60 kg")])
    _code, text = _shown(exercise="romanian-deadlift", console_width=80)
    assert "│ 15 reps" in _row(text, "most reps, no load") and "│ 12 reps" in _row(text, "most reps at light")
    assert "heaviest set, kg" in text and "heaviest set, lb" in text  # never 100 (lb) above 60 (kg)
    assert "5 x 100 lb" in _row(text, "heaviest set, lb") and "5 x 60 kg" in _row(text, "heaviest set, kg")
    assert "best e1RM (Epley), lb" in text
    assert "Estimated 1RM, Epley (kg): 1 session with an estimate" in text
    assert "Only loads in kg are charted." in " ".join(text.split())  # the lb sets are not estimated beside them


def test_no_estimate_without_a_load_in_numbers(pchain_home: Path):
    _log([_rdl(0, 12, "light")])
    _code, text = _shown(exercise="romanian-deadlift")
    assert "Estimated 1RM" not in text and "heaviest" not in text and "most reps at light" in text


def test_bests_of_a_hold_and_of_sets_all_skipped(pchain_home: Path):
    wall = [_set(0, "wall-sit", "Wall sit", 1, T0, seconds=40.0), _set(0, "wall-sit", "Wall sit", 2, T0 + 99,
                                                                        seconds=45.0, load="10 kg")]
    _log(wall, [replace(_rdl(1, 0, "60 kg"), skipped=True)])
    _code, text = _shown(exercise="wall-sit")
    assert "│ 45 s at 10 kg" in _row(text, "longest hold") and "Estimated 1RM" not in text
    _code, text = _shown(exercise="romanian-deadlift")
    assert ("No personal bests of Romanian deadlift yet: no work set was done (warm-ups and skipped sets do not "
            "count).") in text


def test_bests_since_a_date_and_a_bare_number_in_the_settings_units(pchain_home: Path):
    _log([_rdl(0, 5, "100")], [_rdl(3, 5, "90")])
    (pchain_home / "config").mkdir(parents=True)
    (pchain_home / "config" / "settings.toml").write_text('units = "lb"\n')
    _code, text = _shown(exercise="romanian-deadlift", since=datetime.fromtimestamp(T0 + 2 * DAY).date())
    assert "Personal bests since" in text and "5 x 90 lb" in _row(text, "heaviest set")  # 100 was before
    _code, text = _shown(exercise="romanian-deadlift", units="kg")
    assert "5 x 100 kg" in _row(text, "heaviest set")


def test_bests_on_a_narrow_terminal_cut_nothing(pchain_home: Path):
    _log([_rdl(0, 8, "102.5 kg per hand")], [_rdl(2, 9, "102.5 kg per hand")])
    _code, text = _shown(exercise="romanian-deadlift", console_width=40)
    ours = text[text.index("Estimated 1RM"):]
    assert "…" not in ours and all(len(line) <= 40 and line.endswith(("┓", "┃", "┩", "│", "┘")) or "│" not in line
                                    for line in ours.splitlines())
    assert {"102.5", "2026-09-23", "133.2", "(Epley)"} <= set(ours.split())
    _code, text = _shown(exercise="romanian-deadlift", console_width=24)  # too narrow for a table: rows one by one
    ours = text[text.index("Estimated 1RM"):]
    assert "│" not in ours and "\nheaviest set\n  set 8 x 102.5 kg per\n  hand · date " in ours


def test_the_history_of_every_exercise_shows_no_bests(logged):
    _code, text = _shown()
    assert "Personal bests" not in text and "Estimated 1RM" not in text


def test_the_session_rows_show_work_sets_and_count_warm_ups_and_the_best_set_keeps_kg_and_lb_apart(
        pchain_home: Path):
    warmed = [_rdl(0, 10, "20 kg", number=-2, role="warmup"), _rdl(0, 5, "40 kg", number=-1, role="warmup"),
              _rdl(0, 8, "60 kg"), _rdl(0, 7, "60 kg", number=2)]
    in_pounds = [_rdl(2, 5, "100 lb")]  # 45 kg: lighter, though 100 is the bigger number
    heavy_warmup = [_rdl(4, 3, "70 kg", number=-1, role="warmup"), _rdl(4, 8, "55 kg")]
    _log(warmed, in_pounds, heavy_warmup)
    _code, text = _shown()
    first = next(line for line in text.splitlines() if _on(0) in line)
    rows = text.splitlines()
    row = rows[rows.index(first) + 1]
    assert "8 · 7 + 2 warm-ups" in row and "60 kg" in row
    assert "20 kg" not in row and "40 kg" not in row and "10 ·" not in row  # the ramp is not the work
    trend = next(line for line in text[text.index("Trend"):].splitlines() if "Romanian deadlift" in line)
    # The heaviest work set in kg, the kind used most: not 100 lb, and not the 70 kg warm-up.
    assert "8 x 60 kg" in trend

