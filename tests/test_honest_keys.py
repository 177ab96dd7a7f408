"""Keys that do what they say (issue: the gym UI): q on the overview quits; ctrl+q and the palette's
Quit ask first while a workout runs, and quitting is listed once; the filter shows the keys that
work while typing and matches exercises and muscles; help lists pchain's keys before Textual's."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import OptionList, Static

from pchain_tui.ui.dialogs.confirm import ConfirmDialog
from pchain_tui.ui.screens.help import HelpScreen
from pchain_tui.ui.screens.overview import OverviewScreen
from pchain_tui.ui.screens.picker import PickerScreen
from pchain_tui.ui.screens.workout import WorkoutScreen

from .app_helpers import make_app, settle, workout
from .test_app import open_routine


def footer_keys(app) -> dict[str, str]:
    """What the footer offers now: description -> key, as the active bindings say."""
    return {active.binding.description: key for key, active in app.screen.active_bindings.items()
            if active.binding.show and active.binding.description}


def palette_titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_q_on_the_overview_quits(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        assert footer_keys(app)["Quit"] == "q"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_ctrl_q_mid_workout_asks_and_keeps_the_workout(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, WorkoutScreen)
        live = workout(app).live
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.is_running
        await pilot.press("n")  # keep going
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running
    assert live.record.state.value == "abandoned"  # kept, resumable


async def test_the_palette_lists_quitting_once_and_its_quit_asks_mid_workout(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = palette_titles(app)
        assert titles.count("Quit pchain") == 1 and "Quit" not in titles
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        titles = palette_titles(app)
        assert "Quit workout" in titles and "Quit pchain" not in titles and "Quit" not in titles
        app.pop_screen()  # back on the overview, pchain's own quit is listed again
        await pilot.pause()
        quit_command = next(c for c in app.get_system_commands(app.screen) if c.title == "Quit pchain")
        assert isinstance(app.screen, OverviewScreen)
        await quit_command.callback()
        await pilot.pause()
    assert not app.is_running  # no workout runs there: no question


async def test_the_filter_shows_how_to_leave_edit_and_quit_while_typing(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "g", "l")
        keys = footer_keys(app)
        assert (keys["List"], keys["Edit"], keys["Quit"]) == ("escape", "ctrl+o", "ctrl+q")
        await pilot.press("escape")
        assert app.screen.query_one("#routines", OptionList).has_focus
        assert app.screen.query_one("#filter").value == ""
        assert footer_keys(app)["Quit"] == "q"
        await pilot.press("slash", "ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_the_filter_matches_exercises_muscles_and_equipment(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)

        async def shown(text: str) -> list[str]:
            await pilot.press("slash", *text)
            await pilot.pause()
            options = picker.query_one("#routines", OptionList)
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            await pilot.press("escape")
            return ids

        def blocks(routine_id: str):
            return picker.catalog.find(routine_id).result.routine.blocks

        swing = await shown("kettlebell-swing")  # an exercise id, as `use:` writes it
        assert swing and all(any(b.exercise.id == "kettlebell-swing" for b in blocks(i)) for i in swing)
        calves = await shown("calves")  # a muscle
        assert calves and all(any("calves" in b.exercise.targets for b in blocks(i)) for i in calves)
        assert len(calves) < len(picker.catalog.entries)
        barbell = await shown("barbell")  # equipment
        assert barbell and all(any("barbell" in b.exercise.equipment or "barbell" in b.exercise.name.lower()
                                   for b in blocks(i)) for i in barbell)


async def test_help_lists_the_screens_keys_first(tmp_path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = _rendered(app.screen).splitlines()
        textual = [i for i, line in enumerate(lines) if any(word in line.lower() for word in ("scroll", "cursor"))]
        assert textual, lines  # the list's own keys are there too, after pchain's
        for pchains in ("Open the highlighted routine", "Edit the routine in $EDITOR", "Every key and what it does"):
            assert next(i for i, line in enumerate(lines) if pchains in line) < min(textual), lines


def _rendered(screen) -> str:
    """What the screen's text widgets show, as plain text."""
    console = Console(record=True, width=100, file=io.StringIO())
    for widget in screen.query(Static):
        console.print(widget.content)
    return console.export_text()


def test_a_dumb_terminal_gets_a_sentence_not_escape_codes(monkeypatch, capsys):
    from pchain_tui import cli, exit_codes

    monkeypatch.setenv("TERM", "dumb")
    assert cli.main(["--no-sound"]) == exit_codes.USAGE
    captured = capsys.readouterr()
    assert captured.out == "" and "\x1b" not in captured.err
    assert captured.err == ("pchain: this terminal (TERM=dumb) cannot draw pchain's screens; run it in a terminal "
                            "such as xterm, or use the commands that print plain text: pchain list, pchain history, "
                            "pchain export, pchain validate\n")
    assert cli.main(["list"]) == exit_codes.OK  # the printing commands still work there
    assert "\x1b" not in capsys.readouterr().out
