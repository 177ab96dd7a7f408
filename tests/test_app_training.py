"""What the workout logs is what was done, driven by Pilot on a fake clock: each side's own dialog,
the load carried from set to set and stepped with +/-, a note, skipped sets in the summary."""

from __future__ import annotations

from pchain_tui.domain.model import Side
from pchain_tui.domain.session.engine import Status
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.ui.dialogs.set_done import SetDoneDialog
from pchain_tui.ui.screens.summary import SummaryScreen

from .app_helpers import advance, make_app, settle, text_of, workout
from .test_app import open_routine

ROUTINE = """\
name: Side and load test
rest: 30
exercises:
  - use: single-leg-rdl
    sets: 2
    reps: 8
    load: 12 kg
  - use: romanian-deadlift
    sets: 3
    reps: 8-10
    load: 40 kg
"""


async def _into_the_set(pilot) -> None:
    """From a get-ready, a switch or a rest (or an exercise's intro, read with enter) to a little way
    into the work."""
    live = workout(pilot.app).live
    for _ in range(120):
        state = live.state()
        if state.step.kind is StepKind.WORK and state.resume_left is None:
            break
        if state.step.kind is StepKind.INTRO:
            await pilot.press("enter")
        await advance(pilot, 1.0)
    else:
        raise AssertionError(f"no set began in 2 minutes; at {state.step.kind} ({state.status})")
    await advance(pilot, 2.0)


async def _dialog(pilot) -> SetDoneDialog:
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, SetDoneDialog), f"no set dialog; on {dialog!r}"
    return dialog


async def test_each_side_is_logged_and_the_load_carries_and_steps(tmp_path):
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "side-test.yaml").write_text(ROUTINE)
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "side and load")
        await pilot.press("enter", "enter")  # start, read the intro
        screen = workout(app)
        live = screen.live

        # Set 1, left side: ended early, it gets its own dialog and the switch waits for it.
        await _into_the_set(pilot)
        assert live.state().step.side is Side.LEFT
        await pilot.press("enter")
        dialog = await _dialog(pilot)
        assert "set 1 (left) done" in str(dialog.query_one("Static").content)
        assert dialog.query_one("#load").value == "12 kg"  # today's planned load
        assert "LEFT SIDE DONE" in text_of(screen, "#phase")
        await advance(pilot, 30)
        assert live.state().status is Status.PAUSED and live.state().step.kind is StepKind.SWITCH  # still waiting
        await pilot.press("7", "tab", "plus")  # seven reps; one dumbbell up
        assert dialog.query_one("#load").value == "14 kg"
        await pilot.press("tab", *"knee wobbled", "enter")
        await pilot.pause()
        assert live.state().status is Status.RUNNING and live.state().step.kind is StepKind.SWITCH
        left = live.record.sets[0]
        assert (left.side, left.done_reps, left.load, left.note) == (Side.LEFT, 7, "14 kg", "knee wobbled")

        # The right side: its own dialog, the load of the left side already in it.
        await _into_the_set(pilot)
        assert live.state().step.side is Side.RIGHT
        await pilot.press("enter")
        dialog = await _dialog(pilot)
        assert "set 1 (right) done" in str(dialog.query_one("Static").content)
        assert dialog.query_one("#load").value == "14 kg"
        await pilot.press("8", "enter")
        await pilot.pause()
        assert (live.record.sets[1].side, live.record.sets[1].done_reps, live.record.sets[1].load) == (
            Side.RIGHT, 8, "14 kg")

        # The rest says what comes next with the load carried, and set 2 starts from it.
        assert live.state().step.kind is StepKind.REST
        assert "14 kg" in text_of(screen, "#next")
        await _into_the_set(pilot)
        await pilot.press("enter")
        dialog = await _dialog(pilot)
        assert dialog.query_one("#load").value == "14 kg"
        await pilot.press("8", "tab", "minus", "enter")  # back down a dumbbell for the second set
        await pilot.pause()
        assert live.record.sets[2].load == "12 kg"
        await _into_the_set(pilot)
        await pilot.press("enter")
        dialog = await _dialog(pilot)
        assert dialog.query_one("#load").value == "12 kg"
        await pilot.press("8", "enter")

        # Romanian deadlift: one set done, two skipped.
        await pilot.pause()
        await _into_the_set(pilot)
        await pilot.press("enter")
        dialog = await _dialog(pilot)
        assert dialog.query_one("#load").value == "40 kg"
        await pilot.press("9", "tab", "ctrl+u", *"42.5", "enter")  # a bare number gets the units of the settings
        await pilot.pause()
        assert live.record.sets[-1].load == "42.5 kg"
        assert live.state().step.kind is StepKind.REST and "42.5 kg" in text_of(screen, "#next")  # logged in the rest
        for _ in range(2):
            await _into_the_set(pilot)
            await pilot.press("s")
            await pilot.pause()
        await settle(pilot)
        assert not isinstance(app.screen, SetDoneDialog)  # a skipped set has nothing to log
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert [s.skipped for s in live.record.sets if s.exercise_id == "romanian-deadlift"] == [False, True, True]
        title = text_of(summary, "#summary-title")
        assert "Well trained" not in title and "skipped" in title
        assert "Sets  3 of 5" in text_of(summary, "#summary-numbers")  # a per-side set counts once
        from rich.console import Console

        console = Console(width=120, record=True)
        console.print(summary.query_one("#summary-sets").content)
        rows = console.export_text()
        deadlift = next(line for line in rows.splitlines() if line.startswith("Romanian deadlift"))
        assert "9, skipped, skipped" in deadlift and "42.5 kg" in deadlift
        assert "7/8, 8/8" in rows and "14 kg, 12 kg" in rows  # per-side sets as left/right
        assert "set 1 left: knee wobbled" in rows
