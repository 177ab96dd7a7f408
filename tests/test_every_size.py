"""Every screen at every size (issue: the gym UI): at 40x12, 80x24 and 160x50 each key screen shows what
matters there; a few SVG snapshots pin the key screens' looks at 80x24.

The snapshots are the screens as Textual exports them (`app.export_screenshot`), in tests/snapshots.
A change that moves them on purpose rewrites them with
`PCHAIN_UPDATE_SNAPSHOTS=1 pytest -p no:xdist tests/test_every_size.py`; open the new pictures in a
browser and look at them before committing them.
"""

from __future__ import annotations

import os
import re
from importlib.metadata import version
from pathlib import Path

import pytest

from pchain_tui.domain.session.plan import StepKind
from pchain_tui.ui.dialogs.set_done import SetDoneDialog
from pchain_tui.ui.screens.summary import SummaryScreen

from .app_helpers import advance, make_app, settle, workout
from .test_app import open_routine
from .test_workout_screen import screen_lines

SIZES = [(40, 12), (80, 24), (160, 50)]
SNAPSHOTS = Path(__file__).parent / "snapshots"


def words_on_screen(app) -> set[str]:
    return {token for row in screen_lines(app) for token in row.split()}


def inside(app, widget) -> bool:
    """True when the widget is displayed and lies wholly inside the terminal."""
    region = widget.region
    width, height = app.size
    return bool(widget.display) and region.width > 0 and region.height > 0 and region.right <= width \
        and region.bottom <= height


def footer_text(app) -> str:
    return screen_lines(app)[-1]


@pytest.mark.parametrize("size", SIZES)
async def test_the_picker(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        routines, details = screen.query_one("#routines"), screen.query_one("#details")
        assert inside(app, routines)
        assert "Beginner day 1" in "\n".join(screen_lines(app))
        assert "Quit" in footer_text(app)
        if size == (40, 12):
            assert not details.display  # a short, narrow terminal: the list alone
        else:
            assert inside(app, details) and details.region.width >= 30
            assert any("Glute bridge" in row for row in screen_lines(app))  # the first routine's exercises


@pytest.mark.parametrize("size", SIZES)
async def test_the_overview_keeps_every_exercise_and_how_to_start(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_routine(pilot, "beginner day 1")
        shown = words_on_screen(app)
        for block in app.screen.routine.blocks:  # every name, whole (a long one may wrap at a space)
            assert set(block.exercise.name.split()) <= shown, block.exercise.name
        start = app.screen.query_one("#overview-start")
        assert inside(app, start) and "Press enter to start." in "\n".join(screen_lines(app))
        assert "Quit" in footer_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_intro_shows_the_exercise_and_the_routines_note(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_routine(pilot, "beginner day 2")
        await pilot.press("enter")
        await settle(pilot)
        screen = workout(app)
        assert screen.live.state().step.kind is StepKind.INTRO
        first = screen.live.plan.routine.blocks[0]
        rows = screen_lines(app)
        assert first.exercise.name in rows[0]  # the top line names it, at every size
        if size != (40, 12):  # the note fits above the fold (on 12 rows the intro scrolls)
            assert first.note and first.note.split()[0] in words_on_screen(app)
            assert any(first.note[:30] in row for row in rows)


async def to_the_set_dialog(pilot) -> None:
    """Open beginner day 1, start it, and end its first set 5 s in: its dialog is open."""
    await open_routine(pilot, "beginner day 1")
    await pilot.press("enter", "enter")
    await advance(pilot, 3 + 5)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
async def test_the_set_dialog_fits(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await to_the_set_dialog(pilot)
        dialog = app.screen
        assert isinstance(dialog, SetDoneDialog)
        for field in ("#amount", "#load", "#note"):
            assert inside(app, dialog.query_one(field)), field
        assert any("Glute bridge, set 1 done" in row for row in screen_lines(app))


@pytest.mark.parametrize("size", SIZES)
async def test_the_rest_says_what_comes_next(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await to_the_set_dialog(pilot)
        await pilot.press("enter")
        await advance(pilot, 2)
        assert workout(app).live.state().step.kind is StepKind.REST
        assert any("Next:" in row and "set 2 of 3" in row and "12 reps" in row for row in screen_lines(app))


@pytest.mark.parametrize("size", SIZES)
async def test_the_summary(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await to_the_set_dialog(pilot)
        await pilot.press("enter")  # set 1 logged
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")  # stop: the summary of what was done
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        rows = screen_lines(app)
        assert inside(app, app.screen.query_one("#summary-title"))
        assert inside(app, app.screen.query_one("#summary-numbers"))  # time, sets, reps: above the fold
        if size != (40, 12):  # on 12 rows the table is a scroll away
            assert "Glute" in words_on_screen(app)
        assert "Done" in rows[-1]  # the footer's keys


# --- snapshots ---------------------------------------------------------------------------------


WRITTEN_WITH = SNAPSHOTS / "textual-version.txt"
"""The Textual that drew the snapshots: another one may draw the same screen with other bytes."""


def check_snapshot(app, name: str) -> None:
    """The screen's SVG, compared with the one kept; rewritten when PCHAIN_UPDATE_SNAPSHOTS is set."""
    svg = re.sub(r"terminal-\d+", "terminal", app.export_screenshot(title=name))
    kept = SNAPSHOTS / f"{name}.svg"
    textual = version("textual")
    if os.environ.get("PCHAIN_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        kept.write_text(svg, encoding="utf-8")
        WRITTEN_WITH.write_text(textual + "\n", encoding="utf-8")
    written_with = WRITTEN_WITH.read_text(encoding="utf-8").strip()
    if written_with != textual:
        pytest.skip(f"the snapshots were drawn by Textual {written_with}, this is {textual}: rewrite them "
                    "(PCHAIN_UPDATE_SNAPSHOTS=1) and look at them")
    assert kept.exists(), f"no snapshot {kept.name}: run with PCHAIN_UPDATE_SNAPSHOTS=1, look at it, commit it"
    assert svg == kept.read_text(encoding="utf-8"), (
        f"{name} looks different from tests/snapshots/{kept.name}; if that is meant, rewrite it "
        "(PCHAIN_UPDATE_SNAPSHOTS=1) and look at it")


async def test_snapshots_of_the_key_screens(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        check_snapshot(app, "picker-80x24")
        await open_routine(pilot, "beginner day 1")
        check_snapshot(app, "overview-80x24")
        await pilot.press("enter")
        await settle(pilot)
        check_snapshot(app, "intro-80x24")
        await pilot.press("enter")
        await advance(pilot, 3 + 2.5)  # into rep 1's lowering
        check_snapshot(app, "set-80x24")
        await pilot.press("enter")
        await settle(pilot)
        check_snapshot(app, "set-dialog-80x24")
        await pilot.press("enter")
        await advance(pilot, 5)
        check_snapshot(app, "rest-80x24")


async def test_snapshots_at_40x12(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await open_routine(pilot, "beginner day 1")
        check_snapshot(app, "overview-40x12")
        await pilot.press("enter", "enter")
        await advance(pilot, 3 + 2.5)
        check_snapshot(app, "set-40x12")


@pytest.mark.parametrize("size", SIZES)
async def test_the_skip_question_shows_every_answer(tmp_path, size):
    from pchain_tui.ui.dialogs.choice import ChoiceDialog

    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        await advance(pilot, 3 + 9)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        buttons = list(app.screen.query("Button"))
        assert len(buttons) == 3 and all(inside(app, b) for b in buttons)
        rows = "\n".join(screen_lines(app))
        assert all(label in rows for label in ("(l)", "Skip the set (s)", "Keep going (k)"))
