"""Warm-ups and circuits on screen, at 80x24 and 40x12: the overview, the intro, the set screen, the
set dialog and the summary's time under tension by phase."""

from __future__ import annotations

import pytest

from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.session.record import RecordState, SessionRecord
from pchain_tui.ui.dialogs.set_done import SetDoneDialog
from pchain_tui.ui.screens.overview import OverviewScreen
from pchain_tui.ui.text import describe

from .app_helpers import advance, make_app, settle, text_of, workout
from .test_app import open_routine
from .test_warmups_and_circuits import barbell

SIZES = [(80, 24), (40, 12)]


@pytest.mark.parametrize("size", SIZES)
async def test_a_circuit_shows_its_rounds_and_what_comes_next(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_routine(pilot, "home circuit")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = workout(app)
        intro = text_of(screen, "#intro-text")
        assert intro.startswith("Circuit · 3 rounds · rest 1 min 30 s after each")
        assert "1. Glute bridge" in intro and "2. Reverse lunge" in intro and "3. Superman hold" in intro
        assert "Sets " not in intro  # a circuit's rounds are its sets: said once, above
        await pilot.press("enter")
        await advance(pilot, 3.5)
        state = screen.live.state()
        assert state.step.kind is StepKind.WORK and state.step.block.exercise.id == "glute-bridge"
        where = text_of(screen, "#where")
        if size[0] >= 80:
            assert "round 1 of 3" in where
        assert "next: Reverse lunge" in text_of(screen, "#detail")
        await pilot.press("enter")  # done early: the dialog says which round
        await settle(pilot)
        assert isinstance(app.screen, SetDoneDialog) and app.screen.which == "round 1"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.live.state().step.kind is StepKind.GET_READY  # the 3 s to move to the next move
        assert text_of(screen, "#next").startswith("Next: Reverse lunge · round 1 of 3 · LEFT")


@pytest.mark.parametrize("size", SIZES)
async def test_warmups_are_announced_and_run_before_the_working_sets(tmp_path, size):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_routine(pilot, "intermediate day 1")
        await pilot.press("enter")
        await settle(pilot)
        screen = workout(app)
        intro = text_of(screen, "#intro-text")
        assert "Warm-up 8 x 22.5 kg, 5 x 35 kg, 3 x 47.5 kg" in intro
        assert "(today 6 reps · 60 kg)" in intro  # the work's target, not the first warm-up's
        await pilot.press("enter")
        await advance(pilot, 3.5)
        step = screen.live.state().step
        assert step.warmup == (1, 3) and step.target_load == "22.5 kg"
        if size[0] >= 80:
            assert "warm-up 1 of 3" in text_of(screen, "#where")
        assert "warm-up at 22.5 kg" in text_of(screen, "#detail")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SetDoneDialog) and app.screen.which == "warm-up 1"
        await pilot.press("escape")
        await settle(pilot)
        record = screen.live.record
        assert [(s.role, s.load) for s in record.sets] == [("warmup", "22.5 kg")]


def test_the_summary_splits_time_under_tension_by_phase():
    from pchain_tui.domain.clock import FakeClock
    from pchain_tui.domain.model import Warmup
    from pchain_tui.domain.session.engine import SessionEngine
    from pchain_tui.domain.session.plan import build_plan
    from pchain_tui.domain.training.warmup import Warmed

    from .engine_helpers import routine, run_through

    made = barbell(sets=1, reps=2, tempo="3-1-2-0")
    made = type(made)(**{**made.__dict__, "warmup": Warmup(), "load": "60 kg"})
    plan = build_plan(routine(made), Warmed())
    clock = FakeClock(start=100.0)
    engine = SessionEngine(plan, clock)
    run_through(engine, clock)
    record: SessionRecord = engine.record
    assert record.state is RecordState.FINISHED
    reps = 8 + 5 + 3 + 2  # three warm-ups and the set: all of it was under tension
    assert describe.tension_split(record) == (
        f"paced reps: lowering {describe.format_seconds(3 * reps)} · pauses {describe.format_seconds(reps)} · "
        f"lifting {describe.format_seconds(2 * reps)}")
    numbers = describe.summary_numbers(plan, record).plain
    assert "Sets  1 of 1" in numbers and "Reps  2" in numbers  # warm-ups are not sets, nor the work's reps
