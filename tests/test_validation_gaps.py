"""Mistakes that used to slip through validation or were reported in the wrong place."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from pchain_tui.domain.files.loader import parse_routine
from pchain_tui.domain.files.schema import routine_schema
from pchain_tui.domain.files.yaml_source import MAX_DEPTH, parse_yaml


def problems_of(text: str | bytes):
    root, problems = parse_yaml(text.encode() if isinstance(text, str) else text, "f.yaml")
    assert root is None
    return problems


# --- Nesting ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "column"), [
    ("[" * 10_000, 1, MAX_DEPTH + 1),                          # past libyaml's own limit (1000)
    ("[" * 500 + "]" * 500 + "\n", 1, MAX_DEPTH + 1),          # composed by libyaml, then refused
    ("- " * 10_000 + "x\n", 1, 2 * MAX_DEPTH + 1),
    ("name: x\nnote: " + "{a: " * 60 + "1" + "}" * 60 + "\n", 2, 7 + 4 * (MAX_DEPTH - 1)),  # the root is level 1
])
def test_deep_nesting_is_reported_where_it_gets_too_deep(text, line, column):
    [problem] = problems_of(text)
    assert (problem.line, problem.column) == (line, column)
    assert problem.message == f"the YAML is nested more than {MAX_DEPTH} levels deep"
    assert "never closed" in problem.hint


def test_nesting_up_to_the_limit_is_fine():
    root, problems = parse_yaml(("[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n").encode(), "f.yaml")
    assert root is not None and not problems


def test_an_alias_inside_itself_is_reported_at_the_alias_target():
    [problem] = problems_of("a: &a [*a]\n")
    assert (problem.line, problem.column) == (1, 4)
    assert "once its aliases" in problem.message and "may not refer to the block that holds it" in problem.hint


# --- Where a syntax error is --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "quote"), [
    ('name: Legs\nnote: "keep it slow\nexercises: []\n', '"'),
    ("name: Legs\nnote: 'keep it slow\n", "'"),
    ('name: Legs\nnote: "keep it slow\n---\nname: B\n', '"'),
])
def test_an_unclosed_quote_is_reported_where_it_opens(text, quote):
    [problem] = problems_of(text)
    assert (problem.line, problem.column) == (2, 7)
    assert problem.message == "YAML syntax error: this quote is never closed"
    assert problem.hint == f"close it with another {quote} where the text ends"


def test_a_bracket_the_file_ends_inside_is_reported_where_it_opens():
    [problem] = problems_of("name: Legs\nexercises:\n  - name: Squat\n    cues: [Knees out, Chest up\n")
    assert (problem.line, problem.column) == (4, 11)
    assert "not closed" in problem.hint


def test_a_bad_byte_is_located_in_characters_after_a_byte_order_mark():
    [problem] = problems_of("\ufeffnote: é café ".encode() + b"\xff\n")
    assert (problem.line, problem.column) == (1, 14)


def test_lines_are_counted_as_yaml_counts_them():
    [problem] = problems_of("a: 1\rb: 2\r\nc: \x07\n")  # a lone CR ends a line in YAML
    assert (problem.line, problem.column) == (3, 4)


# --- Durations ----------------------------------------------------------------------------------

DURATION_FIELDS = {  # where each duration field sits in a routine, with {} for the value
    "routine rest": "name: R\nrest: {}\nexercises:\n  - name: Squat\n    reps: 5\n",
    "exercise rest": "name: R\nexercises:\n  - name: Squat\n    reps: 5\n    rest: {}\n",
    "hold": "name: R\nexercises:\n  - name: Plank\n    hold: {}\n",
}


@pytest.mark.parametrize("field", sorted(DURATION_FIELDS))
@pytest.mark.parametrize(("value", "seconds", "hint"), [
    ("1m70s", "70", "did you mean 2m10s?"),
    ("1m60s", "60", "did you mean 2m?"),
    ("0m90", "90", "did you mean 1m30s?"),
    ("1:75", "75", "did you mean 2:15?"),
    ("30-1m70s", "70", "did you mean 2m10s?"),
])
def test_seconds_after_minutes_must_be_under_a_minute(field, value, seconds, hint, library):
    text = DURATION_FIELDS[field].format(value)
    result = parse_routine(text.encode(), "r.yaml", library, "r")
    [problem] = result.problems
    assert f"has {seconds} seconds after the minutes" in problem.message and problem.hint == hint
    assert not jsonschema.Draft202012Validator(routine_schema()).is_valid(yaml.safe_load(text))


@pytest.mark.parametrize("value", ["1m59s", "1:59", "90s", "90", "2m", "1 min 5 s", "30-1m30s"])
def test_durations_people_write_are_still_fine(value, library):
    text = DURATION_FIELDS["routine rest"].format(value)
    assert not parse_routine(text.encode(), "r.yaml", library, "r").problems
    assert jsonschema.Draft202012Validator(routine_schema()).is_valid(yaml.safe_load(text))


# --- Characters ---------------------------------------------------------------------------------

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # three people joined by U+200D
SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"  # spelled in tag characters
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a word with a zero-width non-joiner


@pytest.mark.parametrize("text", [FAMILY, "Heart \u2764\ufe0f", SCOTLAND, PERSIAN])
def test_joined_emoji_and_words_are_text(text, library):
    routine = f'name: "{text}"\nexercises:\n  - name: Squat\n    reps: 5\n    cues: ["{text}"]\n'
    result = parse_routine(routine.encode(), "r.yaml", library, "r")
    assert not result.problems, [str(p) for p in result.problems]
    assert result.routine.name == text and result.routine.blocks[0].exercise.cues == (text,)


@pytest.mark.parametrize(("escape", "words"), [
    ("\\e[2J", "control character (U+001B)"),
    ("\\x07", "control character (U+0007)"),
    ("\\u202e", "invisible format character (U+202E)"),
    ("\\u200b", "invisible format character (U+200B)"),
    ("\\ud83d", "half of a character (U+D83D)"),
])
@pytest.mark.parametrize("where", [
    'name: "Legs {}"\nexercises:\n  - name: Squat\n    reps: 5\n',
    'name: Legs\nexercises:\n  - name: Squat\n    reps: "{}"\n',  # quoted back in "must be a whole number"
    'name: Legs\nexercises:\n  - name: Squat\n    "{}": 5\n',     # quoted back in "unknown key"
])
def test_characters_that_would_not_show_as_written_are_refused_wherever_they_are(escape, words, where, library):
    text = where.format(escape)
    [problem] = parse_routine(text.encode(), "r.yaml", library, "r").problems
    assert words in problem.message and problem.hint
    assert str(problem).isprintable()
