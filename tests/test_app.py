"""The app driven by Pilot on a fake clock: picker, overview, a whole workout, summary."""

from __future__ import annotations

import math

import pytest

from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.engine import Status
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.session.record import RecordState
from pchain_tui.domain.settings import Settings
from pchain_tui.ui.dialogs.set_done import SetDoneDialog
from pchain_tui.ui.screens.overview import OverviewScreen
from pchain_tui.ui.screens.picker import PickerScreen
from pchain_tui.ui.screens.summary import SummaryScreen

from .app_helpers import advance, make_app, settle, text_of, workout


async def open_routine(pilot, name: str) -> None:
    """From the picker, filter by name and open the routine's overview."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("slash", *name)  # into the filter first: a name may begin with a key of the picker (h, e, n)
    await pilot.press("enter")
    await settle(pilot)  # today's plan and the history's notes are read off the UI thread
    assert isinstance(app.screen, OverviewScreen)


async def test_picker_lists_every_routine_and_filters_as_you_type(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    (app.options.user_dir / "broken.yaml").write_text("name: Broken\nexercises:\n  - use: glute-brige\n    reps: 8\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        options = screen.query_one("#routines")
        assert options.option_count == 10
        await pilot.press("b", "r", "o", "k")
        assert options.option_count == 1
        details = text_of(screen, "#details")
        assert "cannot be loaded" in details and "unknown exercise 'glute-brige'" in details
        await pilot.press("enter")  # a broken routine does not open
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        assert options.option_count == 10


async def test_overview_shows_exercises_targets_and_time(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "beginner day 1")
        table = app.screen.query_one("#overview-table").content
        from rich.console import Console

        console = Console(width=100, record=True)
        console.print(table)
        text = console.export_text()
        assert "Glute bridge" in text and "3 x 12-15 reps" in text and "Wall sit" in text and "30 s" in text
        assert "about 18 min" in text_of(app.screen, "#overview-estimate")


async def drive_to_summary(pilot, *, on_state=None, limit: int = 20_000) -> None:
    """Run the workout as a person would: read intros, count self-paced reps, accept set dialogs."""
    app = pilot.app
    for _ in range(limit):
        if isinstance(app.screen, SummaryScreen):
            return
        if isinstance(app.screen, SetDoneDialog):
            await pilot.press("enter")
            continue
        screen = workout(app)
        state = screen.live.state()
        if on_state is not None and await on_state(pilot, screen, state):
            continue
        if state.step.kind is StepKind.INTRO:
            await pilot.press("enter")
        elif state.step.work_kind is WorkKind.HOLD and state.resume_left is None and state.status is Status.RUNNING:
            if state.hold_left > 0:
                await advance(pilot, state.hold_left)  # to the target; a hold goes on until enter
            else:
                await pilot.press("enter")
        elif state.step.work_kind is WorkKind.SELF_PACED:
            for _ in range(state.step.target_reps or 0):
                await pilot.press("r")
            await pilot.press("enter")
        else:
            await advance(pilot, min(max(0.5, state.left or 1.0), 20.0))
    raise AssertionError("the workout did not reach the summary")


async def test_a_whole_routine_from_picker_to_summary(tmp_path):
    """Home: per-side work, a hold, pause/resume, rest +15 s, a skipped rest, the set dialog."""
    app, clock, sound = make_app(tmp_path)
    seen: dict[str, object] = {}

    async def checks(pilot, screen, state) -> bool:
        step = state.step
        if step.kind is StepKind.WORK and step.side is not None and "side" not in seen:
            seen["side"] = True
            assert "LEFT" in text_of(screen, "#where")
        if step.kind is StepKind.SWITCH and "switch" not in seen:
            seen["switch"] = True
            assert "SWITCH SIDES → RIGHT" in text_of(screen, "#phase")
        if step.work_kind is WorkKind.PACED and "pause" not in seen and state.elapsed > 2:
            seen["pause"] = True
            before = state.left
            await pilot.press("space")
            assert "PAUSED" in text_of(screen, "#phase")
            await advance(pilot, 30)
            assert screen.live.state().left == before  # nothing moved while paused
            await pilot.press("space")
            assert "GET READY" in text_of(screen, "#phase")
            assert screen.query_one("#digits").value == "3"
            return True
        if step.kind is StepKind.REST and "more" not in seen:
            seen["more"] = True
            left = state.left
            await pilot.press("plus")
            assert screen.live.state().left == pytest.approx(left + 15)
            return True
        if step.kind is StepKind.REST and "more" in seen and "skip" not in seen and state.elapsed > 1:
            seen["skip"] = True
            await pilot.press("s")
            assert screen.live.state().step.kind is not StepKind.REST
            return True
        if step.work_kind is WorkKind.HOLD and "hold" not in seen and state.resume_left is None:
            seen["hold"] = True
            await advance(pilot, 2.5)
            state = screen.live.state()
            assert "HOLD" in text_of(screen, "#phase")
            assert screen.query_one("#digits").value == str(math.ceil(state.hold_left))
            await advance(pilot, state.hold_left + 4.2)  # past the target: it counts up, and goes on
            assert screen.query_one("#digits").value == "+4"
            assert "HOLD ON" in text_of(screen, "#phase") and screen.live.state().step.work_kind is WorkKind.HOLD
            await pilot.press("enter")
            await pilot.pause()
            assert screen.live.record.sets[-1].done_seconds == pytest.approx(step.target_seconds + 4.2)
            return True
        return False

    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "home")
        await pilot.press("enter")
        screen = workout(app)
        assert "Single-leg glute bridge" in text_of(screen, "#where")
        assert "1. " in text_of(screen, "#intro-text")
        await drive_to_summary(pilot, on_state=checks)
        assert set(seen) == {"side", "switch", "pause", "more", "skip", "hold"}
        record = screen.live.record
        assert record.state is RecordState.FINISHED
        assert len(record.sets) == screen.live.plan.routine.total_sets
        summary = app.screen
        assert "Workout done" in text_of(summary, "#summary-title")
        planned = sum(block.sets for block in screen.live.plan.routine.blocks)  # a per-side set is one set
        assert f"Sets  {planned} of {planned}" in text_of(summary, "#summary-numbers")
        assert {"set-start", "tick", "lower", "lift", "rest-end", "switch", "hold", "done"} <= set(sound.played)
        await pilot.press("enter")
        assert isinstance(app.screen, PickerScreen)


async def test_set_dialog_logs_reps_and_load(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")  # start, read the intro
        await advance(pilot, 3 + 2)  # get ready, then into the set
        await pilot.press("enter")  # set done early
        await pilot.pause()
        assert isinstance(app.screen, SetDoneDialog)
        await pilot.press("9", "tab", *"20 kg", "enter")  # the counted number is selected: typing replaces it
        await pilot.pause()
        live = workout(app).live
        assert (live.record.sets[0].done_reps, live.record.sets[0].load) == (9, "20 kg")
        assert live.state().step.kind is StepKind.REST  # the rest ran on under the dialog


async def test_the_footer_shows_the_rest_keys_only_in_a_rest_and_is_rebuilt_only_when_they_change(tmp_path):
    def keys(screen) -> list[str]:
        return [key.description for key in screen.query("FooterKey")]  # by type name: the class is private

    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(120, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        await advance(pilot, 3 + 2)
        screen = workout(app)
        assert "+15s" not in keys(screen)
        await pilot.press("enter")  # set done early; the dialog takes the reps
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.live.state().step.kind is StepKind.REST
        assert "+15s" in keys(screen)
        shown = list(screen.query("FooterKey"))
        screen.refresh_bindings()  # nothing changed: the same key widgets stay
        await pilot.pause()
        assert list(screen.query("FooterKey")) == shown
        await pilot.press("s")  # skip the rest
        await pilot.pause()
        assert "+15s" not in keys(screen)


async def test_quit_asks_and_keeps_what_was_done(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "top five")
        await pilot.press("enter", "enter")
        await advance(pilot, 3 + 60)
        await pilot.press("escape")  # the set dialog: keep as counted
        await pilot.press("q")
        await pilot.press("n")  # keep going
        assert workout(app).live.state().status is Status.RUNNING
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "stopped" in text_of(app.screen, "#summary-title")
        assert len(workout_record(app).sets) == 1


def workout_record(app):
    return app.screen.record


@pytest.mark.parametrize("size", [(40, 12), (160, 50)])
async def test_small_and_large_terminals(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_routine(pilot, "beginner day 2")
        await pilot.press("enter", "enter")
        await advance(pilot, 4)
        screen = workout(app)
        assert screen.query_one("#digits").region.height >= (5 if size[1] >= 24 else 1)
        assert text_of(screen, "#phase")
        await advance(pilot, 60)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")


async def test_help_lists_every_key(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "top five")
        await pilot.press("enter")
        await pilot.press("question_mark")
        await pilot.pause()
        from rich.console import Console

        console = Console(width=100, record=True)
        for widget in app.screen.query("Static"):
            console.print(widget.content)
        text = console.export_text()
        for words in ("Pause or resume", "Skip this step", "Go back a step", "Stop the workout",
                      "Open the command palette"):
            assert words in text


async def test_keys_can_be_remapped(tmp_path):
    app, _clock, _sound = make_app(tmp_path, settings=Settings(keys=(("session.skip", "k"),)))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_routine(pilot, "top five")
        await pilot.press("enter")
        live = workout(app).live
        await pilot.press("k")
        assert live.state().step.kind is StepKind.GET_READY
