"""Counts in what pchain says agree with their words: "1 problem", "2 files", never "file(s)"."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from pchain_tui.commands.history import best_set, show_history
from pchain_tui.commands.routines import list_routines, validate
from pchain_tui.domain.session.record import RecordState, SessionRecord
from pchain_tui.storage.history_store import HistoryStore
from tests.test_history_commands import T0, _set

BROKEN = "name: Oops\nexercises:\n  - use: glute-brige\n    reps: 10\n"
GOOD = "name: Fine\nexercises:\n  - use: glute-bridge\n    reps: 10\n"


def test_validate_counts_one_file_and_one_problem(tmp_path, capsys):
    (tmp_path / "oops.yaml").write_text(BROKEN)
    (tmp_path / "fine.yaml").write_text(GOOD)
    assert validate([tmp_path / "oops.yaml"], tmp_path / "none") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 problem in 1 file"
    assert validate([tmp_path], tmp_path / "none") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 problem in 1 of 2 files"
    assert validate([tmp_path / "fine.yaml"], tmp_path / "none") == 0
    assert capsys.readouterr().out == "1 file checked: valid\n"


def test_validate_counts_many_problems(tmp_path, capsys):
    (tmp_path / "oops.yaml").write_text(BROKEN + "  - use: nordic-curls\n    reps: 5\n")
    (tmp_path / "also.yaml").write_text(BROKEN)
    assert validate([tmp_path], tmp_path / "none") == 1
    out = capsys.readouterr().out
    assert "(s)" not in out and out.splitlines()[-1] == "3 problems in 2 of 2 files"


def test_list_says_one_routine_cannot_be_used(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # the folder's name is long: no line breaks in it
    (tmp_path / "oops.yaml").write_text(BROKEN)
    assert list_routines(tmp_path) == 0
    out = capsys.readouterr().out
    assert "1 routine cannot be used; `pchain validate " in out and "lists its problems." in out
    (tmp_path / "also.yaml").write_text(BROKEN)
    assert list_routines(tmp_path) == 0
    assert "2 routines cannot be used;" in capsys.readouterr().out


def test_one_rep_is_one_rep(pchain_home: Path):
    one = _set(0, "nordic-curl", "Nordic hamstring curl", 1, T0, reps=1)
    with HistoryStore() as store:
        store.start_session(SessionRecord("r", "R", "h", T0, T0 + 60, RecordState.FINISHED, [one]))
    console = Console(record=True, width=120)
    assert show_history(console=console) == 0
    trend = next(line for line in console.export_text().splitlines() if "Nordic" in line and "▄" in line)
    assert "▄ 1 rep " in trend and "1 reps" not in trend
    assert best_set([(None, 1, 0.0, 1)], is_hold=False) == "1 rep"
    assert best_set([(None, 12, 0.0, 2), (None, 3, 0.0, 1)], is_hold=False) == "12 reps"


async def test_the_resume_question_counts_one_set(tmp_path):
    from textual.app import App
    from textual.widgets import Static

    from pchain_tui.ui.dialogs.resume import ResumeDialog

    record = SessionRecord("r", "Beginner day 1", "h", T0, None, RecordState.RUNNING,
                           [_set(0, "glute-bridge", "Glute bridge", 1, T0, reps=12)])
    app = App()
    async with app.run_test() as pilot:
        app.push_screen(ResumeDialog(record, T0 + 3600))
        await pilot.pause()
        said = " ".join(str(static.render()) for static in app.screen.query(Static))
    assert "; 1 set done. The last was Glute bridge, set 1." in said


def test_the_summary_says_one_set_is_saved_in_the_singular():
    from pchain_tui.services.history_service import Saving
    from pchain_tui.ui.text.history_notes import saving_note

    assert saving_note(Saving(None, 0, 0), 1).plain == "The set is saved in your history."
    assert saving_note(Saving(None, 0, 0), 3).plain == "All 3 sets are saved in your history."
    assert saving_note(Saving(None, 0, 0), 0).plain == ""
    assert saving_note(Saving(None, 1, 0), 3).plain.startswith("1 set not in your history yet.")
