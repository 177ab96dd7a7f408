"""The settings file: defaults, every key, and mistakes reported as file:line:col without a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from pchain_tui.domain.settings import Settings, parse_settings
from pchain_tui.storage.settings_file import load_settings, settings_path


def test_no_file_means_the_defaults(pchain_home: Path):
    assert settings_path() == pchain_home / "config" / "settings.toml"
    assert load_settings() == (Settings(), [])
    assert (Settings().units, Settings().step, Settings().slower_eccentric) == ("kg", 2.5, False)
    assert Settings(units="lb").step == 5.0


def test_every_key(pchain_home: Path):
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('# mine\nunits = "LB"\nload_step = 2.5\nslower_eccentric = true\n')
    assert load_settings() == (Settings(units="lb", load_step=2.5, slower_eccentric=True), [])
    assert load_settings()[0].step == 2.5


def test_a_toml_syntax_error_is_located_and_the_defaults_used():
    settings, problems = parse_settings('units = "kg"\nload_step = = 2\n', "settings.toml")
    assert settings == Settings()
    assert [str(p) for p in problems] == [
        "settings.toml:2:13: invalid value; the defaults are used until it is fixed"]


@pytest.mark.parametrize(("text", "message"), [
    ('units = "stone"\n', 'settings.toml:1:9: units: must be "kg" or "lb", not "stone"; the default is used'),
    ("\nload_step = -1\n", "settings.toml:2:13: load_step: must be a number more than 0 and at most 50, not -1; "
                           "the default is used"),
    ("load_step = true\n", "settings.toml:1:13: load_step: must be a number more than 0 and at most 50, not true; "
                           "the default is used"),
    ('slower_eccentric = "yes"\n', 'settings.toml:1:20: slower_eccentric: must be true or false, not "yes"; '
                                   "the default is used"),
    ("[units]\nkg = 1\n", "settings.toml:1:1: units: must be \"kg\" or \"lb\", not a table; the default is used"),
    ('unit = "lb"\n', "settings.toml:1:1: unknown setting 'unit'; did you mean 'units'?"),
])
def test_a_wrong_value_is_located_and_only_that_setting_falls_back(text, message):
    settings, problems = parse_settings(text, "settings.toml")
    assert [str(p) for p in problems] == [message]
    assert settings == Settings()


def test_the_good_settings_beside_a_bad_one_are_kept():
    settings, problems = parse_settings('units = "lb"\nload_step = "five"\n')
    assert settings == Settings(units="lb") and settings.step == 5.0
    assert len(problems) == 1


def test_a_file_that_is_not_text(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_bytes(b"units = \"\xff\xfe\"\n")
    settings, problems = load_settings(path, display=lambda p: p.name)
    assert settings == Settings()
    assert [str(p) for p in problems] == ["settings.toml:1:1: the settings file is not UTF-8 text"]


def test_a_file_that_cannot_be_read(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.mkdir()  # a folder where the file should be
    settings, problems = load_settings(path, display=lambda p: p.name)
    assert settings == Settings()
    assert [p.message for p in problems] == ["cannot read the settings (Is a directory)"]


def test_volume_quiet_cues_and_notifications():
    settings, problems = parse_settings('volume = 40\nquiet_cues = ["tick", "rep"]\ndesktop_notifications = true\n')
    assert problems == []
    assert (settings.volume, settings.quiet_cues, settings.desktop_notifications) == (40, {"tick", "rep"}, True)
    settings, problems = parse_settings('volume = 140\nquiet_cues = ["tik"]\n')
    assert (settings.volume, settings.quiet_cues) == (100, frozenset())  # the defaults, with a word each
    assert [str(p) for p in problems] == [
        "settings.toml:1:10: volume: must be a whole number from 0 to 100 (percent), not 140; the default is used",
        "settings.toml:2:14: quiet_cues: unknown cue \"tik\"; did you mean 'tick'?; the default is used"]


def test_key_entries_are_read_with_where_they_are_written():
    text = ('units = "kg"\n[keys]\n"session.skip" = "k"\n  session.pause = "space,w"\n'
            '[keys.picker]\nnew = "x"\n')
    settings, problems = parse_settings(text)
    assert problems == []
    assert settings.keys == (("session.skip", "k"), ("session.pause", "space,w"), ("picker.new", "x"))
    assert [settings.key_place(i) for i, _ in settings.keys] == [(3, 1, 18), (4, 3, 19), (6, 1, 7)]
    assert settings.source == "settings.toml" and settings.key_place("session.back") == (1, 1, 1)


@pytest.mark.parametrize(("text", "place"), [
    ('keys = { "session.skip" = "k" }\n', (1, 10, 27)),   # an inline table
    ('volume = 50\nkeys."session.skip" = "k"\n', (2, 1, 23)),  # a dotted key at the top
    ("[keys]\n'session.skip' = 'k'\n", (2, 1, 18)),        # a literal string
])
def test_key_entries_written_other_ways(text, place):
    settings, problems = parse_settings(text)
    assert problems == [] and settings.keys == (("session.skip", "k"),)
    assert settings.key_place("session.skip") == place


@pytest.mark.parametrize(("text", "message"), [
    ('[keys]\n"session.skip" = 3\n"session.back" = "x"\n',
     'settings.toml:2:18: [keys] "session.skip": must be keys in quotes, like "k" or "space,w", not 3; '
     "its default key is kept"),
    ('[keys]\n"session.skip" = ["k"]\n"session.back" = "x"\n',
     'settings.toml:2:18: [keys] "session.skip": must be keys in quotes, like "k" or "space,w", not a list; '
     "its default key is kept"),
    ('[keys]\n"session.skip" = "k"\nsession.skip = "j"\n"session.back" = "x"\n',  # one id, two ways
     'settings.toml:3:1: [keys] "session.skip" is set more than once (lines 2, 3); keep one; until then its '
     "default key is kept"),
])
def test_a_bad_key_entry_is_located_and_the_others_are_kept(text, message):
    settings, problems = parse_settings(text)
    assert [str(p) for p in problems] == [message]
    assert settings.keys == (("session.back", "x"),)


def test_keys_that_are_not_a_table():
    settings, problems = parse_settings('keys = "k"\nunits = "lb"\n')
    assert [str(p) for p in problems] == [
        'settings.toml:1:8: keys: must be a table of binding ids to keys, like [keys] "session.skip" = "k"; '
        "the default keys are used"]
    assert settings == Settings(units="lb")


def test_nesting_too_deep_for_the_reader_is_a_problem_not_a_crash():
    settings, problems = parse_settings("a = " + "[" * 5000 + "\n")
    assert settings == Settings()
    assert [str(p) for p in problems] == [
        "settings.toml:1:1: lists or tables are nested too deeply to read; the defaults are used until it is fixed"]


def test_lines_are_counted_as_toml_counts_them():
    """Only \\n ends a line in TOML; a line separator in a comment must not move the reported line."""
    settings, problems = parse_settings('# a\u2028comment\nunits = "stone"\n')
    assert [(p.line, p.column) for p in problems] == [(2, 9)]


def test_what_the_file_says_is_quoted_as_escapes_never_sent_to_the_terminal():
    text = 'units = "\\u001b[31mred"\n"\\u001b]0;x" = 1\nquiet_cues = ["\\u202etick"]\n[keys]\n"\\u0007" = 3\n'
    _settings, problems = parse_settings(text)
    assert [str(p) for p in problems] == [
        'settings.toml:1:9: units: must be "kg" or "lb", not "\\u001b[31mred"; the default is used',
        "settings.toml:2:1: unknown setting '\\u001b]0;x'",
        'settings.toml:3:14: quiet_cues: unknown cue "\\u202etick"; did you mean \'tick\'?; the default is used',
        'settings.toml:5:12: [keys] "\\u0007": must be keys in quotes, like "k" or "space,w", not 3; its default key '
        "is kept"]
