"""Property-based tests of settings.toml: whatever text arrives, reading it and checking its [keys]
returns settings and located problems, never an exception; every problem points inside the file;
settings written out read back the same; key names read back as themselves."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pchain_tui.domain.key_settings import parse_keys
from pchain_tui.domain.problems import InvalidValue
from pchain_tui.domain.session.cues import Cue
from pchain_tui.domain.settings import UNITS, Settings, parse_settings
from pchain_tui.storage.settings_file import load_settings
from pchain_tui.ui.keys import checked_keymap, key_names, key_screens

IDS = sorted({b.binding_id for screen in key_screens() for b in screen.bindings if b.binding_id})
NAMES = key_names()
SAMPLE = '''# pchain settings
units = "lb"
load_step = 5
volume = 40
quiet_cues = ["tick", "rep"]
voice = true

[keys]
"session.pause" = "space,w"
"session.skip" = "k"
session.quit = "ctrl+x"
"picker.new" = "N"
'''


def check(text: str) -> None:
    """Read and check `text` as the app does; every problem is located inside it."""
    result, problems = parse_settings(text, "settings.toml")
    keymap, key_problems = checked_keymap(result)
    lines = text.split("\n")  # as TOML counts lines
    for problem in problems + key_problems:
        assert problem.path == "settings.toml" and problem.message, problem
        assert 1 <= problem.line <= len(lines), (problem, len(lines))
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, (problem, lines[problem.line - 1])
        assert str(problem).isprintable(), problem  # what the file says is quoted, never sent to the terminal
    assert set(keymap) <= set(IDS)
    for keys in keymap.values():
        assert ",".join(parse_keys(keys, NAMES)) == keys  # what the app is given is already by name


setting_names = st.sampled_from(["units", "load_step", "dumbbell_step", "machine_step", "slower_eccentric", "volume",
                                 "quiet_cues", "desktop_notifications", "voice", "voice_speed", "voice_phases",
                                 "keys", "unit", "bogus", '"session.skip"', "'picker.new'", "session.quit",
                                 "session", "keys.session", 'keys."session.pause"', "pchain.help", '"tempo.pause"'])
toml_values = st.one_of(
    st.sampled_from(['"kg"', '"lb"', "2.5", "-1", "0", "true", "false", '"space,w"', '"!!nonsense!!"', '"?"', '"+"',
                     '"ctrl+"', '"ctrl++"', '""', '","', '"a,,b"', '"shift+1"', '"shift+a"', '"enter"', '"q"',
                     '"\\u0007"', '["tick"]', '["tik"]', "[1, 2]", '{ "session.quit" = "space" }', "{ a = { b = 1 } }",
                     "1979-05-27", "inf", "nan", '"""multi\nline"""', "'lit'", "[[[", "{", '"unterminated']),
    st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'))
toml_lines = st.one_of(
    st.tuples(setting_names, toml_values).map(lambda pair: f"{pair[0]} = {pair[1]}"),
    st.sampled_from(["[keys]", "[keys.session]", "[ keys ]", '["keys"]', "[other]", "[[keys]]", "# comment", "",
                     "  ", "=", "[", "keys = {", "\r", "\u2028"]),
    st.text(max_size=15))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text):
    check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(toml_lines, max_size=14).map("\n".join))
def test_random_toml_lines(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutations_of_a_real_file(data):
    text = list(SAMPLE)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        if action == "delete":
            del text[position:position + data.draw(st.integers(1, 6))]
        elif action == "insert":
            text[position:position] = data.draw(st.sampled_from(['"', "'", "=", "[", "]", "\n", ",", "+", ".", "{",
                                                                 "#", "\\", "x", "0", " ", "keys."]))
        else:
            text[position] = data.draw(st.characters())
        if not text:
            break
    check("".join(text))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_from_the_file(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_bytes(data)
        result, problems = load_settings(path, display=lambda p: p.name)
        checked_keymap(result)
        assert all(p.line >= 1 and p.column >= 1 for p in problems)


def toml_string(text: str) -> str:
    """A TOML basic string of `text`."""
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or ord(c) == 127 or c in '"\\' else c for c in text)
    return f'"{escaped}"'


written_keys = st.one_of(st.sampled_from(["k", "K", "space, w", "?", "ctrl+x", "f5", "shift+tab", "comma", "plus"]),
                         st.text(max_size=10))


@st.composite
def valid_settings(draw) -> Settings:
    """Any settings a person could write correctly (keys as text: they are checked after reading)."""
    step = st.none() | st.floats(min_value=0.01, max_value=50, allow_nan=False)
    keys = draw(st.lists(st.tuples(st.sampled_from(IDS), written_keys), max_size=6, unique_by=lambda pair: pair[0]))
    return Settings(units=draw(st.sampled_from(UNITS)), load_step=draw(step), dumbbell_step=draw(step),
                    machine_step=draw(step), slower_eccentric=draw(st.booleans()), keys=tuple(keys),
                    volume=draw(st.integers(0, 100)),
                    quiet_cues=frozenset(draw(st.lists(st.sampled_from([c.value for c in Cue]), unique=True))),
                    desktop_notifications=draw(st.booleans()), voice=draw(st.booleans()),
                    voice_speed=draw(st.integers(80, 450)), voice_phases=draw(st.booleans()))


def to_toml(value: Settings) -> str:
    """`value` as a person would write it, every setting given."""
    lines = [f"units = {toml_string(value.units)}"]
    for name in ("load_step", "dumbbell_step", "machine_step"):
        if getattr(value, name) is not None:
            lines.append(f"{name} = {getattr(value, name)!r}")
    for name in ("slower_eccentric", "desktop_notifications", "voice", "voice_phases"):
        lines.append(f"{name} = {str(getattr(value, name)).lower()}")
    lines += [f"volume = {value.volume}", f"voice_speed = {value.voice_speed}",
              f"quiet_cues = [{', '.join(toml_string(c) for c in sorted(value.quiet_cues))}]", "", "[keys]"]
    lines += [f"{toml_string(binding_id)} = {toml_string(keys)}" for binding_id, keys in value.keys]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(valid_settings())
def test_valid_settings_read_back_the_same(value):
    text = to_toml(value)
    result, problems = parse_settings(text)
    assert problems == [] and result == value
    lines = text.split("\n")
    for binding_id, _ in value.keys:  # each entry is placed on its own line
        place = result.key_place(binding_id)
        assert lines[place.line - 1].startswith(toml_string(binding_id), place.name_column - 1)
    check(text)


key_words = st.one_of(st.sampled_from(sorted(NAMES.named) + ["space", "question_mark", "plus", "comma", "slash",
                                                              "solidus", "Enter", "latin_small_letter_a",
                                                              "ß", "İ", "ǅ"]),  # their other case is not one letter
                      st.characters(exclude_characters=","), st.sampled_from(list(string.ascii_letters)))
one_written_key = st.tuples(st.lists(st.sampled_from(["ctrl", "alt", "shift", "super", "Ctrl"]), max_size=3),
                            key_words).map(lambda parts: "+".join([*parts[0], parts[1]]))


@settings(max_examples=400, deadline=None)
@given(st.lists(one_written_key, min_size=1, max_size=4).map(", ".join))
def test_key_names_read_back_as_themselves(written):
    """Whatever is accepted becomes names that are accepted as they are: what the app is given is
    exactly what was checked."""
    try:
        keys = parse_keys(written, NAMES)
    except InvalidValue as error:
        assert error.message and error.hint
        return
    assert parse_keys(",".join(keys), NAMES) == keys
