"""Nothing runs unseen, and keys do what they say (issue: the gym UI): a screen covering a running set
pauses it and it resumes after a 3-2-1; `s` on a set under way asks, and a skipped set is said to be
logged as skipped; `b` from a rest counts the set in; tap mode's footer offers space as Tap only."""

from __future__ import annotations

import pytest

from pchain_tui.domain.session.engine import Status
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.session.practice import TempoPractice
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.ui.dialogs.choice import ChoiceDialog
from pchain_tui.ui.dialogs.confirm import ConfirmDialog
from pchain_tui.ui.dialogs.set_done import SetDoneDialog
from pchain_tui.ui.screens.help import HelpScreen
from pchain_tui.ui.screens.workout import WorkoutScreen

from .app_helpers import advance, make_app, workout
from .test_app import open_routine
from .test_honest_keys import footer_keys


async def into_the_first_set(pilot, seconds: float):
    """Open beginner day 1, start it, and go `seconds` into its first set (after the 3 s get-ready)."""
    await open_routine(pilot, "beginner day 1")
    await pilot.press("enter", "enter")
    await advance(pilot, 3 + seconds)
    live = workout(pilot.app).live
    assert live.state().step.kind is StepKind.WORK
    return live


@pytest.mark.parametrize("cover", ["question_mark", "q"])
async def test_a_screen_over_a_running_set_pauses_it_and_it_goes_on_after_a_count_in(tmp_path, cover):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 5)
        await pilot.press(cover)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen if cover == "question_mark" else ConfirmDialog)
        state = live.state()
        assert state.status is Status.PAUSED
        elapsed = state.elapsed
        await advance(pilot, 30)  # reading help for half a minute: the set does not run on under it
        assert live.state().elapsed == elapsed and live.state().step.kind is StepKind.WORK
        await pilot.press("escape" if cover == "question_mark" else "n")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        state = live.state()
        assert state.status is Status.RUNNING and state.resume_left == pytest.approx(3)  # 3-2-1, then on
        await advance(pilot, 3.5)
        assert live.state().elapsed == pytest.approx(elapsed + 0.5)


async def test_a_set_paused_by_hand_stays_paused_when_help_closes(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 2)
        await pilot.press("space", "question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert live.state().status is Status.PAUSED


async def test_a_rest_runs_on_under_help(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 0)
        await pilot.press("enter")  # the set is done early: its dialog, then the rest
        await pilot.pause()
        assert isinstance(app.screen, SetDoneDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert live.state().step.kind is StepKind.REST
        left = live.state().left
        await pilot.press("question_mark")
        await advance(pilot, 10)
        assert live.state().status is Status.RUNNING and live.state().left == pytest.approx(left - 10)


async def test_skip_on_a_set_under_way_asks_and_can_log_what_was_done(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 0)
        rep_seconds = live.state().step.rep_seconds
        await advance(pilot, 2 * rep_seconds + 0.5)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and "You have done 2 reps so far" in dialog.detail
        assert live.state().status is Status.PAUSED  # the question does not run the set on unseen
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SetDoneDialog)
        assert app.screen.query_one("#amount").value == "2"
        await pilot.press("enter")
        await pilot.pause()
        (logged,) = live.record.sets
        assert (logged.done_reps, logged.skipped) == (2, False)


async def test_skip_on_a_set_under_way_can_skip_it_and_says_it_is_logged_as_skipped(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 0)
        await advance(pilot, live.state().step.rep_seconds + 0.5)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        (logged,) = live.record.sets
        assert logged.skipped and logged.set_number == 1
        assert [n.message for n in app._notifications] == ["Set 1 of Glute bridge logged as skipped."]


async def test_skip_before_a_rep_is_done_skips_at_once_and_says_so(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 0.2)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert live.record.sets[0].skipped
        assert any("logged as skipped" in n.message for n in app._notifications)


async def test_keep_going_goes_on_with_the_set(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 0)
        await advance(pilot, live.state().step.rep_seconds + 0.5)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen) and live.record.sets == []
        assert live.state().resume_left == pytest.approx(3)


async def test_back_from_a_rest_counts_the_set_in_instead_of_running_it(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        live = await into_the_first_set(pilot, 0)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # set 1 logged; the rest
        await advance(pilot, live.state().left + 0.1)  # the rest ends: set 2
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # set 2 logged; the rest after it
        await pilot.pause()
        assert live.state().step.kind is StepKind.REST
        await pilot.press("b")
        await pilot.pause()
        state = live.state()
        assert (state.step.kind, state.step.set_number, state.elapsed) == (StepKind.WORK, 2, 0)
        assert state.resume_left == pytest.approx(3)


async def test_tap_mode_offers_space_as_tap_and_p_as_pause(tmp_path):
    practice = TempoPractice(parse_tempo("3-0-1-0"), reps=2, tap=True)
    app, _clock, _sound = make_app(tmp_path, tempo=practice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("Tap") == "space" and keys.get("Pause") == "p"
        await advance(pilot, 3.5)
        await pilot.press("space")
        assert len(app.screen.taps) == 1 and not app.screen.live.state().paused


async def test_without_tap_mode_space_pauses_and_there_is_no_tap(tmp_path):
    practice = TempoPractice(parse_tempo("3-0-1-0"), reps=2)
    app, _clock, _sound = make_app(tmp_path, tempo=practice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("Pause") == "space" and "Tap" not in keys
        await advance(pilot, 3.5)
        await pilot.press("space")
        assert app.screen.live.state().paused
