"""Plates per side for barbell work, and how hard a set was (RPE or reps in reserve): the settings,
the set dialog, the history and the progression rule (no load added after an all-out top set)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pchain_tui.domain.model import Block, Exercise, Routine
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.settings import Settings, parse_settings
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.domain.training.plates import load_bar, plates_text
from pchain_tui.domain.training.progression import Change, advise
from pchain_tui.ui.dialogs.set_done import SetDoneDialog

from .app_helpers import advance, make_app, settle, workout
from .test_progression import reps, row

BARBELL_RDL = Exercise("romanian-deadlift", "Romanian deadlift", equipment=("barbell",),
                       cues=("Push the hips back",))
DUMBBELL_RDL = Exercise("db-rdl", "Dumbbell RDL", equipment=("dumbbells",))


@pytest.mark.parametrize(("load", "said"), [
    ("60 kg", "per side: 20"),
    ("62.5 kg", "per side: 20 + 1.25"),
    ("100 kg", "per side: 25 + 15"),
    ("20 kg", "the bar alone (20 kg)"),
    ("15 kg", "lighter than the bar (20 kg)"),
    ("61 kg", "per side: 20 · makes 60 kg, not 61"),
    ("135 lb", "per side: 45"),  # a pound load: a 45 lb bar and pound plates
    ("70", "per side: 25"),  # a bare number is in the settings' units
])
def test_plates_per_side_with_a_gyms_plates(load, said):
    assert plates_text(load, BARBELL_RDL, Settings()) == said


@pytest.mark.parametrize("load", ["light", "40 kg per hand", None, "", "2 x 20 kg"])
def test_no_plates_for_a_load_in_words_or_per_hand(load):
    assert plates_text(load, BARBELL_RDL, Settings()) is None


def test_no_plates_off_a_barbell():
    assert plates_text("40 kg", DUMBBELL_RDL, Settings()) is None


def test_the_lifters_own_bar_and_pairs_of_plates():
    settings, problems = parse_settings("bar = 15\nplates = [10, 5, 5, 2.5]\n")
    assert problems == [] and settings.bar == 15 and settings.plates == (10, 5, 5, 2.5)
    assert plates_text("55 kg", BARBELL_RDL, settings) == "per side: 10 + 5 + 5"
    assert plates_text("60 kg", BARBELL_RDL, settings) == "per side: 10 + 5 + 5 + 2.5"
    assert plates_text("80 kg", BARBELL_RDL, settings) == "per side: 10 + 5 + 5 + 2.5 · makes 60 kg, not 80"
    # a pound load is not loaded with the kilogram plates of the settings
    assert plates_text("95 lb", BARBELL_RDL, settings) == "per side: 25"


def test_load_bar_takes_each_owned_pair_once():
    loading = load_bar(100, 20, (20, 20, 10), "kg", pairs=True)
    assert loading.per_side == (20, 20) and loading.total == 100 and loading.exact
    assert load_bar(100, 20, (20,), "kg", pairs=True).total == 60


@pytest.mark.parametrize(("text", "message"), [
    ("bar = 0\n", "bar: must be the bar's weight"),
    ("plates = []\n", "plates: must be a list of plate weights"),
    ('plates = [20, "x"]\n', "plates: each plate must be a number"),
    ('effort = "rpx"\n', 'effort: must be "rpe", "rir" or "off"'),
])
def test_bad_plate_and_effort_settings_are_located_and_keep_the_default(text, message):
    settings, problems = parse_settings(text)
    (problem,) = problems
    assert problem.line == 1 and problem.message.startswith(message)
    assert settings == Settings()


# --- the progression rule --------------------------------------------------------------------------


def test_an_all_out_top_set_keeps_the_load():
    done = reps(15, 15, 15, exercise="barbell-row", load="40 kg")
    done[-1] = replace(done[-1], rpe=10.0)
    advice = advise(row(), done)
    assert advice.change is Change.ALL_OUT and advice.load == "40 kg" and advice.low == 15
    assert "RPE 10" in advice.describe(row())


def test_no_reps_in_reserve_keeps_the_load_too():
    done = reps(15, 15, 15, exercise="barbell-row", load="40 kg")
    done[-1] = replace(done[-1], rir=0.0)
    assert advise(row(), done).change is Change.ALL_OUT


def test_a_hard_but_not_all_out_top_set_adds_load():
    done = reps(15, 15, 15, exercise="barbell-row", load="40 kg")
    done[-1] = replace(done[-1], rpe=9.0)
    advice = advise(row(), done)
    assert advice.change is Change.ADD_LOAD and advice.load == "42.5 kg"


# --- on screen -------------------------------------------------------------------------------------


def barbell_routine() -> Routine:
    block = Block(BARBELL_RDL, 2, Range(8, 8), None, Range(60, 60), parse_tempo("1-0-1-0"), load="62.5 kg")
    return Routine("rdl-day", "RDL day", (block,))


async def test_the_intro_and_the_set_show_the_plates(tmp_path):
    from .test_workout_screen import screen_lines

    app, _clock, _sound = make_app(tmp_path, routine=barbell_routine())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("Plates per side: 20 + 1.25" in row for row in screen_lines(app))
        await pilot.press("enter")
        await advance(pilot, 3.5)
        assert any("per side: 20 + 1.25" in row for row in screen_lines(app))


@pytest.mark.parametrize(("effort", "typed", "kept"), [("rpe", "8.5", (8.5, None)), ("rir", "2", (None, 2.0))])
async def test_the_set_dialog_asks_how_hard_it_was_and_keeps_it(tmp_path, effort, typed, kept):
    settings, _ = parse_settings(f'effort = "{effort}"\n')
    app, _clock, _sound = make_app(tmp_path, routine=barbell_routine(), settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await advance(pilot, 3 + 16)  # 8 reps of 2 s: the set ends, its dialog opens
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SetDoneDialog)
        dialog.query_one("#effort").value = typed
        await pilot.press("enter")
        await settle(pilot)
        (logged,) = workout(app).live.record.sets
        assert (logged.rpe, logged.rir) == kept


async def test_an_effort_out_of_range_is_said_and_the_dialog_stays(tmp_path):
    settings, _ = parse_settings('effort = "rpe"\n')
    app, _clock, _sound = make_app(tmp_path, routine=barbell_routine(), settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await advance(pilot, 3 + 16)
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#effort").value = "11"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#effort").has_focus
        assert any("RPE is how hard the set was" in n.message for n in app._notifications)


async def test_no_effort_field_unless_asked_for(tmp_path):
    app, _clock, _sound = make_app(tmp_path, routine=barbell_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await advance(pilot, 3 + 16)
        await settle(pilot)
        assert isinstance(app.screen, SetDoneDialog) and not app.screen.query("#effort")


def test_effort_and_role_are_kept_in_the_history(tmp_path):
    from pchain_tui.storage.history_store import HistoryStore

    from .test_history import a_session, a_set

    done = replace(a_set(), rpe=8.5, rir=None, role="work")
    warmup = replace(a_set(), set_number=2, rir=3.0, role="warmup")
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        sid = store.start_session(a_session(done, warmup))
        kept = store.load(sid).sets
    assert [(s.rpe, s.rir, s.role, s.counts) for s in kept] == [(8.5, None, "work", True), (None, 3.0, "warmup", False)]
