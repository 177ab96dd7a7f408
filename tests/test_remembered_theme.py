"""The theme picked in the app is remembered in settings.toml (written off the UI thread, the rest of
the file kept as written) and used at the next start; a theme pchain does not know is said."""

from __future__ import annotations

from pathlib import Path

from pchain_tui.domain.settings import parse_settings
from pchain_tui.storage.settings_file import remember_setting, settings_path

from .app_helpers import make_app, settle


def test_remember_setting_replaces_the_line_or_adds_one_before_the_tables(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text('# mine\nunits = "lb"  # my bar\n\n[keys]\n"session.skip" = "k"\n')
    assert remember_setting("theme", '"nord"', path) is None
    assert path.read_text() == '# mine\nunits = "lb"  # my bar\n\ntheme = "nord"\n[keys]\n"session.skip" = "k"\n'
    assert remember_setting("theme", '"gruvbox"', path) is None
    assert path.read_text().count("theme =") == 1 and 'theme = "gruvbox"\n' in path.read_text()
    settings, problems = parse_settings(path.read_text())
    assert problems == [] and settings.theme == "gruvbox" and settings.units == "lb" and settings.keys
    fresh = tmp_path / "new" / "settings.toml"
    assert remember_setting("theme", '"nord"', fresh) is None and fresh.read_text() == 'theme = "nord"\n'


def test_a_file_that_cannot_be_written_says_why_and_is_left_alone(tmp_path: Path):
    blocked = tmp_path / "settings.toml"
    blocked.mkdir()  # a folder where the file should be
    assert remember_setting("theme", '"nord"', blocked).startswith("cannot read")


async def test_a_theme_picked_is_written_and_used_next_time(tmp_path: Path):
    app, _clock, _sound = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"  # as "Change theme" in the command palette does
        await settle(pilot)
    settings, problems = parse_settings(settings_path().read_text())
    assert problems == [] and settings.theme == "nord"
    again, _clock, _sound = make_app(tmp_path, settings=settings)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_an_unknown_theme_is_said_and_the_default_kept(tmp_path: Path):
    settings, _ = parse_settings('theme = "nordd"\n')
    app, _clock, _sound = make_app(tmp_path, settings=settings)
    told: list[str] = []
    app.tell = lambda notice: told.append(notice.text)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
    assert told == ['settings: theme "nordd" is not a theme pchain knows; did you mean \'nord\'? The default is used.']
