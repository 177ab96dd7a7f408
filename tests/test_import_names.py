"""Matching other apps' exercise names to library ids: the bundled table, the user's table over it,
equipment suffixes, and the located problems of a table file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pchain_tui.domain.importing.exercise_names import (BUNDLED_NAMES, ExerciseNames, Match, NameTable,
                                                        read_name_table)


@pytest.fixture(scope="module")
def library_names(library) -> dict[str, str]:
    return {ex_id: exercise.name for ex_id, exercise in library.items()}


@pytest.fixture(scope="module")
def bundled(library_names) -> NameTable:
    return read_name_table(BUNDLED_NAMES, "exercise_names.yaml", library_names)


def test_the_bundled_table_reads_without_a_problem_and_names_only_library_ids(bundled, library_names):
    assert bundled.problems == []
    assert set(bundled.names.values()) <= set(library_names)
    assert {"barbell", "dumbbell", "cable", "machine"} <= bundled.equipment


@pytest.mark.parametrize(("name", "expected"), [
    ("Romanian Deadlift (Barbell)", Match("romanian-deadlift", True)),  # the library's id, without the suffix
    ("romanian deadlift (dumbbell)", Match("romanian-deadlift", True)),
    ("Bent Over Row (Barbell)", Match("barbell-row", True)),  # the table
    ("Bent-over barbell row", Match("barbell-row", True)),  # the library's name
    ("Hip Thrust (Smith Machine)", Match("hip-thrust", True)),
    ("Back Extension (Hyperextension)", Match("back-extension", True)),  # a whole name in the table
    ("Superman", Match("superman-hold", True)),
    ("Pull Up (Assisted)", Match("pull-up-assisted", False)),  # not equipment: another exercise
    ("Bench Press (Barbell)", Match("bench-press-barbell", False)),  # kept whole, apart from the dumbbell one
    ("Farmer's Walk", Match("farmers-walk", False)),
    ("Clean & Jerk", Match("clean-and-jerk", False)),
])
def test_names_are_matched_by_table_then_library_else_kept(bundled, library_names, name, expected):
    assert ExerciseNames([bundled], library_names).match(name) == expected


def test_the_users_table_comes_first_and_may_add_equipment(tmp_path: Path, bundled, library_names):
    mine = tmp_path / "import-names.yaml"
    mine.write_text("equipment: [landmine, trap bar, sandbag]\nnames:\n  Bent Over Row: gorilla-row\n"
                    "  Hip Thrust (Machine): glute-bridge\n  Leg Curl (Lying): leg-curl\n", encoding="utf-8")
    table = read_name_table(mine, "import-names.yaml", library_names)
    assert table.problems == []
    names = ExerciseNames([table, bundled], library_names)
    assert names.match("Bent Over Row (Dumbbell)") == Match("gorilla-row", True)
    assert names.match("Hip Thrust (Machine)") == Match("glute-bridge", True)  # the whole name before the bare one
    assert names.match("Hip Thrust (Barbell)") == Match("hip-thrust", True)
    assert names.match("leg curl (lying)") == Match("leg-curl", True)
    assert names.match("Good Morning (Sandbag)") == Match("good-morning", True)


def test_problems_in_a_table_are_located_with_hints(tmp_path: Path, library_names):
    mine = tmp_path / "import-names.yaml"
    mine.write_text("names:\n  RDL: romanian-deadlit\n  Bent Over Row: barbell-row\n  bent-over row: deadlift\n"
                    "  Squat: 12\nequipmnt: [barbell]\n", encoding="utf-8")
    table = read_name_table(mine, "import-names.yaml", library_names)
    assert [str(p) for p in table.problems] == [
        "import-names.yaml:2:8: 'romanian-deadlit' is not an exercise id of the library; "
        "did you mean 'romanian-deadlift'?",
        "import-names.yaml:4:3: 'bent-over row' is the same name as 'Bent Over Row' on line 3; "
        "names are compared without case, spaces or hyphens: keep one",
        "import-names.yaml:5:10: the id for 'Squat' should be text, found a number; "
        "write an exercise id from `pchain exercises`",
        "import-names.yaml:6:1: unknown key 'equipmnt'; did you mean 'equipment'?",
    ]
    assert table.names == {"bent-over-row": "barbell-row"}


@pytest.mark.parametrize(("text", "message"), [
    ("- a\n- b\n", "import-names.yaml:1:1: expected a mapping, found a list"),
    ("names: [a, b]\n", "import-names.yaml:1:8: `names` should be a mapping, found a list"),
    ("equipment: barbell\n", "import-names.yaml:1:12: `equipment` should be a list of words, found text"),
    ("names:\n  a: b\n   c: d\n", "import-names.yaml:3:"),
    ("names:\n  a: [b\n", "import-names.yaml:2:6: YAML syntax error"),
])
def test_a_table_that_is_not_one(tmp_path: Path, library_names, text, message):
    mine = tmp_path / "import-names.yaml"
    mine.write_text(text, encoding="utf-8")
    problems = read_name_table(mine, "import-names.yaml", library_names).problems
    assert problems and str(problems[0]).startswith(message)


def test_a_table_of_comments_only_is_an_empty_one(tmp_path: Path, library_names):
    mine = tmp_path / "import-names.yaml"
    for text in ("", "\n", "# my names, one day\n"):
        mine.write_text(text, encoding="utf-8")
        assert read_name_table(mine, "import-names.yaml", library_names) == NameTable()
