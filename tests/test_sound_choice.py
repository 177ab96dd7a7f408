"""Sound and voice are turned on and off in the app (the command palette), at once, and remembered
in settings.toml for the next start; `sound = false` starts silent, with the screen flashing."""

from __future__ import annotations

from pathlib import Path

from pchain_tui.domain.settings import parse_settings
from pchain_tui.storage.settings_file import settings_path

from .app_helpers import advance, make_app, play_due, settle, workout
from .test_app import open_routine


def command(app, title: str):
    return next(c for c in app.get_system_commands(app.screen) if c.title == title)


def titles(app) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


async def test_sound_off_mid_set_silences_the_next_cues_flashes_and_is_remembered(tmp_path: Path):
    app, _clock, sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        await advance(pilot, 4)
        assert sound.played and "Sound off" in titles(app) and not app.flash
        heard = len(sound.played)
        command(app, "Sound off").callback()
        await settle(pilot)
        await advance(pilot, 6)
        assert len(sound.played) == heard  # nothing more sounds
        assert app.flash and "Sound on" in titles(app)
        assert parse_settings(settings_path().read_text())[0].sound is False
        command(app, "Sound on").callback()
        await settle(pilot)
        await advance(pilot, 3)
        play_due(workout(app).live)
        assert len(sound.played) > heard and not app.flash
        assert parse_settings(settings_path().read_text())[0].sound is True


async def test_sound_false_in_settings_starts_silent_and_can_be_turned_on(tmp_path: Path):
    settings, _ = parse_settings("sound = false\n")
    app, _clock, sound = make_app(tmp_path, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        await advance(pilot, 5)
        assert sound.played == [] and app.flash and "Sound on" in titles(app)


async def test_voice_on_speaks_from_the_next_cue_and_is_remembered(tmp_path: Path):
    app, _clock, sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routine(pilot, "beginner day 1")
        await pilot.press("enter", "enter")
        await advance(pilot, 4)
        assert sound.said == []
        command(app, "Voice on").callback()
        await settle(pilot)
        assert sound.phrases  # the session's phrases are rendered ahead
        await advance(pilot, 8)
        assert sound.said and "Voice off" in titles(app)
        assert parse_settings(settings_path().read_text())[0].voice is True
        command(app, "Voice off").callback()
        await settle(pilot)
        said = len(sound.said)
        await advance(pilot, 8)
        assert len(sound.said) == said
        assert parse_settings(settings_path().read_text())[0].voice is False


async def test_without_sound_the_palette_offers_no_sound_or_voice(tmp_path: Path):
    from pchain_tui.domain.clock import FakeClock
    from pchain_tui.domain.settings import Settings
    from pchain_tui.services.container import Services
    from pchain_tui.ui.app import AppOptions, PchainApp

    user_dir = tmp_path / "routines"
    user_dir.mkdir()
    app = PchainApp(AppOptions(user_dir=user_dir, cue_thread=False), Services(FakeClock(), Settings(), None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not {"Sound on", "Sound off", "Voice on", "Voice off"} & set(titles(app))
        assert app.flash
