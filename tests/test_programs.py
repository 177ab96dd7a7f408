"""Program files: the bundled programs, and every mistake as a located problem with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from pchain_tui.domain.files.catalog import load_catalog
from pchain_tui.domain.files.programs import find_program, load_programs, parse_program, program_hint
from pchain_tui.domain.program import Deload
from pchain_tui.storage import paths
from pchain_tui.storage.program_files import bundled_programs_dir

ROUTINES = {"beginner-day-1", "beginner-day-2", "intermediate-day-1", "intermediate-day-2", "home"}


def parse(text: str):
    return parse_program(text.encode(), "p.yaml", ROUTINES, "p")


def problems(text: str) -> list[str]:
    result = parse(text)
    assert result.program is None
    return [str(p) for p in result.problems]


def test_the_smallest_program_gets_two_days_a_week_and_no_deload():
    program = parse("name: Mine\ndays: [beginner-day-1, home]\n").program
    assert (program.id, program.name, program.days, program.per_week, program.deload) == (
        "p", "Mine", ("beginner-day-1", "home"), 2, None)


def test_a_full_program():
    program = parse("name: Beginner, twice a week\ndescription: Two days.\ndays:\n  - beginner-day-1\n"
                    "  - beginner-day-2\nper_week: 3\ndeload: {every: 6, sets: 0.5}\n").program
    assert program.per_week == 3 and program.deload == Deload(6, 0.5) and program.description == "Two days."


def test_the_bundled_programs_are_the_seeds_and_name_bundled_routines():
    catalog = load_catalog(paths.bundled_routines_dir(), Path("/nonexistent"))
    entries = load_programs(bundled_programs_dir(), Path("/nonexistent"), {e.id for e in catalog.entries})
    assert [e.problems for e in (x.result for x in entries) if e.problems] == []
    by_id = {e.id: e.result.program for e in entries}
    assert by_id["beginner"].days == ("beginner-day-1", "beginner-day-2") and by_id["beginner"].per_week == 2
    assert by_id["intermediate"].days == ("intermediate-day-1", "intermediate-day-2")
    assert by_id["intermediate"].per_week in (2, 3)


@pytest.mark.parametrize(("text", "expected"), [
    ("name: P\ndays: [beginner-day-1]\nper_wek: 2\n",
     "p.yaml:3:1: unknown key 'per_wek' in the program; did you mean 'per_week'?"),
    ("name: P\ndays: [beginer-day-1]\n",
     "p.yaml:2:8: unknown routine 'beginer-day-1' in `days`; did you mean 'beginner-day-1' or 'beginner-day-2' or "
     "'intermediate-day-1'?"),
    ("name: P\ndays: [squats]\n",
     "p.yaml:2:8: unknown routine 'squats' in `days`; `pchain list` shows the routine ids"),
    ("name: P\ndays: []\n", "p.yaml:2:7: `days` is empty; list the routine ids of the program's days, in order"),
    ("name: P\ndays: home\n",
     "p.yaml:2:7: `days` must be a list of routine ids, not text; write it as `days: [beginner-day-1, "
     "beginner-day-2]`"),
    ("name: P\ndays: [home, Home Day]\n",
     "p.yaml:2:14: 'Home Day' is not a routine id: ids are lowercase letters and digits joined by dashes; "
     "a routine's id is its file name without .yaml"),
    ("name: P\ndays: [home, 3]\n", "p.yaml:2:14: a day must be a routine id, not a number; e.g. beginner-day-1"),
    ("name: P\ndays: [home, home]\n",
     "p.yaml:2:14: 'home' is in `days` twice; name each routine once: the next day is the one after the day "
     "done last"),
    ("name: P\ndays: [home]\nper_week: 8\n",
     "p.yaml:3:11: `per_week` must be between 1 and 7, not 8; how many of the program's days you do in a week, "
     "from 1 to 7"),
    ("name: P\ndays: [home]\nper_week: 0\n", "p.yaml:3:11: `per_week` must be between 1 and 7, not 0; how many "
                                             "of the program's days you do in a week, from 1 to 7"),
    ("name: P\ndays: [home]\nper_week: two\n", "p.yaml:3:11: `per_week` must be a whole number, not 'two'; how "
                                               "many of the program's days you do in a week, from 1 to 7"),
    ("name: P\ndays: [home]\ndeload: {every: 1, sets: 0.5}\n",
     "p.yaml:3:17: `every` must be 2 or more, not 1; every: 6 makes each 6th week a deload week; every week a "
     "deload is no program"),
    ("name: P\ndays: [home]\ndeload: {every: 6, sets: 1}\n",
     "p.yaml:3:26: `sets` must be more than 0 and less than 1, not 1; 0.5 keeps half the sets, 0.6 three in five"),
    ("name: P\ndays: [home]\ndeload: {every: 6, sets: 0}\n",
     "p.yaml:3:26: `sets` must be more than 0 and less than 1, not 0; 0.5 keeps half the sets, 0.6 three in five"),
    ("name: P\ndays: [home]\ndeload: {every: 6, sets: half}\n",
     "p.yaml:3:26: `sets` must be a number between 0 and 1, not 'half'; 0.5 keeps half the sets"),
    ("name: P\ndays: [home]\ndeload: {every: 6}\n",
     "p.yaml:3:9: deload is missing `sets`; add `sets:` (the share of each exercise's sets kept in a deload week, "
     "e.g. 0.5 (at least 1 set each))"),
    ("name: P\ndays: [home]\ndeload: 6\n",
     "p.yaml:3:9: deload must be a mapping of keys to values, not a number; write it as "
     "`deload: {every: 6, sets: 0.5}`"),
    ("days: [home]\n", "p.yaml:1:1: the program is missing `name`; add `name:` (the program's name, e.g. Beginner, "
                       "twice a week)"),
    ("- home\n", "p.yaml:1:1: a program must be a mapping of keys to values, not a list; a program starts with "
                 "`name:` and `days:`"),
    ("", "p.yaml:1:1: the file is empty; a program needs at least `name:` and `days:`"),
    ("name: !!python/object:os.system x\ndays: [home]\n",
     "p.yaml:1:7: the YAML tag '!!python/object:os.system' is not allowed; programs are plain data: remove the tag"),
])
def test_each_mistake_is_located_with_a_hint(text, expected):
    assert expected in problems(text)


def test_a_user_program_replaces_the_bundled_one_with_its_id(tmp_path):
    user = tmp_path / "programs"
    user.mkdir()
    (user / "beginner.yaml").write_text("name: My beginner\ndays: [home]\n")
    (user / "broken.yaml").write_text("name: Broken\n")
    entries = load_programs(bundled_programs_dir(), user, ROUTINES, display=lambda p: p.name)
    by_id = {e.id: e for e in entries}
    assert by_id["beginner"].source == "user" and by_id["beginner"].result.program.name == "My beginner"
    assert not by_id["broken"].ok and "broken.yaml:1:1: the program is missing `days`" in str(
        by_id["broken"].result.problems[0])
    assert by_id["intermediate"].source == "bundled"


def test_a_program_is_found_by_id_or_name_in_any_case():
    entries = load_programs(bundled_programs_dir(), Path("/nonexistent"), ROUTINES)
    assert find_program(entries, "Beginner").id == "beginner"
    assert find_program(entries, " beginner, TWICE a week ").id == "beginner"
    assert find_program(entries, "begginer") is None
    assert program_hint(entries, "begginer") == "did you mean 'beginner'?"
    assert program_hint(entries, "zzz") == "`pchain list` shows the programs"


def test_the_program_schema_takes_the_bundled_programs_and_refuses_what_the_loader_refuses(capsys):
    import json

    import jsonschema
    import yaml

    from pchain_tui import cli

    assert cli.main(["schema", "--program"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in bundled_programs_dir().glob("*.yaml"):
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path
    for wrong in ({"name": "P", "days": []}, {"name": "P", "days": ["home"], "per_week": 8},
                  {"name": "P", "days": ["home"], "deload": {"every": 1, "sets": 0.5}},
                  {"name": "P", "days": ["home"], "deload": {"every": 6, "sets": 1}},
                  {"name": "P", "days": ["home"], "per_wek": 2}, {"days": ["home"]}):
        assert list(validator.iter_errors(wrong)), wrong
