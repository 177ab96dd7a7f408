"""`pchain run NAME|FILE`: a file that is not a regular one is named for what it is, and a name
that is a routine's id is the routine even where a folder of that name is at hand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pchain_tui import cli, exit_codes
from pchain_tui.commands import app
from tests.test_odd_files import GOOD, REASONS, odd_folder, posix_only, reason


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list:
    """The routines the app would have opened (it is not started)."""
    seen: list = []
    monkeypatch.setattr(app, "run_app", lambda args, user_dir, routine=None, tempo=None: seen.append(routine) or 0)
    return seen


@posix_only
@pytest.mark.parametrize("name", sorted(REASONS))
def test_an_odd_file_is_named_for_what_it_is(name, tmp_path, capsys, opened):
    folder = odd_folder(tmp_path / "odd")
    target = folder / f"{name}.yaml"
    assert cli.main(["run", str(target), "--no-sound"]) == exit_codes.USAGE
    assert capsys.readouterr().err == f"pchain run: {target}: {reason(name, folder)}" + (
        " (or through too many links)\n" if name == "loop" else "\n")
    assert opened == []


@posix_only
def test_an_odd_file_without_the_yaml_suffix_is_a_file_too(tmp_path, capsys, monkeypatch, opened):
    os.mkfifo(tmp_path / "pipe")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "pipe"]) == exit_codes.USAGE
    assert capsys.readouterr().err == f"pchain run: {tmp_path / 'pipe'}: this is a named pipe (FIFO), not a file\n"


def test_a_missing_file_is_no_such_file(tmp_path, capsys, opened):
    assert cli.main(["run", str(tmp_path / "gone.yaml")]) == exit_codes.USAGE
    assert capsys.readouterr().err == f"pchain run: {tmp_path / 'gone.yaml'}: no such file\n"


def test_a_routine_id_is_the_routine_beside_a_folder_of_that_name(tmp_path: Path, monkeypatch, opened):
    (tmp_path / "home").mkdir()  # as in /, where `pchain run home` said "home: no such file"
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "home"]) == exit_codes.OK
    assert [routine.name for routine in opened] == ["Home (no equipment)"]


def test_a_file_is_still_run_by_its_path(tmp_path: Path, monkeypatch, opened):
    (tmp_path / "mine.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "mine.yaml"]) == exit_codes.OK
    assert [routine.name for routine in opened] == ["Good one"]
