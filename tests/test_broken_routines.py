"""Every kind of broken routine gives one located, helpful problem, and `pchain validate` exits 1."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pchain_tui.domain.files.library import load_library
from pchain_tui.domain.files.loader import load_routine, parse_routine

from .conftest import FIXTURES

BROKEN = FIXTURES / "broken"

# file -> (line, column, words in the message, words in the hint or None)
EXPECTED = {
    "alias-bomb.yaml": (1, 1, "expands to more than", "aliases"),
    "bad-duration.yaml": (2, 7, "'1h' is not a duration", "1m30s"),
    "bad-indent.yaml": (5, 4, "YAML syntax error", "indentation"),
    "bad-start.yaml": (6, 12, "must be one of top, bottom", "did you mean 'bottom'?"),
    "cue-too-long.yaml": (6, 12, "100 characters long", "short"),
    "cue-with-colon.yaml": (8, 9, "cues item 2` must be text, not a mapping", "quotes"),
    "cues-mapping.yaml": (6, 11, "must be a list of text", "cues: [first, second]"),
    "duplicate-key.yaml": (6, 5, "duplicate key 'sets' (first at line 4)", "keep one"),
    "empty-exercises.yaml": (2, 12, "`exercises` is empty", "at least one"),
    "empty.yaml": (1, 1, "the file is empty", "name:"),
    "escape-sequence.yaml": (1, 7, "control character (U+001B)", "plain text"),
    "exercise-as-text.yaml": (3, 5, "must be a mapping", "- use: glute-bridge"),
    "fractional-sets.yaml": (4, 11, "whole number, not '2.5'", None),
    "hold-too-long.yaml": (5, 11, "at most 600 s, not 900", None),
    "missing-exercises.yaml": (1, 1, "missing `exercises`", "add `exercises:`"),
    "missing-name.yaml": (1, 1, "missing `name`", "add `name:`"),
    "name-is-number.yaml": (1, 7, "YAML reads '2024' as a number", 'quotes: "2024"'),
    "negative-rest.yaml": (6, 11, "cannot be negative", None),
    "no-reps-or-hold.yaml": (3, 5, "missing `reps` or `hold`", "reps: ..."),
    "no-use-or-name.yaml": (3, 5, "missing `use` or `name`", "use: ..."),
    "not-utf8.yaml": (1, 10, "not valid UTF-8", "UTF-8"),
    "only-comments.yaml": (1, 1, "only comments", "name:"),
    "per-side-word.yaml": (6, 15, "must be true or false", "left side, then the right"),
    "phase-cue-typo.yaml": (7, 7, "unknown key 'lowering'", "did you mean 'lower'?"),
    "python-tag.yaml": (1, 7, "tag '!!python/object/apply:os.system' is not allowed", "remove the tag"),
    "range-goes-down.yaml": (5, 11, "range '15-12' goes down", "12-15"),
    "reps-and-hold.yaml": (3, 5, "only one of `reps` or `hold`", None),
    "reps-words.yaml": (5, 11, "whole number, not 'ten'", None),
    "rest-as-list.yaml": (2, 7, "not a list", "30-60"),
    "tab-indent.yaml": (4, 1, "YAML syntax error", "spaces, not tabs"),
    "tempo-three-parts.yaml": (2, 8, "has 3 parts", "3-1-1-0"),
    "tempo-words.yaml": (6, 12, "'fast' is not a tempo", "self"),
    "tempo-zero.yaml": (6, 12, "no time", None),
    "too-many-sets.yaml": (4, 11, "between 1 and 20, not 50", None),
    "top-level-list.yaml": (1, 1, "must be a mapping", "name:"),
    "two-documents.yaml": (6, 1, "another document", "one document"),
    "unknown-exercise.yaml": (3, 10, "unknown exercise 'glute-brige'", "did you mean 'glute-bridge'"),
    "unknown-key.yaml": (5, 5, "unknown key 'rep'", "did you mean 'reps'?"),
    "unknown-top-key.yaml": (2, 1, "unknown key 'descripton'", "did you mean 'description'?"),
    "unquoted-yes.yaml": (1, 7, "reads 'Yes' as a yes/no value", 'quotes: "Yes"'),
    "zero-sets.yaml": (4, 11, "between 1 and 20, not 0", None),
}


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_located_helpful_problem(name, library):
    line, column, message, hint = EXPECTED[name]
    result = load_routine(BROKEN / name, library)
    assert result.routine is None
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    problem = result.problems[0]
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert message in problem.message
    if hint is not None:
        assert problem.hint and hint in problem.hint
    assert str(problem).startswith(f"{BROKEN / name}:{line}:{column}: ")


def test_all_problems_in_a_file_are_reported(tmp_path, library):
    path = tmp_path / "many.yaml"
    path.write_text("name: Many\nrest: soon\nexercises:\n  - use: glute-brige\n    sets: 0\n    reps: 10\n"
                    "  - name: Plank\n    sets: 3\n    hold: forever\n")
    problems = load_routine(path, library).problems
    assert [(p.line, p.column) for p in problems] == [(2, 7), (4, 10), (5, 11), (9, 11)]


def test_broken_library_is_located():
    library = load_library(FIXTURES / "broken-library" / "exercises.yaml")
    assert library.exercises == {}
    assert [(p.line, p.column) for p in library.problems] == [(2, 3)]
    assert "lowercase" in library.problems[0].message
    assert library.unusable == {"Glute Bridge": library.problems[0]}


def test_validate_folder_of_broken_routines_exits_1_without_traceback():
    run = subprocess.run([sys.executable, "-m", "pchain_tui", "validate", str(BROKEN)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    *lines, summary = run.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    assert {Path(re.match(r"^(.+\.yaml):\d+:\d+: ", line)[1]).name for line in lines} == set(EXPECTED)
    assert summary.startswith(f"{len(EXPECTED)} problems in ")


def test_library_ids_hint_when_nothing_is_close(library):
    result = parse_routine(b"name: X\nexercises:\n  - use: zzzzzz\n    reps: 5\n", "x.yaml", library, "x")
    assert "pchain exercises" in result.problems[0].hint
