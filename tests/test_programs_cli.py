"""`pchain program`, and programs in `pchain list` and `pchain validate`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pchain_tui import cli, exit_codes
from pchain_tui.commands.programs import program_command
from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.record import SessionRecord, SetRecord
from pchain_tui.storage.history_store import HistoryStore, default_history_path
from pchain_tui.storage.settings_file import load_settings, settings_path

NOWHERE = Path("/nonexistent")


def at(day: int, hour: int = 18) -> float:
    """Local time in November 2026 (the 2nd is a Monday)."""
    return datetime(2026, 11, day, hour).timestamp()


def clock_at(when: float) -> FakeClock:
    return FakeClock(epoch=when)


def train(routine_id: str, when: float) -> None:
    path = default_history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(path) as store:
        session_id = store.start_session(SessionRecord(routine_id, routine_id, "hash", when))
        store.save_set(session_id, SetRecord(0, "glute-bridge", "Glute bridge", 1, None, WorkKind.PACED, 12, 12,
                                             None, None, None, "2-0-1-1", when + 60, when + 90, 30.0))


def test_with_no_program_it_lists_the_programs_to_choose_from(capsys):
    assert program_command(None, False, NOWHERE, clock_at(at(2))) == exit_codes.OK
    out = capsys.readouterr().out
    assert out.startswith("No program is followed. The programs:\n")
    assert "  beginner: Beginner, twice a week (2 days, twice a week)\n" in out


def test_choosing_a_program_by_name_keeps_it_and_when_in_the_settings(capsys):
    assert program_command("BEGINNER, twice a week", False, NOWHERE, clock_at(at(2, 9))) == exit_codes.OK
    out = capsys.readouterr().out
    assert out.splitlines()[:5] == [
        "Now following Beginner, twice a week.",
        "Beginner, twice a week (beginner): 2 days in turn, twice a week, followed since today",
        "> day 1: Beginner day 1 (beginner-day-1), not done yet",
        "  day 2: Beginner day 2 (beginner-day-2), not done yet",
        "Up next: Beginner day 1 · no day done yet",
    ]
    settings, problems = load_settings()
    assert (settings.program, settings.program_since, problems) == ("beginner", at(2, 9), [])
    # Choosing it again keeps the date its weeks count from.
    assert program_command("beginner", False, NOWHERE, clock_at(at(20))) == exit_codes.OK
    assert capsys.readouterr().out.startswith("Already following Beginner, twice a week.\n")
    assert load_settings()[0].program_since == at(2, 9)


def test_the_program_shows_each_day_the_next_and_when_it_is_due(capsys):
    program_command("beginner", False, NOWHERE, clock_at(at(1)))
    train("beginner-day-1", at(2))
    train("home", at(3))
    capsys.readouterr()
    assert program_command(None, False, NOWHERE, clock_at(at(3, 10))) == exit_codes.OK
    assert capsys.readouterr().out.splitlines() == [
        "Beginner, twice a week (beginner): 2 days in turn, twice a week, followed since Sunday",
        "  day 1: Beginner day 1 (beginner-day-1), last done yesterday",
        "> day 2: Beginner day 2 (beginner-day-2), not done yet",
        "Up next: Beginner day 2 · last: day 1, yesterday",
        "twice a week, at least 48 h between days: day 2 is due tomorrow at 18:01",
        "Week 1; every 6th week is a deload week.",
    ]


def test_the_day_of_the_first_session_is_kept_and_choosing_again_starts_over(capsys):
    program_command("beginner", False, NOWHERE, clock_at(at(1)))
    assert load_settings()[0].program_started is None
    train("home", at(2))  # not a day of the program
    train("beginner-day-2", at(4))
    train("beginner-day-1", at(6))
    program_command(None, False, NOWHERE, clock_at(at(7)))
    assert 'program_started = 2026-11-04\n' in settings_path().read_text()
    assert load_settings()[0].program_started == datetime(2026, 11, 4).timestamp()
    program_command("intermediate", False, NOWHERE, clock_at(at(8)))
    assert load_settings()[0].program_started is None and "program_started = false" in settings_path().read_text()
    capsys.readouterr()


def test_the_sixth_week_is_a_deload_week(capsys):
    program_command("beginner", False, NOWHERE, clock_at(at(1)))
    train("beginner-day-1", at(2))
    capsys.readouterr()
    program_command(None, False, NOWHERE, clock_at(at(2) + 5 * 7 * 86400))
    assert "Week 6: deload week: half the sets, this week only." in capsys.readouterr().out.splitlines()


def test_an_unknown_program_gets_did_you_mean(capsys):
    assert program_command("begginer", False, NOWHERE, clock_at(at(2))) == exit_codes.USAGE
    assert capsys.readouterr().err == "pchain program: no program 'begginer'; did you mean 'beginner'?\n"
    assert not settings_path().exists()


def test_a_broken_program_is_not_followed(capsys, pchain_home):
    folder = pchain_home / "config" / "programs"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: Mine\ndays: [beginner-day-1, beginer-day-2]\n")
    assert program_command("mine", False, NOWHERE, clock_at(at(2))) == exit_codes.INVALID
    captured = capsys.readouterr()
    assert "mine.yaml:2:24: unknown routine 'beginer-day-2' in `days`; did you mean 'beginner-day-2'" in captured.out
    assert "pchain program: mine cannot be followed until 1 problem is fixed" in captured.err
    assert not settings_path().exists()


def test_off_follows_none_and_an_unknown_program_in_the_settings_is_a_located_problem(capsys):
    program_command("beginner", False, NOWHERE, clock_at(at(2)))
    assert program_command(None, True, NOWHERE, clock_at(at(2))) == exit_codes.OK
    assert capsys.readouterr().out.endswith("No longer following Beginner, twice a week.\n")
    assert load_settings()[0].program is None
    settings_path().write_text('volume = 50\nprogram = "begginer"\n')
    assert program_command(None, False, NOWHERE, clock_at(at(2))) == exit_codes.INVALID
    err = capsys.readouterr().err
    assert err.endswith("settings.toml:2:11: no program 'begginer'; did you mean 'beginner'? (`pchain program "
                        "NAME` chooses one; until then none is followed)\n")


def test_the_command_line_takes_global_options_after_the_command(capsys):
    assert cli.main(["program", "intermediate", "--no-sound"]) == exit_codes.OK
    assert capsys.readouterr().out.startswith("Now following Intermediate")
    assert cli.main(["program", "--off", "--no-sound"]) == exit_codes.OK
    with pytest.raises(SystemExit) as stopped:
        cli.main(["program", "beginner", "--off"])
    assert stopped.value.code == exit_codes.USAGE


def test_list_shows_the_programs(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    assert cli.main(["list"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "Programs" in out and "Beginner, twice a week" in out and "beginner-day-1, beginner-day-2" in out
    assert "`pchain program NAME` follows a program: pchain then offers its next day first." in out
    assert "You follow" not in out
    program_command("intermediate", False, NOWHERE, clock_at(at(2)))
    capsys.readouterr()
    assert cli.main(["list"]) == exit_codes.OK
    assert ("You follow Intermediate, two or three times a week; `pchain program` shows which day is next."
            in capsys.readouterr().out)


def test_validate_checks_program_files_by_folder_or_by_their_days_key(tmp_path, capsys):
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "a.yaml").write_text("name: A\ndays: [home]\nper_week: 8\n")
    (tmp_path / "b.yaml").write_text("name: B\ndays: [hme]\n")
    assert cli.main(["validate", str(tmp_path / "programs"), str(tmp_path / "b.yaml")]) == exit_codes.INVALID
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("a.yaml:3:11: `per_week` must be between 1 and 7, not 8; how many of the program's "
                           "days you do in a week, from 1 to 7")
    assert out[1].endswith("b.yaml:2:8: unknown routine 'hme' in `days`; did you mean 'home'?")
    assert out[2] == "2 problems in 2 of 2 files"
    root = Path(__file__).resolve().parent.parent
    assert cli.main(["validate", str(root / "programs")]) == exit_codes.OK
