"""Mistakes that used to slip through validation or were reported in the wrong place."""

from __future__ import annotations

import subprocess
import sys

import jsonschema
import pytest
import yaml

from pchain_tui.domain.files.catalog import read_libraries
from pchain_tui.domain.files.library import parse_library
from pchain_tui.domain.files.loader import parse_routine
from pchain_tui.domain.files.schema import library_schema, routine_schema
from pchain_tui.domain.files.yaml_source import MAX_DEPTH, parse_yaml
from pchain_tui.storage import catalog_cache
from pchain_tui.ui.screens.picker import summarize


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


# --- A broken user exercise library -------------------------------------------------------------

BROKEN_ENTRY = "exercises:\n  my-move:\n    name: My move\n    tempo: fast\n  other-move:\n    name: Other move\n"
USES_IT = "name: Mine\nexercises:\n  - use: my-move\n    sets: 2\n    reps: 8\n"
USES_THE_OTHER = "name: Fine\nexercises:\n  - use: other-move\n    reps: 8\n"


def test_an_entry_with_a_problem_is_kept_out_and_the_others_are_not():
    library = parse_library(BROKEN_ENTRY.encode(), "exercises.yaml")
    assert list(library.exercises) == ["other-move"]
    [problem] = library.problems
    assert (problem.line, problem.column) == (4, 12) and "'fast' is not a tempo" in problem.message
    assert library.unusable == {"my-move": problem}


@pytest.mark.parametrize(("text", "line", "column"), [
    ("exercises:\n  my-move:\n    name: A\n    name: B\n  other-move:\n    name: Other move\n", 4, 5),  # duplicate
    ("exercises:\n  my-move: a move\n  other-move:\n    name: Other move\n", 2, 12),  # not a mapping
    ("exercises:\n  my-move:\n    name: A\n    harder: nothing\n  other-move:\n    name: Other move\n", 4, 13),
])
def test_each_kind_of_problem_keeps_its_entry_out(text, line, column):
    library = parse_library(text.encode(), "exercises.yaml")
    assert list(library.exercises) == ["other-move"]
    assert (library.unusable["my-move"].line, library.unusable["my-move"].column) == (line, column)


def test_a_problem_outside_the_entries_keeps_none_out():
    library = parse_library(b"exercises:\n  my-move:\n    name: A\nversion: 2\nversion: 3\n", "exercises.yaml")
    assert list(library.exercises) == ["my-move"] and not library.unusable and len(library.problems) == 2


def test_a_broken_user_entry_does_not_fall_back_to_the_bundled_one(tmp_path):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir(), user.mkdir()
    (bundled / "exercises.yaml").write_text("exercises:\n  my-move:\n    name: Bundled move\n")
    (user / "exercises.yaml").write_text(BROKEN_ENTRY)
    library = read_libraries(bundled, user)
    assert "my-move" not in library.exercises and library.unusable["my-move"].path == str(user / "exercises.yaml")
    (user / "exercises.yaml").write_text("exercises:\n  my-move:\n    name: Mine again\n")
    assert read_libraries(bundled, user).exercises["my-move"].name == "Mine again"


def test_a_routine_using_a_kept_out_entry_is_broken_with_the_reason_and_the_others_run(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "exercises.yaml").write_text(BROKEN_ENTRY)
    (user / "mine.yaml").write_text(USES_IT)
    (user / "fine.yaml").write_text(USES_THE_OTHER)
    cached = catalog_cache.load_catalog_cached(tmp_path / "no-bundled", user, str, summarize)  # what the app reads
    rows = {row.id: row for row in cached.rows}
    assert rows["fine"].ok and not rows["mine"].ok
    details = rows["mine"].details.plain
    assert "line 3:10  exercise 'my-move' cannot be used: its entry in" in details and "line 4:12" in details
    assert cached.library_notes == [f"{user / 'exercises.yaml'}:4:12: {cached.catalog.library_problems[0].message}"
                                    f"; {cached.catalog.library_problems[0].hint}"]


def test_harder_naming_a_kept_out_entry_says_so(tmp_path):
    library = parse_library(BROKEN_ENTRY.encode(), "exercises.yaml")
    routine = "name: R\nexercises:\n  - name: Squat\n    reps: 5\n    harder: my-move\n"
    [problem] = parse_routine(routine.encode(), "r.yaml", library.exercises, "r", unusable=library.unusable).problems
    assert (problem.line, problem.column) == (5, 13)
    assert problem.message == "`harder` names 'my-move', but its entry in exercises.yaml has a problem at line 4:12"


def test_validate_reports_the_library_with_the_routine_that_depends_on_it(tmp_path):
    (tmp_path / "exercises.yaml").write_text(BROKEN_ENTRY)
    (tmp_path / "mine.yaml").write_text(USES_IT)
    run = subprocess.run([sys.executable, "-m", "pchain_tui", "validate", str(tmp_path / "mine.yaml")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{tmp_path / 'exercises.yaml'}:4:12: tempo 'fast' is not a tempo; write lowering-pause-lifting-pause like "
        "3-1-1-0 or 31X0 (X = explosive), or self",
        f"{tmp_path / 'mine.yaml'}:3:10: exercise 'my-move' cannot be used: its entry in {tmp_path / 'exercises.yaml'} "
        "has a problem at line 4:12; fix that entry first: tempo 'fast' is not a tempo",
        "2 problems in 2 of 2 files",
    ]


def test_an_id_too_long_to_name_in_use_is_refused_by_the_loader_and_the_schema():
    long_id = "a" * 61
    text = f"exercises:\n  {long_id}:\n    name: Long\n"
    library = parse_library(text.encode(), "exercises.yaml")
    assert not library.exercises and "61 characters long; the most is 60" in library.unusable[long_id].message
    assert not jsonschema.Draft202012Validator(library_schema()).is_valid(yaml.safe_load(text))
