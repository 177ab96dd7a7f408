"""Odd things named like routines (a dangling or looping link, a named pipe, a folder) are listed as
broken with the reason, refused at once by `pchain validate`, and never hide the other routines."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pchain_tui.domain.files.catalog import load_catalog
from pchain_tui.domain.files.folders import fingerprint
from pchain_tui.domain.files.loader import load_routine
from pchain_tui.storage import catalog_cache, routine_files
from pchain_tui.storage.paths import tilde_path
from pchain_tui.ui.screens.picker import PickerScreen, summarize

from .app_helpers import make_app, text_of

GOOD = "name: Good one\nexercises:\n  - name: Squat\n    sets: 2\n    reps: 5\n"
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and symbolic links: POSIX")

REASONS = {
    "dangling": "this is a symbolic link to '{missing}', which does not exist",
    "loop": "this is a symbolic link that goes round in a loop",
    "fifo": "this is a named pipe (FIFO), not a file",
    "folder": "this is a folder, not a file",
}


def odd_folder(folder: Path) -> Path:
    """A routines folder holding one good routine and one of each odd thing."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.yaml").write_text(GOOD)
    (folder / "dangling.yaml").symlink_to(folder / "missing.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "folder.yaml").mkdir()
    return folder


def reason(name: str, folder: Path) -> str:
    return REASONS[name].format(missing=folder / "missing.yaml")


def pchain(*args: str) -> subprocess.CompletedProcess:
    # A named pipe opened for reading waits for a writer: the timeout turns a hang into a failure.
    return subprocess.run([sys.executable, "-m", "pchain_tui", *args], capture_output=True, text=True, timeout=30)


@posix_only
def test_each_odd_file_is_a_broken_routine_with_its_reason_and_the_good_one_loads(tmp_path):
    user = odd_folder(tmp_path / "user")
    catalog = load_catalog(tmp_path / "no-bundled", user, display=tilde_path)
    assert catalog.find("good").ok
    for name in REASONS:
        entry = catalog.find(name)
        assert entry is not None and not entry.ok, name
        [problem] = entry.result.problems
        assert (problem.line, problem.column) == (1, 1) and problem.message.startswith(reason(name, user))
        assert problem.hint
        # Named as the link in the folder, not as where it leads.
        assert problem.path.endswith(f"{name}.yaml")


@posix_only
def test_a_named_pipe_is_never_opened_for_reading(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    results = []
    reader = threading.Thread(target=lambda: results.append(load_routine(fifo, {})), daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # blocked in open(): a writer lets it go, so the failure does not hang the run
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
    assert results and "named pipe" in results[0].problems[0].message


@posix_only
def test_fingerprint_stamps_odd_files_and_sees_a_link_target_appear(tmp_path):
    user = odd_folder(tmp_path / "user")
    before = fingerprint(user)
    assert len(before) == 5
    (user / "missing.yaml").write_text(GOOD)
    assert fingerprint(user) != before


@posix_only
def test_the_pickers_rows_list_the_odd_files_as_broken(tmp_path):
    user = odd_folder(tmp_path / "user")
    cached = catalog_cache.load_catalog_cached(tmp_path / "no-bundled", user, tilde_path, summarize)
    rows = {row.id: row for row in cached.rows}
    assert rows["good"].ok
    for name in REASONS:
        assert not rows[name].ok and "cannot be loaded" in rows[name].prompt.plain
        assert reason(name, user) in rows[name].details.plain


@posix_only
async def test_the_app_starts_and_lists_the_odd_files(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    odd_folder(app.options.user_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        await pilot.press("l", "o", "o", "p")
        details = text_of(screen, "#details")
        assert "loop.yaml cannot be loaded" in details and "goes round in a loop" in details


@posix_only
def test_editor_lock_files_are_not_routines(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "good.yaml").write_text(GOOD)
    (user / ".#good.yaml").symlink_to("someone@host.1234")  # what Emacs leaves while good.yaml is open
    catalog = load_catalog(tmp_path / "no-bundled", user)
    assert [e.id for e in catalog.entries] == ["good"]


@posix_only
@pytest.mark.parametrize("name", sorted(REASONS))
def test_validate_refuses_an_odd_file_at_once(tmp_path, name):
    user = odd_folder(tmp_path / "user")
    target = user / f"{name}.yaml"
    if name == "folder":  # a folder argument is checked file by file, whatever its name
        (target / "inside.yaml").write_text(GOOD)
        run = pchain("validate", str(target))
        assert run.returncode == 0 and run.stdout == "1 file checked: valid\n"
        return
    run = pchain("validate", str(target))
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert run.stdout.startswith(f"{target}:1:1: {reason(name, user)}")


@posix_only
def test_validate_of_a_folder_lists_each_odd_file_and_checks_the_good_one(tmp_path):
    user = odd_folder(tmp_path / "user")
    run = pchain("validate", str(user))
    assert run.returncode == 1
    *problems, summary = run.stdout.splitlines()
    assert sorted(Path(line.split(":")[0]).stem for line in problems) == sorted(REASONS)
    assert summary == "4 problems in 4 of 5 files"


def test_validate_of_an_empty_folder_says_there_is_nothing_to_check(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    run = pchain("validate", str(tmp_path / "x.yaml"))
    assert run.returncode == 2 and run.stdout == ""
    assert "x.yaml: a folder with no .yaml files in it" in run.stderr and "nothing to check" in run.stderr


@posix_only
def test_a_new_or_copied_routine_is_never_written_through_a_link_to_nowhere(tmp_path):
    user, elsewhere = tmp_path / "user", tmp_path / "elsewhere.yaml"
    user.mkdir()
    (user / "legs.yaml").symlink_to(elsewhere)
    (user / "loop.yaml").symlink_to(user / "loop.yaml")
    assert routine_files.create_from_template("Legs", user) == (user / "legs.yaml", False)
    assert routine_files.create_from_template("Loop", user) == (user / "loop.yaml", False)  # it raised ELOOP
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "legs.yaml").write_text(GOOD)
    assert routine_files.copy_for_editing(bundled / "legs.yaml", user) == user / "legs.yaml"
    assert not elsewhere.exists()
