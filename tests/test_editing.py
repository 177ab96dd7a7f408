"""Editing routines from the picker and from `pchain new`, with a fake $EDITOR."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from pchain_tui.storage import paths
from pchain_tui.ui.screens.picker import PickerScreen

from .app_helpers import make_app, text_of


def fake_editor(tmp_path: Path, script: str) -> str:
    """A shell script standing in for $EDITOR; it edits the file named by its argument."""
    path = tmp_path / "editor.sh"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


async def highlight(pilot, routine_id: str) -> PickerScreen:
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    options = screen.query_one("#routines")
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(routine_id)
    await pilot.pause()
    return screen


async def test_editing_a_bundled_routine_copies_it_and_reloads(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "sed -i 's/^name: .*/name: My edited day/' \"$1\""))
    monkeypatch.delenv("VISUAL", raising=False)
    app, _clock, _sound = make_app(tmp_path)
    bundled = (paths.bundled_routines_dir() / "beginner-day-1.yaml").read_text()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await highlight(pilot, "beginner-day-1")
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        copy = app.options.user_dir / "beginner-day-1.yaml"
        assert "name: My edited day" in copy.read_text()
        assert (app.options.user_dir / "routine.schema.json").exists()
        assert (paths.bundled_routines_dir() / "beginner-day-1.yaml").read_text() == bundled  # never in place
        assert "My edited day" in text_of(screen, "#details") and "yours" in text_of(screen, "#details")


async def test_an_edit_that_breaks_the_file_shows_the_error_in_place(tmp_path, monkeypatch):
    broken = "printf 'name: Mine\\nexercises:\\n  - use: glute-bridge\\n    rep: 10\\n' > \"$1\""
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, broken))
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await highlight(pilot, "top-five")
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        details = text_of(screen, "#details")
        assert "cannot be loaded" in details and "unknown key 'rep'" in details and "line 4:5" in details
        assert screen.query_one("#routines").option_count == 9  # the others are all still there
        await pilot.press("enter")
        assert isinstance(app.screen, PickerScreen)  # a broken routine does not start


async def test_new_routine_from_the_template(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "true"))
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, "top-five")
        await pilot.press("n")
        await pilot.press(*"Monday hinge", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        created = app.options.user_dir / "monday-hinge.yaml"
        assert created.exists() and "name: Monday hinge" in created.read_text()
        assert "Monday hinge" in text_of(app.screen, "#details")


def test_pchain_new_creates_edits_and_checks(tmp_path):
    editor = fake_editor(tmp_path, "sed -i 's/reps: 8-10/reps: 10-8/' \"$1\"")
    env = {**os.environ, "EDITOR": editor, "PCHAIN_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "-m", "pchain_tui", "new", "Leg day: A"], capture_output=True, text=True,
                         env=env, timeout=60)
    created = tmp_path / "home" / "config" / "routines" / "leg-day-a.yaml"
    assert created.exists()
    assert "name: 'Leg day: A'" in created.read_text()
    assert run.returncode == 1 and "range '10-8' goes down" in run.stdout  # the edit broke it: told at once
    assert "Traceback" not in run.stderr
