"""What the commands print fits the terminal: an id is never cut (it is what `use:` and
`pchain run` take), and the history's names do not wrap at 80 columns when they can fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from pchain_tui.commands.history import show_history
from pchain_tui.commands.routines import list_exercises, list_routines
from pchain_tui.domain.files.catalog import load_catalog, read_libraries
from pchain_tui.domain.session.record import RecordState, SessionRecord
from pchain_tui.storage import paths
from pchain_tui.storage.history_store import HistoryStore
from tests.test_history_commands import DAY, T0, _day, _set

LONG_EXERCISE = "single-leg-romanian-deadlift-from-a-deficit-paused"
"""An id too long for the exercise table at 80 columns."""
LONG_ROUTINE = "saturday-posterior-chain-long-day"
"""An id too long for the routine table at 80 columns, short enough for a line of 40."""


def first_cells(out: str) -> set[str]:
    """What starts each line: a table row's first cell, or a line that is not indented."""
    cells = set()
    for line in out.splitlines():
        if line.startswith("│"):
            cells.add(line.split("│")[1].strip())
        elif line and not line.startswith(" "):
            cells.add(line.rstrip())
    return cells


def printed(capsys, monkeypatch, width: int, command, *args) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    command(*args)
    out = capsys.readouterr().out
    assert "…" not in out  # nothing cut short
    assert max(cell_len(line) for line in out.splitlines()) <= width
    return out


@pytest.mark.parametrize("width", [80, 40])
def test_exercises_shows_every_id_whole(width, tmp_path, capsys, monkeypatch):
    out = printed(capsys, monkeypatch, width, list_exercises, tmp_path)
    ids = set(read_libraries(paths.bundled_routines_dir()).exercises)
    assert "bulgarian-split-squat" in ids and "single-leg-glute-bridge" in ids
    assert ids <= first_cells(out)


def test_exercises_at_80_columns_is_a_table_and_a_long_id_turns_it_into_a_list(tmp_path, capsys, monkeypatch):
    out = printed(capsys, monkeypatch, 80, list_exercises, tmp_path)
    assert "│ single-leg-glute-bridge │" in out  # the table, each id on one line of it
    (tmp_path / "exercises.yaml").write_text(f"exercises:\n  {LONG_EXERCISE}:\n    name: Deficit RDL\n")
    out = printed(capsys, monkeypatch, 80, list_exercises, tmp_path)
    assert "│" not in out and LONG_EXERCISE in first_cells(out)
    assert "  Deficit RDL · start top" in out  # the rest under the id


@pytest.mark.parametrize("width", [80, 40])
def test_list_shows_every_routine_id_whole(width, tmp_path, capsys, monkeypatch):
    (tmp_path / f"{LONG_ROUTINE}.yaml").write_text("name: Long\nexercises:\n  - use: glute-bridge\n    reps: 10\n")
    out = printed(capsys, monkeypatch, width, list_routines, tmp_path)
    ids = {entry.id for entry in load_catalog(paths.bundled_routines_dir(), tmp_path).entries}
    assert LONG_ROUTINE in ids and ids <= first_cells(out)


def test_list_at_80_columns_of_the_bundled_routines_is_a_table(tmp_path, capsys, monkeypatch):
    out = printed(capsys, monkeypatch, 80, list_routines, tmp_path)
    assert "│ eccentric-hamstrings │" in out


def test_history_fits_80_columns_with_no_name_wrapped(pchain_home: Path):
    rdl = [_set(0, "single-leg-rdl", "Single-leg Romanian deadlift", n + 1, T0 + 5 * DAY + n * 100, reps=12,
                load="16 kg") for n in range(3)]
    sets = rdl + [_set(1, "bulgarian-split-squat", "Bulgarian split squat", 1, T0 + 5 * DAY + 400, reps=10)]
    days = [_day(T0 + n * DAY, (12, 12, 12), state=RecordState.ABANDONED if n == 2 else RecordState.FINISHED)
            for n in range(4)]
    with HistoryStore() as store:
        for record in days:
            store.start_session(record)
        for n in range(10):  # ten sessions: the trend's sparklines at their widest
            store.start_session(SessionRecord("eccentric-hamstrings", "Eccentric hamstrings", "h",
                                              T0 + (5 + n) * DAY, T0 + (5 + n) * DAY + 900, RecordState.FINISHED,
                                              [_set(s.block_index, s.exercise_id, s.exercise_name, s.set_number,
                                                    s.started_at + n * DAY, reps=s.done_reps, load=s.load)
                                               for s in sets]))
    console = Console(record=True, width=80)
    assert show_history(every=True, console=console) == 0
    text = console.export_text()
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80 and "…" not in text
    trend = text.index("Trend")
    for name in ("Beginner day 1 (quit)", "Eccentric hamstrings", "Single-leg Romanian deadlift",
                 "Bulgarian split squat", "Glute bridge", "Single-leg RDL", "Wall sit"):
        assert name in text[:trend], name  # whole, on one line of the sessions
    # The trend's two sparklines leave 23 columns for a name: the longest bundled one (28) wraps there.
    assert "Bulgarian split squat" in text[trend:] and "Single-leg Romanian" in text[trend:]
    assert "12 · 12 · 12" in text
